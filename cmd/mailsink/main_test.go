package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	mail "github.com/wneessen/go-mail"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// An e-mail with an attachment, sent with a login over plain SMTP as the
// box does with smtp-security none, is printed and kept with its
// attachment.
func TestMailsink_KeepsMail(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().(*net.TCPAddr)
	l.Close()
	dir := t.TempDir()
	out := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-listen", addr.String(), "-dir", dir}, out) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	for !strings.Contains(out.String(), "taking mail on") {
		time.Sleep(10 * time.Millisecond)
	}
	m := mail.NewMsg()
	if err := m.From("box@example.com"); err != nil {
		t.Fatal(err)
	}
	if err := m.To("owner@example.com"); err != nil {
		t.Fatal(err)
	}
	m.Subject("Voicemail from +12125550143 (0:01)")
	m.SetBodyString(mail.TypeTextPlain, "Caller: +12125550143\n")
	m.AttachReader("voicemail-1.wav", strings.NewReader("RIFF....WAVE"), mail.WithFileContentType("audio/wav"))
	c, err := mail.NewClient(addr.IP.String(), mail.WithPort(addr.Port), mail.WithTLSPolicy(mail.NoTLS),
		mail.WithSMTPAuth(mail.SMTPAuthPlainNoEnc), mail.WithUsername("box"), mail.WithPassword("secret"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DialAndSend(m); err != nil {
		t.Fatal(err)
	}
	for end := time.Now().Add(5 * time.Second); !strings.Contains(out.String(), "attachment "); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("nothing printed:\n%s", out)
		}
	}
	if s := out.String(); !strings.Contains(s, "mail 1 from box@example.com to owner@example.com: Voicemail from +12125550143 (0:01)\nCaller: +12125550143") {
		t.Errorf("printed:\n%s", s)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "001-voicemail-1.wav")); err != nil || string(b) != "RIFF....WAVE" {
		t.Errorf("attachment kept: %q %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "001.eml")); err != nil {
		t.Error(err)
	}
}
