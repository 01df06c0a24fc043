package modem

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"secretary/hal"
)

// Init resets and identifies the modem and leaves it idle in data class
// with caller ID on: a probe "AT" (if it stays silent, abort any voice
// data state, then "+++" with guard times), ATH0, ATZ, ATE0, ATV1Q0, ATI0,
// AT+GMM, ATI3, AT+GCI?, AT+VCID=1 (fallback AT#CID=1), then the voice
// capabilities (AT+FCLASS=8, AT+VSM=?, AT+VLS=?) and AT+FCLASS=0. It
// reports hal.LineUp when done. Init may be called again to recover.
func (m *Modem) Init(ctx context.Context) error {
	m.op.Lock()
	defer m.op.Unlock()
	if err := m.usable(); err != nil {
		return err
	}
	m.start()
	if err := m.recover(ctx); err != nil {
		return err
	}
	soft := func(cmd string) *pending {
		pd, err := m.command(ctx, cmd, 0)
		if err != nil {
			m.log.Info("modem: optional command failed", "cmd", cmd, "err", err)
			return nil
		}
		return pd
	}
	soft("ATH0")
	if _, err := m.command(ctx, "ATZ", m.opt.resetTimeout); err != nil {
		return fmt.Errorf("modem: reset: %w", err)
	}
	for _, c := range []string{"ATE0", "ATV1Q0"} {
		if _, err := m.command(ctx, c, 0); err != nil {
			return fmt.Errorf("modem: init: %w", err)
		}
	}
	first := func(pd *pending) string {
		if pd == nil || len(pd.info) == 0 {
			return ""
		}
		return pd.info[0]
	}
	ati0 := first(soft("ATI0"))
	gmm := first(soft("AT+GMM"))
	ati3 := first(soft("ATI3"))
	var info Info
	model := strings.Join(nonEmpty(ati0, gmm, ati3), " / ")
	info.Profile = profileFor(identify(ati0, gmm, ati3), model)
	if pd := soft("AT+GCI?"); pd != nil {
		for _, l := range pd.info {
			if strings.HasPrefix(strings.ToUpper(l), "+GCI:") {
				info.Country = strings.TrimSpace(l[5:])
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	info.CIDOn = m.enableCID(ctx)
	if err := m.probeVoice(ctx, &info); err != nil {
		return err
	}
	if _, err := m.command(ctx, "AT+FCLASS=0", 0); err != nil {
		m.log.Info("modem: AT+FCLASS=0 failed", "err", err)
	}
	m.mu.Lock()
	m.st.info = info
	m.mu.Unlock()
	m.setHook(false, false)
	m.log.Info("modem: ready", "model", model, "chipset", info.Profile.Chipset, "codec", info.Codec,
		"line", info.LineLabel, "cid", info.CIDOn, "country", info.Country)
	m.emit(hal.LineEvent{Kind: hal.LineUp})
	return nil
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// recover gets the modem to answer "AT": if it does not, it may be stuck
// in a voice data state (abort both ways) or online data mode ("+++").
func (m *Modem) recover(ctx context.Context) error {
	probe := m.opt.cmdTimeout / 2
	if _, err := m.command(ctx, "AT", probe); err == nil {
		return nil
	} else if !errors.Is(err, ErrNoResponse) && !errors.Is(err, ErrCommand) {
		return err
	}
	m.resetTimeouts()
	m.log.Info("modem: no answer to AT, recovering")
	// End play and record states; harmless in command state.
	if err := m.write([]byte{dle, can, dle, dle, dle, etx, dle, dle, dle, '!', '\r'}); err != nil {
		return err
	}
	if err := m.sleep(ctx, m.opt.guard); err != nil {
		return err
	}
	if err := m.write([]byte("+++")); err != nil {
		return err
	}
	if err := m.sleep(ctx, m.opt.guard); err != nil {
		return err
	}
	m.mu.Lock()
	m.st.rx.on = false
	m.mu.Unlock()
	if _, err := m.command(ctx, "AT", m.opt.cmdTimeout); err != nil {
		m.resetTimeouts()
		if _, err2 := m.command(ctx, "AT", m.opt.cmdTimeout); err2 != nil {
			return fmt.Errorf("modem: recover: %w", err2)
		}
	}
	return nil
}

// enableCID turns caller ID on and returns the command that worked.
func (m *Modem) enableCID(ctx context.Context) string {
	for _, c := range []string{fmt.Sprintf("AT+VCID=%d", m.opt.cidMode), fmt.Sprintf("AT#CID=%d", m.opt.cidMode)} {
		if _, err := m.command(ctx, c, 0); err == nil {
			return c
		}
	}
	m.log.Warn("modem: caller ID could not be enabled (neither +VCID nor #CID)")
	return ""
}

// probeVoice learns the codec and line label in voice class.
func (m *Modem) probeVoice(ctx context.Context, info *Info) error {
	if _, err := m.command(ctx, "AT+FCLASS=8", 0); err != nil {
		if errors.Is(err, ErrCommand) {
			m.log.Warn("modem: no voice class", "err", err)
			return nil
		}
		return fmt.Errorf("modem: init: %w", err)
	}
	info.Voice = true
	info.LineLabel = 1
	info.CodecCML, info.Codec = defaultCML(info.Profile.Chipset), CodecUnsigned8
	if pd, err := m.command(ctx, "AT+VSM=?", 0); err == nil {
		es := ParseVSM(pd.info)
		if cml, c, ok := ChooseCodec(es); ok {
			info.CodecCML, info.Codec = cml, c
		}
		if m.opt.codec != 0 {
			if cml, ok := findCodec(es, m.opt.codec); ok {
				info.CodecCML, info.Codec = cml, m.opt.codec
			} else {
				m.log.Warn("modem: requested codec not offered, using the best offered", "codec", m.opt.codec, "using", info.Codec)
			}
		}
	}
	if pd, err := m.command(ctx, "AT+VLS=?", 0); err == nil {
		if l, ok := ParseVLS(pd.info); ok {
			info.LineLabel = l
		}
	}
	return nil
}

func defaultCML(c Chipset) int {
	if c == ChipsetUSR {
		return 128
	}
	return 1
}
