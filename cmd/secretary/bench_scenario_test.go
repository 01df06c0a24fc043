package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/board/serialmodem"
	"secretary/firmware"
	"secretary/firmware/prompts"
	"secretary/hal"
	"secretary/hal/haltest"
	"secretary/hal/modem/modemtest"
	"secretary/screening"
	"secretary/screening/store"
)

// BenchmarkCallerIDToFirstAction measures, per call, the time from the
// caller ID leaving the modem emulator (on the pty) to the box's first
// action: the box ringing the handset with the caller ID (allowed caller;
// the relay handing the line over where pass-ring is off), or the modem
// going off-hook as the emulator sees it (blocked caller). The
// path is the real one: pty, modem driver (supervised), caller-ID parsing,
// line events, the call machine, the screening engine on bbolt, the
// action. Relay, handset and LED are haltest fakes. Calls alternate
// between an allowed and a blocked number; a 10,000-number block list is
// loaded. Reports p50 and p99 in ms.
//
//	go test ./cmd/secretary -run '^$' -bench CallerIDToFirstAction -benchtime 60x
func BenchmarkCallerIDToFirstAction(b *testing.B) {
	dir, err := os.MkdirTemp("", "sec-bench-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(dir)
	st, err := store.OpenDir(filepath.Join(dir, "data"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var csv strings.Builder
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&csv, "+1900555%04d,spam %d\n", i, i)
	}
	if _, err := st.ImportCSV(context.Background(), strings.NewReader(csv.String()), store.ImportOptions{List: screening.ActionBlock}); err != nil {
		b.Fatal(err)
	}
	if _, err := st.AddNumber(screening.ActionPass, "+12015550123", "Alice", "", time.Now()); err != nil {
		b.Fatal(err)
	}
	emu := modemtest.New(modemtest.Config{Profile: modemtest.ProfileZoom3095, Link: filepath.Join(dir, "tty")})
	if err := emu.Start(); err != nil {
		b.Fatal(err)
	}
	defer emu.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	line, err := serialmodem.Open(ctx, emu.Path(), 20*time.Second, nil)
	if err != nil {
		b.Fatal(err)
	}
	if line.Modem() == nil {
		b.Fatal("the modem emulator did not come up within 20 s")
	}
	fakes := haltest.NewDevices(nil)
	devs := fakes.HAL()
	devs.Line = line
	defer devs.Close()

	var mu sync.Mutex
	var relayAt time.Time
	logs := make(chan screening.LogRecord, 4)
	if err := st.SetSetting("ring-gap", "1500ms"); err != nil {
		b.Fatal(err)
	}
	eng := screening.NewEngine(st)
	app := firmware.New(devs, eng, st, nil, prompts.New(""), firmware.Config{Settings: eng.Settings,
		Trace: func(l string) {
			if testing.Verbose() {
				b.Log(time.Now().Format("05.000"), l)
			}
			if l == "action relay pass-through" || strings.HasPrefix(l, "action ring-handset normal") {
				mu.Lock()
				relayAt = time.Now()
				mu.Unlock()
			}
		},
		OnLog: func(r screening.LogRecord) { logs <- r }})
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()

	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		allowed := i%2 == 0
		num := "9005551234"
		if allowed {
			num = "2015550123"
		}
		since := time.Now()
		c, err := emu.PlaceCall(modemtest.CallSpec{Cadence: []time.Duration{400 * time.Millisecond, 1600 * time.Millisecond},
			MaxRings: 1, CIDDelay: 300 * time.Millisecond, CID: &modemtest.CID{Number: num, Name: "BENCH", Date: "1123", Time: "0900"}})
		if err != nil {
			b.Fatal(err)
		}
		var rec screening.LogRecord
		select {
		case rec = <-logs:
		case <-time.After(30 * time.Second):
			b.Fatalf("call %d not logged", i)
		}
		<-c.Done()
		cid := records(emu, modemtest.RecCID, since)
		if len(cid) != 1 {
			b.Fatalf("call %d: %d caller-ID records", i, len(cid))
		}
		var first time.Time
		if allowed {
			if rec.Outcome != screening.OutcomePassed {
				b.Fatalf("allowed call logged %s", rec.Outcome)
			}
			mu.Lock()
			first = relayAt
			mu.Unlock()
		} else {
			off := records(emu, modemtest.RecOffHook, since)
			if rec.Outcome != screening.OutcomeBlocked || len(off) == 0 {
				b.Fatalf("blocked call logged %s, off-hook %v", rec.Outcome, off)
			}
			first = off[0].At
		}
		if first.Before(since) {
			b.Fatalf("call %d: no first action", i)
		}
		// The emulator stamps its caller-ID record after writing the
		// bytes, so a box quicker than that stamp counts as 0.
		lat = append(lat, max(0, first.Sub(cid[0].At)))
		// back to idle: relay isolated again
		for deadline := time.Now().Add(10 * time.Second); fakes.Relay.State() != hal.RelayIsolated; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				b.Fatal("relay not isolated again")
			}
		}
	}
	b.StopTimer()
	cancel()
	<-done
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	q := func(p float64) float64 {
		k := int(p*float64(len(lat)-1) + 0.5)
		return float64(lat[k].Microseconds()) / 1000
	}
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
	b.ReportMetric(0, "ns/op")
}
