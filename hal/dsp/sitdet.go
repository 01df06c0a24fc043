package dsp

// SITEvent is a recognised special information tone.
type SITEvent struct {
	Code SITCode
	At   int64 // sample index where the third tone was confirmed
}

const (
	sitBlock    = 128 // 16 ms; bins 62.5 Hz: 1370.6/1428.5 fall in each other's null
	sitBlockMs  = 16.0
	sitMinLevel = -40.0
	sitFraction = 0.5
	sitLongMs   = 327.0 // between 274 and 380 ms
)

// SITDetector recognises the eight North American SIT codes: three single
// tones in sequence (913.8|985.2, 1370.6|1428.5, 1776.7 Hz) with short
// (274 ms) or long (380 ms) first and second tones, gaps up to a few ms.
// Each 16 ms block is classified by Goertzel energy (one tone with 50 % of
// the block energy, above -40 dBm0, 6 dB over its pair partner); runs give
// the segment frequencies and durations, which select the code.
type SITDetector struct {
	bank   *toneBank
	minE   float32
	sample int64
	// runs: class (0 none, 1..5 = filter+1) and length in blocks
	runClass, runLen int
	segs             [3]sitRun // last three finished tone runs
	nsegs            int
	gap              int // blocks since the last tone run ended
	done             bool
}

type sitRun struct{ class, blocks int }

// NewSITDetector returns a detector at sample 0.
func NewSITDetector() *SITDetector {
	return &SITDetector{
		bank: newToneBank(sitBlock, SITLow1, SITHigh1, SITLow2, SITHigh2, SITThird),
		minE: minToneEnergy(sitMinLevel, sitBlock),
	}
}

// Process consumes pcm and appends recognised codes to dst.
func (s *SITDetector) Process(pcm []int16, dst []SITEvent) []SITEvent {
	for len(pcm) > 0 {
		n, full := s.bank.feed(pcm)
		pcm = pcm[n:]
		s.sample += int64(n)
		if full {
			dst = s.block(s.classify(), dst)
			s.bank.reset()
		}
	}
	return dst
}

func (s *SITDetector) classify() int {
	b := s.bank
	best, be := -1, float32(0)
	for k := range b.coef {
		if t := b.toneEnergy(k); t > be {
			best, be = k, t
		}
	}
	if best < 0 || be < s.minE || be < sitFraction*b.energy {
		return 0
	}
	if best < 4 { // 913.8/985.2 and 1370.6/1428.5 are pairs: one must dominate
		if b.toneEnergy(best^1)*4 > be {
			return 0
		}
	}
	return best + 1
}

func (s *SITDetector) block(class int, dst []SITEvent) []SITEvent {
	if class == s.runClass {
		s.runLen++
	} else {
		if s.runClass != 0 && s.runLen >= 3 {
			s.pushRun(sitRun{s.runClass, s.runLen})
		}
		if s.runClass != 0 {
			s.gap = 0
		}
		s.runClass, s.runLen = class, 1
	}
	if s.runClass == 0 {
		s.gap++
	}
	// a third tone 1776.7 Hz of at least 250 ms after the first two
	if s.runClass == 5 && s.runLen == 16 /* 256 ms */ && s.nsegs >= 2 && !s.done {
		a, b := s.segs[(s.nsegs-2)%3], s.segs[(s.nsegs-1)%3]
		if (a.class == 1 || a.class == 2) && (b.class == 3 || b.class == 4) {
			code := sitFromShape(a.class == 2, s.long(a), b.class == 4, s.long(b))
			if code != SITNone {
				s.done = true
				dst = append(dst, SITEvent{Code: code, At: s.sample})
			}
		}
	}
	if s.gap > 4 { // more than ~64 ms of nothing: forget partial sequences
		s.nsegs = 0
	}
	return dst
}

func (s *SITDetector) pushRun(r sitRun) {
	s.segs[s.nsegs%3] = r
	s.nsegs++
}

// long decides short/long from a run's block count (blocks only partly
// filled at the edges may or may not count: +-1 block).
func (s *SITDetector) long(r sitRun) bool {
	return float64(r.blocks)*sitBlockMs+sitBlockMs/2 > sitLongMs
}
