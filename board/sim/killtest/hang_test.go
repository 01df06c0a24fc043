package killtest

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"secretary/board/sim"
	"secretary/hal"
)

// hangWatchdog is the simulated hardware watchdog's timeout in the hang
// test: longer than the firmware's 5 s feeding period, shorter than the
// Raspberry Pi's 15 s default to keep the test short.
const hangWatchdog = 8 * time.Second

// hangSignals are how the test hangs the firmware: KILLTEST_HANG names
// one signal; by default SIGSTOP (the whole process stops, as a deadlock
// would stop everything) and, for the real firmware, SIGUSR1 too: its test
// hook (armed by SECRETARY_TEST_HANG=1, which startFirmware sets) blocks
// only the call loop, so every side goroutine still runs and the watchdog
// must fire all the same.
func hangSignals(t *testing.T) []syscall.Signal {
	switch v := strings.ToUpper(os.Getenv("KILLTEST_HANG")); v {
	case "":
		if os.Getenv("KILLTEST_FIRMWARE") == "" {
			return []syscall.Signal{syscall.SIGSTOP, syscall.SIGUSR1}
		}
		return []syscall.Signal{syscall.SIGSTOP}
	case "SIGSTOP", "STOP":
		return []syscall.Signal{syscall.SIGSTOP}
	case "SIGUSR1", "USR1":
		return []syscall.Signal{syscall.SIGUSR1}
	case "SIGUSR2", "USR2":
		return []syscall.Signal{syscall.SIGUSR2}
	default:
		t.Fatalf("KILLTEST_HANG=%q: want SIGSTOP, SIGUSR1 or SIGUSR2", v)
		return nil
	}
}

// TestHang_WatchdogRebootsTheBoard: the firmware hangs during a call (the
// relay isolates the handset while the box decides); it stops feeding the
// watchdog, which reboots the simulated board: relay to pass-through, the
// firmware's connection dropped, the modem reset on-hook; the caller's
// call rings through to the handset, as on a Pi whose firmware hung. A
// firmware started afterwards works.
func TestHang_WatchdogRebootsTheBoard(t *testing.T) {
	for _, sig := range hangSignals(t) {
		name := map[syscall.Signal]string{syscall.SIGSTOP: "SIGSTOP", syscall.SIGUSR1: "SIGUSR1", syscall.SIGUSR2: "SIGUSR2"}[sig]
		t.Run(name, func(t *testing.T) { hangOnce(t, sig) })
	}
}

func hangOnce(t *testing.T, sig syscall.Signal) {
	b, socket, dir := startHardware(t, "hangtest", "--watchdog", hangWatchdog.String())
	fw := startFirmware(t, socket, dir)
	waitState(t, b, 30*time.Second, "firmware ready", ready)
	if _, err := world(t, b, "sim call 2125550143 HANG TEST"); err != nil {
		t.Fatal(err)
	}
	waitState(t, b, 5*time.Second, "the box holds the call off the handset", func(s sim.State) bool {
		return s.Call == "ringing" && s.Relay == hal.RelayIsolated.String() && s.WatchdogArmed
	})
	if err := fw.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fw.cmd.Process.Signal(syscall.SIGCONT) })
	hung := time.Now()
	// hung, not dead: the firmware still holds the board (a process the
	// signal killed would drop its connection at once)
	time.Sleep(2 * time.Second)
	if s := state(t, b); !s.Firmware || s.Relay != hal.RelayIsolated.String() || s.WatchdogReboots != 0 || s.ModemOffHooks != 0 {
		t.Fatalf("2 s into the hang the firmware should still hold the board, the call undecided:\n%s", s.Text())
	}
	st, _ := waitState(t, b, hangWatchdog+10*time.Second, fmt.Sprintf("watchdog reboot after %v", sig), func(s sim.State) bool {
		return s.WatchdogReboots == 1
	})
	after, _ := waitState(t, b, 3*time.Second, "fail-safe after the reboot", failSafe)
	t.Logf("hung with %v; rebooted %v later (timeout %v); state:\n%s", sig, time.Since(hung).Round(100*time.Millisecond), hangWatchdog, after.Text())
	if st.Relay != hal.RelayPassThrough.String() {
		t.Errorf("relay %s right after the reboot", st.Relay)
	}
	rings := after.LineRings
	waitState(t, b, 10*time.Second, "the caller rings through to the handset", func(s sim.State) bool {
		return s.LineRings > rings
	})
	_ = fw.cmd.Process.Signal(syscall.SIGCONT)
	_ = fw.cmd.Process.Signal(syscall.SIGKILL)
	_ = fw.cmd.Wait()
	_, _ = world(t, b, "sim caller-hangup")
	waitState(t, b, 5*time.Second, "call over", callOver)

	fw2 := startFirmware(t, socket, dir)
	waitState(t, b, 30*time.Second, "a firmware started after the reboot is ready", ready)
	_ = fw2.cmd.Process.Signal(syscall.SIGTERM)
	_ = fw2.cmd.Wait()
}
