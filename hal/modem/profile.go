package modem

import (
	"strconv"
	"strings"
)

// Chipset is the modem family identified by Init.
type Chipset int

const (
	ChipsetUnknown  Chipset = iota // V.253 defaults
	ChipsetConexant                // CX93001/CX93010 (Zoom 3095, generic sticks)
	ChipsetUSR                     // USRobotics 5637 and relatives
	ChipsetRockwell                // Rockwell / Agere / Lucent
)

func (c Chipset) String() string {
	switch c {
	case ChipsetUnknown:
		return "unknown"
	case ChipsetConexant:
		return "conexant"
	case ChipsetUSR:
		return "usr"
	case ChipsetRockwell:
		return "rockwell"
	}
	return "Chipset(?)"
}

// Profile is what the driver knows about the modem's dialect.
type Profile struct {
	Chipset Chipset
	Model   string // ATI0 / AT+GMM / ATI3 answers joined
	// EndPlay ends +VTX. Default <DLE><DLE><DLE><ETX>: the Zoom 3095 obeys
	// only that form, and a compliant modem reads it as one 0x10 sample and
	// a real <DLE><ETX>.
	EndPlay []byte
	// AbortRecord ends +VRX: <DLE>! (Conexant parts: <DLE><DLE><DLE>!).
	AbortRecord []byte
	// IgnoreDialToneInVoice: USR parts emit spurious <DLE>d while playing
	// or recording (mgetty ignores them).
	IgnoreDialToneInVoice bool
	// SilenceSDS is the first AT+VSD argument (silence detection
	// sensitivity): 128 nominal (V.253, USR), 0 = the codec's own
	// algorithm (what Conexant parts accept) [PROTOCOLS.md 2.4].
	SilenceSDS int
}

func profileFor(c Chipset, model string) Profile {
	p := Profile{Chipset: c, Model: model,
		EndPlay:     []byte{dle, dle, dle, etx},
		AbortRecord: []byte{dle, '!'},
		SilenceSDS:  128}
	switch c {
	case ChipsetConexant:
		p.AbortRecord = []byte{dle, dle, dle, '!'}
		p.SilenceSDS = 0
	case ChipsetUSR:
		p.EndPlay = []byte{dle, etx}
		p.IgnoreDialToneInVoice = true
	}
	return p
}

// identify guesses the chipset from identification answers.
func identify(ati0, gmm, ati3 string) Chipset {
	all := strings.ToUpper(ati0 + " " + gmm + " " + ati3)
	switch {
	case strings.Contains(all, "USR") || strings.Contains(all, "ROBOTICS") || strings.TrimSpace(ati0) == "5601":
		return ChipsetUSR
	case strings.Contains(all, "ROCKWELL") || strings.Contains(all, "RC56") || strings.Contains(all, "AGERE") || strings.Contains(all, "LUCENT"):
		return ChipsetRockwell
	case strings.Contains(all, "CX93") || strings.Contains(all, "CONEXANT") || strings.Contains(all, "ZOOM") || strings.TrimSpace(ati0) == "56000":
		return ChipsetConexant
	}
	return ChipsetUnknown
}

// Codec is an audio encoding the modem streams.
type Codec int

const (
	CodecUnsigned8 Codec = iota + 1 // 8-bit unsigned linear (offset binary)
	CodecSigned8                    // 8-bit two's complement linear
	CodecULaw                       // G.711 u-law
	CodecALaw                       // G.711 A-law
)

func (c Codec) String() string {
	switch c {
	case CodecUnsigned8:
		return "unsigned-pcm8"
	case CodecSigned8:
		return "signed-pcm8"
	case CodecULaw:
		return "ulaw"
	case CodecALaw:
		return "alaw"
	}
	return "Codec(?)"
}

// VSMEntry is one line of an AT+VSM=? answer.
type VSMEntry struct {
	CML   int
	Name  string
	Bits  int
	Rates []int
}

