package modemtest_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"secretary/hal/modem/modemtest"
	"secretary/hal/serialport"
)

type dte struct {
	t *testing.T
	p *serialport.Port
	r chan []byte
}

func start(t *testing.T, p modemtest.Profile) (*modemtest.Emulator, *dte) {
	t.Helper()
	emu := modemtest.New(modemtest.Config{Profile: p, Link: filepath.Join(t.TempDir(), "modem")})
	if err := emu.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	return emu, open(t, emu)
}

func open(t *testing.T, emu *modemtest.Emulator) *dte {
	t.Helper()
	p, err := serialport.Open(emu.Path(), serialport.Config{})
	if err != nil {
		t.Fatal(err)
	}
	d := &dte{t: t, p: p, r: make(chan []byte, 64)}
	go func() {
		for {
			b := make([]byte, 256)
			n, err := p.Read(b)
			if err != nil {
				close(d.r)
				return
			}
			d.r <- b[:n]
		}
	}()
	t.Cleanup(func() { p.Close() })
	return d
}

// until reads until the accumulated output contains want.
func (d *dte) until(want string, timeout time.Duration) (string, bool) {
	var acc []byte
	tm := time.NewTimer(timeout)
	defer tm.Stop()
	for !bytes.Contains(acc, []byte(want)) {
		select {
		case b, ok := <-d.r:
			if !ok {
				return string(acc), false
			}
			acc = append(acc, b...)
		case <-tm.C:
			return string(acc), false
		}
	}
	return string(acc), true
}

func (d *dte) cmd(c, want string) string {
	d.t.Helper()
	if _, err := d.p.Write([]byte(c + "\r")); err != nil {
		d.t.Fatal(err)
	}
	out, ok := d.until(want, time.Second)
	if !ok {
		d.t.Fatalf("%s: got %q, want %q", c, out, want)
	}
	return out
}

func TestAT_EchoIdentifyAndMultipleCommands(t *testing.T) {
	emu, d := start(t, modemtest.ProfileZoom3095)
	if out := d.cmd("ATZ", "OK\r\n"); !strings.HasPrefix(out, "ATZ\r") {
		t.Errorf("E1 after reset should echo: %q", out)
	}
	d.cmd("ATE0V1", "OK\r\n")
	if out := d.cmd("ATI0", "OK\r\n"); out != "\r\n56000\r\n\r\nOK\r\n" {
		t.Errorf("ATI0: %q", out)
	}
	d.cmd("AT+FCLASS=8;+VIT=60;+VPR=16", "OK\r\n")
	if out := d.cmd("AT+VLS=?", "OK\r\n"); !strings.Contains(out, `1,"T",0B8433C1`) {
		t.Errorf("VLS list: %q", out)
	}
	d.cmd("AT+BOGUS", "ERROR\r\n")
	// The Zoom loses caller ID on ATZ (conexant-miniterm-vcid-off-then-on.txt).
	d.cmd("AT+VCID=1", "OK\r\n")
	d.cmd("ATZ", "OK\r\n")
	if out := d.cmd("AT+VCID?", "OK\r\n"); !strings.Contains(out, "\r\n0\r\n") {
		t.Errorf("VCID after ATZ: %q", out)
	}
	got := emu.Commands()
	if len(got) != 9 || got[3] != "AT+FCLASS=8;+VIT=60;+VPR=16" {
		t.Errorf("commands %q", got)
	}
}

// zoom3095-minicom-vtx-exit.txt: the Zoom leaves +VTX only on
// <DLE><DLE><DLE><ETX>; the USR5637 on a single <DLE><ETX>.
func TestVTX_EndForms(t *testing.T) {
	for _, tt := range []struct {
		p          modemtest.Profile
		singleEnds bool
	}{{modemtest.ProfileZoom3095, false}, {modemtest.ProfileUSR5637, true}} {
		t.Run(tt.p.String(), func(t *testing.T) {
			emu, d := start(t, tt.p)
			d.cmd("ATE0", "OK\r\n")
			d.cmd("AT+FCLASS=8", "OK\r\n")
			d.cmd("AT+VLS=1", "OK\r\n")
			d.cmd("AT+VTX", "CONNECT\r\n")
			d.p.Write([]byte("u\x10\x03"))
			out, ended := d.until("OK\r\n", 300*time.Millisecond)
			if ended != tt.singleEnds {
				t.Fatalf("single <DLE><ETX>: ended=%v (%q)", ended, out)
			}
			if !ended {
				d.p.Write([]byte("\x10\x10\x10\x03"))
				if out, ok := d.until("OK\r\n", time.Second); !ok {
					t.Fatalf("triple form: %q", out)
				}
			}
			d.cmd("ATH", "OK\r\n")
			if !emu.NeverOffHook() && len(emu.RecordsOf(modemtest.RecOnHook)) != 1 {
				t.Error("hook records")
			}
			if rs := emu.RecordsOf(modemtest.RecPlayEnd); len(rs) != 1 {
				t.Errorf("play end records %v", rs)
			}
		})
	}
}

