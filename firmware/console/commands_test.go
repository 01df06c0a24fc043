package console

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"secretary/screening"
)

// monday9 is Monday 2026-11-23 09:00 UTC.
var monday9 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// rule explain: the decision, every matching rule in the order that
// decides, which one won and why the others did not.
func TestRuleExplain(t *testing.T) {
	m := newMem()
	now := monday9
	c := New(m, nil, func() time.Time { return now })
	for _, line := range []string{
		"schedule add office mon-fri 09:00-17:00",
		"block add +1900* ROBOTS",
		"allow add +1900555* --schedule !office",
		"screen add name:*cruise*",
		"voicemail add 900-555-0000 OLD --until 2026-11-01",
	} {
		if out := exec(t, c, line); !strings.HasPrefix(out, "ok: ") && !strings.Contains(line, "--until") {
			t.Fatalf("%s: %s", line, out)
		}
	}
	// the expired entry cannot be added through the console; put it there as an old one
	m.rules["+19005550000"] = screening.Rule{Action: screening.ActionVoicemail, Match: screening.Match{Text: "+19005550000"},
		Name: "OLD", Expires: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	m.gen++
	out := exec(t, c, `rule explain 900 555 0000 "WIN A CRUISE"`)
	for _, want := range []string{
		"decision: block (hangup), by block +1900*",
		"mode:     normal",
		"1.  exact number    voicemail +19005550000 (OLD)",
		"not in force: expired 2026-11-01 00:00",
		"2.  number pattern  allow +1900555*",
		"not in force: inside schedule office (the rule applies outside it)",
		"3.  number pattern  block +1900* (ROBOTS)",
		"<- decides",
		"4.  name pattern    screen name:*cruise*",
		"(a rule before it wins)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("rule explain lacks %q:\n%s", want, out)
		}
	}
	// after office hours the allow rule wins; in dnd a VIP still rings
	now = monday9.Add(10 * time.Hour)
	exec(t, c, "mode dnd")
	out = exec(t, c, "rule explain 9005550000 --json")
	var j ExplainJSON
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if j.Decision != "allow" || j.Rule != "allow +1900555*" || j.Mode != "dnd" || !strings.Contains(j.ModeEffect, "VIP") ||
		len(j.Matched) != 3 || !j.Matched[1].Decides {
		t.Errorf("rule explain --json in dnd after hours: %+v", j)
	}
	out = exec(t, c, "rule explain private")
	if !strings.Contains(out, "decision: voicemail, by mode dnd") || !strings.Contains(out, "no rule matches this caller") {
		t.Errorf("rule explain private in dnd:\n%s", out)
	}
}

// rule list: every rule in the order that decides, then the default.
func TestRuleList_Order(t *testing.T) {
	m := newMem()
	c := New(m, nil, nil)
	for _, line := range []string{"block add @private", "block add +1900*", "allow add +1900555*", "screen add name:*x*",
		"allow add 2125550143", "block add 2125550100"} {
		exec(t, c, line)
	}
	out := exec(t, c, "rule list")
	order := []string{"block +12125550100", "allow +12125550143", "allow +1900555*", "block +1900*", "screen name:*x*", "block @private", "screen every other caller"}
	last := -1
	for _, o := range order {
		i := strings.Index(out, o)
		if i <= last {
			t.Errorf("rule list: %q is not after the one before:\n%s", o, out)
		}
		last = i
	}
	var j RuleListJSON
	if err := json.Unmarshal([]byte(exec(t, c, "rule list --json")), &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Rules) != 6 || j.Rules[2].Match != "+1900555*" || j.Default != "screen" {
		t.Errorf("rule list --json: %+v", j)
	}
}

