package deliverytest

import (
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mail is one message the server took.
type Mail struct {
	From string
	To   []string
	Data []byte // the message as sent (headers and body)
	TLS  bool   // the session was encrypted when the message came
	User string // who logged in ("" without AUTH)
}

// MailServer is a real SMTP server. Set the fields, then Start. With User
// set, a message needs AUTH PLAIN with User and Pass first, and AUTH needs
// TLS first unless Insecure. Safe for concurrent use once started.
type MailServer struct {
	Cert     *tls.Certificate // offered for STARTTLS (or from the first byte with Implicit); nil: no TLS
	Implicit bool             // TLS from the first byte (as on port 465)
	User     string           // "" = no login needed (AUTH is still offered and any login taken)
	Pass     string
	Insecure bool         // AUTH allowed on an unencrypted connection
	OnMail   func(m Mail) // called for each message taken (from the server's goroutine)

	mu    sync.Mutex
	mails []Mail
	auths int
	srv   *smtp.Server
	l     net.Listener
	addr  string
}

// ErrNoTLS: Implicit needs a Cert.
var ErrNoTLS = errors.New("deliverytest: implicit TLS without a certificate")

// Start listens on addr ("" = 127.0.0.1 on a free port) and serves in the
// background. An address just given up by Stop may take a moment to be
// free: Start tries for a second.
func (m *MailServer) Start(addr string) error {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if m.Implicit && m.Cert == nil {
		return ErrNoTLS
	}
	var l net.Listener
	var err error
	for i := 0; i < 50; i++ {
		if l, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		return err
	}
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{m: m, c: c}, nil }))
	s.Domain = "localhost"
	s.ErrorLog = log.New(io.Discard, "", 0)
	s.ReadTimeout, s.WriteTimeout = 30*time.Second, 30*time.Second
	s.MaxMessageBytes = 20 << 20
	s.AllowInsecureAuth = m.Insecure
	if m.Cert != nil {
		s.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*m.Cert}}
	}
	if m.Implicit {
		l = tls.NewListener(l, s.TLSConfig)
	}
	m.mu.Lock()
	m.srv, m.l, m.addr = s, l, l.Addr().String()
	m.mu.Unlock()
	go s.Serve(l)
	return nil
}

// Addr is where the server listens (after Start).
func (m *MailServer) Addr() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.addr
}

// Stop closes the server: connections are refused until Start.
// Idempotent. It closes the listener itself: the server's Close misses a
// listener its Serve goroutine has not taken up yet.
func (m *MailServer) Stop() {
	m.mu.Lock()
	s, l := m.srv, m.l
	m.srv, m.l = nil, nil
	m.mu.Unlock()
	if l != nil {
		l.Close()
	}
	if s != nil {
		s.Close()
	}
}

// Received returns the messages taken so far.
func (m *MailServer) Received() []Mail {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Mail(nil), m.mails...)
}

// AuthAttempts counts logins tried, right or wrong.
func (m *MailServer) AuthAttempts() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.auths
}

type session struct {
	m    *MailServer
	c    *smtp.Conn
	user string
	cur  Mail
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		s.m.mu.Lock()
		s.m.auths++
		s.m.mu.Unlock()
		if s.m.User != "" && (user != s.m.User || pass != s.m.Pass) {
			return smtp.ErrAuthFailed
		}
		s.user = user
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.m.User != "" && s.user == "" {
		return smtp.ErrAuthRequired
	}
	s.cur = Mail{From: from, User: s.user}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.To = append(s.cur.To, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, s.cur.TLS = s.c.TLSConnectionState()
	s.cur.Data = b
	s.m.mu.Lock()
	s.m.mails = append(s.m.mails, s.cur)
	on := s.m.OnMail
	s.m.mu.Unlock()
	if on != nil {
		on(s.cur)
	}
	return nil
}

func (s *session) Reset()        { s.cur = Mail{} }
func (s *session) Logout() error { return nil }
