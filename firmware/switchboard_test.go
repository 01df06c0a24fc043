package firmware

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"secretary/firmware/call"
	"secretary/firmware/prompts"
	"secretary/hal"
	"secretary/screening"
)

var office = []screening.Person{
	{Name: "Anna", Key: 1, Ring: screening.CadenceLong, Mobile: "+12125550199"},
	{Name: "Ben", Key: 2, Ring: screening.CadenceShortLongShort},
}

func withPeople(people []screening.Person, tweak func(*Config)) func(*Config) {
	return func(c *Config) {
		c.People = func() ([]screening.Person, error) { return people, nil }
		c.Call.Switchboard.MenuTimeout = 500 * time.Millisecond
		if tweak != nil {
			tweak(c)
		}
	}
}

// A screened caller presses 2 at the menu: the handset rings with Ben's
// cadence (DR4), the owner hears "call for Ben from ...": Ben has no
// recorded name, so it is "extension 2".
func TestAppliance_MenuChoiceRingsTheirCadence(t *testing.T) {
	r := newRig(t, fakeDecider{}, withPeople(office, nil))
	r.dev.Line.Say(speech(time.Second))
	r.incoming("2015550123", "BOB")
	r.wait("line: answer")
	r.waitTrace("action play-line greeting menu-for person-anna menu-press digit-1 menu-for person-ben menu-press digit-2 menu-message")
	r.dev.Line.Press("2")
	r.wait(`handset: ring dr4 cid "2015550123" "? BOB"`)
	r.dev.Handset.Lift()
	r.waitTrace("action play-handset call-for person-ben from recorded-name")
	r.dev.Handset.Press("1")
	recs := r.waitLog(1)
	if recs[0].Outcome != screening.OutcomeAccepted || recs[0].Person != "ben" {
		t.Errorf("log = %+v", recs[0])
	}
	// "call for" + "extension" + "2" + "from" + the name + the number + options
	ext, _ := prompts.New("").Clip("extension")
	if played := r.dev.Handset.Played(); len(played) != 1 || len(played[0]) < len(ext)+8000 {
		t.Errorf("announcement: %d blocks", len(played))
	}
	r.dev.Handset.Hang()
	r.dev.Line.Emit(hal.LineEvent{Kind: hal.LineExtensionOnHook})
	r.wait("relay: isolated")
}

// A caller sent to voicemail chooses Anna: the message is hers.
func TestAppliance_PersonsMailbox(t *testing.T) {
	r := newRig(t, fakeDecider{"2015550123": {Action: screening.ActionVoicemail, Number: "+12015550123"}}, withPeople(office, nil))
	r.incoming("2015550123", "BOB")
	r.wait("line: answer")
	r.waitTrace("action play-line menu-for")
	r.dev.Line.Press("1")
	r.waitTrace("action play-line message-for person-anna after-tone")
	r.wait("line: tone 1000 0 500ms")
	r.dev.Line.Say(speech(time.Second))
	recs := r.waitLog(1)
	if recs[0].Outcome != screening.OutcomeVoicemail || recs[0].Person != "anna" {
		t.Errorf("log = %+v", recs[0])
	}
	r.mb.mu.Lock()
	defer r.mb.mu.Unlock()
	if len(r.mb.msgs) != 1 || r.mb.msgs[0].Person != "anna" {
		t.Errorf("messages %+v", r.mb.msgs)
	}
}

// No key at the menu and no default: the general mailbox.
func TestAppliance_MenuTimeoutGeneralMailbox(t *testing.T) {
	r := newRig(t, fakeDecider{}, withPeople(office, nil))
	r.incoming("2015550123", "BOB")
	r.waitTrace("action timer menu 500ms")
	r.waitTrace("action play-line voicemail")
	r.wait("line: tone 1000 0 500ms")
	r.dev.Line.Say(speech(time.Second))
	recs := r.waitLog(1)
	if recs[0].Outcome != screening.OutcomeVoicemail || recs[0].Person != "" {
		t.Errorf("log = %+v", recs[0])
	}
}

// An allowed caller routed to Anna rings her cadence with caller ID; with
// transfer on and nobody picking up, the call goes to her mobile (which
// answers): flash, dial, hang up.
func TestAppliance_ForwardToMobile(t *testing.T) {
	d := fakeDecider{"2015550123": {Action: screening.ActionPass, Number: "+12015550123", Person: "anna"}}
	r := newRig(t, d, withPeople(office, func(c *Config) {
		c.Call.Switchboard.Transfer = true
		c.Call.Switchboard.ForwardRings = 1
	}))
	r.incoming("2015550123", "ALICE")
	stop := make(chan struct{})
	defer close(stop)
	go func() { // the line rings on until the box answers
		for n := 2; !r.dev.Line.OffHook(); n++ {
			select {
			case <-stop:
				return
			case <-time.After(200 * time.Millisecond):
			}
			r.dev.Line.Ring(n)
		}
	}()
	r.wait(`handset: ring north-america cid "2015550123" "ALICE"`)
	r.wait("line: answer")
	r.wait("line: flash")
	r.wait("line: dial 12125550199")
	r.wait("line: hang-up")
	recs := r.waitLog(1)
	if recs[0].Outcome != screening.OutcomeForwarded || recs[0].Person != "anna" || !strings.Contains(recs[0].Reason, "forwarded") {
		t.Errorf("log = %+v", recs[0])
	}
}

// A person's name recorded from the handset becomes their clip, which the
// menu then says instead of "extension 1".
func TestAppliance_RecordVoice(t *testing.T) {
	set := prompts.New(filepath.Join(t.TempDir(), "prompts"))
	r := newRigWith(t, fakeDecider{}, &fakeStore{}, set, withPeople(office, nil))
	if err := r.app.RecordVoice("anna"); err != nil {
		t.Fatal(err)
	}
	r.wait(`handset: ring dr3 cid "" "RECORD NAME"`)
	r.dev.Handset.Say(append(make([]int16, 800), speech(800*time.Millisecond)...))
	r.dev.Handset.Lift()
	r.waitTrace("action record-handset anna 4s")
	r.waitTrace("action play-handset person-anna")
	pcm, err := set.Clip("person-anna")
	if err != nil || len(pcm) < 6000 || len(pcm) > 4*8000 {
		t.Fatalf("the recorded name: %d samples, %v", len(pcm), err)
	}
	r.dev.Handset.Hang()
	r.waitTrace("event handset-on-hook")
	// the status follows the event's step
	deadline := time.Now().Add(5 * time.Second)
	for r.app.Status().Phase != call.PhaseIdle && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if s := r.app.Status(); s.Phase != call.PhaseIdle || s.Calls != 0 {
		t.Errorf("after recording: %+v", s)
	}
	// without a directory the name cannot be kept: the recording fails
	r2 := newRig(t, fakeDecider{}, withPeople(office, nil))
	if err := r2.app.RecordVoice("ben"); err != nil {
		t.Fatal(err)
	}
	r2.wait(`handset: ring dr3 cid "" "RECORD NAME"`) // lifted before, the handset is the owner's own call
	r2.dev.Handset.Lift()
	r2.dev.Handset.Say(speech(800 * time.Millisecond))
	r2.waitTrace("event handset-done failed")
}
