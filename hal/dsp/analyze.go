package dsp

// AnalyzeOptions choose what Analyze looks for.
type AnalyzeOptions struct {
	CID CIDMode // caller-ID signals to accept (default CIDAuto)
}

// Report is everything Analyze found in a recording.
type Report struct {
	Samples   int64
	DTMF      []DTMFEvent
	CallerIDs []CIDEvent // messages and failed bursts, in order
	CPT       []CPTEvent
	SIT       []SITEvent
}

// Analyze runs every receiver over a recording, streaming it through in
// 20 ms blocks exactly as live audio would arrive. `secretary decode`
// prints its result and the vector tests compare Summary with the truth.
func Analyze(pcm []int16, o AnalyzeOptions) Report {
	a := NewAnalyzer(o)
	const blk = 160
	for i := 0; i < len(pcm); i += blk {
		a.Process(pcm[i:min(i+blk, len(pcm))])
	}
	return a.Report()
}

// Analyzer is the streaming form of Analyze.
type Analyzer struct {
	dtmf *DTMFDetector
	cid  *CIDReceiver
	cpt  *CPTDetector
	sit  *SITDetector
	rep  Report
}

// NewAnalyzer returns an analyzer at sample 0.
func NewAnalyzer(o AnalyzeOptions) *Analyzer {
	return &Analyzer{
		dtmf: NewDTMFDetector(),
		cid:  NewCIDReceiver(CIDRxOptions{Mode: o.CID}),
		cpt:  NewCPTDetector(),
		sit:  NewSITDetector(),
	}
}

// Process feeds a block of audio.
func (a *Analyzer) Process(pcm []int16) {
	a.rep.DTMF = a.dtmf.Process(pcm, a.rep.DTMF)
	a.rep.CallerIDs = a.cid.Process(pcm, a.rep.CallerIDs)
	a.rep.CPT = a.cpt.Process(pcm, a.rep.CPT)
	a.rep.SIT = a.sit.Process(pcm, a.rep.SIT)
	a.rep.Samples += int64(len(pcm))
}

// Report returns what has been found so far.
func (a *Analyzer) Report() Report { return a.rep }

// Digits returns the DTMF keys in order.
func (r Report) Digits() string {
	b := make([]byte, len(r.DTMF))
	for i, e := range r.DTMF {
		b[i] = e.Digit
	}
	return string(b)
}

// CallerID returns the first valid caller-ID message, if any
// (message-waiting indications are not caller IDs).
func (r Report) CallerID() (CallerID, bool) {
	for _, e := range r.CallerIDs {
		if e.Err == nil && e.VMWI == VMWINone {
			return e.CallerID, true
		}
	}
	return CallerID{}, false
}

// VMWI returns the last message-waiting indication (the lamp's state
// after the recording), or VMWINone.
func (r Report) VMWI() VMWI {
	v := VMWINone
	for _, e := range r.CallerIDs {
		if e.Err == nil && e.VMWI != VMWINone {
			v = e.VMWI
		}
	}
	return v
}

// FirstCPT returns the first call-progress tone among dial, busy, reorder,
// ringback and CNG (answer tone is not one of them), or CPTNone.
func (r Report) FirstCPT() CPTTone {
	for _, e := range r.CPT {
		if e.Tone != CPTAnswer {
			return e.Tone
		}
	}
	return CPTNone
}

// CIDSummary is the JSON shape of a caller ID in `decode --json`; members
// are present only when the message carried them.
type CIDSummary struct {
	Date         string `json:"date,omitempty"`
	Number       string `json:"number,omitempty"`
	Name         string `json:"name,omitempty"`
	NumberAbsent string `json:"number_absent,omitempty"`
	NameAbsent   string `json:"name_absent,omitempty"`
	Standard     string `json:"standard"`
}

// Summary is the JSON object `secretary decode --json` prints: dtmf (keys,
// "" for none), cid (absent when none), cpt (first tone or "none"), sit
// (absent when none), mwi ("on" or "off": the last message-waiting
// indication; absent when none).
type Summary struct {
	DTMF string      `json:"dtmf"`
	CID  *CIDSummary `json:"cid,omitempty"`
	CPT  string      `json:"cpt"`
	SIT  string      `json:"sit,omitempty"`
	MWI  string      `json:"mwi,omitempty"`
}

// Summary condenses the report.
func (r Report) Summary() Summary {
	s := Summary{DTMF: r.Digits(), CPT: r.FirstCPT().String()}
	if c, ok := r.CallerID(); ok {
		s.CID = &CIDSummary{
			Date: c.Date, Number: c.Number, Name: c.Name,
			NumberAbsent: c.NumberAbsent, NameAbsent: c.NameAbsent,
			Standard: c.Standard.String(),
		}
	}
	if len(r.SIT) > 0 {
		s.SIT = r.SIT[0].Code.String()
	}
	if v := r.VMWI(); v != VMWINone {
		s.MWI = v.String()
	}
	return s
}
