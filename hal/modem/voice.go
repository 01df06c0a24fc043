package modem

import (
	"context"
	"errors"
	"fmt"
	"time"

	"secretary/hal"
)

// Answer takes the line off-hook in voice mode: AT+FCLASS=8, AT+VSM with
// the chosen codec, AT+VIT=0 and AT+VSD (optional), AT+VLS=<"T" label>
// (OK or VCON). If any step fails, Answer returns the error (the line is
// not answered) and puts the modem back to idle: on-hook, data class,
// caller ID armed.
func (m *Modem) Answer(ctx context.Context) error {
	m.op.Lock()
	defer m.op.Unlock()
	if err := m.usable(); err != nil {
		return err
	}
	info := m.Info()
	if !info.Voice {
		return fmt.Errorf("modem: answer: %w", hal.ErrNotSupported)
	}
	if err := m.answer(ctx, info); err != nil {
		if m.usable() == nil {
			if err2 := m.onHook(context.WithoutCancel(ctx)); err2 != nil {
				m.log.Warn("modem: not back to idle after a failed answer", "err", err2)
			}
		}
		return fmt.Errorf("modem: answer: %w", err)
	}
	m.setHook(true, true)
	return nil
}

func (m *Modem) answer(ctx context.Context, info Info) error {
	if _, err := m.command(ctx, "AT+FCLASS=8", 0); err != nil {
		return err
	}
	vsm := fmt.Sprintf("AT+VSM=%d,8000", info.CodecCML)
	if _, err := m.command(ctx, vsm, 0); err != nil {
		if ctx.Err() != nil || errors.Is(err, ErrNoResponse) {
			return err
		}
		if _, err2 := m.command(ctx, vsm+",0,0", 0); err2 != nil {
			m.log.Warn("modem: codec not accepted, using the modem default", "err", err2)
		}
	}
	// Best effort, as mgetty does: no host inactivity timer (a long hold
	// must not drop voice mode), and the modem's silence report (<DLE>s,
	// <DLE>q) after 5 s; the firmware's own detector ends recordings anyway.
	for _, c := range []string{"AT+VIT=0", fmt.Sprintf("AT+VSD=%d,50", info.Profile.SilenceSDS)} {
		if _, err := m.command(ctx, c, 0); err != nil {
			if ctx.Err() != nil || errors.Is(err, ErrNoResponse) {
				return err
			}
			m.log.Info("modem: optional voice setting refused", "cmd", c, "err", err)
		}
	}
	m.mu.Lock()
	m.st.hang = make(chan struct{})
	m.mu.Unlock()
	_, err := m.command(ctx, fmt.Sprintf("AT+VLS=%d", info.LineLabel), 0)
	return err
}

