package call

import (
	"strings"
	"testing"
	"time"

	"secretary/screening"
)

// office is a switchboard with Anna (key 1, long ring, a mobile) and Ben
// (key 2, short-short, no mobile).
func office(c *Config) {
	c.Switchboard.People = Directory{}
	c.Switchboard.People.Add(Person{ID: "anna", Key: '1', Ring: RingLong, Dial: "12125550199"})
	c.Switchboard.People.Add(Person{ID: "ben", Key: '2', Ring: RingShortShort})
}

func forPerson(ms int, a screening.Action, person string) Event {
	e := decision(ms, a, 0, "+12015550123")
	e.Decision.Person = person
	return e
}

func dialed(ms int, d DialOutcome) Event { e := ev(ms, EvLineDone); e.Dial = d; return e }

func TestSwitchboard_Paths(t *testing.T) {
	screenAnswer := []Event{ring(0, 1), cid(500, "2015550123", "BOB"), decision(501, screening.ActionScreen, 0, "+12015550123"), ev(1000, EvLineDone)}
	nameThenHold := []Event{ev(4500, EvLineDone), ev(5000, EvLineDone), ev(6000, EvQuiet), rec(6100, 2*time.Second, true)}
	vmAnswer := []Event{ring(0, 1), cid(500, "2015550123", "BOB"), decision(501, screening.ActionVoicemail, 0, "+12015550123"), ev(1000, EvLineDone)}
	// after the greeting: no call-back number, not urgent, a message (a
	// caller who gave a name to be screened)
	leaveMessage := []Event{ev(8000, EvLineDone), ev(8100, EvLineDone), timer(13100, TimerKeys), ev(13500, EvLineDone), timer(16500, TimerKeys),
		ev(17000, EvLineDone), ev(17500, EvLineDone), ev(20000, EvQuiet), rec(20100, 10*time.Second, true), saved(20200, "m1"), ev(21000, EvLineDone), ev(21100, EvLineDone)}
	// the same for a caller who gave no name yet: the name after a beep first
	nameMessage := append([]Event{ev(7000, EvLineDone), ev(7200, EvLineDone), rec(7900, 2*time.Second, true)}, leaveMessage[1:]...)
	cat := func(parts ...[]Event) []Event {
		var out []Event
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	cases := []struct {
		name    string
		cfg     func(*Config)
		events  []Event
		outcome screening.Outcome
		person  string
		want    []string
		never   []string
	}{
		{name: "screened caller chooses Ben: Ben's cadence, announced as his",
			events: cat(screenAnswer, []Event{ev(3000, EvLineDone), digit(3500, EvDigit, '2')}, nameThenHold,
				[]Event{ev(9000, EvHandsetDone), ev(14000, EvHandsetDone), digit(15000, EvHandsetDigit, '1'), ev(16000, EvLineDone), ev(16100, EvLineDone), ev(90000, EvExtensionOnHook)}),
			outcome: screening.OutcomeAccepted, person: "ben",
			want: []string{"play-line greeting menu-for person-anna menu-press digit-1 menu-for person-ben menu-press digit-2 menu-message",
				"timer menu 5s", "play-line name-reason", "tone-line beep", "record-line name",
				`ring-handset short-short "2015550123" "? BOB"`, "timer announce 24s",
				"play-handset call-for person-ben from recorded-name digit-2", "play-line connecting", "hang-up", "log "}},
		{name: "no key at the menu: the default person",
			cfg:    func(c *Config) { c.Switchboard.MenuDefault = "anna" },
			events: cat(screenAnswer, []Event{ev(3000, EvLineDone), timer(8000, TimerMenu)}, nameThenHold),
			person: "anna", outcome: screening.OutcomeAbandoned,
			want: []string{"timer menu 5s", "play-line name-reason", `ring-handset long "2015550123" "? BOB"`}},
		{name: "no key and no default: the general mailbox",
			events:  cat(screenAnswer, []Event{ev(3000, EvLineDone), timer(6000, TimerMenu)}, nameMessage),
			outcome: screening.OutcomeVoicemail,
			want: []string{"timer menu 5s", "play-line voicemail name-reason", "record-line name", "play-line callback-same", "play-line urgent-prompt",
				"record-line message", "save-message name+message", "log "},
			never: []string{"ring-handset", "play-line name-reason"}},
		{name: "two keys that name nobody: the default",
			events:  cat(screenAnswer, []Event{digit(2000, EvDigit, '7'), ev(3000, EvLineDone), digit(3500, EvDigit, '#')}, nameMessage),
			outcome: screening.OutcomeVoicemail,
			want:    []string{"play-line greeting menu-for", "play-line menu-for person-anna", "play-line voicemail name-reason"}},
		{name: "voicemail caller chooses Anna's mailbox",
			events:  cat(vmAnswer, []Event{digit(2000, EvDigit, '1')}, nameMessage),
			outcome: screening.OutcomeVoicemail, person: "anna",
			want: []string{"play-line menu-for person-anna menu-press digit-1", "play-line message-for person-anna after-tone name-reason",
				"record-line name", "play-line urgent-prompt", "record-line message", "save-message name+message callback=\"\" urgent=false for=anna", "log "},
			never: []string{"greeting"}},
		{name: "0 at the menu: the general mailbox",
			events:  cat(vmAnswer, []Event{digit(2000, EvDigit, '0')}, nameMessage),
			outcome: screening.OutcomeVoicemail,
			want:    []string{"play-line voicemail name-reason", "save-message name+message callback=\"\" urgent=false"}, never: []string{`save-message name+message callback="" urgent=false for=`}},
		{name: "a rule for Ben: no menu, his mailbox",
			events:  cat([]Event{ring(0, 1), cid(500, "2015550123", "BOB"), forPerson(501, screening.ActionVoicemail, "ben"), ev(1000, EvLineDone)}, nameMessage),
			outcome: screening.OutcomeVoicemail, person: "ben",
			want: []string{"answer", "play-line message-for person-ben after-tone name-reason", "save-message name+message callback=\"\" urgent=false for=ben"}, never: []string{"menu"}},
		{name: "allowed for Anna: her cadence with caller ID, picked up",
			events:  []Event{ring(0, 1), cid(500, "2015550123", "ALICE"), forPerson(501, screening.ActionPass, "anna"), ev(3000, EvHandsetDone), ev(50000, EvHandsetOnHook)},
			outcome: screening.OutcomeAnswered, person: "anna",
			want:  []string{`ring-handset long "2015550123" "ALICE"`, "timer forward 24s", "relay pass-through", "log ", "relay isolated"},
			never: []string{"answer"}},
		{name: "allowed for Anna, unanswered, transfer on: forwarded to her mobile",
			cfg: func(c *Config) { c.Switchboard.Transfer = true },
			events: []Event{ring(0, 1), cid(500, "2015550123", "ALICE"), forPerson(501, screening.ActionPass, "anna"), ring(6000, 2),
				timer(24501, TimerForward), ev(25000, EvLineDone), ev(27000, EvLineDone), ev(27600, EvLineDone), dialed(35000, DialAnswered), ev(35100, EvLineDone)},
			outcome: screening.OutcomeForwarded, person: "anna",
			want:  []string{"timer forward 24s", "cancel-handset", "answer", "play-line forwarding", "flash", "dial 12125550199 30s", "hang-up", "log "},
			never: []string{"relay pass-through", "record-line"}},
		{name: "forwarded, the mobile is busy: back to the caller, a message for Anna",
			cfg: func(c *Config) { c.Switchboard.Transfer = true },
			events: cat([]Event{ring(0, 1), cid(500, "2015550123", "ALICE"), forPerson(501, screening.ActionPass, "anna"),
				timer(24501, TimerForward), ev(25000, EvLineDone), ev(27000, EvLineDone), ev(27600, EvLineDone), dialed(29000, DialBusy), ev(29700, EvLineDone)}, nameMessage),
			outcome: screening.OutcomeVoicemail, person: "anna",
			want: []string{"flash", "dial 12125550199", "flash", "play-line message-for person-anna after-tone name-reason", "record-line name",
				"record-line message", "save-message name+message callback=\"\" urgent=false for=anna", "log "}},
		{name: "allowed for Ben, unanswered, no mobile: his mailbox",
			cfg: func(c *Config) { c.Switchboard.Transfer = true },
			events: cat([]Event{ring(0, 1), cid(500, "2015550123", "ALICE"), forPerson(501, screening.ActionPass, "ben"),
				timer(24501, TimerForward), ev(25000, EvLineDone)}, nameMessage),
			outcome: screening.OutcomeVoicemail, person: "ben",
			want: []string{`ring-handset short-short`, "answer", "play-line message-for person-ben after-tone name-reason"}, never: []string{"flash", "dial"}},
		{name: "screened for Anna, unanswered, transfer on: forwarded from hold",
			cfg: func(c *Config) { c.Switchboard.Transfer = true },
			events: cat(screenAnswer, []Event{ev(3000, EvLineDone), digit(3500, EvDigit, '1')}, nameThenHold,
				[]Event{timer(31000, TimerAnnounce), ev(33000, EvLineDone), ev(33600, EvLineDone), dialed(40000, DialNoAnswer), ev(40700, EvLineDone)}, leaveMessage),
			outcome: screening.OutcomeVoicemail, person: "anna",
			want: []string{`ring-handset long`, "play-line forwarding", "flash", "dial 12125550199", "flash", "play-line message-for person-anna after-tone",
				"play-line callback-same", "record-line message", "save-message name+message callback=\"\" urgent=false for=anna"},
			never: []string{"answer\n", "play-line message-for person-anna after-tone name-reason"}},
		{name: "transfer off: an unanswered screened call for Anna goes to her mailbox",
			events: cat(screenAnswer, []Event{ev(3000, EvLineDone), digit(3500, EvDigit, '1')}, nameThenHold,
				[]Event{timer(31000, TimerAnnounce)}, leaveMessage),
			outcome: screening.OutcomeVoicemail, person: "anna",
			want: []string{"play-line message-for person-anna after-tone", "play-line callback-same"}, never: []string{"flash", "play-line message-for person-anna after-tone name-reason"}},
		{name: "no people: no menu",
			cfg:     func(c *Config) { c.Switchboard.People = Directory{} },
			events:  cat(vmAnswer, nameMessage),
			outcome: screening.OutcomeVoicemail,
			want:    []string{"play-line voicemail name-reason"}, never: []string{"menu"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := DefaultConfig()
			office(&cfg)
			if c.cfg != nil {
				c.cfg(&cfg)
			}
			s, acts, logs := run(cfg, c.events...)
			i := 0
			for _, a := range acts {
				if i < len(c.want) && strings.Contains(a, c.want[i]) {
					i++
				}
			}
			if i < len(c.want) {
				t.Errorf("missing %q (in order) in actions:\n%s", c.want[i], strings.Join(acts, "\n"))
			}
			for _, n := range c.never {
				if has(acts, n) {
					t.Errorf("unexpected %q in actions:\n%s", n, strings.Join(acts, "\n"))
				}
			}
			if s.Phase == PhaseIdle || s.Phase == PhaseConnected {
				if len(logs) != 1 {
					t.Fatalf("%d log records:\n%s", len(logs), strings.Join(acts, "\n"))
				}
				if logs[0].Outcome != c.outcome || logs[0].Person != c.person {
					t.Errorf("logged %s for %q, want %s for %q", logs[0].Outcome, logs[0].Person, c.outcome, c.person)
				}
			} else if s.Outcome != c.outcome || s.Person.ID != c.person {
				t.Errorf("in %s: outcome %s for %q, want %s for %q", s.Phase, s.Outcome, s.Person.ID, c.outcome, c.person)
			}
		})
	}
}

func TestSwitchboard_RecordVoice(t *testing.T) {
	cfg := DefaultConfig()
	e := ev(0, EvRecordVoice)
	e.Person = "anna"
	s, acts, logs := run(cfg, e, ev(3000, EvHandsetOffHook), ev(5000, EvHandsetDone), ev(8000, EvHandsetDone), ev(9000, EvHandsetDone), ev(12000, EvHandsetOnHook))
	want := []string{`ring-handset message "" "RECORD NAME"`, "play-handset record-voice beep", "record-handset anna 4s", "play-handset person-anna"}
	i := 0
	for _, a := range acts {
		if i < len(want) && strings.Contains(a, want[i]) {
			i++
		}
	}
	if i < len(want) || s.Phase != PhaseIdle || len(logs) != 0 || s.Current != (Current{}) {
		t.Errorf("phase %s, %d logs, actions:\n%s", s.Phase, len(logs), strings.Join(acts, "\n"))
	}
	// a call comes first
	s, acts, _ = run(cfg, e, ring(1000, 1))
	if s.Phase != PhaseWaitCID || !has(acts, "cancel-handset") {
		t.Errorf("a ring while recording: %s\n%s", s.Phase, strings.Join(acts, "\n"))
	}
}
