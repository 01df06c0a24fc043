package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"secretary/firmware/delivery/deliverytest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mailsink:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends.
func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("mailsink", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:2525", "address to take mail on")
	dir := fs.String("dir", ".data/mail", "directory the e-mails and their attachments are kept in")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	var mu sync.Mutex // sessions may end together
	n := 0
	srv := &deliverytest.MailServer{Insecure: true, OnMail: func(m deliverytest.Mail) {
		mu.Lock()
		defer mu.Unlock()
		n++
		keep(out, *dir, n, m)
	}}
	if err := srv.Start(*listen); err != nil {
		return err
	}
	defer srv.Stop()
	fmt.Fprintf(out, "mailsink: taking mail on %s (plain SMTP, any login), keeping it in %s\n", srv.Addr(), *dir)
	fmt.Fprintf(out, "on the box: set email-to you@example.com; set smtp-server %s; set smtp-security none; delivery test\n", srv.Addr())
	<-ctx.Done()
	return nil
}

// keep writes the e-mail and its attachments into dir and says what came.
func keep(out io.Writer, dir string, n int, m deliverytest.Mail) {
	base := filepath.Join(dir, fmt.Sprintf("%03d", n))
	if err := os.WriteFile(base+".eml", m.Data, 0o644); err != nil {
		fmt.Fprintln(out, "mailsink:", err)
	}
	p, err := deliverytest.Parse(m.Data)
	if err != nil {
		fmt.Fprintf(out, "mail %d from %s to %s: %v\n", n, m.From, strings.Join(m.To, ", "), err)
		return
	}
	fmt.Fprintf(out, "\nmail %d from %s to %s: %s\n%s", n, m.From, strings.Join(m.To, ", "), p.Header.Get("Subject"), p.Text)
	for name, b := range p.Files {
		path := base + "-" + filepath.Base(name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			fmt.Fprintln(out, "mailsink:", err)
			continue
		}
		fmt.Fprintf(out, "attachment %s (%s, %d bytes)\n", path, p.Types[name], len(b))
	}
}
