package delivery

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"time"

	"secretary/screening/clean"
)

// ErrNoAudio is wrapped when a message's recording cannot be read for its
// e-mail: the route fails (the file is gone or damaged).
var ErrNoAudio = errors.New("delivery: the recording cannot be read")

// failKind is what a failed attempt leads to.
type failKind int

const (
	// failTransient: try again later (network, server down, "try later").
	failTransient failKind = iota
	// failAttention: the owner must fix something (credentials, the
	// server's certificate); retried a few times, reported at once.
	failAttention
	// failPermanent: the server refused for good, or the settings cannot
	// work; tried again only after the settings change.
	failPermanent
)

func (k failKind) String() string {
	switch k {
	case failAttention:
		return "attention"
	case failPermanent:
		return "permanent"
	}
	return "transient"
}

// failure is a failed attempt: its class and one sentence for the owner.
type failure struct {
	kind       failKind
	msg        string        // for the owner; never holds a secret
	retryAfter time.Duration // the server asked to wait at least this long (HTTP Retry-After)
	err        error
}

func (f *failure) Error() string { return f.msg }
func (f *failure) Unwrap() error { return f.err }

func fail(kind failKind, err error, format string, args ...any) *failure {
	return &failure{kind: kind, msg: fmt.Sprintf(format, args...), err: err}
}

// serverText keeps what a server said short and printable.
func serverText(s string) string {
	s = clean.Text(strings.TrimSpace(s), 0)
	if r := []rune(s); len(r) > 160 {
		s = string(r[:160]) + "..."
	}
	return s
}

// tlsProblem reports a certificate the box does not trust, or a TLS
// handshake that failed, as a sentence.
func tlsProblem(err error) (string, bool) {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var hn x509.HostnameError
	var ci x509.CertificateInvalidError
	switch {
	case errors.As(err, &hn):
		return "the server's certificate is for another name (" + serverText(hn.Error()) + ")", true
	case errors.As(err, &ua), errors.As(err, &ci), errors.As(err, &cv):
		return "the server's certificate is not trusted (" + serverText(err.Error()) + "); check the server name, and the box's clock", true
	}
	return "", false
}
