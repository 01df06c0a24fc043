package owner_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"secretary/firmware/console"
	"secretary/screening"
)

// oneOK checks that a change answered one line starting with "ok: " and
// containing want.
func oneOK(t *testing.T, cmd, ans, want string) {
	t.Helper()
	ans = strings.TrimSpace(ans)
	if !strings.HasPrefix(ans, "ok: ") || strings.Count(ans, "\n") != 0 || !strings.Contains(ans, want) {
		t.Errorf("%s answered %q, want one ok line with %q", cmd, ans, want)
	}
}

// oneError is the same for an "error: " line.
func oneError(t *testing.T, cmd, ans, want string) {
	t.Helper()
	ans = strings.TrimSpace(ans)
	if !strings.HasPrefix(ans, "error: ") || strings.Count(ans, "\n") != 0 || !strings.Contains(ans, want) {
		t.Errorf("%s answered %q, want one error line with %q", cmd, ans, want)
	}
}

// The PIN over a serial line: set with passwd (never echoed), asked by
// the next session; each wrong PIN locks the console, for twice as long
// as the one before, shown on screen; nothing is checked while locked;
// an idle session ends and the PIN is asked again.
func TestPty_PINLoginLockout(t *testing.T) {
	r := newRig(t)
	r.expect("secretary> ")
	r.send("passwd\r")
	r.expect("new PIN (4-12 digits; empty for none): ")
	r.send("2468\r")
	r.expect("new PIN again: ")
	r.send("2468\r")
	oneOK(t, "passwd", r.expect("secretary> "), "the console PIN is set")
	if h, _ := r.st.ConsolePIN(); h == "" || strings.Contains(h, "2468") {
		t.Fatalf("stored PIN %q", h)
	}

	r.send("exit\r")
	r.expect("PIN: ")
	r.send("1111\r")
	r.expect("wrong PIN; the console is locked for 5s (1 wrong in a row")
	r.expect("PIN: ")
	r.send("2468\r") // right, but locked: not even checked
	r.expect("the console is locked for another 5s after wrong PINs; the PIN was not checked")
	r.expect("PIN: ")
	r.clock.advance(5 * time.Second)
	r.send("9999\r")
	r.expect("wrong PIN; the console is locked for 10s (2 wrong in a row")
	r.clock.advance(10 * time.Second)
	r.send("3333\r")
	r.expect("PIN: ")
	r.expect("wrong PIN; the console is locked for 20s (3 wrong in a row")
	r.clock.advance(20 * time.Second)
	r.send("2468\r")
	r.expect("secretary> ")
	// notices reach a session only after its PIN
	r.con.Notify("call from 2125550143 HUDSON DENTAL: screening")
	r.expect("* call from 2125550143 HUDSON DENTAL: screening")

	// an idle session ends; the next one asks for the PIN again
	oneOK(t, "set console-timeout", r.do("set console-timeout 300ms"), "console-timeout = 300ms")
	r.send("exit\r")
	r.expect("PIN: ")
	r.send("2468\r")
	r.expect("secretary> ")
	r.expect("the console session ended after a while without a key")
	r.expect("PIN: ")
	if strings.Contains(r.screen(), "2468") {
		t.Error("the PIN was echoed")
	}
	r.send("2468\r")
	r.expect("secretary> ")
	// and a session with a wrong PIN shows no notices
	if strings.Count(r.screen(), "* call from") != 1 {
		t.Error("a notice reached a session before its PIN")
	}
}

