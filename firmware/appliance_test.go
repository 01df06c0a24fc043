package firmware

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"secretary/firmware/call"
	"secretary/firmware/prompts"
	"secretary/hal"
	"secretary/hal/haltest"
	"secretary/screening"
)

type fakeDecider map[string]screening.Decision

func (f fakeDecider) Decide(c screening.Call, _ time.Time) screening.Decision {
	if d, ok := f[c.Number]; ok {
		return d
	}
	n := ""
	if c.Number != "" {
		n = "+1" + c.Number
	}
	return screening.Decision{Action: screening.ActionScreen, Number: n, Reason: "unknown caller"}
}

type fakeStore struct {
	mu     sync.Mutex
	log    []screening.LogRecord
	lists  []string
	full   bool  // every write fails as on a full disk
	failed int   // writes refused
	addErr error // AddNumber fails with it

	passes map[string]time.Time // RememberChallenge

	// stuck, if set, makes AppendLog wait for it to close (at most 10 s),
	// as a disk that stopped answering; entered is then signalled as each
	// AppendLog starts.
	stuck   chan struct{}
	entered chan struct{}
}

func (s *fakeStore) AppendLog(rec screening.LogRecord) error {
	if s.stuck != nil {
		s.entered <- struct{}{}
		select {
		case <-s.stuck:
		case <-time.After(10 * time.Second):
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.full {
		s.failed++
		return fmt.Errorf("store: write: %w", syscall.ENOSPC)
	}
	s.log = append(s.log, rec)
	return nil
}

func (s *fakeStore) RememberChallenge(e164 string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.passes == nil {
		s.passes = map[string]time.Time{}
	}
	s.passes[e164] = at
	return nil
}

func (s *fakeStore) AddNumber(a screening.Action, raw, name, note string, _ time.Time) (screening.Rule, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.addErr != nil {
		return screening.Rule{}, s.addErr
	}
	s.lists = append(s.lists, a.String()+" "+raw)
	return screening.Rule{}, nil
}

func (s *fakeStore) records() []screening.LogRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]screening.LogRecord(nil), s.log...)
}

type fakeMailbox struct {
	mu      sync.Mutex
	msgs    []screening.Message
	full    bool
	saveErr error // Save fails with it (and the mailbox is full after)
}

func (m *fakeMailbox) Full() bool { m.mu.Lock(); defer m.mu.Unlock(); return m.full }
func (m *fakeMailbox) Save(msg screening.Message, pcm []int16) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.saveErr != nil {
		m.full = true
		return "", m.saveErr
	}
	msg.ID = "m" + string(rune('1'+len(m.msgs)))
	m.msgs = append(m.msgs, msg)
	return msg.ID, nil
}
func (m *fakeMailbox) Unheard() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, x := range m.msgs {
		if !x.Heard {
			n++
		}
	}
	return n
}
func (m *fakeMailbox) List() ([]screening.Message, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := slices.Clone(m.msgs)
	slices.Reverse(out)
	return out, nil
}
func (m *fakeMailbox) Delete(id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.msgs, func(x screening.Message) bool { return x.ID == id })
	if i < 0 {
		return errors.New("no such message")
	}
	m.msgs = slices.Delete(m.msgs, i, i+1)
	return nil
}
func (m *fakeMailbox) MarkHeard(id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.msgs, func(x screening.Message) bool { return x.ID == id })
	if i < 0 {
		return errors.New("no such message")
	}
	m.msgs[i].Heard = true
	return nil
}
func (m *fakeMailbox) Play(ctx context.Context, h hal.Handset, id string) error {
	m.mu.Lock()
	i := slices.IndexFunc(m.msgs, func(x screening.Message) bool { return x.ID == id })
	m.mu.Unlock()
	if i < 0 {
		return errors.New("no such message")
	}
	if err := h.Play(ctx, make([]int16, 8000)); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.msgs[i].Heard = true
	return nil
}