// voiceSession returns the hang-up channel of the current voice session.
func (m *Modem) voiceSession() (chan struct{}, error) {
	if err := m.usable(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.st.voice {
		return nil, ErrNotOffHook
	}
	if m.st.hang == nil {
		return nil, hal.ErrHungUp
	}
	return m.st.hang, nil
}

// Play sends pcm to the far end (AT+VTX), DLE-doubled, paced at real time
// a little ahead (WithPlayLead) so the modem buffer neither starves nor
// overflows, and ends with the profile's end sequence once written. A
// far-end hang-up ends it with hal.ErrHungUp; ctx cancellation flushes the
// modem buffer with <DLE><CAN> and returns ctx.Err().
func (m *Modem) Play(ctx context.Context, pcm []int16) error {
	m.op.Lock()
	defer m.op.Unlock()
	hang, err := m.voiceSession()
	if err != nil {
		return err
	}
	info := m.Info()
	m.mu.Lock()
	m.st.playing = true
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		m.st.playing = false
		m.mu.Unlock()
	}()
	// AT+VTX is seen through even when ctx ends meanwhile: a modem that
	// answers CONNECT after the driver stopped waiting would take every
	// later command for audio; the stop below ends the data state instead.
	if _, err := m.command(context.WithoutCancel(ctx), "AT+VTX", 0); err != nil {
		return fmt.Errorf("modem: play: %w", err)
	}
	data := encode(info.Codec, pcm, make([]byte, 0, len(pcm)))
	const frame = 160 // 20 ms
	start := m.clock.Now()
	lead := int(m.opt.playLead.Seconds() * 8000)
	sent := 0
	buf := make([]byte, 0, 2*frame)
	tick := m.clock.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	stop := func(cause error) error {
		abort := append([]byte{dle, can}, info.Profile.EndPlay...)
		if _, err := m.exchange(context.WithoutCancel(ctx), "", abort, false, m.opt.cmdTimeout); err != nil {
			m.log.Info("modem: no OK after aborting play", "err", err)
		}
		return cause
	}
	if ctx.Err() != nil {
		return stop(ctx.Err())
	}
	for sent < len(data) {
		due := int(m.clock.Since(start).Seconds()*8000) + lead
		for sent < len(data) && sent < due {
			n := min(frame, len(data)-sent, due-sent)
			buf = ShieldDLE(buf[:0], data[sent:sent+n])
			if err := m.write(buf); err != nil {
				return err
			}
			sent += n
		}
		if sent >= len(data) {
			break
		}
		select {
		case <-tick.Chan():
		case <-hang:
			return stop(hal.ErrHungUp)
		case <-ctx.Done():
			return stop(ctx.Err())
		case <-m.done:
			return m.downErr()
		case <-m.lost:
			return m.downErr()
		}
	}
	// OK arrives when the buffered audio has been played.
	remain := time.Duration(sent)*time.Second/8000 - m.clock.Since(start)
	pd, err := m.begin(&pending{}, info.Profile.EndPlay)
	if err != nil {
		return err
	}
	_, err = m.await(ctx, pd, max(remain, 0)+m.opt.cmdTimeout, true)
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return stop(err)
		}
		return fmt.Errorf("modem: play end: %w", err)
	}
	select {
	case <-hang:
		return hal.ErrHungUp
	default:
	}
	return nil
}

// Record receives audio (AT+VRX) and hands it to sink in blocks as it
// arrives, until sink returns false, ctx ends, or the far end hangs up
// (hal.ErrHungUp; also when the modem ends the stream on its own). Line
// events keep flowing on Events meanwhile. It stops with the profile's
// abort sequence and waits for <DLE><ETX> and/or OK.
func (m *Modem) Record(ctx context.Context, sink func(pcm []int16) bool) error {
	m.op.Lock()
	defer m.op.Unlock()
	hang, err := m.voiceSession()
	if err != nil {
		return err
	}
	info := m.Info()
	audio := make(chan []byte, 256)
	end := make(chan struct{})
	m.mu.Lock()
	m.st.rx.audio, m.st.rx.end, m.st.rx.abort = audio, end, false
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		m.st.rx.audio, m.st.rx.abort = nil, false
		if m.st.rx.end == end {
			m.st.rx.end = nil
		}
		m.mu.Unlock()
	}()
	// as with AT+VTX: seen through, then the loop below stops at once if ctx ended
	if _, err := m.exchange(context.WithoutCancel(ctx), "AT+VRX", []byte("AT+VRX\r"), true, 0); err != nil {
		return fmt.Errorf("modem: record: %w", err)
	}
	var pcm []int16
	for {
		select {
		case b := <-audio:
			pcm = decode(info.Codec, b, pcm[:0])
			if !sink(pcm) {
				return m.stopRecord(ctx, end, info, nil)
			}
		case <-end:
			// The modem left the data state by itself: loop loss, silence
			// or far-end gone.
			return hal.ErrHungUp
		case <-hang:
			return m.stopRecord(ctx, end, info, hal.ErrHungUp)
		case <-ctx.Done():
			return m.stopRecord(ctx, end, info, ctx.Err())
		case <-m.done:
			return m.downErr()
		case <-m.lost:
			return m.downErr()
		}
	}
}

