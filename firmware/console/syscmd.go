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
	checks, err := c.b.SelfTest(ctx, w)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CHECK\tRESULT\tDETAIL")
	n := map[CheckResult]int{}
	for _, ch := range checks {
		n[ch.Result]++
		fmt.Fprintf(tw, "%s\t%s\t%s\n", ch.Name, ch.Result, ch.Detail)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, ch := range checks {
		switch {
		case ch.Result == CheckFail && ch.Hint != "":
			fmt.Fprintf(w, "%s failed: %s\n", ch.Name, ch.Hint)
		case ch.Result == CheckLook && ch.Hint != "":
			fmt.Fprintf(w, "%s: if it did not happen, %s\n", ch.Name, ch.Hint)
		}
	}
	rest := ""
	if n[CheckLook] > 0 {
		rest += fmt.Sprintf("; %d to confirm by eye or ear (LOOK)", n[CheckLook])
	}
	if n[CheckSkip] > 0 {
		rest += fmt.Sprintf("; %d skipped (parts this box does not have)", n[CheckSkip])
	}
	if n[CheckFail] > 0 {
		return fmt.Errorf("selftest: %d of %d checks FAILED (see above for what to check)%s", n[CheckFail], len(checks), rest)
	}
	return okf(w, "selftest: %d checks, none failed%s", len(checks), rest)
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