// rig is an appliance on fakes, running.
type rig struct {
	t     *testing.T
	dev   *haltest.Devices
	store *fakeStore
	mb    *fakeMailbox
	app   *Appliance
	stop  func() error
	trace *haltest.Recorder
}

func speech(d time.Duration) []int16 {
	pcm := make([]int16, int(d.Seconds()*8000))
	for i := range pcm {
		if i%8 < 4 {
			pcm[i] = 4000
		} else {
			pcm[i] = -4000
		}
	}
	return pcm
}

func newRig(t *testing.T, d fakeDecider, tweak func(*Config)) *rig {
	t.Helper()
	return newRigStore(t, d, &fakeStore{}, tweak)
}

// newRigStore is newRig with the store st.
func newRigStore(t *testing.T, d fakeDecider, st *fakeStore, tweak func(*Config)) *rig {
	t.Helper()
	return newRigWith(t, d, st, prompts.New(""), tweak)
}

// newRigDecider is newRig with any decider and the store st.
func newRigDecider(t *testing.T, d Decider, st *fakeStore, tweak func(*Config)) *rig {
	t.Helper()
	return newRigWith(t, d, st, prompts.New(""), tweak)
}

// newRigWith is newRigDecider with the prompts p.
func newRigWith(t *testing.T, d Decider, st *fakeStore, p Prompts, tweak func(*Config)) *rig {
	t.Helper()
	dev := haltest.NewDevices(nil)
	r := &rig{t: t, dev: dev, store: st, mb: &fakeMailbox{}, trace: &haltest.Recorder{}}
	cc := call.DefaultConfig()
	cc.RingGap = 300 * time.Millisecond
	cc.AnnounceTimeout = 2 * time.Second
	cc.OwnerKeyTimeout = 2 * time.Second
	cc.ChallengeTimeout = time.Second
	cc.PassRing = false // the line rings the handset of an allowed call (TestAppliance_PassRing: the box's own ring)
	cc.KeyWait, cc.UrgentWait = 300*time.Millisecond, 300*time.Millisecond
	cfg := Config{Call: cc, Quiet: 200 * time.Millisecond, Silence: 400 * time.Millisecond,
		Trace: func(l string) { r.trace.Add("fw", "%s", l) }}
	if tweak != nil {
		tweak(&cfg)
	}
	r.app = New(dev.HAL(), d, r.store, r.mb, p, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- r.app.Run(ctx) }()
	r.stop = func() error { cancel(); return <-errc }
	t.Cleanup(func() {
		if err := r.stop(); err != nil {
			t.Errorf("Run: %v", err)
		}
		if s := dev.Relay.State(); s != hal.RelayPassThrough {
			t.Errorf("after Run the relay is %s, want pass-through", s)
		}
	})
	r.wait("relay: isolated")
	return r
}

func (r *rig) wait(sub string) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := r.dev.Rec.Wait(ctx, 0, sub); err != nil {
		r.t.Fatalf("%v\ndevices:\n%s\nmachine:\n%s", err, r.dev.Rec, r.trace)
	}
}

func (r *rig) waitLog(n int) []screening.LogRecord {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if recs := r.store.records(); len(recs) >= n {
			return recs
		}
		time.Sleep(5 * time.Millisecond)
	}
	r.t.Fatalf("no %d log records\ndevices:\n%s\nmachine:\n%s", n, r.dev.Rec, r.trace)
	return nil
}

func (r *rig) incoming(num, name string) {
	r.dev.Line.Ring(1)
	r.dev.Line.CallerID(hal.CallerID{Number: num, Name: name, Presentation: hal.PresentationAvailable})
}

