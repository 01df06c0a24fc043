package modem_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"secretary/hal"
	"secretary/hal/modem"
	"secretary/hal/modem/modemtest"
)

// Byte-level tests against a scripted modem (modemtest.Playback): every
// command the driver sends is in the script, in order, and the test fails
// if the driver stops short of the script's end.

func ok(cmd string) modemtest.Step { return modemtest.Step{Expect: cmd + "\r", Reply: "\r\nOK\r\n"} }

func answer(cmd string, lines ...string) modemtest.Step {
	r := ""
	for _, l := range lines {
		r += "\r\n" + l + "\r\n"
	}
	return modemtest.Step{Expect: cmd + "\r", Reply: r}
}

// initSteps is Init on a Zoom 3095 that answers everything at once.
func initSteps() []modemtest.Step {
	return []modemtest.Step{
		ok("AT"), ok("ATH0"), ok("ATZ"), ok("ATE0"), ok("ATV1Q0"),
		answer("ATI0", "56000", "OK"), answer("AT+GMM", "Zoom 3095 (CX93010)", "OK"),
		answer("ATI3", "CX93001-EIS_V0.2002-V92", "OK"), answer("AT+GCI?", "+GCI: B5", "OK"),
		ok("AT+VCID=1"), ok("AT+FCLASS=8"),
		answer("AT+VSM=?", `1,"UNSIGNED PCM",8,0,8000,0,0`, `129,"IMA ADPCM",4,0,8000,0,0`, "OK"),
		answer("AT+VLS=?", `0,"",B0804100,B0804100,B0804100`, `1,"T",0B8433C1,0FE431C1,0B8431C1`, "OK"),
		ok("AT+FCLASS=0"),
	}
}

// answerSteps is Answer up to (not including) AT+VLS=1.
func answerSteps() []modemtest.Step {
	return []modemtest.Step{ok("AT+FCLASS=8"), ok("AT+VSM=1,8000"), ok("AT+VIT=0"), ok("AT+VSD=0,50")}
}

// idleSteps is what puts the modem back to idle: on-hook, data class,
// caller ID armed.
func idleSteps() []modemtest.Step {
	return []modemtest.Step{ok("ATH0"), ok("AT+FCLASS=0"), ok("AT+VCID=1")}
}

func scripted(t *testing.T, opts ...modem.Option) (*modem.Modem, *modemtest.Playback, <-chan hal.LineEvent) {
	t.Helper()
	p := modemtest.NewPlayback(t, initSteps()...)
	m := modem.New(p.Conn(), opts...)
	t.Cleanup(func() { m.Close() })
	if err := m.Init(ctxT(t, 5*time.Second)); err != nil {
		t.Fatalf("Init: %v (left %q)", err, p.Left())
	}
	ev := m.Events()
	if got := eventString(collect(ev, 50*time.Millisecond)); got != "up" {
		t.Fatalf("after Init: %s", got)
	}
	return m, p, ev
}

// The modem answers ERROR to the off-hook command: Answer reports the
// failure (never nil), and the modem is put back to idle with caller ID
// armed, so the next call is seen with its caller ID.
func TestAnswer_FailsCleanly(t *testing.T) {
	for _, tc := range []struct {
		name   string
		steps  []modemtest.Step
		result string
	}{
		{"ERROR to the off-hook command", append(answerSteps(), answer("AT+VLS=1", "ERROR")), "ERROR"},
		{"NO CARRIER to the off-hook command", append(answerSteps(), answer("AT+VLS=1", "NO CARRIER")), "NO CARRIER"},
		{"ERROR to voice class", []modemtest.Step{answer("AT+FCLASS=8", "ERROR")}, "ERROR"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, p, ev := scripted(t)
			p.Append(tc.steps...)
			p.Append(idleSteps()...)
			start := time.Now()
			err := m.Answer(ctxT(t, 5*time.Second))
			var ce *modem.CommandError
			if err == nil || !errors.Is(err, modem.ErrCommand) || !errors.As(err, &ce) || ce.Result != tc.result {
				t.Fatalf("Answer: %v, want a CommandError with %s", err, tc.result)
			}
			if el := time.Since(start); el > time.Second {
				t.Errorf("failed answer took %v", el)
			}
			if left := p.Left(); len(left) != 0 {
				t.Fatalf("not back to idle: script left %q", left)
			}
			// Not off-hook: no voice operation, and rings count again.
			if err := m.Play(ctxT(t, time.Second), make([]int16, 80)); !errors.Is(err, modem.ErrNotOffHook) {
				t.Errorf("Play after a failed answer: %v, want ErrNotOffHook", err)
			}
			p.Send("\r\nRING\r\n\r\nDATE = 0315\r\nTIME = 1430\r\nNMBR = 2125550143\r\nNAME = DOE JOHN\r\n")
			p.Settle()
			if got := eventString(collect(ev, 100*time.Millisecond)); got != "new ring1 cid(2125550143|DOE JOHN|03151430||available)" {
				t.Errorf("events: %s", got)
			}
		})
	}
}