// stopRecord aborts +VRX: the profile's abort, ~1 s for <DLE><ETX> or OK,
// then the other forms, then gives up on the data state. An OK that some
// modems send after <DLE><ETX> is awaited briefly and swallowed, so it is
// not taken as the answer to the next command.
func (m *Modem) stopRecord(ctx context.Context, end chan struct{}, info Info, cause error) error {
	m.mu.Lock()
	m.st.rx.abort = true
	m.mu.Unlock()
	// Registered before the abort is written: the first final result in
	// line mode after the stream ends belongs to it.
	after, err := m.begin(&pending{}, nil)
	if err != nil {
		return err
	}
	defer m.cancelPending(after)
	forms := [][]byte{info.Profile.AbortRecord, {dle, dle, dle, '!'}, {dle, '!'}}
	for _, f := range forms {
		if err := m.write(f); err != nil {
			return err
		}
		t := m.clock.NewTimer(time.Second)
		select {
		case <-end:
			t.Stop()
			m.mu.Lock()
			byOK := m.st.rx.endedByOK
			m.mu.Unlock()
			if !byOK && info.Profile.Chipset != ChipsetUSR {
				_, _ = m.await(context.WithoutCancel(ctx), after, 300*time.Millisecond, false)
			}
			return cause
		case <-t.Chan():
		case <-m.done:
			t.Stop()
			return m.downErr()
		case <-m.lost:
			t.Stop()
			return m.downErr()
		}
	}
	m.mu.Lock()
	m.st.rx.on = false
	m.mu.Unlock()
	if cause == nil {
		cause = fmt.Errorf("modem: record did not stop: %w", ErrNoResponse)
	}
	return cause
}

// Tone plays a tone generated by the modem: AT+VTS=[f1,f2,d] with d in
// 10 ms units; a single tone is sent as [f,f,d] (USR5637 rejects f2=0).
func (m *Modem) Tone(ctx context.Context, f1, f2 float64, d time.Duration) error {
	m.op.Lock()
	defer m.op.Unlock()
	hang, err := m.voiceSession()
	if err != nil {
		return err
	}
	if f2 == 0 {
		f2 = f1
	}
	cs := int((d + 5*time.Millisecond) / (10 * time.Millisecond))
	cmd := fmt.Sprintf("AT+VTS=[%d,%d,%d]", int(f1+0.5), int(f2+0.5), cs)
	if _, err := m.command(ctx, cmd, d+m.opt.cmdTimeout); err != nil {
		return fmt.Errorf("modem: tone: %w", err)
	}
	select {
	case <-hang:
		return hal.ErrHungUp
	default:
	}
	return nil
}

// PickUpAndDrop goes off-hook (ATH1), holds, and hangs up (ATH0), without
// voice mode. The line is put back on-hook even if ctx ends during the hold.
func (m *Modem) PickUpAndDrop(ctx context.Context, hold time.Duration) error {
	m.op.Lock()
	defer m.op.Unlock()
	if err := m.usable(); err != nil {
		return err
	}
	if _, err := m.command(ctx, "ATH1", 0); err != nil {
		return fmt.Errorf("modem: pick up: %w", err)
	}
	m.setHook(true, false)
	holdErr := m.sleep(ctx, hold)
	if errors.Is(holdErr, hal.ErrClosed) || errors.Is(holdErr, hal.ErrLineDown) {
		return holdErr
	}
	err := m.onHook(context.WithoutCancel(ctx))
	if holdErr != nil {
		return holdErr
	}
	return err
}

// HangUp goes on-hook and back to idle: ATH0, AT+FCLASS=0, caller ID re-armed.
func (m *Modem) HangUp(ctx context.Context) error {
	m.op.Lock()
	defer m.op.Unlock()
	if err := m.usable(); err != nil {
		return err
	}
	return m.onHook(context.WithoutCancel(ctx))
}

func (m *Modem) onHook(ctx context.Context) error {
	_, err := m.command(ctx, "ATH0", 0)
	if err != nil {
		// Retry once: the line must not stay seized. A second timeout
		// marks the modem lost (the supervisor then reopens it).
		if _, err = m.command(ctx, "ATH0", 0); err != nil {
			return fmt.Errorf("modem: hang up: %w", err)
		}
	}
	m.setHook(false, false)
	if _, err := m.command(ctx, "AT+FCLASS=0", 0); err != nil {
		m.log.Info("modem: AT+FCLASS=0 after hang-up", "err", err)
	}
	if c := m.Info().CIDOn; c != "" {
		if _, err := m.command(ctx, c, 0); err != nil {
			m.log.Warn("modem: caller ID not re-armed", "err", err)
		}
	}
	return nil
}