func TestAppliance_Pass(t *testing.T) {
	r := newRig(t, fakeDecider{"2015550123": {Action: screening.ActionPass, Number: "+12015550123", Rule: "+12015550123"}}, nil)
	r.incoming("2015550123", "ALICE")
	r.wait("relay: pass-through")
	recs := r.waitLog(1)
	if recs[0].Outcome != screening.OutcomePassed || recs[0].Decision != screening.ActionPass {
		t.Errorf("log = %+v", recs[0])
	}
	r.wait("relay: isolated")
	if strings.Contains(r.dev.Rec.String(), "line: answer") || strings.Contains(r.dev.Rec.String(), "pick-up") {
		t.Errorf("the line went off-hook for an allowed caller:\n%s", r.dev.Rec)
	}
}

func TestAppliance_BlockHangup(t *testing.T) {
	r := newRig(t, fakeDecider{"9005550000": {Action: screening.ActionBlock, Treatment: screening.TreatmentHangup, Number: "+19005550000"}}, nil)
	r.incoming("9005550000", "SPAM")
	r.wait("line: pick-up-and-drop 500ms")
	recs := r.waitLog(1)
	if recs[0].Outcome != screening.OutcomeBlocked {
		t.Errorf("log = %+v", recs[0])
	}
}

func TestAppliance_ScreenAccept(t *testing.T) {
	r := newRig(t, fakeDecider{}, nil)
	r.dev.Line.Say(speech(time.Second))
	r.incoming("2015550123", "BOB\x1b[2J")
	r.wait("line: answer")
	r.wait(`handset: ring dr2 cid "2015550123" "? BOB[2J"`)
	r.dev.Handset.Lift()
	r.wait("handset: play")
	r.dev.Handset.Press("1")
	recs := r.waitLog(1)
	if recs[0].Outcome != screening.OutcomeAccepted || recs[0].Name != "BOB[2J" {
		t.Errorf("log = %+v", recs[0])
	}
	if st := r.dev.Relay.State(); st != hal.RelayPassThrough {
		t.Errorf("relay %s after accept, want pass-through", st)
	}
	if r.dev.Line.OffHook() {
		t.Error("modem still off-hook after accept")
	}
	// the announcement held the recorded name: more than the prompts alone
	played := r.dev.Handset.Played()
	if len(played) != 1 || len(played[0]) < 8000 {
		t.Errorf("announcement: %d clips", len(played))
	}
	r.dev.Handset.Hang()
	r.dev.Line.Emit(hal.LineEvent{Kind: hal.LineExtensionOnHook})
	r.wait("relay: isolated")
}

func TestAppliance_ScreenVoicemailOnNoAnswer(t *testing.T) {
	r := newRig(t, fakeDecider{}, nil)
	r.dev.Line.Say(speech(500 * time.Millisecond))
	r.incoming("2015550123", "BOB")
	r.wait("handset: ring dr2")
	// nobody lifts: after AnnounceTimeout, voicemail
	r.wait("line: tone 1000 0 500ms")
	r.dev.Line.Say(speech(time.Second))
	recs := r.waitLog(1)
	if recs[0].Outcome != screening.OutcomeVoicemail || recs[0].Message == "" {
		t.Errorf("log = %+v\n%s", recs[0], r.trace)
	}
	r.wait("led: blink 1")
}

func TestAppliance_CallerHangsUpOnHold(t *testing.T) {
	r := newRig(t, fakeDecider{}, nil)
	r.dev.Line.Say(speech(500 * time.Millisecond))
	r.incoming("2015550123", "BOB")
	r.wait("handset: ring dr2")
	r.dev.Line.CallerHangUp(hal.LineBusy)
	recs := r.waitLog(1)
	if recs[0].Outcome != screening.OutcomeAbandoned {
		t.Errorf("log = %+v", recs[0])
	}
	r.wait("handset: ring stopped")
}

func TestAppliance_LineDownPassesThrough(t *testing.T) {
	r := newRig(t, fakeDecider{}, nil)
	r.incoming("2015550123", "BOB")
	r.wait("line: answer")
	r.dev.Line.Emit(hal.LineEvent{Kind: hal.LineDown, Err: errors.New("unplugged")})
	r.wait("relay: pass-through")
	recs := r.waitLog(1)
	if recs[0].Outcome != screening.OutcomeFailed {
		t.Errorf("log = %+v", recs[0])
	}
	r.wait("led: fault")
	r.dev.Line.Emit(hal.LineEvent{Kind: hal.LineUp})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	i, _ := r.dev.Rec.Wait(ctx, 0, "relay: pass-through")
	if _, err := r.dev.Rec.Wait(ctx, i, "relay: isolated"); err != nil {
		t.Fatal(err)
	}
}