// schedule add, then dnd-schedule set to it; a schedule that does not
// exist is refused; the one dnd-schedule uses cannot be deleted; mode
// --until goes back to normal.
func TestSchedule_AndDND(t *testing.T) {
	m := newMem()
	now := monday9.Add(14 * time.Hour) // 23:00
	c := New(m, nil, func() time.Time { return now })
	oneLine(t, "set dnd-schedule nights", exec(t, c, "set dnd-schedule nights"), `error: there is no schedule "nights"`)
	oneLine(t, "schedule add", exec(t, c, "schedule add nights mon-fri 22:00-07:00"), "ok: schedule nights mon-fri 22:00-07:00 (in force now)")
	oneLine(t, "set dnd-schedule nights", exec(t, c, "set dnd-schedule nights"), "ok: dnd-schedule = nights")
	if out := exec(t, c, "schedule list"); !strings.Contains(out, "nights") || !strings.Contains(out, "dnd-schedule") {
		t.Errorf("schedule list:\n%s", out)
	}
	oneLine(t, "schedule del nights", exec(t, c, "schedule del nights"), "error: dnd-schedule uses this schedule")
	if out := exec(t, c, "rule explain 2125550143"); !strings.Contains(out, "decision: voicemail") || !strings.Contains(out, "schedule nights") {
		t.Errorf("in the dnd schedule:\n%s", out)
	}
	oneLine(t, "mode vacation", exec(t, c, "mode vacation --until 07:30"), "ok: mode vacation until 2026-11-24 07:30, then normal")
	if s := m.set; s.Mode.String() != "vacation" || !s.ModeUntil.Equal(time.Date(2026, 11, 24, 7, 30, 0, 0, time.UTC)) {
		t.Errorf("stored mode %s until %v", s.Mode, s.ModeUntil)
	}
	now = time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	if out := exec(t, c, "rule explain 2125550143"); !strings.Contains(out, "decision: screen") {
		t.Errorf("after --until the mode is normal again:\n%s", out)
	}
	oneLine(t, "mode normal --until", exec(t, c, "mode normal --until 07:00"), "error: --until is for dnd")
	oneLine(t, "mode party", exec(t, c, "mode party"), "error: mode \"party\"")
	oneLine(t, "schedule add bad", exec(t, c, "schedule add x mon 25:00-26:00"), "error: ")
}