// A command goes unanswered and its late OK arrives while the next command
// waits: the driver must not take it for the next command's answer. Here
// the off-hook command gets no answer in time; its late ERROR would have
// "answered" the hang-up. The driver resynchronises with ATI0 first.
func TestCommand_LateResultAfterTimeout(t *testing.T) {
	t.Parallel()
	m, p, _ := scripted(t, modem.WithCommandTimeout(200*time.Millisecond))
	p.Append(answerSteps()...)
	p.Append(modemtest.Step{Expect: "AT+VLS=1\r"}) // no answer in time
	// The resync probe: the late ERROR comes first, then the probe's answer.
	p.Append(answer("ATI0", "ERROR", "56000", "OK"))
	p.Append(idleSteps()...)
	err := m.Answer(ctxT(t, 5*time.Second))
	if !errors.Is(err, modem.ErrNoResponse) {
		t.Fatalf("Answer: %v, want ErrNoResponse", err)
	}
	if left := p.Left(); len(left) != 0 {
		t.Fatalf("script left %q", left)
	}
	select {
	case <-m.Lost():
		t.Fatal("one unanswered command marked the modem lost")
	default:
	}
}

// Hundreds of RING and caller-ID lines and garbage at once, in the middle
// of a command: the command gets its own answer, the flood is one ring and
// one caller ID, and the next call, within a ring period, is a new call
// with its own caller ID.
func TestFlood_DuringCommand(t *testing.T) {
	t.Parallel()
	m, p, ev := scripted(t)
	var flood string
	for i := 0; i < 300; i++ {
		flood += "\r\nRING\r\nNMBR = 555000" + string(rune('0'+i%10)) + "\r\nNAME = FLOOD\r\n\xfe\x7f#!garbage~~\x10\x03\r\n"
	}
	p.Append(modemtest.Step{Expect: "ATI3\r", Reply: flood + "\r\nCX93001-EIS_V0.2002-V92\r\n\r\nOK\r\n"})
	start := time.Now()
	info, err := m.Command(ctxT(t, 5*time.Second), "ATI3")
	if err != nil || len(info) != 1 || info[0] != "CX93001-EIS_V0.2002-V92" {
		t.Fatalf("ATI3 in a flood: %q %v", info, err)
	}
	if got, want := eventsFor(ev, "new ring1 cid(5550000|FLOOD|||available)"); got != want {
		t.Errorf("flood events: %s", got)
	}
	time.Sleep(time.Second) // the next call rings a second later
	p.Send("\r\nRING\r\n")
	p.Send("\r\nDATE = 0315\r\nTIME = 1430\r\nNMBR = 2125550143\r\nNAME = DOE JOHN\r\n")
	p.Settle()
	if got, want := eventsFor(ev, "ring2 new/1 cid(2125550143|DOE JOHN|03151430||available)"); got != want {
		t.Errorf("next call: %s", got)
	}
	if el := time.Since(start); el > 6*time.Second {
		t.Errorf("recovered after %v, more than a ring period", el)
	}
	p.Append(ok("AT"))
	if _, err := m.Command(ctxT(t, time.Second), "AT"); err != nil {
		t.Errorf("a command after the flood: %v", err)
	}
}

// The driver never blocks on a consumer that does not read: it keeps the
// newest events (the queue drops the oldest), and commands keep working.
func TestEvents_SlowConsumerNeverStallsTheReader(t *testing.T) {
	t.Parallel()
	m, p, ev := scripted(t, modem.WithRingDebounce(0), modem.WithRingGap(time.Hour))
	for i := 0; i < 1000; i++ {
		p.Send("\r\nRING\r\n") // nobody reads events meanwhile
	}
	p.Append(ok("AT"))
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := m.Command(ctx, "AT"); err != nil {
		t.Fatalf("command behind 1000 unread events: %v", err)
	}
	evs := collect(ev, 100*time.Millisecond)
	if len(evs) == 0 || len(evs) > 256 {
		t.Fatalf("%d events kept", len(evs))
	}
	if last := evs[len(evs)-1]; last.Kind != hal.LineRing || last.Ring != 1000 {
		t.Errorf("the newest event was dropped: last %v %d", last.Kind, last.Ring)
	}
}