func TestRecords_HookTimestamps(t *testing.T) {
	emu, d := start(t, modemtest.ProfileUSR5637)
	if !emu.NeverOffHook() {
		t.Fatal("off-hook at start")
	}
	d.cmd("ATE0H1", "OK\r\n")
	time.Sleep(100 * time.Millisecond)
	d.cmd("ATH0", "OK\r\n")
	off, on := emu.RecordsOf(modemtest.RecOffHook), emu.RecordsOf(modemtest.RecOnHook)
	if len(off) != 1 || len(on) != 1 || on[0].At.Sub(off[0].At) < 100*time.Millisecond {
		t.Fatalf("off %v on %v", off, on)
	}
}

func TestDTRDrop_AndUnplugRepointsLink(t *testing.T) {
	emu, d := start(t, modemtest.ProfileZoom3095)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	d.cmd("ATE0H1", "OK\r\n")
	d.p.Close()
	if _, err := emu.WaitRecord(ctx, modemtest.Kind(modemtest.RecDTRDrop)); err != nil {
		t.Fatal(err)
	}
	if emu.OffHook() {
		t.Error("off-hook after the DTE closed the port")
	}
	d2 := open(t, emu)
	d2.cmd("AT", "OK\r\n")

	first, _ := os.Readlink(emu.Path())
	if err := emu.Unplug(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(emu.Path()); !os.IsNotExist(err) {
		t.Errorf("link still there after unplug: %v", err)
	}
	if _, ok := d2.until("never", 500*time.Millisecond); ok {
		t.Fatal("impossible")
	}
	if err := emu.Replug(); err != nil {
		t.Fatal(err)
	}
	second, err := os.Readlink(emu.Path())
	if err != nil || second != emu.SlavePath() {
		t.Fatalf("link -> %q (%v), slave %q (first %q)", second, err, emu.SlavePath(), first)
	}
	d3 := open(t, emu)
	d3.cmd("ATE0", "OK\r\n")
}

// The encoders reproduce the PROTOCOLS.md §5.4 vectors byte for byte.
func TestEncode_Vectors(t *testing.T) {
	tests := []struct {
		got  []byte
		want string
	}{
		{modemtest.EncodeMDMF(&modemtest.CID{Date: "0315", Time: "1430", Number: "8005551234", Name: "DOE JOHN"}),
			"802001083033313531343330020A383030353535313233340708444F45204A4F484E83"},
		{modemtest.EncodeMDMF(&modemtest.CID{Date: "0315", Time: "1430", NumberAbsent: "P", NameAbsent: "P"}),
			"801001083033313531343330040150080150" + "28"},
		{modemtest.EncodeMDMF(&modemtest.CID{Date: "0315", Time: "1430", Number: "8005551234", NameAbsent: "O"}),
			"801901083033313531343330020A3830303535353132333408014F68"},
		{modemtest.EncodeSDMF(&modemtest.CID{Date: "0315", Time: "1430", NumberAbsent: "O"}), "040930333135313433304F13"},
		{modemtest.EncodeSDMF(&modemtest.CID{Date: "0511", Time: "1852", Number: "4075550000"}), "041230353131313835323430373535353030303059"},
	}
	for i, tt := range tests {
		if got := fmt.Sprintf("%X", tt.got); got != tt.want {
			t.Errorf("%d: %s, want %s", i, got, tt.want)
		}
	}
}

func ExampleFormatCID() {
	c := &modemtest.CID{Date: "1203", Time: "1452", Number: "07700900123"}
	fmt.Printf("%q\n", modemtest.FormatCID(c, 1, false))
	fmt.Printf("%q\n", modemtest.FormatCID(c, 1, true))
	// Output:
	// "\r\nDATE=1203\r\nTIME=1452\r\nNMBR=07700900123\r\n"
	// "\r\nDATE = 1203\r\nTIME = 1452\r\nNMBR = 07700900123\r\n"
}

var quickRing = []time.Duration{100 * time.Millisecond, 300 * time.Millisecond}

func waitDone(t *testing.T, c *modemtest.Call) {
	t.Helper()
	select {
	case <-c.Done():
	case <-time.After(3 * time.Second):
		t.Fatalf("call not over: %s", c.State())
	}
}

// A phone on the line lifted while it rings answers the call: the rings
// stop and the caller is connected to it until it hangs up.
func TestCall_ExtensionAnswers(t *testing.T) {
	emu, _ := start(t, modemtest.ProfileZoom3095)
	c, err := emu.PlaceCall(modemtest.CallSpec{Cadence: quickRing, MaxRings: 20})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(150 * time.Millisecond)
	if got := c.State(); got != "ringing" {
		t.Fatalf("state %q", got)
	}
	emu.SetExtensionOffHook(true)
	select {
	case <-c.Answered():
	case <-time.After(time.Second):
		t.Fatal("lifting the handset did not answer")
	}
	rings := len(emu.RecordsOf(modemtest.RecRing))
	time.Sleep(900 * time.Millisecond)
	if n := len(emu.RecordsOf(modemtest.RecRing)); n != rings {
		t.Errorf("%d more rings after the handset answered", n-rings)
	}
	if got := c.State(); got != "connected to the handset" {
		t.Errorf("state %q", got)
	}
	emu.SetExtensionOffHook(false)
	waitDone(t, c)
	if r := c.EndReason(); r != "handset hung up" {
		t.Errorf("end %q", r)
	}
}

// The box answers, then hands the caller to the handset (the owner
// accepts: relay to the line, the modem hangs up): the call goes on.
func TestCall_HandedOverToTheHandset(t *testing.T) {
	emu, d := start(t, modemtest.ProfileZoom3095)
	c, err := emu.PlaceCall(modemtest.CallSpec{Cadence: quickRing, MaxRings: 20})
	if err != nil {
		t.Fatal(err)
	}
	d.cmd("ATE0", "OK\r\n")
	d.cmd("AT+FCLASS=8", "OK\r\n")
	d.cmd("AT+VLS=1", "OK\r\n")
	<-c.Answered()
	if got := c.State(); got != "answered by the box" {
		t.Errorf("state %q", got)
	}
	emu.SetExtensionOffHook(true)
	d.cmd("ATH0", "OK\r\n")
	time.Sleep(50 * time.Millisecond)
	if got := c.State(); got != "connected to the handset" {
		t.Fatalf("after the hand-over: %q", got)
	}
	emu.SetExtensionOffHook(false)
	waitDone(t, c)
	if r := c.EndReason(); r != "handset hung up" {
		t.Errorf("end %q", r)
	}
}

// A firmware that dies with the line seized leaves no caller "answered"
// forever: the port closing puts the modem on-hook and ends the call.
func TestCall_PortClosedEndsAnsweredCall(t *testing.T) {
	emu, d := start(t, modemtest.ProfileUSR5637)
	c, err := emu.PlaceCall(modemtest.CallSpec{Cadence: quickRing, MaxRings: 20})
	if err != nil {
		t.Fatal(err)
	}
	d.cmd("ATE0", "OK\r\n")
	d.cmd("ATH1", "OK\r\n")
	<-c.Answered()
	d.p.Close()
	waitDone(t, c)
	if r := c.EndReason(); r != "box hung up" {
		t.Errorf("end %q", r)
	}
}

// GiveUpAfter ends the call soon after its last ring, so the next call
// can follow within the ring gap.
func TestCall_GiveUpAfter(t *testing.T) {
	emu, _ := start(t, modemtest.ProfileZoom3095)
	begin := time.Now()
	c, err := emu.PlaceCall(modemtest.CallSpec{Cadence: []time.Duration{200 * time.Millisecond, 400 * time.Millisecond},
		MaxRings: 2, GiveUpAfter: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, c)
	if el := time.Since(begin); el < 700*time.Millisecond || el > 1200*time.Millisecond {
		t.Errorf("two rings then 100 ms took %v, want about 700 ms", el)
	}
	if _, err := emu.PlaceCall(modemtest.CallSpec{Cadence: quickRing, MaxRings: 1}); err != nil {
		t.Errorf("the next call: %v", err)
	}
}

// Tones the box plays (+VTS) are heard by the caller.
func TestTone_HeardByTheCaller(t *testing.T) {
	emu, d := start(t, modemtest.ProfileZoom3095)
	d.cmd("ATE0", "OK\r\n")
	d.cmd("AT+FCLASS=8", "OK\r\n")
	d.cmd("AT+VLS=1", "OK\r\n")
	d.cmd("AT+VTS=[914,914,27]", "OK\r\n")
	d.cmd("AT+VTS=1,2", "OK\r\n")
	if n := len(emu.Heard()); n != 8000*270/1000+2*800 {
		t.Errorf("heard %d samples, want 270 ms of tone and two 100 ms keys", n)
	}
}

// Call waiting: the alert (<DLE>w in voice class), then the waiting
// caller's ID as the modem prints caller ID.
func TestCall_CallWaiting(t *testing.T) {
	emu, d := start(t, modemtest.ProfileZoom3095)
	c, err := emu.PlaceCall(modemtest.CallSpec{Cadence: quickRing, MaxRings: 20})
	if err != nil {
		t.Fatal(err)
	}
	if c.CallWaiting(&modemtest.CID{Number: "1"}) {
		t.Error("call waiting before the box answered")
	}
	d.cmd("ATE0", "OK\r\n")
	d.cmd("AT+VCID=1", "OK\r\n")
	d.cmd("AT+FCLASS=8", "OK\r\n")
	d.cmd("AT+VLS=1", "OK\r\n")
	<-c.Answered()
	if !c.CallWaiting(&modemtest.CID{Date: "0315", Time: "1431", Number: "9005551234", Name: "WAITING"}) {
		t.Fatal("no call waiting while answered")
	}
	if out, ok := d.until("NAME = WAITING", time.Second); !ok || !strings.Contains(out, "\x10w") {
		t.Errorf("modem printed %q", out)
	}
}