// Each list over the serial line: add with numbers in written forms,
// prefixes, classes and names; list; find; del; an entry on another list
// moves; allow del of a blocked number is refused and the block entry kept.
func TestPty_Lists(t *testing.T) {
	r := newRig(t)
	r.expect("secretary> ")
	for _, l := range []string{"allow", "block", "screen", "voicemail"} {
		act, _ := screening.ParseAction(l)
		word := screening.ActionWord(act)
		oneOK(t, l+" add", r.do(l+` add "+44 20 7946 0958" London`), word+" +442079460958 (London)")
		oneOK(t, l+" add prefix", r.do(l+" add 1900* --note robots"), word+" +1900*")
		oneOK(t, l+" add class", r.do(l+" add @international"), word+" @international")
		oneOK(t, l+" add name", r.do(l+" add name:*WIN*"), word+" name:*win*")
		out := r.do(l + " list")
		for _, e := range []string{"1 number, 3 other entries", "+442079460958", "London", "+1900*", "robots", "@international", "name:*win*"} {
			if !strings.Contains(out, e) {
				t.Errorf("%s list lacks %q:\n%s", l, e, out)
			}
		}
		if out := r.do(l + " find london"); !strings.Contains(out, "+442079460958") || strings.Contains(out, "+1900*") {
			t.Errorf("%s find london:\n%s", l, out)
		}
		if out := r.do(l + " find 7946"); !strings.Contains(out, "+442079460958") || strings.Contains(out, "@international") {
			t.Errorf("%s find 7946:\n%s", l, out)
		}
	}
	// everything moved along to voicemail; back to block with one entry
	oneOK(t, "block add", r.do("block add 900-555-0000 ROBOCALLER"), "block +19005550000 (ROBOCALLER)")
	oneOK(t, "move", r.do("block add +1900* --treatment sit"), "moved from the voicemail list")
	oneError(t, "allow del", r.do("allow del 9005550000"), "+19005550000 is on the block list, not the allow list; it was kept")
	if rule, ok, err := r.st.FindRule("+19005550000"); err != nil || !ok || rule.Action != screening.ActionBlock {
		t.Fatalf("after allow del the block entry is %+v %v %v", rule, ok, err)
	}
	oneOK(t, "block del", r.do("block del (900) 555-0000"), "removed block +19005550000 (ROBOCALLER) from the block list")
	oneOK(t, "vm del class", r.do("voicemail del @INTERNATIONAL"), "removed voicemail @international")
	oneError(t, "vm del again", r.do("voicemail del @international"), "not on the voicemail list, nor on any other")
	if out := r.do("bl li --json"); !strings.Contains(out, `"match": "+1900*"`) || !strings.Contains(out, `"treatment": "sit"`) {
		t.Errorf("bl li --json:\n%s", out)
	}
	// Tab and the arrows
	r.send("bl\t")
	r.expect("block ")
	r.send("del +190\t")
	r.expect("+1900* ")
	r.send("\x15") // ^U: erase the line
	r.send("\x1b[A\r")
	if out := r.expect("secretary> "); !strings.Contains(out, `"match": "+1900*"`) {
		t.Errorf("the up arrow did not bring back bl li --json:\n%s", out)
	}
}

// A long list pages on the terminal, and q stops it.
func TestPty_ListPages(t *testing.T) {
	r := newRig(t)
	for i := 0; i < 45; i++ {
		if _, err := r.st.AddNumber(screening.ActionBlock, fmt.Sprintf("+1900555%04d", i), "", "", start); err != nil {
			t.Fatal(err)
		}
	}
	r.expect("secretary> ")
	r.send("block list\r")
	r.expect("-- 20 of 45 shown: Enter for more, q to stop -- ")
	r.send("\r")
	r.expect("-- 40 of 45 shown")
	r.send("q\r")
	out := r.expect("secretary> ")
	if strings.Contains(out, "+19005550044") {
		t.Errorf("q did not stop the list:\n%s", out)
	}
	out = r.do("block list -n 3")
	if strings.Count(out, "+1900555") != 3 || strings.Contains(out, "shown") {
		t.Errorf("block list -n 3:\n%s", out)
	}
}

