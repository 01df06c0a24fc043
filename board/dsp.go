package board

import (
	"time"
	"unicode/utf8"

	"secretary/hal"
	"secretary/hal/dsp"
)

// HandsetCID renders caller ID as the Bell 202 MDMF burst sent to the
// handset between the box's own rings (hal/dsp transmitter). It is the
// default Config.CIDSamples, and the only one the firmware uses.
func HandsetCID(cid *hal.CallerID) []int16 {
	if cid == nil {
		return nil
	}
	pcm, err := dsp.CallerIDSignal(HandsetCallerID(*cid, time.Now()), dsp.CIDTxOptions{})
	if err != nil {
		return nil
	}
	return pcm
}

// HandsetCallerID is the message the handset is sent for a call whose
// caller ID was cid: number and name as received (or the reason they are
// absent: P private, O unavailable), and the date and time the line sent
// with the call. Only when the line sent none is the box's clock (now)
// used: the exchange's clock is the one the phone would have shown without
// the box, while a box without a network may not know the time at all.
// A name longer than the 15 characters of the MDMF name field (GR-30;
// longer ones come from ETSI lines) is cut to them (hal.FitDisplayName):
// phones show 15 and some refuse a longer field. A number longer than
// maxCIDNumber bytes is cut at a character boundary. So the message always
// fits the 255 bytes of an MDMF message (the driver lets through at most
// 50 characters, up to 200 bytes, of each), and no caller can keep the
// handset's display empty with an over-long name or number.
func HandsetCallerID(cid hal.CallerID, now time.Time) dsp.CallerID {
	d := dsp.FromHAL(cid, dsp.StandardBellcore)
	d.Type = dsp.TypeMDMF
	if !digits(d.Date, 8) {
		d.Date = now.Format("01021504")
	}
	d.Number = cutUTF8(d.Number, maxCIDNumber)
	d.Name = hal.FitDisplayName(d.Name)
	return d
}

// maxCIDNumber is the longest number sent to the handset, in bytes: with
// the date, a name of hal.DisplayName characters (at most 4 bytes each)
// and the parameters' headers the message stays well within 255 bytes.
const maxCIDNumber = 32

// cutUTF8 is s cut to at most n bytes at a character boundary.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
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
