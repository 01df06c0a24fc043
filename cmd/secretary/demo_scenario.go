package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"secretary/board"
	"secretary/board/sim"
	"secretary/firmware/console"
	"secretary/firmware/owner"
	"secretary/screening"
)

// demoRun plays "a day of calls" on the simulated board (run --demo): it
// acts as the world through the sim board's world commands, waits for each
// call's log record, then prints the call log and statistics.
type demoRun struct {
	out  io.Writer
	logs chan screening.LogRecord
}

func newDemo(out io.Writer) *demoRun {
	return &demoRun{out: out, logs: make(chan screening.LogRecord, 16)}
}

func (d *demoRun) onLog(rec screening.LogRecord) {
	select {
	case d.logs <- rec:
	default:
	}
}

// demoCall is one call of the day.
type demoCall struct {
	title  string
	say    string   // what the caller says when asked
	call   string   // "sim call ..." arguments
	script []string // world steps after the call starts: "wait-ring", "wait-heard", "sleep 2s", or a world command
}

var demoDay = []demoCall{
	{title: "09:05 Alice (allow list) rings straight through, her number and name on the phone; the owner answers",
		call: "2015550123 ALICE SMITH", script: []string{"wait-line-ring", "pickup", "sleep 2s", "caller-hangup", "hangup"}},
	{title: "09:40 a premium-rate robocaller (block list) is hung up on",
		call: "9005550000 WIN A CRUISE", script: nil},
	{title: "10:15 an unknown caller is screened; the owner accepts with 1",
		say:  "hello this is doctor hudson from the dental office about tomorrow's appointment",
		call: "2125550143 HUDSON DENTAL", script: []string{"wait-ring", "pickup", "wait-heard", "key 1", "sleep 1s", "caller-hangup", "hangup"}},
	{title: "11:30 the print shop (voicemail list) leaves a message",
		say:  "hi it is sam from the print shop your order is ready please call back before five",
		call: "3125550188 PRINT SHOP", script: nil},
	{title: "14:10 a withheld number is screened; the owner blocks it with 3",
		call: "private", script: []string{"wait-ring", "pickup", "wait-heard", "key 3", "sleep 1s", "hangup"}},
	{title: "16:45 a caller hangs up while being asked for a name",
		call: "4155550199 IMPATIENT", script: []string{"wait-modem", "sleep 1s", "caller-hangup"}},
}

func (d *demoRun) play(ctx context.Context, bx *box) error {
	w, ok := bx.board.(board.World)
	if !ok {
		return fmt.Errorf("demo: the board has no simulated world")
	}
	sb, _ := bx.board.(*sim.Board)
	now := time.Now()
	for _, r := range []struct {
		a          screening.Action
		num, label string
	}{{screening.ActionPass, "+12015550123", "Alice"}, {screening.ActionBlock, "+19005550000", "robocaller"},
		{screening.ActionVoicemail, "+13125550188", "print shop"}} {
		if _, err := bx.store.AddNumber(r.a, r.num, r.label, "demo", now); err != nil {
			return err
		}
	}
	fmt.Fprintln(d.out, "demo: allow +12015550123 (Alice), block +19005550000, voicemail +13125550188; everyone else is screened")
	world := func(cmd string) error {
		_, err := w.World(ctx, "sim "+cmd)
		return err
	}
	_ = world("reset")
	for i, c := range demoDay {
		fmt.Fprintf(d.out, "\ncall %d: %s\n", i+1, c.title)
		if c.say != "" {
			if err := world("say " + c.say); err != nil {
				return err
			}
		}
		if err := world("call " + c.call); err != nil {
			return err
		}
		for _, step := range c.script {
			var err error
			switch {
			case step == "wait-ring":
				err = waitState(ctx, sb, 60*time.Second, func(s sim.State) bool { return s.Ringing })
			case step == "wait-line-ring":
				// the box rings the handset (pass-ring), or the line does
				err = waitState(ctx, sb, 30*time.Second, func(s sim.State) bool { return s.Ringing || s.LineRings > 0 || s.Relay == "pass-through" })
			case step == "wait-modem":
				err = waitState(ctx, sb, 30*time.Second, func(s sim.State) bool { return s.ModemOffHook })
			case step == "wait-heard":
				// the announcement: name and number spoken to the handset
				err = waitState(ctx, sb, 30*time.Second, func(s sim.State) bool { return s.HandsetHeard > 3000 })
				if err == nil {
					time.Sleep(2 * time.Second)
				}
			case strings.HasPrefix(step, "sleep "):
				dur, _ := time.ParseDuration(strings.TrimPrefix(step, "sleep "))
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(dur):
				}
			default:
				err = world(step)
			}
			if err != nil {
				return fmt.Errorf("demo: call %d, %s: %w", i+1, step, err)
			}
		}
		select {
		case rec := <-d.logs:
			fmt.Fprintf(d.out, "  -> %s (%s, rule %q) after %.1f s\n", rec.Outcome, rec.Decision, rec.Rule, rec.Duration.Seconds())
		case <-time.After(120 * time.Second):
			return fmt.Errorf("demo: call %d was never logged", i+1)
		case <-ctx.Done():
			return ctx.Err()
		}
		// let the line settle: the caller's side ends, the relay isolates again
		_ = waitState(ctx, sb, 30*time.Second, func(s sim.State) bool {
			return !s.ModemOffHook && !strings.HasPrefix(s.Call, "ringing") && !s.Ringing && s.Relay == "isolated"
		})
		_ = world("reset")
	}
	return d.report(bx)
}

func waitState(ctx context.Context, sb *sim.Board, limit time.Duration, ok func(sim.State) bool) error {
	if sb == nil {
		return nil
	}
	deadline := time.Now().Add(limit)
	for {
		s, err := sb.State(ctx)
		if err == nil && ok(s) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out (state: relay %s, ringing %t, modem off-hook %t, call %q)", s.Relay, s.Ringing, s.ModemOffHook, s.Call)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// report prints the call log and statistics.
func (d *demoRun) report(bx *box) error {
	fmt.Fprintln(d.out, "\ncall log (secretary console: log):")
	con := console.New(owner.New(owner.Config{Store: bx.store, Engine: bx.engine, Mailbox: bx.mailbox, Box: bx.app,
		Board: bx.board.Name(), Caps: bx.devs.Caps, Version: version}), nil, nil)
	_ = con.Exec(context.Background(), "log -n 50", d.out)
	recs, err := bx.store.Log(0)
	if err != nil {
		return err
	}
	by := map[string]int{}
	var total time.Duration
	for _, r := range recs {
		by[r.Outcome.String()]++
		total += r.Duration
	}
	fmt.Fprintln(d.out, "\nstatistics:")
	tw := tabwriter.NewWriter(d.out, 2, 8, 2, ' ', 0)
	var keys []string
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(tw, "  %s\t%d\t%s\n", k, by[k], strings.Repeat("#", by[k]))
	}
	tw.Flush()
	if len(recs) > 0 {
		fmt.Fprintf(d.out, "  %d calls, box time per call %.1f s on average, %d new voicemail message(s)\n",
			len(recs), total.Seconds()/float64(len(recs)), bx.mailbox.Unheard())
	}
	fmt.Fprintln(d.out, "\nmessages (secretary console: msgs list):")
	return con.Exec(context.Background(), "msgs list", d.out)
}
