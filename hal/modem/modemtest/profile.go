package modemtest

// Profile selects the chipset dialect the emulator speaks.
type Profile int

const (
	// ProfileZoom3095 is a Conexant CX93010 (Zoom 3095): ATI0 "56000",
	// +VCID lost on ATZ, end of play/record only with the triple-DLE form,
	// OK (no <DLE><ETX>) after a record abort.
	ProfileZoom3095 Profile = iota
	// ProfileUSR5637 is a USRobotics 5637: ATI0 "5601", "DATE=1203" caller
	// ID without spaces, single-DLE forms, <DLE><ETX> (no OK) after a
	// record abort.
	ProfileUSR5637
	// ProfileRockwell is an older Rockwell RC56 part: ATI0 "56000"-less
	// identity, no +VCID (only #CID), V.253 end forms.
	ProfileRockwell
)

func (p Profile) String() string {
	switch p {
	case ProfileZoom3095:
		return "zoom3095"
	case ProfileUSR5637:
		return "usr5637"
	case ProfileRockwell:
		return "rockwell"
	}
	return "Profile(?)"
}

type codecKind int

const (
	codecUnsigned8 codecKind = iota
	codecULaw
	codecALaw
	codecOther // ADPCM, 16-bit: accepted by +VSM but streamed as unsigned 8-bit
)

type vsmEntry struct {
	cml   int
	name  string
	codec codecKind
}

type profileData struct {
	ati0, ati3, gmm string
	vsmLines        []string // +VSM=? answer lines (from vendor references)
	vsm             []vsmEntry
	vlsLines        []string
	lineLabel       int  // +VLS label that takes the line off-hook
	losesVCID       bool // ATZ clears +VCID
	hasVCID         bool // +VCID supported (else only #CID)
	cidSpaces       bool // "DATE = 0504" rather than "DATE=0504"
	tripleDLE       bool // DLE ETX / DLE ! obeyed only after a doubled DLE
	abortOK         bool // OK after <DLE>! abort
	abortETX        bool // <DLE><ETX> after <DLE>! abort
	vlsVCON         bool // +VLS=T answers VCON instead of OK
}

var conexantVLS = []string{
	`0,"",B0804100,B0804100,B0804100`,
	`1,"T",0B8433C1,0FE431C1,0B8431C1`,
	`2,"L",08800300,0CE00100,08800100`,
	`3,"LT",0B8433C1,0FE431C1,0B8431C1`,
	`4,"S",00800300,04E00100,20800100`,
	`5,"ST",0B8433C1,0FE431C1,0B8431C1`,
	`8,"S1",00800300, 04E00100,20800100`,
	`9,"S1T",0B8433C1,0FE431C1,0B8431C1`,
	`11,"M1",00800300,04E00100,20800100`,
	`14,"H",00800300,04E00100,20800100`,
}

// profileFor returns the dialect tables; each returns fresh slices so no
// package-level mutable state exists.
func profileFor(p Profile) profileData {
	switch p {
	case ProfileUSR5637:
		return profileData{
			ati0: "5601", ati3: "U.S. Robotics 56K FAX USB V1.2.23", gmm: "USR5637",
			vsmLines: []string{
				`1,"UNSIGNED PCM",8,0,(7200,8000),(0),(0)`,
				`128,"8-BIT LINEAR",8,0,(7200,8000),(0),(0)`,
				`129,"ADPCM",4,0,(7200,8000),(0),(0)`,
				`130,"UNSIGNED PCM",8,0,(7200,8000),(0),(0)`,
				`131,"ULAW",8,0,(7200,8000),(0),(0)`,
				`132,"ALAW",8,0,(7200,8000),(0),(0)`,
				`133,"LINEAR",16,0,(7200,8000),(0),(0)`,
			},
			vsm: []vsmEntry{{1, "UNSIGNED PCM", codecUnsigned8}, {128, "8-BIT LINEAR", codecUnsigned8},
				{129, "ADPCM", codecOther}, {130, "UNSIGNED PCM", codecUnsigned8},
				{131, "ULAW", codecULaw}, {132, "ALAW", codecALaw}, {133, "LINEAR", codecOther}},
			vlsLines: append([]string(nil), conexantVLS...), lineLabel: 1,
			hasVCID: true, abortETX: true,
		}
	case ProfileRockwell:
		return profileData{
			ati0: "RC56LD", ati3: "V2.100-K56_DLS", gmm: "Rockwell RC56LD",
			vsmLines: []string{
				`1,"UNSIGNED PCM",8,0,(7200,8000,11025),0,0`,
				`129,"IMA ADPCM",4,0,(7200,8000),0,0`,
				`130,"UNSIGNED PCM",8,0,(7200,8000,11025),0,0`,
				`140,"2 Bit ADPCM",2,0,(7200,8000,11025),0,0`,
			},
			vsm: []vsmEntry{{1, "UNSIGNED PCM", codecUnsigned8}, {129, "IMA ADPCM", codecOther},
				{130, "UNSIGNED PCM", codecUnsigned8}, {140, "2 Bit ADPCM", codecOther}},
			vlsLines: append([]string(nil), conexantVLS...), lineLabel: 1,
			cidSpaces: true, abortOK: true, abortETX: true, vlsVCON: true,
		}
	}
	return profileData{
		ati0: "56000", ati3: "CX93001-EIS_V0.2002-V92", gmm: "Zoom 3095 (CX93010)",
		vsmLines: []string{
			`1,"UNSIGNED PCM",8,0,8000,0,0`,
			`129,"IMA ADPCM",4,0,8000,0,0`,
			`130,"UNSIGNED PCM",8,0,8000,0,00`,
			`140,"2 Bit ADPCM",2,0,8000,0,0`,
			`141,"4 Bit ADPCM",4,0,8000,0,0`,
		},
		vsm: []vsmEntry{{1, "UNSIGNED PCM", codecUnsigned8}, {129, "IMA ADPCM", codecOther},
			{130, "UNSIGNED PCM", codecUnsigned8}, {140, "2 Bit ADPCM", codecOther}, {141, "4 Bit ADPCM", codecOther}},
		vlsLines: append([]string(nil), conexantVLS...), lineLabel: 1,
		losesVCID: true, hasVCID: true, cidSpaces: true, tripleDLE: true, abortOK: true,
	}
}
