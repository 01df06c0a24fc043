package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"secretary/board"
	"secretary/firmware/console"
)

// stepAside is a request from the console's selftest for the devices: the
// call loop stops (relay to pass-through, line on-hook), closes granted,
// and starts again when done is closed.
type stepAside struct {
	granted chan struct{}
	done    chan struct{}
}

// runApp runs the appliance until ctx ends, stepping aside while the
// console's selftest has the devices.
func (b *box) runApp(ctx context.Context) error {
	defer close(b.appDone)
	for {
		runCtx, cancel := context.WithCancel(ctx)
		errc := make(chan error, 1)
		go func() { errc <- b.app.Run(runCtx) }()
		select {
		case err := <-errc:
			cancel()
			return err
		case req := <-b.aside:
			cancel()
			if err := <-errc; err != nil {
				return err
			}
			close(req.granted)
			select {
			case <-req.done:
			case <-ctx.Done():
				return nil
			}
		}
	}
}

// hardwareTest is the hardware part of the console's selftest: the
// board's self-test on the open devices (the call loop steps aside
// meanwhile, so calls pass through), then what only the running firmware
// can tell of the box: its storage and the installer settings.
func hardwareTest(bx *box, in *install, data string) func(ctx context.Context, w io.Writer) ([]console.Check, error) {
	return func(ctx context.Context, w io.Writer) ([]console.Check, error) {
		if st := bx.app.Status(); st.Busy() {
			return nil, fmt.Errorf("the box is busy with a call (%s); try again when it is idle", st.Phase)
		}
		req := stepAside{granted: make(chan struct{}), done: make(chan struct{})}
		select {
		case bx.aside <- req:
		case <-bx.appDone:
			return nil, fmt.Errorf("the firmware is not running")
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		select {
		case <-req.granted:
		case <-bx.appDone:
			return nil, fmt.Errorf("the firmware is not running")
		}
		defer close(req.done)
		fmt.Fprintf(w, "self-test of board %s (capabilities: %v); calls pass through meanwhile\n", bx.board.Name(), bx.devs.Caps)
		checks := board.SelfTest(ctx, board.NewSelfTestEnv(bx.board, bx.devs, w))
		checks = append(checks, checkStorage(data), checkInstall(in))
		out := make([]console.Check, len(checks))
		for i, c := range checks {
			out[i] = console.Check{Name: c.Name, Result: checkResult[c.Result], Detail: c.Detail, Hint: c.Hint}
		}
		return out, nil
	}
}

// checkResult maps the board's results to the console's.
var checkResult = map[board.Result]console.CheckResult{
	board.Pass: console.CheckPass, board.Fail: console.CheckFail, board.Look: console.CheckLook, board.Skip: console.CheckSkip,
}

// checkStorage writes, syncs and removes a file in the data directory and
// reports the free space.
func checkStorage(dir string) board.Check {
	c := board.Check{Name: "storage", Hint: "the data partition (/perm on the image) is missing, full or read-only: re-flash the card, or use a new one if it fails again"}
	probe := filepath.Join(dir, ".selftest")
	if err := writeFileSync(probe, []byte("selftest\n")); err != nil {
		c.Result, c.Detail = board.Fail, "cannot write to "+dir+": "+err.Error()
		return c
	}
	_ = os.Remove(probe)
	var fs syscall.Statfs_t
	if err := syscall.Statfs(dir, &fs); err != nil {
		c.Result, c.Detail = board.Fail, err.Error()
		return c
	}
	free := int64(fs.Bavail) * int64(fs.Bsize)
	c.Result, c.Detail = board.Pass, fmt.Sprintf("%s writable, %d MB free", dir, free>>20)
	if free < 50<<20 {
		c.Result, c.Detail = board.Fail, c.Detail+": voicemail needs room"
		c.Hint = "delete old messages (msgs) or lower log-max"
	}
	return c
}

// checkInstall reports the installer settings file.
func checkInstall(in *install) board.Check {
	c := board.Check{Name: "settings file", Hint: "fix the lines named in status (edit secretary.txt on the card's boot partition on a computer) and restart"}
	switch {
	case in.path == "":
		c.Result, c.Detail = board.Skip, "no installer settings file configured (--settings)"
	case len(in.problems) > 0:
		c.Result, c.Detail = board.Fail, plural(len(in.problems), "problem")+": "+in.problems[0]
	default:
		c.Result, c.Detail = board.Pass, in.path+" read"
	}
	return c
}
