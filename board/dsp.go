package board

import (
	"secretary/hal"
	"secretary/hal/dsp"
)

// HandsetCID renders caller ID as the Bell 202 MDMF burst sent to the
// handset between the box's own rings (hal/dsp transmitter). It is the
// default Config.CIDSamples.
func HandsetCID(cid *hal.CallerID) []int16 {
	if cid == nil {
		return nil
	}
	pcm, err := dsp.CallerIDSignal(dsp.FromHAL(*cid, dsp.StandardBellcore), dsp.CIDTxOptions{})
	if err != nil {
		return nil
	}
	return pcm
}

// HandsetDTMF returns a DTMF detector for keys pressed on the handset
// (hal/dsp). It is the default Config.NewDTMF.
func HandsetDTMF() func(pcm []int16) []byte {
	d := dsp.NewDTMFDetector()
	var evs []dsp.DTMFEvent
	return func(pcm []int16) []byte {
		evs = d.Process(pcm, evs[:0])
		if len(evs) == 0 {
			return nil
		}
		out := make([]byte, len(evs))
		for i, e := range evs {
			out[i] = e.Digit
		}
		return out
	}
}