func TestAppliance_OutgoingCall(t *testing.T) {
	r := newRig(t, fakeDecider{}, nil)
	r.dev.Handset.Lift()
	r.wait("relay: pass-through")
	r.dev.Line.Emit(hal.LineEvent{Kind: hal.LineExtensionOffHook})
	r.dev.Line.Emit(hal.LineEvent{Kind: hal.LineExtensionOnHook})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	i, _ := r.dev.Rec.Wait(ctx, 0, "relay: pass-through")
	if _, err := r.dev.Rec.Wait(ctx, i, "relay: isolated"); err != nil {
		t.Fatal(err)
	}
	if n := len(r.store.records()); n != 0 {
		t.Errorf("%d log records for an outgoing call", n)
	}
}

func TestAppliance_WatchdogFedWhileHealthy(t *testing.T) {
	r := newRig(t, fakeDecider{}, func(c *Config) { c.WatchdogEvery = 10 * time.Millisecond })
	time.Sleep(100 * time.Millisecond)
	if n := r.dev.Watchdog.Feeds(); n < 3 {
		t.Errorf("watchdog fed %d times in 100 ms at 10 ms", n)
	}
}

func TestAppliance_PlayMessageToHandset(t *testing.T) {
	r := newRig(t, fakeDecider{}, nil)
	id, _ := r.mb.Save(screening.Message{Number: "+12015550123"}, nil)
	r.dev.Indicator.Set(hal.LEDPattern{}) // forget the start-up setting
	if err := r.app.PlayMessage(id); err != nil {
		t.Fatal(err)
	}
	r.wait(`handset: ring dr3 cid "" "VOICEMAIL"`)
	r.dev.Handset.Lift()
	r.wait("handset: play 8000 samples")
	r.wait("led: on")
	if r.mb.Unheard() != 0 {
		t.Error("message not marked heard")
	}
	r.dev.Handset.Hang()
	if strings.Contains(r.dev.Rec.String(), "relay: pass-through") {
		t.Errorf("playback gave the handset the line:\n%s", r.dev.Rec)
	}
	if n := len(r.store.records()); n != 0 {
		t.Errorf("%d call-log records for a playback", n)
	}
}

// A board without a sound card for the handset cannot play messages on
// it: PlayMessage says so rather than ringing for nothing.
func TestAppliance_PlayMessageNoHandsetAudio(t *testing.T) {
	dev := haltest.NewDevices(nil)
	hw := dev.HAL()
	hw.Caps &^= hal.CapHandsetAudio
	app := New(hw, fakeDecider{}, &fakeStore{}, &fakeMailbox{}, prompts.New(""), Config{})
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- app.Run(ctx) }()
	defer func() { cancel(); <-errc }()
	ctxw, cw := context.WithTimeout(context.Background(), 10*time.Second)
	defer cw()
	if _, err := dev.Rec.Wait(ctxw, 0, "relay: isolated"); err != nil {
		t.Fatal(err)
	}
	if err := app.PlayMessage("m1"); !errors.Is(err, ErrNoHandsetAudio) {
		t.Errorf("PlayMessage = %v, want ErrNoHandsetAudio", err)
	}
}

type panicDecider struct{}

func (panicDecider) Decide(screening.Call, time.Time) screening.Decision { panic("bug in a rule") }