// ParseVSM parses AT+VSM=? answer lines leniently (vendors differ in
// quoting and parentheses); lines that do not parse are skipped.
func ParseVSM(lines []string) []VSMEntry {
	var out []VSMEntry
	for _, l := range lines {
		l = strings.TrimSpace(l)
		q1 := strings.IndexByte(l, '"')
		if q1 < 0 {
			continue
		}
		q2 := strings.IndexByte(l[q1+1:], '"')
		if q2 < 0 {
			continue
		}
		cml, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l[:q1]), ",")))
		if err != nil {
			continue
		}
		e := VSMEntry{CML: cml, Name: l[q1+1 : q1+1+q2]}
		rest := strings.Split(strings.TrimPrefix(l[q1+q2+2:], ","), ",")
		if len(rest) > 0 {
			e.Bits, _ = strconv.Atoi(strings.TrimSpace(rest[0]))
		}
		// Rates: the fourth field onwards up to the closing parenthesis,
		// or a single number.
		if len(rest) > 2 {
			tail := strings.Join(rest[2:], ",")
			if strings.HasPrefix(strings.TrimSpace(tail), "(") {
				tail = strings.TrimSpace(tail)[1:]
				if j := strings.IndexByte(tail, ')'); j >= 0 {
					tail = tail[:j]
				}
				for _, r := range strings.Split(tail, ",") {
					if n, err := strconv.Atoi(strings.TrimSpace(r)); err == nil {
						e.Rates = append(e.Rates, n)
					}
				}
			} else if n, err := strconv.Atoi(strings.TrimSpace(rest[2])); err == nil {
				e.Rates = append(e.Rates, n)
			}
		}
		out = append(out, e)
	}
	return out
}

// findCodec returns the lowest +VSM number offering codec c at 8 kHz.
func findCodec(es []VSMEntry, c Codec) (int, bool) {
	for _, e := range es {
		if _, k, ok := ChooseCodec([]VSMEntry{e}); ok && k == c {
			return e.CML, true
		}
	}
	return 0, false
}

// ChooseCodec picks the best 8 kHz 8-bit codec by name: u-law, A-law,
// then unsigned PCM (the lowest number), then "8-BIT LINEAR".
func ChooseCodec(es []VSMEntry) (cml int, c Codec, ok bool) {
	rank := func(e VSMEntry) (int, Codec) {
		if len(e.Rates) > 0 {
			has := false
			for _, r := range e.Rates {
				has = has || r == 8000
			}
			if !has {
				return 0, 0
			}
		}
		n := strings.ToUpper(e.Name)
		switch {
		case strings.Contains(n, "ADPCM"):
			return 0, 0
		case strings.Contains(n, "ULAW") || strings.Contains(n, "U-LAW") || strings.Contains(n, "MULAW"):
			return 5, CodecULaw
		case strings.Contains(n, "ALAW") || strings.Contains(n, "A-LAW"):
			return 4, CodecALaw
		case strings.Contains(n, "UNSIGNED") && (e.Bits == 8 || e.Bits == 0):
			return 3, CodecUnsigned8
		case strings.Contains(n, "8-BIT LINEAR") || (strings.Contains(n, "LINEAR") && e.Bits == 8):
			return 2, CodecUnsigned8
		case strings.Contains(n, "SIGNED") && e.Bits == 8:
			return 1, CodecSigned8
		}
		return 0, 0
	}
	best := 0
	for _, e := range es {
		r, k := rank(e)
		if r > best || (r == best && r > 0 && e.CML < cml) {
			best, cml, c = r, e.CML, k
		}
	}
	return cml, c, best > 0
}

// ParseVLS returns the AT+VLS label whose primitive list is exactly "T"
// (the telephone line, off-hook), from AT+VLS=? answer lines.
func ParseVLS(lines []string) (label int, ok bool) {
	for _, l := range lines {
		f := strings.SplitN(strings.TrimSpace(l), ",", 3)
		if len(f) < 2 {
			continue
		}
		if strings.Trim(strings.TrimSpace(f[1]), `"`) != "T" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(f[0]))
		if err != nil {
			continue
		}
		return n, true
	}
	return 0, false
}
