// Package sim is the simulated board: every capability, virtual.
//
// The hardware lives in its own process, "secretary simhw --socket PATH"
// (Serve), so it can model what the kernel does when the process holding
// the GPIO lines dies: the lines are released, the relay falls back to
// pass-through, the SLIC stops ringing; the modem emulator
// (hal/modem/modemtest, on a pty) sees its pty closed (DTR drop) and goes
// on-hook. A restarted
// firmware reconnects to the same simhw. simhw exits after IdleExit (60 s)
// without a firmware, or on "quit".
//
// The hardware watchdog is modelled too: the firmware's first feed arms it,
// a magic close disarms it, a firmware that goes away without one leaves it
// running. When no feed comes for ServerConfig.WatchdogTimeout (15 s as on
// a Pi; "simhw --watchdog" in tests) simhw reboots the board: the
// firmware's connection is dropped, every output released (relay to
// pass-through, SLIC stopped), the USB modem reset (on-hook, re-plugged
// behind the same link). "sim state" counts the reboots.
//
// The line: the emulator's caller is connected to whoever holds the line.
// The handset is a phone on the line while it is lifted and the relay
// passes it through: lifted on a ringing line it answers the call (the
// rings stop, "sim state" says the caller is connected to the handset);
// a caller the box answered and then handed over (relay to the line,
// modem on-hook) stays connected to it; put down, it ends the call.
//
// The firmware side, Board.Open, connects to the socket (starting simhw
// detached, in its own process group, if none answers and Config.Exe is
// set) and returns hal.Devices whose relay, handset (SLIC), LED and button
// are the real hal/gpio drivers on remote pins, whose handset audio goes
// over the socket, and whose Line is the real modem driver on the
// emulator's pty. Devices.Close closes the parts (relay first) and, with
// the watchdog last, the connection.
//
// Virtual world (world commands, WorldHelp): a virtual caller drives the
// emulator (ring with caller ID, speech-like audio or a WAV, keys, hang-up);
// a virtual handset follows the SLIC pins (ring bursts, cadence, F/R
// frequency), can be lifted, put down and press keys (DTMF audio into the
// handset microphone, decoded by the firmware's detector) and records what
// it heard (off-hook audio, on-hook caller ID audio). World works from any
// process, without Open.
//
// Socket protocol: JSON lines over a unix socket, one object per line,
// {"op": ..., ...}; "id" pairs requests with replies. PCM is 8 kHz mono
// int16 little-endian, base64 in the "pcm" field (encoding/json []byte).
//
//	client -> simhw
//	  {"op":"hello","role":"firmware"|"world"}  first message; one firmware at a time
//	  {"op":"out","pin":P,"level":B}            drive an output pin: relay, rm, fr, led
//	  {"op":"play","id":N,"pcm":...}            handset earpiece audio (<= 0.5 s per message)
//	  {"op":"wdog","text":"feed"|"close"}       watchdog feed / magic close
//	  {"op":"world","id":N,"text":"call 5551234 DOE"}  a world command
//	  {"op":"state","id":N}                     the State
//	  {"op":"heard","id":N,"text":"handset"|"handset-cid"|"caller"}
//	  {"op":"quit","id":N}
//	simhw -> client
//	  {"op":"hello","modem":PATH,"levels":{"shk":B,"button":B}} (or "err")
//	  {"op":"edge","pin":"shk"|"button","level":B}  an input changed
//	  {"op":"mic","pcm":...}                    20 ms of handset microphone (while lifted, relay isolated)
//	  {"op":"done","id":N}                      a play message has been played (real time)
//	  {"op":"result","id":N,"text":...,"err":...,"state":{...},"pcm":...}
//
// Pin levels: relay high = energised (isolated), low/released =
// pass-through; rm high = ringing; shk high = off-hook; led high = lit;
// button low = pressed (pull-up). When the firmware's connection drops,
// simhw drives relay, rm, fr and led low.
//
// Imports: hal, hal/gpio, hal/dsp, hal/audio, hal/modem/modemtest (the modem
// emulator), board/serialmodem (the modem driver on the emulator's pty),
// screening/words (the console's tokenizer, for world commands),
// periph.io/x/conn/v3; never firmware or cmd.
package sim