// A panic in the call loop releases the relay and ends Run with ErrPanic.
func TestAppliance_PanicReleasesRelay(t *testing.T) {
	dev := haltest.NewDevices(nil)
	app := New(dev.HAL(), panicDecider{}, &fakeStore{}, &fakeMailbox{}, prompts.New(""), Config{})
	errc := make(chan error, 1)
	go func() { errc <- app.Run(context.Background()) }()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := dev.Rec.Wait(ctx, 0, "relay: isolated"); err != nil {
		t.Fatal(err)
	}
	dev.Line.Ring(1)
	dev.Line.CallerID(hal.CallerID{Number: "2015550123", Presentation: hal.PresentationAvailable})
	select {
	case err := <-errc:
		if !errors.Is(err, ErrPanic) {
			t.Errorf("Run = %v, want ErrPanic", err)
		}
	case <-ctx.Done():
		t.Fatal("Run did not return after the panic")
	}
	if s := dev.Relay.State(); s != hal.RelayPassThrough {
		t.Errorf("relay %s after a panic, want pass-through", s)
	}
}

type stuckDecider struct{ release chan struct{} }

func (d stuckDecider) Decide(screening.Call, time.Time) screening.Decision {
	<-d.release
	return screening.Decision{Action: screening.ActionPass}
}

