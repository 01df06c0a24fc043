package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"secretary/screening"
)

// testTimeout bounds the delivery test of one channel (a mail server that
// never answers).
const testTimeout = 45 * time.Second

func (c *Console) deliveryCommand() Command {
	return Command{Name: "delivery", Usage: "delivery show|test|retry", Default: "show",
		Summary: "messages sent on to you by e-mail or push: the settings, what waits or failed, a test, retry now",
		Help: "E-mail is on when email-to is set (with smtp-server, smtp-user, smtp-password); push when push-url is.\n" +
			"Passwords and tokens are never shown, only whether they are set. A delivery that fails waits and tries\n" +
			"again (30 s doubling to 1 h) as long as it takes; one that needs you (a refused password) is shown in\n" +
			"status and here. Changing a delivery setting tries again at once.\n" +
			"example: set email-to me@example.com; set smtp-server smtp.gmail.com; set smtp-user me@gmail.com;\n" +
			"set smtp-password \"abcd efgh ijkl mnop\"; delivery test",
		Subs: []Command{
			{Name: "show", Aliases: []string{"list", "ls", "queue"}, Usage: "delivery show", Run: c.deliveryShow},
			{Name: "test", Usage: "delivery test [email|push]",
				Summary: "send a test e-mail (a second of tone attached) or push now, to check the settings",
				Complete: func(_ context.Context, args []string, prefix string) []string {
					if len(args) > 0 {
						return nil
					}
					return withPrefix([]string{"email", "push"}, prefix)
				}, Run: c.deliveryTest},
			{Name: "retry", Usage: "delivery retry", Summary: "try every waiting or failed delivery now (the network or server is back)",
				Run: c.deliveryRetry},
		}}
}

// deliveryShow: the settings of each channel (never a secret), the loop's
// status and every delivery that still waits or failed.
func (c *Console) deliveryShow(_ context.Context, r *Request, w io.Writer) error {
	if len(r.Args) != 0 {
		return usagef("usage: delivery show")
	}
	db := c.b.(DeliveryBackend)
	st, err := c.b.Settings()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	for _, ch := range screening.Channels {
		fmt.Fprintf(tw, "%s\t%s\n", ch, channelSettings(st.Delivery, ch))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, l := range db.DeliveryStatus() {
		fmt.Fprintln(w, l)
	}
	dels, err := db.DeliveryQueue()
	if err != nil {
		return err
	}
	msgs, err := c.b.Messages()
	if err != nil {
		return err
	}
	n := map[string]int{}
	byID := map[string]screening.Message{}
	for i, m := range msgs {
		n[m.ID], byID[m.ID] = i+1, m
	}
	now := c.now()
	tw = tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	rows := 0
	for _, d := range dels {
		for _, rt := range d.Routes {
			if rt.State != screening.DeliveryWaiting && rt.State != screening.DeliveryFailed {
				continue
			}
			if rows == 0 {
				fmt.Fprintln(tw, "not yet delivered:")
				fmt.Fprintln(tw, "  N\tMESSAGE\tFROM\tBY\tSTATE\tNEXT TRY\tLAST ERROR")
			}
			rows++
			state, next := "waiting", "now"
			switch {
			case rt.State == screening.DeliveryFailed:
				state, next = "FAILED", "delivery retry"
			case rt.Next.After(now):
				next = rt.Next.In(now.Location()).Format("01-02 15:04")
			}
			if rt.Tries > 0 {
				state += " (" + plural(rt.Tries, "try") + ")"
			}
			num := "-"
			if k, ok := n[d.MessageID]; ok {
				num = fmt.Sprint(k)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\n", num, d.MessageID, orDash(byID[d.MessageID].Number), rt.Channel, state, next, orDash(rt.Error))
		}
	}
	if rows == 0 {
		fmt.Fprintln(tw, "nothing waits to be delivered")
	}
	return tw.Flush()
}

// channelSettings is one channel's settings in a line, secrets as set or
// not set.
func channelSettings(d screening.DeliverySettings, ch screening.Channel) string {
	set := func(s string) string {
		if s == "" {
			return "not set"
		}
		return "set"
	}
	switch ch {
	case screening.ChannelEmail:
		if !d.On(ch) {
			return "off (set email-to, smtp-server, smtp-user and smtp-password to e-mail each message)"
		}
		server := "NO smtp-server"
		if d.SMTPServer != "" {
			host, port := d.SMTPAddress()
			server = fmt.Sprintf("%s:%d (%s)", host, port, d.SMTPSecurity)
		}
		login := "no login"
		if d.SMTPUser != "" {
			login = "login " + d.SMTPUser + ", password " + set(d.SMTPPassword)
		}
		return fmt.Sprintf("on: to %s, from %s, through %s, %s", strings.Join(d.EmailTo, ", "), d.Sender(), server, login)
	case screening.ChannelPush:
		if !d.On(ch) {
			return "off (set push-url to post each message as JSON: ntfy, Gotify, a webhook)"
		}
		s := "on: to " + d.PushURL
		if d.PushTopic != "" {
			s += ", topic " + d.PushTopic
		}
		return s + ", token " + set(d.PushToken)
	}
	return "?"
}

// deliveryTest sends a test on the named channel, or on each that is on.
func (c *Console) deliveryTest(ctx context.Context, r *Request, w io.Writer) error {
	db := c.b.(DeliveryBackend)
	var chans []screening.Channel
	switch {
	case len(r.Args) > 1:
		return usagef("usage: delivery test [email|push]")
	case len(r.Args) == 1:
		switch strings.ToLower(r.Args[0]) {
		case "email", "e-mail", "mail":
			chans = []screening.Channel{screening.ChannelEmail}
		case "push":
			chans = []screening.Channel{screening.ChannelPush}
		default:
			return usagef("delivery test takes email or push, not %q", r.Args[0])
		}
	default:
		st, err := c.b.Settings()
		if err != nil {
			return err
		}
		for _, ch := range screening.Channels {
			if st.Delivery.On(ch) {
				chans = append(chans, ch)
			}
		}
		if len(chans) == 0 {
			return errors.New("delivery is off: set email-to (and smtp-server, smtp-user, smtp-password) or push-url first (help delivery)")
		}
	}
	var errs []error
	for _, ch := range chans {
		fmt.Fprintf(w, "%s: sending a test...\n", ch)
		tctx, cancel := context.WithTimeout(ctx, testTimeout)
		out, err := db.TestDelivery(tctx, ch)
		cancel()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s test failed: %s", ch, sentence(err)))
			continue
		}
		fmt.Fprintf(w, "ok: %s\n", out)
	}
	return errors.Join(errs...)
}

func (c *Console) deliveryRetry(_ context.Context, r *Request, w io.Writer) error {
	if len(r.Args) != 0 {
		return usagef("usage: delivery retry")
	}
	if err := c.b.(DeliveryBackend).RetryDeliveries(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "ok: every waiting or failed delivery is tried now; delivery show (or status) tells how it went")
	return err
}
