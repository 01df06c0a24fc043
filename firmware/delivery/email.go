package delivery

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"
	mailsmtp "github.com/wneessen/go-mail/smtp"

	"secretary/screening"
)

// emailer sends the e-mail of one message through the owner's server.
type emailer struct {
	roots   *x509.CertPool // trusted roots; nil: the system's
	timeout time.Duration  // per step of the SMTP exchange
	loc     *time.Location
	helo    string // the name the box gives in EHLO; "" = its host name
}

// send builds the e-mail (envelope in the body, recording attached) and
// hands it to the server. A connection the server cut after it accepted
// the message counts as sent.
func (e *emailer) send(ctx context.Context, set screening.DeliverySettings, env Envelope, wav []byte) error {
	d := set
	if d.SMTPServer == "" {
		return fail(failPermanent, nil, "no mail server: set smtp-server (e.g. smtp.gmail.com)")
	}
	m := mail.NewMsg(mail.WithNoDefaultUserAgent())
	if err := m.From(d.Sender()); err != nil {
		return fail(failPermanent, err, "the sender address %q cannot be used: set email-from", d.Sender())
	}
	if err := m.To(d.EmailTo...); err != nil {
		return fail(failPermanent, err, "a recipient address cannot be used: check email-to")
	}
	m.Subject(env.Subject())
	m.SetDateWithValue(env.Time)
	m.SetMessageIDWithValue("voicemail-" + env.ID + "@secretary.invalid") // the same on every attempt
	m.SetGenHeader(mail.HeaderUserAgent, "secretary box")
	if env.Urgent {
		m.SetImportance(mail.ImportanceUrgent)
	}
	m.SetBodyString(mail.TypeTextPlain, env.Body(e.loc))
	m.AttachReadSeeker(env.FileName(), bytes.NewReader(wav), mail.WithFileContentType("audio/wav"))

	host, port := d.SMTPAddress()
	c, err := mail.NewClient(host, e.options(ctx, d, port)...)
	if err != nil {
		return fail(failPermanent, err, "the mail server settings cannot be used: %s", serverText(err.Error()))
	}
	err = c.DialAndSendWithContext(ctx, m)
	if err == nil || m.IsDelivered() {
		return nil
	}
	return classifySMTP(err, d)
}

func (e *emailer) options(ctx context.Context, d screening.DeliverySettings, port int) []mail.Option {
	host, _ := d.SMTPAddress()
	tc := &tls.Config{ServerName: host, RootCAs: e.roots, MinVersion: tls.VersionTLS12}
	opts := []mail.Option{mail.WithPort(port), mail.WithTimeout(e.timeout), mail.WithTLSConfig(tc),
		mail.WithDialContextFunc(e.dialer(ctx, d.SMTPSecurity == screening.SMTPTLS, tc))}
	if e.helo != "" {
		opts = append(opts, mail.WithHELO(e.helo))
	}
	switch d.SMTPSecurity {
	case screening.SMTPStartTLS:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	default: // implicit TLS is the dialer's; none is none
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	}
	if d.SMTPUser != "" {
		opts = append(opts, mail.WithOpportunisticSMTPAuth(mail.SMTPAuthPlain, mail.SMTPAuthLogin, mail.SMTPAuthSCRAMSHA256,
			mail.SMTPAuthCramMD5), mail.WithUsername(d.SMTPUser), mail.WithPassword(d.SMTPPassword))
	}
	return opts
}

// dialer connects (with TLS from the start for implicit TLS) and closes
// the connection when ctx ends, so a stopping box never waits for a slow
// server.
func (e *emailer) dialer(ctx context.Context, implicit bool, tc *tls.Config) mail.DialContextFunc {
	return func(dctx context.Context, network, addr string) (net.Conn, error) {
		var conn net.Conn
		var err error
		if implicit {
			conn, err = (&tls.Dialer{Config: tc}).DialContext(dctx, network, addr)
		} else {
			conn, err = (&net.Dialer{}).DialContext(dctx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		stop := context.AfterFunc(ctx, func() { conn.Close() })
		return &stopConn{Conn: conn, stop: stop}, nil
	}
}

// stopConn forgets the close-on-cancel when the connection closes.
type stopConn struct {
	net.Conn
	stop func() bool
}

func (c *stopConn) Close() error {
	c.stop()
	return c.Conn.Close()
}

// classifySMTP turns what went wrong into a failure for the owner.
func classifySMTP(err error, d screening.DeliverySettings) *failure {
	server := d.SMTPServer
	if msg, ok := tlsProblem(err); ok {
		return fail(failAttention, err, "%s: %s", server, msg)
	}
	var rh tls.RecordHeaderError
	var alert tls.AlertError
	switch {
	case errors.As(err, &rh) && d.SMTPSecurity == screening.SMTPTLS:
		return fail(failAttention, err, "the mail server %s does not speak TLS from the start on this port: set smtp-security to starttls (port 587), or check smtp-server", server)
	case errors.As(err, &rh), errors.As(err, &alert):
		return fail(failAttention, err, "the mail server %s refused the encrypted connection (TLS): check smtp-security and the port of smtp-server", server)
	}
	var tp *textproto.Error
	var se *mail.SendError
	code, text := 0, ""
	switch {
	case errors.As(err, &tp):
		code, text = tp.Code, tp.Msg
	case errors.As(err, &se):
		code, text = se.ErrorCode(), se.Error()
	}
	said := ""
	if code != 0 {
		said = fmt.Sprintf(" (%d %s)", code, serverText(text))
	}
	switch {
	case code == 535 || code == 534:
		return fail(failAttention, err, "the mail server %s refused the user name or password%s: check smtp-user and smtp-password (an app password)", server, said)
	case code == 530 && d.SMTPUser == "":
		return fail(failAttention, err, "the mail server %s wants a login%s: set smtp-user and smtp-password", server, said)
	case code >= 500:
		return fail(failPermanent, err, "the mail server %s refused the message%s", server, said)
	case code >= 400:
		return fail(failTransient, err, "the mail server %s said to try later%s", server, said)
	case errors.Is(err, mailsmtp.ErrUnencrypted):
		return fail(failPermanent, err, "the box does not send a password over an unencrypted connection: set smtp-security to starttls or tls")
	case strings.Contains(err.Error(), "does not support STARTTLS"):
		return fail(failPermanent, err, "the mail server %s does not offer STARTTLS: set smtp-security to tls (port 465), or check smtp-server", server)
	case strings.Contains(err.Error(), "does not support SMTP AUTH"):
		return fail(failPermanent, err, "the mail server %s takes no login: leave smtp-user empty, or check smtp-server", server)
	case errors.Is(err, mail.ErrNoSupportedAuthDiscovered), errors.Is(err, mail.ErrPlainAuthNotSupported), errors.Is(err, mail.ErrLoginAuthNotSupported):
		return fail(failPermanent, err, "the mail server %s offers no login the box knows (PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256)", server)
	}
	var ne net.Error
	var oe *net.OpError
	var de *net.DNSError
	switch {
	case errors.As(err, &de):
		return fail(failTransient, err, "the mail server %s could not be found (no network, or a wrong name)", server)
	case errors.As(err, &ne) && ne.Timeout():
		return fail(failTransient, err, "the mail server %s did not answer in time", server)
	case errors.As(err, &oe) && oe.Op == "dial":
		return fail(failTransient, err, "the mail server %s cannot be reached (%s)", server, serverText(oe.Err.Error()))
	}
	return fail(failTransient, err, "sending through %s failed: %s", server, serverText(err.Error()))
}
