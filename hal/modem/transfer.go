package modem

import (
	"context"
	"errors"
	"fmt"
	"time"

	"secretary/hal"
)

// Call transfer with the phone company's service: a hook flash puts the
// caller on hold and gives a dial tone, the box dials the number, and
// hangs up once it answers (the caller is then connected to it) or flashes
// again to return to the caller when it is busy or does not answer.
//
// The modem does both with its dial command in voice class: the dial
// modifier "!" is a hook flash (on-hook for the time in register S29,
// about 0.5 s; ";" keeps the modem in command mode on the line), and a
// dial in voice class follows the call progress by its tones (V.253):
// VCON (or OK) once the ringback stopped for the +VRA time (answered),
// BUSY, NO ANSWER, NO DIALTONE. Some modems report busy and SIT as <DLE>b
// and <DLE>J instead, which end the dial too.
//
// Between a flash and the flash back (or the hang-up) the box consults:
// the tones on the line (the recall dial tone, the number's busy tone or
// ringback) are about the number dialled, not the caller, so they neither
// end the voice session as a hang-up nor reach Events.

// flashTimeout bounds a flash: the on-hook time and the modem's answer.
const flashTimeout = 5 * time.Second

// Flash implements hal.Line with ATD!; in voice class.
func (m *Modem) Flash(ctx context.Context) error {
	m.op.Lock()
	defer m.op.Unlock()
	if err := m.usable(); err != nil {
		return err
	}
	m.mu.Lock()
	voice, was := m.st.voice, m.st.consult
	m.st.consult = !was // the recall dial tone that follows is not a hang-up
	m.mu.Unlock()
	if !voice {
		m.setConsult(was)
		return fmt.Errorf("modem: flash: %w", ErrNotOffHook)
	}
	if _, err := m.command(ctx, "ATD!;", flashTimeout); err != nil {
		m.setConsult(was)
		return fmt.Errorf("modem: flash: %w", err)
	}
	return nil
}

func (m *Modem) setConsult(on bool) {
	m.mu.Lock()
	m.st.consult = on
	m.mu.Unlock()
}

// dialTime is how long dialling itself may take before the ringing.
const dialTime = 5 * time.Second

// Dial implements hal.Line with ATDT<number> in voice class.
func (m *Modem) Dial(ctx context.Context, number string, ring time.Duration) error {
	m.op.Lock()
	defer m.op.Unlock()
	if err := m.usable(); err != nil {
		return err
	}
	if !dialable(number) {
		return fmt.Errorf("modem: dial %q: want digits, * and #", number)
	}
	m.mu.Lock()
	voice := m.st.voice
	busy := make(chan struct{})
	m.st.dialBusy = busy
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		m.st.dialBusy = nil
		m.mu.Unlock()
	}()
	if !voice {
		return fmt.Errorf("modem: dial: %w", ErrNotOffHook)
	}
	if err := m.resync(ctx); err != nil {
		return err
	}
	cmd := "ATDT" + number
	pd, err := m.begin(&pending{cmd: cmd}, []byte(cmd+"\r"))
	if err != nil {
		return err
	}
	t := m.clock.NewTimer(dialTime + ring)
	defer t.Stop()
	select {
	case <-pd.done:
		return dialResult(cmd, pd.final)
	case <-busy:
		return m.abortDial(pd, hal.ErrBusy)
	case <-t.Chan():
		return m.abortDial(pd, hal.ErrNoAnswer)
	case <-ctx.Done():
		return m.abortDial(pd, ctx.Err())
	case <-m.done:
		m.cancelPending(pd)
		return m.downErr()
	case <-m.lost:
		m.cancelPending(pd)
		return m.downErr()
	}
}

// dialResult maps a dial's final result to Dial's answer.
func dialResult(cmd, final string) error {
	switch final {
	case "VCON", "OK", "CONNECT":
		return nil
	case "BUSY":
		return hal.ErrBusy
	case "NO ANSWER", "NO CARRIER":
		return hal.ErrNoAnswer
	}
	return &CommandError{Cmd: cmd, Result: final, Err: ErrCommand}
}

// abortDial stops a dial still running: any character does, and the
// modem then prints a result, awaited briefly so it is not taken for the
// next command's. It returns why.
func (m *Modem) abortDial(pd *pending, why error) error {
	if err := m.write([]byte("\r")); err != nil {
		m.cancelPending(pd)
		return err
	}
	if _, err := m.await(context.Background(), pd, 2*time.Second, false); err != nil && !errors.Is(err, ErrCommand) {
		m.log.Info("modem: no result after aborting the dial", "err", err)
	}
	return why
}

func dialable(number string) bool {
	if number == "" || len(number) > 40 {
		return false
	}
	for i := 0; i < len(number); i++ {
		if c := number[i]; !(c >= '0' && c <= '9' || c == '*' || c == '#') {
			return false
		}
	}
	return true
}

// consultSignal takes a line signal heard while the box consults (see
// above): busy and SIT end a dial running; nothing reaches Events. It
// reports whether the signal was taken. Called with m.mu held.
func (m *Modem) consultSignal(k hal.LineEventKind) bool {
	if !m.st.consult {
		return false
	}
	switch k {
	case hal.LineBusy, hal.LineSIT:
		if b := m.st.dialBusy; b != nil {
			close(b)
			m.st.dialBusy = nil
		}
	case hal.LineDialTone, hal.LineRingback, hal.LineLoopDrop, hal.LineSilence, hal.LineQuiet:
	default:
		return false // keys, fax tones: not the number dialled's
	}
	return true
}
