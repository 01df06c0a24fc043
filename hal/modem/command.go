package modem

import (
	"context"
	"strings"
	"time"
)

// syncCmd re-synchronises results with commands after one went unanswered:
// its answer has an information line, which a late bare OK or ERROR of the
// unanswered command has not, and the modem answers in order.
const syncCmd = "ATI0"

// command sends one AT command and waits for its final result. The caller
// holds m.op.
func (m *Modem) command(ctx context.Context, cmd string, timeout time.Duration) (*pending, error) {
	if err := m.resync(ctx); err != nil {
		return nil, err
	}
	return m.exchange(ctx, cmd, []byte(cmd+"\r"), false, timeout)
}

// resync runs syncCmd if a command went unanswered since the last answer,
// so that a late result cannot be taken for the next command's.
func (m *Modem) resync(ctx context.Context) error {
	m.mu.Lock()
	need := m.st.resync
	m.mu.Unlock()
	if !need {
		return nil
	}
	pd, err := m.begin(&pending{cmd: syncCmd, needInfo: true}, []byte(syncCmd+"\r"))
	if err != nil {
		return err
	}
	if _, err := m.await(ctx, pd, 0, true); err != nil {
		return err
	}
	m.mu.Lock()
	m.st.resync = false
	m.mu.Unlock()
	return nil
}

// exchange writes out (if any) and waits for a final result line.
func (m *Modem) exchange(ctx context.Context, cmd string, out []byte, stream bool, timeout time.Duration) (*pending, error) {
	pd, err := m.begin(&pending{cmd: cmd, stream: stream}, out)
	if err != nil {
		return nil, err
	}
	return m.await(ctx, pd, timeout, true)
}

// begin registers pd as the pending result (before anything is written,
// so a fast answer cannot be missed) and writes out.
func (m *Modem) begin(pd *pending, out []byte) (*pending, error) {
	if err := m.usable(); err != nil {
		return nil, err
	}
	m.start()
	cmd := pd.cmd
	pd.done = make(chan struct{})
	m.mu.Lock()
	m.st.pend = pd
	m.mu.Unlock()
	if len(out) > 0 {
		m.log.Debug("modem: >", "cmd", cmd, "bytes", len(out))
		if err := m.write(out); err != nil {
			m.cancelPending(pd)
			return nil, err
		}
	}
	return pd, nil
}

func (m *Modem) cancelPending(pd *pending) {
	m.mu.Lock()
	if m.st.pend == pd {
		m.st.pend = nil
	}
	m.mu.Unlock()
}

// await waits for pd's final result. A timeout counts towards declaring
// the modem dead (and asks for a resync) only when counted is set.
func (m *Modem) await(ctx context.Context, pd *pending, timeout time.Duration, counted bool) (*pending, error) {
	if timeout <= 0 {
		timeout = m.opt.cmdTimeout
	}
	cmd := pd.cmd
	if cmd == "" {
		cmd = "(end of data state)"
	}
	t := m.clock.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-pd.done:
	case <-t.Chan():
		m.cancelPending(pd)
		err := &CommandError{Cmd: cmd, Err: ErrNoResponse}
		if counted {
			m.mu.Lock()
			m.st.timeouts++
			m.st.resync = true
			dead := m.st.timeouts >= m.opt.maxTimeouts
			m.mu.Unlock()
			if dead {
				m.fail(err)
			}
		}
		return nil, err
	case <-ctx.Done():
		m.cancelPending(pd)
		return nil, ctx.Err()
	case <-m.done:
		m.cancelPending(pd)
		return nil, m.downErr()
	case <-m.lost:
		m.cancelPending(pd)
		return nil, m.downErr()
	}
	m.mu.Lock()
	m.st.timeouts = 0
	m.mu.Unlock()
	m.log.Debug("modem: <", "cmd", cmd, "result", pd.final, "info", pd.info)
	switch {
	case pd.final == "OK", pd.final == "VCON", strings.HasPrefix(pd.final, "CONNECT"):
		return pd, nil
	}
	return pd, &CommandError{Cmd: cmd, Result: pd.final, Err: ErrCommand}
}

// Command sends one AT command (without the trailing CR) and returns its
// information lines; for diagnostics and the selftest.
func (m *Modem) Command(ctx context.Context, cmd string) ([]string, error) {
	m.op.Lock()
	defer m.op.Unlock()
	pd, err := m.command(ctx, cmd, 0)
	if pd == nil {
		return nil, err
	}
	return pd.info, err
}

func (m *Modem) sleep(ctx context.Context, d time.Duration) error {
	t := m.clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.Chan():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-m.done:
		return m.downErr()
	case <-m.lost:
		return m.downErr()
	}
}

// ping sends "AT" if no other operation is running; two unanswered pings
// mark the modem lost.
func (m *Modem) ping(ctx context.Context) {
	if !m.op.TryLock() {
		return
	}
	defer m.op.Unlock()
	if _, err := m.command(ctx, "AT", 0); err != nil {
		m.log.Info("modem: health check", "err", err)
	}
}

func (m *Modem) resetTimeouts() {
	m.mu.Lock()
	m.st.timeouts, m.st.resync = 0, false
	m.mu.Unlock()
}
