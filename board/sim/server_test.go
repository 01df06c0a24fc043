package sim

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"secretary/hal/audio"
	"secretary/screening/words"
)

// serve runs simhw in this process on a temporary socket.
func serve(t *testing.T) (*Board, string) {
	t.Helper()
	return serveCfg(t, ServerConfig{})
}

// serveCfg runs simhw with cfg (its socket and IdleExit are set here).
func serveCfg(t *testing.T, cfg ServerConfig) (*Board, string) {
	t.Helper()
	dir, err := os.MkdirTemp("", "simsrv")
	if err != nil {
		t.Fatal(err)
	}
	socket := filepath.Join(dir, "hw.sock")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	cfg.Socket, cfg.IdleExit = socket, -1
	go func() { done <- Serve(ctx, cfg) }()
	t.Cleanup(func() {
		cancel()
		<-done
		os.RemoveAll(dir)
	})
	b := New(Config{Socket: socket})
	for i := 0; ; i++ {
		if _, err := b.State(context.Background()); err == nil {
			break
		}
		if i > 200 {
			t.Fatal("simhw did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	return b, socket
}

func rawFirmware(t *testing.T, socket string) (*wire, msg) {
	t.Helper()
	c, err := net.Dial("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	w := newWire(c)
	if err := w.send(msg{Op: "hello", Role: "firmware"}); err != nil {
		t.Fatal(err)
	}
	m, err := w.recv()
	if err != nil {
		t.Fatal(err)
	}
	return w, m
}

func waitFor(t *testing.T, b *Board, what string, cond func(State) bool) State {
	t.Helper()
	for i := 0; ; i++ {
		s, err := b.State(context.Background())
		if err == nil && cond(s) {
			return s
		}
		if i > 300 {
			t.Fatalf("%s: state:\n%s", what, s.Text())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestServe_ReleaseOnDisconnect is the kernel's behaviour when the GPIO
// holder dies: outputs released, relay to pass-through, ringing stops.
func TestServe_ReleaseOnDisconnect(t *testing.T) {
	b, socket := serve(t)
	w, hello := rawFirmware(t, socket)
	if hello.Err != "" || hello.Modem == "" {
		t.Fatalf("hello: %+v", hello)
	}
	for _, p := range []string{PinRelay, PinRM, PinLED} {
		if err := w.send(msg{Op: "out", Pin: p, Level: true}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, b, "isolated and ringing", func(s State) bool {
		return s.Firmware && s.Relay == "isolated" && s.Ringing && s.LED == "on"
	})
	// A second firmware is refused while the first lives.
	w2, h2 := rawFirmware(t, socket)
	w2.Close()
	if !strings.Contains(h2.Err, "another firmware") {
		t.Fatalf("second firmware hello: %+v", h2)
	}
	w.Close() // the process died
	s := waitFor(t, b, "released", func(s State) bool { return !s.Firmware && s.Relay == "pass-through" })
	if s.Ringing || s.LED != "off" || s.Releases != 1 {
		t.Fatalf("after disconnect: %s", s.Text())
	}
	// A restarted firmware reconnects to the same hardware.
	w3, h3 := rawFirmware(t, socket)
	defer w3.Close()
	if h3.Err != "" || h3.Modem != hello.Modem {
		t.Fatalf("reconnect: %+v", h3)
	}
	waitFor(t, b, "reconnected", func(s State) bool { return s.Firmware && s.Connects == 2 })
}

func TestWorld_Commands(t *testing.T) {
	b, _ := serve(t)
	ctx := context.Background()
	wav := filepath.Join(t.TempDir(), "hello there.wav") // a name with a space, quoted in the command
	f, err := os.Create(wav)
	if err != nil {
		t.Fatal(err)
	}
	if err := audio.WriteWAV(f, audio.PCM16, 16000, Speech("hello")); err != nil {
		t.Fatal(err)
	}
	f.Close()
	wavLen := time.Duration(len(audio.Resample(Speech("hello"), 16000, 8000))) * time.Second / 8000 // the file, not text
	for _, tc := range []struct {
		cmd     string
		wantErr bool
		want    string
	}{
		{"sim help", false, "sim call NUMBER"},
		{"", false, "sim call NUMBER"},
		{"sim bogus", true, "unknown command"},
		{"sim press 1", true, "no call"},
		{"sim key 5", true, "on-hook"},
		{"sim call 55x", true, "not a phone number"},
		{"sim say " + words.Join([]string{wav}), false, fmt.Sprintf("the next caller says %s", wavLen)},
		{`sim say "unterminated`, true, "unterminated quote"},
		{"sim say hello there", false, "the next caller says"},
		{"sim call +12125550143 DOE JOHN", false, "ringing the line"},
		{"sim call 5551234", true, "already in progress"},
		{"press 12#", false, "caller pressed 12#"},
		{"sim press 9x", true, "keys"},
		{"sim caller-hangup", false, "hung up"},
		{"sim pickup", false, "lifted"},
		{"sim key 5", false, "pressed 5"},
		{"sim hangup", false, "put down"},
		{"sim button medium", true, "short|long"},
		{"sim state", false, "relay: pass-through"},
		{"sim heard", false, "caller heard"},
		{"sim reset", false, "reset"},
	} {
		out, err := b.World(ctx, tc.cmd)
		if (err != nil) != tc.wantErr {
			t.Errorf("%q: err %v", tc.cmd, err)
			continue
		}
		got := out
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("%q = %q, want it to contain %q", tc.cmd, got, tc.want)
		}
	}
	s := waitFor(t, b, "call ended", func(s State) bool { return strings.HasPrefix(s.Call, "ended") })
	if s.OffHook {
		t.Error("handset still off-hook")
	}
}

func TestSpeech(t *testing.T) {
	a, b := Speech("hello this is John"), Speech("hello this is John")
	if len(a) < 8000 || len(a) != len(b) {
		t.Fatalf("speech length %d / %d", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatal("speech not deterministic")
		}
	}
	if l := audio.LevelDBm0(a); l < -30 || l > -5 {
		t.Errorf("speech level %.1f dBm0, want a talker's level", l)
	}
	if len(Speech("")) != 8000*300/1000 {
		t.Error("empty text is not just the trailing silence")
	}
}

func FuzzDecodeLine(f *testing.F) {
	f.Add([]byte(`{"op":"hello","role":"firmware"}`))
	f.Add([]byte(`{"op":"out","pin":"relay","level":true}`))
	f.Add([]byte(`{"op":"play","id":3,"pcm":"AAABAA=="}`))
	f.Add([]byte(`{"op":"result","id":1,"state":{"relay":"isolated","cadence_ms":[2000,4000]}}`))
	f.Add([]byte(`{"op":"play","pcm":"AAA="}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, line []byte) {
		m, err := decodeLine(line)
		if err != nil {
			return
		}
		if m.Op == "" || len(m.PCM)%2 != 0 {
			t.Fatalf("accepted %q as %+v", line, m)
		}
		back := pcmBytes(pcmSamples(m.PCM))
		if string(back) != string(m.PCM) {
			t.Fatal("PCM round trip changed the samples")
		}
	})
}
