package delivery

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"

	"secretary/screening"
)

// pusher posts the envelope as JSON to push-url.
//
// It speaks just enough HTTP/1.1 for one POST (Content-Length body,
// Connection: close, the status line and headers of the answer) over
// net and crypto/tls, which the e-mail already links: net/http would add
// about 2.7 MB to a 6.5 MB firmware for this one request.
type pusher struct {
	roots   *x509.CertPool // trusted roots; nil: the system's
	timeout time.Duration  // the whole exchange
	loc     *time.Location
}

func (p *pusher) send(ctx context.Context, set screening.DeliverySettings, env Envelope) error {
	body, err := env.PushJSON(set.PushTopic, p.loc)
	if err != nil {
		return fail(failPermanent, err, "the message cannot be written as JSON: %v", err)
	}
	u, err := url.Parse(set.PushURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return fail(failPermanent, err, "push-url %q cannot be used: want an http:// or https:// URL", set.PushURL)
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	status, header, err := p.post(ctx, u, set.PushToken, body)
	if err != nil {
		return classifyNet(err, u.Host)
	}
	return classifyHTTP(status, header, u)
}

// post sends the request and reads the answer's status and headers.
func (p *pusher) post(ctx context.Context, u *url.URL, token string, body []byte) (int, textproto.MIMEHeader, error) {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	addr := net.JoinHostPort(u.Hostname(), port)
	var conn net.Conn
	var err error
	if u.Scheme == "https" {
		conn, err = (&tls.Dialer{Config: &tls.Config{ServerName: u.Hostname(), RootCAs: p.roots, MinVersion: tls.VersionTLS12}}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return 0, nil, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	var req strings.Builder
	fmt.Fprintf(&req, "POST %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: secretary-box\r\n", u.RequestURI(), u.Host)
	fmt.Fprintf(&req, "Content-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n", len(body))
	if token != "" {
		req.WriteString("Authorization: Bearer " + token + "\r\n")
	}
	req.WriteString("\r\n")
	if _, err := io.WriteString(conn, req.String()); err != nil {
		return 0, nil, ctxErr(ctx, err)
	}
	if _, err := conn.Write(body); err != nil {
		return 0, nil, ctxErr(ctx, err)
	}
	tr := textproto.NewReader(bufio.NewReader(io.LimitReader(conn, 64<<10)))
	line, err := tr.ReadLine()
	if err != nil {
		return 0, nil, ctxErr(ctx, err)
	}
	proto, rest, _ := strings.Cut(line, " ")
	code, _, _ := strings.Cut(rest, " ")
	status, err := strconv.Atoi(code)
	if !strings.HasPrefix(proto, "HTTP/") || err != nil || status < 100 || status > 999 {
		return 0, nil, fmt.Errorf("not an HTTP answer: %q", serverText(line))
	}
	header, err := tr.ReadMIMEHeader()
	if err != nil && !errors.Is(err, io.EOF) {
		return 0, nil, ctxErr(ctx, err)
	}
	return status, header, nil
}

// ctxErr prefers the context's reason (a deadline) to the closed
// connection it caused.
func ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// classifyHTTP turns the answer's status into nil (2xx) or a failure.
func classifyHTTP(status int, h textproto.MIMEHeader, u *url.URL) error {
	host := u.Host
	switch {
	case status >= 200 && status < 300:
		return nil
	case status == 401 || status == 403:
		return fail(failAttention, nil, "the push service %s refused the token (HTTP %d): check push-token", host, status)
	case status == 408 || status == 429 || status >= 500:
		f := fail(failTransient, nil, "the push service %s said to try later (HTTP %d)", host, status)
		if s, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After"))); err == nil && s > 0 {
			f.retryAfter = time.Duration(s) * time.Second
		}
		return f
	case status >= 300 && status < 400:
		return fail(failPermanent, nil, "the push service %s sends the message elsewhere (HTTP %d to %s): set push-url to that address", host, status, serverText(h.Get("Location")))
	case status == 100 || status == 101 || status < 200:
		return fail(failTransient, nil, "the push service %s answered HTTP %d", host, status)
	}
	return fail(failPermanent, nil, "the push service %s refused the message (HTTP %d): check push-url and push-topic", host, status)
}

// classifyNet is a connection that failed before an answer.
func classifyNet(err error, host string) *failure {
	if msg, ok := tlsProblem(err); ok {
		return fail(failAttention, err, "%s: %s", host, msg)
	}
	var de *net.DNSError
	var ne net.Error
	switch {
	case errors.As(err, &de):
		return fail(failTransient, err, "%s could not be found (no network, or a wrong name)", host)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return fail(failTransient, err, "%s did not answer in time", host)
	}
	return fail(failTransient, err, "%s cannot be reached (%s)", host, serverText(err.Error()))
}
