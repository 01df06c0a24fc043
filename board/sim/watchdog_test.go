package sim

import (
	"context"
	"strings"
	"testing"
	"time"

	"secretary/hal/serialport"
)

const testDog = 400 * time.Millisecond

// feeder feeds the watchdog every 100 ms until stop closes.
func feeder(t *testing.T, w *wire) (stop func()) {
	done := make(chan struct{})
	quit := make(chan struct{})
	go func() {
		defer close(done)
		tk := time.NewTicker(100 * time.Millisecond)
		defer tk.Stop()
		for {
			if err := w.send(msg{Op: "wdog", Text: "feed"}); err != nil {
				return
			}
			select {
			case <-quit:
				return
			case <-tk.C:
			}
		}
	}()
	return func() { close(quit); <-done }
}

// offHookModem opens the emulator's pty as the box's modem would and takes
// the line off-hook.
func offHookModem(t *testing.T, path string) *serialport.Port {
	t.Helper()
	p, err := serialport.Open(path, serialport.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	if _, err := p.Write([]byte("ATE0H1\r")); err != nil {
		t.Fatal(err)
	}
	return p
}

// A firmware that feeds the watchdog and then hangs (stops feeding, keeps
// its connection and its outputs): after the timeout the board reboots:
// relay released to pass-through, the SLIC stopped, the firmware's
// connection dropped, the modem reset on-hook; "sim state" says so.
func TestWatchdog_RebootsAHungFirmware(t *testing.T) {
	b, socket := serveCfg(t, ServerConfig{WatchdogTimeout: testDog})
	w, hello := rawFirmware(t, socket)
	defer w.Close()
	for _, p := range []string{PinRelay, PinRM, PinLED} {
		if err := w.send(msg{Op: "out", Pin: p, Level: true}); err != nil {
			t.Fatal(err)
		}
	}
	offHookModem(t, hello.Modem)
	stop := feeder(t, w)
	waitFor(t, b, "isolated, ringing, modem off-hook, watchdog armed", func(s State) bool {
		return s.Relay == "isolated" && s.Ringing && s.ModemOffHook && s.WatchdogArmed
	})
	time.Sleep(3 * testDog) // fed all along: no reboot
	if s, _ := b.State(context.Background()); s.WatchdogReboots != 0 || !s.Firmware {
		t.Fatalf("rebooted while fed:\n%s", s.Text())
	}
	stop() // the firmware hangs
	hung := time.Now()
	s := waitFor(t, b, "rebooted", func(s State) bool { return s.WatchdogReboots == 1 })
	if el := time.Since(hung); el < testDog-50*time.Millisecond {
		t.Errorf("rebooted %v after the last feed, before the %v timeout", el, testDog)
	}
	s = waitFor(t, b, "released after the reboot", func(s State) bool { return !s.Firmware })
	if s.Relay != "pass-through" || s.Ringing || s.ModemOffHook || s.WatchdogArmed || s.LastReboot == "" {
		t.Errorf("after the reboot:\n%s", s.Text())
	}
	if !strings.Contains(s.Text(), "reboots 1 (last ") {
		t.Errorf("sim state does not show the reboot:\n%s", s.Text())
	}
	// The hung firmware's connection is gone.
	w.c.SetReadDeadline(time.Now().Add(2 * time.Second))
	for {
		if _, err := w.recv(); err != nil {
			break
		}
	}
	// A firmware started after the reboot finds the board and the modem.
	w2, h2 := rawFirmware(t, socket)
	defer w2.Close()
	if h2.Err != "" || h2.Modem != hello.Modem {
		t.Fatalf("after the reboot: %+v", h2)
	}
}

// The magic close disarms the watchdog: a firmware that stops cleanly
// causes no reboot.
func TestWatchdog_MagicCloseDisarms(t *testing.T) {
	b, socket := serveCfg(t, ServerConfig{WatchdogTimeout: testDog})
	w, _ := rawFirmware(t, socket)
	stop := feeder(t, w)
	waitFor(t, b, "armed", func(s State) bool { return s.WatchdogArmed })
	stop()
	if err := w.send(msg{Op: "wdog", Text: "close"}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	waitFor(t, b, "released", func(s State) bool { return !s.Firmware && !s.WatchdogArmed })
	time.Sleep(3 * testDog)
	if s, _ := b.State(context.Background()); s.WatchdogReboots != 0 {
		t.Fatalf("rebooted after a magic close:\n%s", s.Text())
	}
}

// A firmware killed without the magic close leaves the watchdog running:
// the board reboots unless a restarted firmware feeds it in time.
func TestWatchdog_KilledFirmware(t *testing.T) {
	t.Run("not restarted", func(t *testing.T) {
		b, socket := serveCfg(t, ServerConfig{WatchdogTimeout: testDog})
		w, _ := rawFirmware(t, socket)
		stop := feeder(t, w)
		waitFor(t, b, "armed", func(s State) bool { return s.WatchdogArmed })
		stop()
		w.Close() // killed
		s := waitFor(t, b, "rebooted", func(s State) bool { return s.WatchdogReboots == 1 })
		if s.Releases != 1 || s.Relay != "pass-through" {
			t.Errorf("after kill and reboot:\n%s", s.Text())
		}
	})
	t.Run("restarted in time", func(t *testing.T) {
		b, socket := serveCfg(t, ServerConfig{WatchdogTimeout: testDog})
		w, _ := rawFirmware(t, socket)
		stop := feeder(t, w)
		waitFor(t, b, "armed", func(s State) bool { return s.WatchdogArmed })
		stop()
		w.Close()
		waitFor(t, b, "released", func(s State) bool { return !s.Firmware })
		w2, _ := rawFirmware(t, socket)
		defer w2.Close()
		stop2 := feeder(t, w2)
		defer stop2()
		time.Sleep(3 * testDog)
		if s, _ := b.State(context.Background()); s.WatchdogReboots != 0 || !s.Firmware {
			t.Fatalf("rebooted although the restarted firmware feeds:\n%s", s.Text())
		}
	})
}