// stats: calls per day by decision as bars, busiest hours, top blocked,
// screening outcomes; --json the same counts.
func TestStats(t *testing.T) {
	m := newMem()
	now := monday9.Add(10 * time.Hour)
	at := func(day, hour int) time.Time {
		return monday9.AddDate(0, 0, -day).Add(time.Duration(hour-9) * time.Hour)
	}
	add := func(tm time.Time, num string, d screening.Action, o screening.Outcome) {
		m.log = append([]screening.LogRecord{{Time: tm, Number: num, Decision: d, Outcome: o}}, m.log...)
	}
	add(at(9, 10), "+19005550009", screening.ActionBlock, screening.OutcomeBlocked) // before the 7 days
	for i := 0; i < 5; i++ {
		add(at(6, 10), "+19005550000", screening.ActionBlock, screening.OutcomeBlocked)
	}
	add(at(2, 9), "+19005550001", screening.ActionBlock, screening.OutcomeBlocked)
	add(at(1, 9), "+12125550143", screening.ActionScreen, screening.OutcomeAccepted)
	add(at(1, 9), "+12125550144", screening.ActionScreen, screening.OutcomeVoicemail)
	add(at(0, 15), "+12125550145", screening.ActionPass, screening.OutcomePassed)
	c := New(m, nil, func() time.Time { return now })
	out := exec(t, c, "stats")
	for _, want := range []string{"9 calls from 2026-11-17 to 2026-11-23 19:00", "2026-11-17 Tue BBBBB", "2026-11-22 Sun SS",
		"2026-11-23 Mon A ", "10:00-11:00 #####", "+19005550000", "accepted", "voicemail"} {
		if !strings.Contains(out, want) {
			t.Errorf("stats lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "+19005550009") {
		t.Errorf("stats counted a call before the 7 days:\n%s", out)
	}
	var j StatsJSON
	if err := json.Unmarshal([]byte(exec(t, c, "stats --days 2 --json")), &j); err != nil {
		t.Fatal(err)
	}
	if j.Calls != 3 || len(j.Days) != 2 || j.Days[0].Screen != 2 || j.Screening["accepted"] != 1 || j.Hours[9] != 2 || len(j.TopBlocked) != 0 {
		t.Errorf("stats --days 2 --json: %+v", j)
	}
}

// msgs: numbered newest first as listed; play and del by number or ID;
// del heard keeps the unheard; del all asks first.
func TestMsgs_NumbersAndDelete(t *testing.T) {
	m := newMem()
	for i := 0; i < 4; i++ {
		m.msgs = append(m.msgs, screening.Message{ID: "m" + string(rune('4'-i)), Time: monday9.Add(-time.Duration(i) * time.Hour),
			Number: "+1212555014" + string(rune('4'-i)), Heard: i%2 == 1, Duration: 12 * time.Second})
	}
	c := New(m, nil, func() time.Time { return monday9 })
	out := exec(t, c, "msgs")
	if !strings.Contains(out, "1  2026-11-23 09:00  +12125550144") || !strings.Contains(out, "4  2026-11-23 06:00") {
		t.Errorf("msgs list:\n%s", out)
	}
	if out := exec(t, c, "msgs play 2"); !strings.HasPrefix(out, "ringing the handset") || m.played[0] != "m3" {
		t.Errorf("msgs play 2: %q, played %v", out, m.played)
	}
	oneLine(t, "msgs del m4", exec(t, c, "msgs del m4"), "ok: deleted the message of 2026-11-23 09:00 from +12125550144")
	oneLine(t, "msgs del 9", exec(t, c, "msgs del 9"), "error: there is no message 9")
	oneLine(t, "msgs del heard", exec(t, c, "msgs del heard"), "ok: deleted 2 heard messages (1 not heard yet kept)")
	if len(m.msgs) != 1 || m.msgs[0].ID != "m2" {
		t.Fatalf("left %+v", m.msgs)
	}
	m.msgs = append(m.msgs, screening.Message{ID: "m5", Time: monday9})
	oneLine(t, "msgs del all (no terminal)", exec(t, c, "msgs del all"), "error: msgs del asks to confirm: add --yes")
	out, st := execTerm(t, c, "msgs del all", "no")
	oneLine(t, "msgs del all, no", out, "error: nothing was deleted")
	if len(st.prompts) != 1 || !strings.Contains(st.prompts[0], "delete all 2 messages (2 not heard yet)?") {
		t.Errorf("asked %q", st.prompts)
	}
	out, _ = execTerm(t, c, "msgs del all", "yes")
	oneLine(t, "msgs del all, yes", out, "ok: deleted 2 messages")
	if len(m.msgs) != 0 {
		t.Errorf("left %+v", m.msgs)
	}
}

// A session's short numbers stay those of its last listing, even when a
// message arrives meanwhile.
func TestMsgs_NumbersStayAsListed(t *testing.T) {
	m := newMem()
	m.msgs = []screening.Message{{ID: "old", Time: monday9}}
	c := New(m, nil, nil)
	st := &sessionState{}
	var out strings.Builder
	c.exec(context.Background(), "msgs list", &out, nil, st)
	m.msgs = append([]screening.Message{{ID: "new", Time: monday9.Add(time.Hour)}}, m.msgs...)
	out.Reset()
	c.exec(context.Background(), "msgs del 1", &out, nil, st)
	if len(m.msgs) != 1 || m.msgs[0].ID != "new" {
		t.Errorf("msgs del 1 after a new message deleted the wrong one: left %+v (%s)", m.msgs, out.String())
	}
}

// passwd sets, changes and removes the PIN, stored hashed; a wrong
// current PIN changes nothing and counts towards the lockout.
func TestPasswd(t *testing.T) {
	m := newMem()
	now := monday9
	c := New(m, nil, func() time.Time { return now })
	oneLine(t, "passwd without a terminal", exec(t, c, "passwd"), "error: passwd asks for the PIN without echo")
	out, _ := execTerm(t, c, "passwd", "12ab")
	oneLine(t, "passwd 12ab", out, "error: a PIN has digits only")
	out, _ = execTerm(t, c, "passwd", "1234", "1243")
	oneLine(t, "passwd differing", out, "error: the two PINs differ")
	out, _ = execTerm(t, c, "passwd", "1234", "1234")
	oneLine(t, "passwd 1234", out, "ok: the console PIN is set")
	if m.pin == "" || strings.Contains(m.pin, "1234") || !CheckPIN(m.pin, "1234") || CheckPIN(m.pin, "1235") {
		t.Fatalf("stored %q", m.pin)
	}
	out, _ = execTerm(t, c, "passwd", "9999")
	if !strings.Contains(out, "wrong PIN; the console is locked for 5s") || !strings.HasSuffix(out, "error: the PIN was not changed\n") {
		t.Errorf("passwd with a wrong PIN: %q", out)
	}
	now = now.Add(6 * time.Second)
	out, _ = execTerm(t, c, "passwd", "1234", "")
	oneLine(t, "passwd remove", out, "ok: the console PIN is removed")
	if m.pin != "" {
		t.Error("PIN not removed")
	}
}

// With a PIN a session asks for it; each wrong PIN locks the console for
// twice as long as the last; while locked nothing is checked; the right
// PIN resets the count.
func TestLogin_Lockout(t *testing.T) {
	m := newMem()
	h, err := HashPIN("2468")
	if err != nil {
		t.Fatal(err)
	}
	m.pin = h
	now := monday9
	c := New(m, nil, func() time.Time { return now })
	var out strings.Builder
	st := &scriptTerm{answers: []string{"1111", "2468"}}
	st.answers = []string{"1111"}
	if err := c.checkPIN(st, &out, h, "PIN: "); err != ErrWrongPIN || !strings.Contains(out.String(), "locked for 5s (1 wrong") {
		t.Fatalf("first wrong PIN: %v %q", err, out.String())
	}
	out.Reset()
	st.answers = []string{"2468"} // the right PIN, but locked: not checked
	if err := c.checkPIN(st, &out, h, "PIN: "); err != ErrWrongPIN || !strings.Contains(out.String(), "locked for another 5s after wrong PINs; the PIN was not checked") {
		t.Fatalf("while locked: %v %q", err, out.String())
	}
	for i, want := range []string{"10s (2 wrong", "20s (3 wrong", "40s (4 wrong"} {
		now = now.Add(time.Hour)
		out.Reset()
		st.answers = []string{"000" + string(rune('0'+i))}
		if err := c.checkPIN(st, &out, h, "PIN: "); err != ErrWrongPIN || !strings.Contains(out.String(), want) {
			t.Errorf("wrong PIN %d: %v %q, want %q", i+2, err, out.String(), want)
		}
	}
	now = now.Add(39 * time.Second)
	out.Reset()
	st.answers = []string{"2468"}
	if err := c.checkPIN(st, &out, h, "PIN: "); err != ErrWrongPIN || !strings.Contains(out.String(), "another 1s") {
		t.Errorf("a second before the end: %v %q", err, out.String())
	}
	now = now.Add(time.Second)
	st.answers = []string{"", "2468"} // Enter alone is no attempt
	if err := c.checkPIN(st, &out, h, "PIN: "); err != ErrWrongPIN {
		t.Errorf("an empty PIN: %v", err)
	}
	if err := c.checkPIN(st, &out, h, "PIN: "); err != nil {
		t.Errorf("the right PIN: %v", err)
	}
	if d, n := c.auth.fail(now); d != lockBase || n != 1 {
		t.Errorf("after the right PIN the count starts again: %v %d", d, n)
	}
	for i := 0; i < 20; i++ {
		c.auth.fail(now)
	}
	if d := c.auth.locked(now); d != lockMax {
		t.Errorf("lock after many failures %v, want the cap %v", d, lockMax)
	}
}

// Tab: commands, sub-commands, options, list entries, setting names and
// their values; ambiguous words are extended as far as they agree, else
// listed.
func TestComplete(t *testing.T) {
	m := newMem()
	c := New(m, nil, nil)
	exec(t, c, "block add 9005550000")
	exec(t, c, "block add 9005550001")
	exec(t, c, "schedule add nights daily 22:00-07:00")
	for _, tc := range []struct {
		line, want string
		show       []string
	}{
		{"bl", "block ", nil},
		{"block l", "block list ", nil},
		{"block list --j", "block list --json ", nil},
		{"block del 1900", "block del +1900555000", nil},
		{"block del +19005550001", "block del +19005550001 ", nil},
		{"set ring", "set ring-gap ", nil},
		{"set mode d", "set mode dnd ", nil},
		{"set dnd-schedule n", "set dnd-schedule nights ", nil},
		{"get challenge-t", "get challenge-t", []string{"challenge-tries", "challenge-timeout"}},
		{"s", "s", []string{"status", "screen", "schedule", "stats", "store", "set", "selftest"}},
		{"help al", "help allow ", nil},
		{"msgs del h", "msgs del heard ", nil},
		{"zz", "zz", nil},
	} {
		line, pos, show := c.complete(context.Background(), tc.line, len(tc.line))
		if line != tc.want || pos != len(tc.want) || strings.Join(show, " ") != strings.Join(tc.show, " ") {
			t.Errorf("Tab after %q = %q (cursor %d), shows %q; want %q, %q", tc.line, line, pos, show, tc.want, tc.show)
		}
	}
	// completing in the middle of a line keeps what follows
	if line, pos, _ := c.complete(context.Background(), "bl list", 2); line != "block  list" || pos != 6 {
		t.Errorf("Tab in the middle = %q, %d", line, pos)
	}
}
