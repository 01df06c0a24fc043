package delivery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"secretary/hal/audio"
	"secretary/screening"
)

// ErrChannelOff is returned by SendTest for a channel the settings leave
// off.
var ErrChannelOff = errors.New("delivery: the channel is off")

// SendTest sends a test on channel c now, with the stored settings, so
// the owner can check them (the console's delivery test): an e-mail with a
// second of tone attached, or a push marked "test". It returns where it
// went, or why not as one sentence for the owner (the same words a
// message's delivery would report: the password refused, the server not
// reachable, TLS not offered or not trusted). It leaves the queue alone
// and may run beside Run.
func (d *Deliverer) SendTest(ctx context.Context, c screening.Channel) (string, error) {
	set, err := d.st.Settings()
	if err != nil {
		return "", fmt.Errorf("the settings cannot be read: %w", err)
	}
	ds := set.Delivery
	if !ds.On(c) {
		return "", fail(failPermanent, ErrChannelOff, "%s", offHint(c))
	}
	loc := d.cfg.Location
	if loc == nil {
		loc = time.Local
	}
	env := Envelope{ID: "test-" + d.clock.Now().UTC().Format("20060102-150405"), Time: d.clock.Now(), Name: "SECRETARY BOX TEST",
		Seconds: 1, Test: true}
	switch c {
	case screening.ChannelEmail:
		em := &emailer{roots: d.cfg.RootCAs, timeout: min(d.cfg.EmailTimeout, 30*time.Second), loc: loc}
		if err := em.send(ctx, ds, env, testTone()); err != nil {
			return "", err
		}
		host, port := ds.SMTPAddress()
		return fmt.Sprintf("e-mail sent to %s through %s:%d (%s); look for \"%s\"", strings.Join(ds.EmailTo, ", "), host, port,
			ds.SMTPSecurity, env.Subject()), nil
	case screening.ChannelPush:
		p := &pusher{roots: d.cfg.RootCAs, timeout: d.cfg.PushTimeout, loc: loc}
		if err := p.send(ctx, ds, env); err != nil {
			return "", err
		}
		return "push sent to " + redactURL(ds.PushURL), nil
	}
	return "", fail(failPermanent, ErrChannelOff, "no channel %v", c)
}

// offHint says how to turn a channel on.
func offHint(c screening.Channel) string {
	if c == screening.ChannelPush {
		return "push is off: set push-url (and push-token if the service wants one)"
	}
	return "e-mail is off: set email-to, smtp-server, smtp-user and smtp-password"
}

// redactURL is u without a password in its user part.
func redactURL(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		rest := u[i+3:]
		if at := strings.Index(rest, "@"); at >= 0 && at < strings.IndexAny(rest+"/", "/?#") {
			return u[:i+3] + "(hidden)@" + rest[at+1:]
		}
	}
	return u
}

// testTone is a second of 440 Hz as a WAV file.
func testTone() []byte {
	pcm := make([]int16, audio.Rate)
	for i := range pcm {
		pcm[i] = int16(6000 * math.Sin(2*math.Pi*440*float64(i)/audio.Rate))
	}
	var b bytes.Buffer
	_ = audio.WriteWAV(&b, audio.PCM16, audio.Rate, pcm) // a bytes.Buffer does not fail
	return b.Bytes()
}