// The watchdog is fed only while the call loop turns: a stuck loop stops
// feeding it (and the hardware watchdog would reboot the box).
func TestAppliance_WatchdogStarvedWhenStuck(t *testing.T) {
	d := stuckDecider{release: make(chan struct{})}
	dev := haltest.NewDevices(nil)
	app := New(dev.HAL(), d, &fakeStore{}, &fakeMailbox{}, prompts.New(""), Config{WatchdogEvery: 5 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- app.Run(ctx) }()
	defer func() {
		cancel()
		<-errc
	}()
	time.Sleep(50 * time.Millisecond)
	dev.Line.Ring(1)
	dev.Line.CallerID(hal.CallerID{Number: "2015550123", Presentation: hal.PresentationAvailable})
	time.Sleep(50 * time.Millisecond) // the loop is now stuck in Decide
	n := dev.Watchdog.Feeds()
	time.Sleep(100 * time.Millisecond)
	if m := dev.Watchdog.Feeds(); m != n {
		t.Errorf("watchdog fed %d times while the loop was stuck", m-n)
	}
	close(d.release)
	time.Sleep(50 * time.Millisecond)
	if dev.Watchdog.Feeds() == n {
		t.Error("watchdog not fed again after the loop recovered")
	}
}

// Settings changed while idle apply from the next call, through
// CallConfig with the board's capabilities.
func TestAppliance_SettingsPerCall(t *testing.T) {
	var mu sync.Mutex
	set := screening.DefaultSettings()
	set.Firmware.RingGap = 300 * time.Millisecond
	set.Firmware.ChallengeTimeout = time.Second
	r := newRig(t, fakeDecider{}, func(c *Config) {
		c.Settings = func() (screening.Settings, error) {
			mu.Lock()
			defer mu.Unlock()
			return set, nil
		}
	})
	mu.Lock()
	set.Firmware.Challenge = true
	mu.Unlock()
	r.incoming("2015550123", "BOB")
	r.wait("line: answer")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := r.trace.Wait(ctx, 0, "action play-line challenge digit-"); err != nil {
		t.Fatalf("challenge not asked after enabling it: %v\n%s", err, r.trace)
	}
}

func TestCallConfig_SettingsAndCaps(t *testing.T) {
	all := hal.CapLine | hal.CapRelay | hal.CapHandset | hal.CapHandsetAudio | hal.CapExtensionDetect
	if got, want := CallConfig(screening.DefaultSettings(), all), call.DefaultConfig(); got != want {
		t.Errorf("the settings table's defaults and the machine's disagree:\n table %+v\nmachine %+v", got, want)
	}
	s := screening.DefaultSettings()
	for _, kv := range [][2]string{{"ring-gap", "3s"}, {"challenge", "on"}, {"challenge-tries", "2"}, {"pass-ring", "on"},
		{"drop-hold", "1s"}, {"reject-sit", "on"}, {"name-limit", "4s"}, {"message-limit", "30s"},
		{"announce-timeout", "10s"}, {"owner-key-timeout", "9s"}, {"challenge-timeout", "2s"}} {
		if err := s.Set(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	c := CallConfig(s, hal.CapLine|hal.CapHandsetAudio)
	want := call.DefaultConfig()
	want.RingGap, want.Challenge, want.ChallengeTries = 3*time.Second, true, 2
	want.PassRing = false // on, but there is no ring generator to ring the handset with
	want.DropHold, want.RejectSIT, want.NameLimit, want.MessageLimit = time.Second, true, 4*time.Second, 30*time.Second
	want.AnnounceTimeout, want.OwnerKeyTimeout, want.ChallengeTimeout = 10*time.Second, 9*time.Second, 2*time.Second
	want.Handset, want.HandsetAudio, want.ExtensionDetect = false, false, false // no SLIC: no handset, so no handset audio either
	if c != want {
		t.Errorf("CallConfig =\n%+v\nwant\n%+v", c, want)
	}
}

// pass-ring follows the board unless the owner chose: auto rings the
// handset from the box where there is a ring generator (SLIC) and the
// audio path the caller ID goes over; on rings it wherever there is a ring
// generator (without audio: with no number).
func TestCallConfig_PassRing(t *testing.T) {
	slic := hal.CapLine | hal.CapRelay | hal.CapHandset | hal.CapHandsetAudio
	mute := hal.CapLine | hal.CapRelay | hal.CapHandset // no sound card: no caller ID to the handset
	for _, c := range []struct {
		value string
		caps  hal.Caps
		want  bool
	}{
		{"auto", slic, true}, {"auto", mute, false}, {"auto", hal.CapLine | hal.CapRelay, false},
		{"off", slic, false}, {"on", slic, true}, {"on", mute, true}, {"on", hal.CapLine | hal.CapRelay, false},
	} {
		s := screening.DefaultSettings()
		if err := s.Set("pass-ring", c.value); err != nil {
			t.Fatal(err)
		}
		if got := CallConfig(s, c.caps).PassRing; got != c.want {
			t.Errorf("pass-ring %s on %v: PassRing %t, want %t", c.value, c.caps, got, c.want)
		}
	}
}

// A full disk (every call-log write fails) costs the log, not the calls:
// a blocked caller is still hung up on and the next, allowed, caller still
// rings through.
func TestAppliance_FullDiskKeepsHandlingCalls(t *testing.T) {
	r := newRig(t, fakeDecider{
		"9005550000": {Action: screening.ActionBlock, Treatment: screening.TreatmentHangup, Number: "+19005550000"},
		"2015550123": {Action: screening.ActionPass, Number: "+12015550123"},
	}, nil)
	r.store.mu.Lock()
	r.store.full = true
	r.store.mu.Unlock()
	r.incoming("9005550000", "SPAM")
	r.wait("line: pick-up-and-drop 500ms")
	time.Sleep(400 * time.Millisecond) // past the ring gap: the call is over
	r.incoming("2015550123", "ALICE")
	r.wait("relay: pass-through")
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		r.store.mu.Lock()
		failed, stored := r.store.failed, len(r.store.log)
		r.store.mu.Unlock()
		if failed == 2 && stored == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("log writes refused %d, stored %d; want 2 refused (one per call)\n%s", failed, stored, r.trace)
		}
	}
	// and the owner is told: status counts what was not saved
	for deadline := time.Now().Add(5 * time.Second); r.app.Status().StoreFailed != 2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("Status.StoreFailed = %d, want 2", r.app.Status().StoreFailed)
		}
	}
}

func TestStatus_Busy(t *testing.T) {
	for p := call.PhaseIdle; p <= call.PhaseMsgPlay; p++ {
		want := p != call.PhaseIdle && p != call.PhaseLineDown
		if got := (Status{Phase: p}).Busy(); got != want {
			t.Errorf("Busy in %s = %t, want %t", p, got, want)
		}
	}
}
