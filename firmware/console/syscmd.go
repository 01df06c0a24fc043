package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
)

func (c *Console) selftest(ctx context.Context, r *Request, w io.Writer) error {
	if err := noArgs(r, "selftest"); err != nil {
		return err
	}
	checks := c.b.SelfTest(ctx)
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	failed := 0
	for _, ch := range checks {
		res := "PASS"
		if !ch.OK {
			res = "FAIL"
			failed++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", res, ch.Name, ch.Detail)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d checks failed", failed, len(checks))
	}
	return okf(w, "%d checks passed", len(checks))
}

func (c *Console) reboot(_ context.Context, r *Request, w io.Writer) error {
	if err := noArgs(r, "reboot [--yes]"); err != nil {
		return err
	}
	ok, err := confirm(r, "restart the box now? calls ring straight through to the phone until it is back")
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("not restarted")
	}
	what, err := c.b.Reboot()
	if err != nil {
		return err
	}
	return okf(w, "%s", what)
}
