package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"sync"
	"time"

	"secretary/firmware/console"
	"secretary/firmware/control"
	"secretary/firmware/owner"
	"secretary/firmware/voicemail"
	"secretary/screening"
	"secretary/screening/store"
)

// exitStatus is a subcommand's exit status when it has said everything
// itself (a console command run for the command line).
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// serveControl serves the console's command table on the data directory's
// control socket until ctx ends. A box that cannot listen (a read-only
// data directory) runs without it and says so.
func serveControl(ctx context.Context, e *env, wg *sync.WaitGroup, data string, con *console.Console, log *slog.Logger) {
	srv, err := control.Listen(data, func(ctx context.Context, argv []string, in io.Reader, out, errw io.Writer) int {
		return con.RunArgs(ctx, argv, console.Streams{In: in, Out: out, Err: errw})
	}, log)
	if err != nil {
		fmt.Fprintf(e.stderr, "secretary run: no control socket (secretary import, export, backup... will not reach the running box): %v\n", err)
		return
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		srv.Serve(ctx)
	}()
}

// access is what a command line command needs of a stopped box's store.
type access int

const (
	readStore    access = iota // an existing store, read-only
	writeStore                 // the store, created if there is none
	restoreStore               // writeStore for a restore: a store made for it is not left behind (see freshDir)
	maybeStore                 // read-only if there is one; none is fine (a dry run)
)

// lockWait is how long the command line waits for a firmware that holds
// the store but whose socket does not answer yet (it is starting).
const lockWait = 10 * time.Second

// boxCommand runs the console command argv for the command line: through
// the control socket of the box running on data, or, when none runs, on a
// console of its own over the store opened here; the output, reports and
// exit status are the same either way. in is the command's input (nil:
// none), out where its output goes; reports go to stderr.
func boxCommand(ctx context.Context, e *env, data string, argv []string, in io.Reader, out io.Writer, acc access) error {
	deadline := time.Now().Add(lockWait)
	for {
		status, err := control.Run(ctx, data, argv, in, out, e.stderr)
		if err == nil {
			return statusErr(status)
		}
		if !errors.Is(err, control.ErrNotRunning) {
			return err
		}
		status, err = runHere(ctx, e, data, argv, in, out, acc)
		if errors.Is(err, store.ErrLocked) && time.Now().Before(deadline) {
			time.Sleep(200 * time.Millisecond) // the firmware has the store; its socket comes next
			continue
		}
		if err != nil {
			return err
		}
		return statusErr(status)
	}
}

func statusErr(status int) error {
	if status == 0 {
		return nil
	}
	return exitStatus(status)
}

// runHere runs argv on a console over the data directory opened here.
func runHere(ctx context.Context, e *env, data string, argv []string, in io.Reader, out io.Writer, acc access) (int, error) {
	var st *store.Store
	_, statErr := os.Stat(store.Path(data))
	var err error
	var fresh *freshDir
	switch {
	case acc == restoreStore && statErr != nil:
		fresh = noteFresh(data)
		if err = os.MkdirAll(data, 0o750); err == nil { // as private as the firmware's
			st, err = store.OpenDir(data)
		}
	case acc == writeStore || acc == restoreStore:
		st, err = store.OpenDir(data)
	case statErr == nil:
		st, err = store.Open(store.Path(data), store.WithReadOnly())
	case acc == readStore:
		return 0, fmt.Errorf("no database in %s: %w", data, statErr)
	}
	if err != nil {
		return 0, err
	}
	cfg := owner.Config{DataDir: data, Version: version}
	if st != nil {
		defer st.Close()
		cfg.Store, cfg.Engine = st, screening.NewEngine(st)
		cfg.Mailbox = voicemail.New(st, voicemail.Config{Dir: data})
	}
	con := console.New(owner.New(cfg), nil, nil)
	con.Version = version
	status := con.RunArgs(ctx, argv, console.Streams{In: in, Out: out, Err: e.stderr})
	if fresh != nil {
		st.Close()
		fresh.tidy(status == 0)
	}
	return status, nil
}

// openStoreWaiting opens the firmware's store with opts, waiting while a
// command line command has it (an import or a backup run while the box
// was stopped).
func openStoreWaiting(e *env, data string, opts ...store.Option) (*store.Store, error) {
	st, err := store.OpenDir(data, opts...)
	if !errors.Is(err, store.ErrLocked) {
		return st, err
	}
	fmt.Fprintf(e.stderr, "secretary run: the store is in use by another process (an import or a backup?); waiting for it\n")
	return store.OpenDir(data, append(slices.Clip(opts), store.WithLockTimeout(5*time.Minute))...)
}
