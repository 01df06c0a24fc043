package sim

import (
	"fmt"
	"strings"
	"time"
)

// State is what the simulated hardware and world look like now.
type State struct {
	Firmware      bool   `json:"firmware"`        // a firmware is connected
	Connects      int    `json:"connects"`        // firmware connections so far
	Releases      int    `json:"releases"`        // times outputs were released because the firmware went away
	Relay         string `json:"relay"`           // "pass-through" or "isolated"
	OffHook       bool   `json:"off_hook"`        // the handset is lifted
	OwnerOnLine   bool   `json:"owner_on_line"`   // handset lifted while the relay passes it to the line
	Ringing       bool   `json:"ringing"`         // the SLIC is ringing the handset now
	RingBursts    int    `json:"ring_bursts"`     // SLIC ring bursts since the last "reset"
	RingHz        int    `json:"ring_hz"`         // measured F/R frequency of the last burst
	Cadence       []int  `json:"cadence_ms"`      // last measured on/off durations (ms)
	LineRings     int    `json:"line_rings"`      // line rings that reached the handset through the relay
	LED           string `json:"led"`             // "off", "on", "blink N", "fault"
	Button        bool   `json:"button"`          // held down
	ModemOffHook  bool   `json:"modem_off_hook"`  // the box's modem holds the line
	ModemDTE      bool   `json:"modem_dte"`       // a program has the modem's pty open
	ModemReady    bool   `json:"modem_ready"`     // the driver enabled caller ID since it opened the pty
	ModemOffHooks int    `json:"modem_off_hooks"` // times the box took the line off-hook
	Modem         string `json:"modem"`           // the emulator's device path
	Call          string `json:"call"`            // "", "ringing", "answered by the box", "connected to the handset", "ended: REASON"
	CallerHeard   int    `json:"caller_heard_ms"`
	HandsetHeard  int    `json:"handset_heard_ms"` // audio played to the lifted handset
	HandsetCID    int    `json:"handset_cid_ms"`   // audio sent to the handset on-hook (caller ID)
	CIDDisplay    string `json:"cid_display"`      // caller ID the handset's display decoded ("" without a decoder)
	CIDNumber     string `json:"cid_number"`       // its number field (or the reason it is absent: P, O)
	CIDName       string `json:"cid_name"`         // its name field (or the reason it is absent)
	Lamp          string `json:"lamp"`             // the phone's message-waiting lamp: "on" or "off" (VMWI it decoded)
	LineReversals int    `json:"line_reversals"`   // F/R set reversed while not ringing (alerts before on-hook data)
	WatchdogFeeds int    `json:"watchdog_feeds"`
	WatchdogArmed bool   `json:"watchdog_armed"`
	// WatchdogTimeout is the hardware watchdog's timeout ("15s"); a
	// firmware that stops feeding it that long gets the board rebooted.
	WatchdogTimeout string `json:"watchdog_timeout"`
	WatchdogReboots int    `json:"watchdog_reboots"` // reboots by the watchdog since simhw started
	LastReboot      string `json:"last_reboot"`      // "15:04:05 by the watchdog", "" if none
	Uptime          string `json:"uptime"`
}

// Text renders s as "key: value" lines (the console's "sim state").
func (s State) Text() string {
	var b strings.Builder
	yn := func(v bool) string {
		if v {
			return "yes"
		}
		return "no"
	}
	hook := "on-hook"
	if s.OffHook {
		hook = "off-hook"
	}
	modem := "on-hook"
	if s.ModemOffHook {
		modem = "off-hook"
	}
	fmt.Fprintf(&b, "firmware: %s (connects %d, releases %d)\n", map[bool]string{true: "connected", false: "not connected"}[s.Firmware], s.Connects, s.Releases)
	fmt.Fprintf(&b, "relay: %s\n", s.Relay)
	fmt.Fprintf(&b, "handset: %s%s\n", hook, map[bool]string{true: " (on the line)", false: ""}[s.OwnerOnLine])
	fmt.Fprintf(&b, "ringing: %s (bursts %d, %d Hz, cadence %v ms, line rings %d)\n", yn(s.Ringing), s.RingBursts, s.RingHz, s.Cadence, s.LineRings)
	fmt.Fprintf(&b, "led: %s\n", s.LED)
	fmt.Fprintf(&b, "modem: %s, caller ID %s, %d off-hooks (%s)\n", modem, map[bool]string{true: "enabled", false: "not enabled"}[s.ModemReady], s.ModemOffHooks, s.Modem)
	call := s.Call
	if call == "" {
		call = "none"
	}
	fmt.Fprintf(&b, "call: %s\n", call)
	fmt.Fprintf(&b, "caller heard: %s\n", ms(s.CallerHeard))
	fmt.Fprintf(&b, "handset heard: %s (caller ID audio %s", ms(s.HandsetHeard), ms(s.HandsetCID))
	if s.CIDDisplay != "" {
		fmt.Fprintf(&b, ", display: number %q, name %q", s.CIDNumber, s.CIDName)
	}
	b.WriteString(")\n")
	fmt.Fprintf(&b, "message lamp: %s (line reversals %d)\n", s.Lamp, s.LineReversals)
	fmt.Fprintf(&b, "watchdog: %d feeds, armed %s, timeout %s, reboots %d", s.WatchdogFeeds, yn(s.WatchdogArmed), s.WatchdogTimeout, s.WatchdogReboots)
	if s.LastReboot != "" {
		fmt.Fprintf(&b, " (last %s)", s.LastReboot)
	}
	b.WriteString("\n")
	return b.String()
}

func ms(v int) string { return (time.Duration(v) * time.Millisecond).String() }
