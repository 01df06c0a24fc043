package sim

import (
	"time"
)

// DefaultWatchdogTimeout is the Raspberry Pi's hardware watchdog timeout
// (the bcm2835 watchdog's default heartbeat).
const DefaultWatchdogTimeout = 15 * time.Second

// watchdog models the board's hardware watchdog (/dev/watchdog): the first
// feed arms it, each feed restarts its countdown, a magic close disarms it.
// A firmware that goes away without the magic close (killed, crashed)
// leaves it running, as the kernel does; a firmware that hangs stops
// feeding it. When the countdown runs out the board reboots (reboot).
// Fields under server.mu.
type watchdog struct {
	timer      *time.Timer
	armed      bool
	feeds      int
	lastFeed   time.Time
	reboots    int
	lastReboot time.Time
}

// feedLocked restarts the countdown (s.mu held).
func (s *server) feedLocked(now time.Time) {
	d := &s.dog
	d.feeds++
	d.armed = true
	d.lastFeed = now
	if s.cfg.WatchdogTimeout < 0 {
		return
	}
	if d.timer == nil {
		d.timer = time.AfterFunc(s.cfg.WatchdogTimeout, s.watchdogExpired)
		return
	}
	d.timer.Reset(s.cfg.WatchdogTimeout)
}

// disarmLocked is the magic close (s.mu held).
func (s *server) disarmLocked() {
	s.dog.armed = false
	if s.dog.timer != nil {
		s.dog.timer.Stop()
	}
}

// watchdogExpired runs when the countdown ends: unless a feed or a magic
// close came meanwhile, the board reboots.
func (s *server) watchdogExpired() {
	s.mu.Lock()
	d := &s.dog
	left := s.cfg.WatchdogTimeout - time.Since(d.lastFeed)
	if !d.armed || left > 0 {
		if d.armed {
			d.timer.Reset(left) // a feed raced the timer
		}
		s.mu.Unlock()
		return
	}
	d.armed = false
	d.reboots++
	d.lastReboot = time.Now()
	s.mu.Unlock()
	s.reboot()
}

// reboot is what the hardware watchdog's reset does to the board: the
// firmware is gone (its connection dropped), every output line is released
// (relay to pass-through, the SLIC stops ringing, LED dark) and the USB
// modem is reset (unplugged and plugged again: on-hook, a new pty behind
// the same link). The phone line and the world's caller are not part of
// the board: a ringing call keeps ringing, now through to the handset.
func (s *server) reboot() {
	s.log.Warn("sim: watchdog: no feed for the timeout; rebooting the board", "timeout", s.cfg.WatchdogTimeout)
	s.mu.Lock()
	fw := s.fw
	now := time.Now()
	for _, p := range []string{PinRelay, PinRM, PinFR, PinLED} {
		s.setOutLocked(p, false, now)
	}
	s.mu.Unlock()
	if fw != nil {
		fw.Close() // serveConn sees it and forgets the firmware
	}
	if err := s.emu.Unplug(); err != nil {
		s.log.Warn("sim: watchdog reboot: modem", "err", err)
	}
	if err := s.emu.Replug(); err != nil {
		s.log.Warn("sim: watchdog reboot: modem", "err", err)
	}
	s.syncLine()
}
