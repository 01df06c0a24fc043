// Package modemtest holds the fakes of the modem behind hal/modem, beside
// the driver they fake: the emulator, used by the driver's tests and by the
// simulated board (board/sim, in the simhw process), and Playback, a
// scripted peer for byte-level driver tests that fails a test whose script
// is not used up.
//
// Emulator is a simulated voice modem serving a pseudo-terminal, so the
// real hal/modem driver (opening the pty slave through hal/serialport,
// exactly like /dev/ttyACM0) runs in tests and on the simulated board.
//
// The emulator holds the pty master. It speaks a documented AT subset in
// the dialect of a selectable chipset profile (Zoom 3095 / Conexant with the
// triple-DLE quirk, USR5637, Rockwell), scripts the far end of the phone
// line (ring cadence, caller ID in any format and position, caller audio,
// caller DTMF, caller hang-up) and modem faults (no answer, ERROR, garbage,
// unplug/replug with a stable symlink), and records what the box did:
// off-hook/on-hook with timestamps, commands, tones and the audio the
// caller heard (played audio and +VTS tones). When the DTE closes the slave
// (or dies), reads of the master return EIO; the emulator treats that as a
// DTR drop (on-hook, idle) and keeps serving the same slave path for the
// next opener.
//
// The line: a call is answered when the box's modem goes off-hook or when
// a phone on the line does (SetExtensionOffHook: the simulated board's
// handset with the relay passing it through); the rings stop and the
// caller is connected until nobody holds the line (Call.State says which).
// A DTR drop or an unplug puts the modem on-hook, ending a call only it
// held. Calls can follow each other within a ring gap (GiveUpAfter), and a
// second caller can call during an answered call (Call.CallWaiting: the
// <DLE>w alert and the waiting caller's ID).
//
// AT subset (case-insensitive, several commands per line, e.g. "ATE0V1"):
//
//	Z E0/E1 V0/V1 Q0 L M S0=n &W &V I0 I3 H/H0 H1 A
//	+GMM +GCI? +GCI=xx +VCID=0|1|2 +VCID? #CID=0|1|2 (Rockwell only)
//	+FCLASS=0|1|8 +FCLASS? +VSM=? +VSM=cml,rate[,0,0] +VLS=? +VLS=n
//	+VTX +VRX +VTS=[f1,f2,d] +VTS=digits +VSD +VIT +VGT +VGR +VTD +VNH
//	+VDR=1,0 (DRON/DROF before RING) +VRID +IFC
//	D (dial; in a call the box answered: "!" is a hook flash and digits
//	after a flash call the third party of the call's script, see transfer.go)
//
// Voice data states: in +VTX the host's DLE-doubled audio is decoded,
// paced at 8000 samples/s against a 0.5 s buffer (underruns and overruns
// are recorded), <DLE><ETX> ends it (Zoom profile: only after a doubled
// DLE, i.e. <DLE><DLE><DLE><ETX>), <DLE><CAN> flushes. In +VRX caller audio
// is streamed in real time, DLE-shielded, with events as <DLE>x codes;
// <DLE>! ends it (Zoom: only the triple form; answers "OK" without
// <DLE><ETX>; USR: <DLE><ETX> without OK; Rockwell: both).
//
// Imports: the standard library, github.com/creack/pty, golang.org/x/term,
// github.com/zaf/g711, github.com/jonboulle/clockwork. Never hal/modem (the
// emulator and the driver are independent implementations of the protocol).
package modemtest