// Messages, schedules with dnd, rule explain and stats over the serial line.
func TestPty_MsgsScheduleExplainStats(t *testing.T) {
	r := newRig(t)
	pcm := make([]int16, 8000)
	for i := range pcm {
		pcm[i] = int16(1000 * (i % 7))
	}
	for i := 0; i < 3; i++ {
		if _, err := r.mb.Save(screening.Message{Time: start.Add(-time.Duration(3-i) * time.Hour), Number: fmt.Sprintf("+1212555014%d", i)}, pcm); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 4; i++ {
		if err := r.st.AppendLog(screening.LogRecord{Time: start.Add(-time.Duration(i) * time.Hour), Number: "+19005550000",
			Decision: screening.ActionBlock, Outcome: screening.OutcomeBlocked, Reason: "the number is on the block list"}); err != nil {
			t.Fatal(err)
		}
	}
	r.expect("secretary> ")
	out := r.do("msgs")
	if !strings.Contains(out, "1  2026-11-23 08:00  +12125550142") || !strings.Contains(out, "3  2026-11-23 06:00  +12125550140") {
		t.Errorf("msgs:\n%s", out)
	}
	oneOK(t, "msgs del 2", r.do("msgs del 2"), "from +12125550141")
	if msgs, _ := r.mb.List(); len(msgs) != 2 {
		t.Errorf("after msgs del 2: %d messages", len(msgs))
	}
	r.send("msgs del all\r")
	r.expect("delete all 2 messages (2 not heard yet)? (yes/no) ")
	r.send("yes\r")
	r.expect("yes")
	oneOK(t, "msgs del all", r.expect("secretary> "), "deleted 2 messages")

	oneError(t, "set dnd-schedule", r.do("set dnd-schedule nights"), `there is no schedule "nights"`)
	oneOK(t, "schedule add", r.do("schedule add nights mon-fri 22:00-07:00"), "schedule nights mon-fri 22:00-07:00")
	oneOK(t, "set dnd-schedule", r.do("set dnd-schedule nights"), "dnd-schedule = nights")
	r.clock.advance(14 * time.Hour) // 23:00
	out = r.do("rule explain 212-555-0143")
	if !strings.Contains(out, "decision: voicemail, by mode dnd") || !strings.Contains(out, "schedule nights") {
		t.Errorf("rule explain at night:\n%s", out)
	}
	oneOK(t, "allow add", r.do("allow add 2125550143 VIP"), "allow +12125550143 (VIP)")
	out = r.do("rule explain 2125550143")
	if !strings.Contains(out, "decision: allow, by allow +12125550143") || !strings.Contains(out, "<- decides") {
		t.Errorf("rule explain of a VIP at night:\n%s", out)
	}
	out = r.do("stats --days 2")
	if !strings.Contains(out, "4 calls from 2026-11-22") || !strings.Contains(out, "BBBB") || !strings.Contains(out, "+19005550000") {
		t.Errorf("stats:\n%s", out)
	}
	out = r.do("status")
	for _, want := range []string{"secretary v-test on board test", "up 15h00m", "system clock", "mode    dnd (schedule nights)",
		"allow 1, screen 0, voicemail 0, block 0", "msgs    0 new of 0", "store   healthy", "modem up"} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}
}

// The terminal unplugged in the middle of a session and plugged in again:
// the console serves the new line, asking for the PIN.
func TestPty_UnplugReplug(t *testing.T) {
	r := newRig(t)
	r.expect("secretary> ")
	h, _ := console.HashPIN("1357")
	if err := r.st.SetConsolePIN(h); err != nil {
		t.Fatal(err)
	}
	r.send("bl li") // half a command, then the cable goes
	r.unplug()
	r.mark = len(r.screen())
	r.plug()
	r.send("\r")
	r.expect("PIN: ")
	r.send("1357\r")
	r.expect("secretary> ")
	if out := r.do("status"); !strings.Contains(out, "store   healthy") {
		t.Errorf("status after replug:\n%s", out)
	}
}
