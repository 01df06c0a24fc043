package control

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// Run sends argv to the firmware serving dataDir and copies the command's
// outputs to stdout and stderr as they come; stdin (nil: none) is sent as
// the command's input. It returns the command's exit status; ErrNotRunning
// when no firmware answers (no socket, or one left by a firmware that
// stopped); ErrGone when the connection ends before the status. Ending ctx
// ends the connection, and so the command.
//
// stdin is read by a goroutine that Run does not wait for when the command
// ended before its input did; it ends with the input.
func Run(ctx context.Context, dataDir string, argv []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	req, err := EncodeRequest(argv)
	if err != nil {
		return 0, err
	}
	c, err := dialUnix(Path(dataDir))
	if err != nil {
		if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, os.ErrNotExist) {
			return 0, ErrNotRunning
		}
		return 0, fmt.Errorf("control: %w", err)
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	_, werr := c.Write(req)
	cw := &connWriter{c: c}
	if werr == nil {
		go sendInput(cw, stdin)
	} // else: the server may have said why before it closed; read that
	br := bufio.NewReaderSize(c, maxFrame+5)
	buf := make([]byte, maxFrame)
	for {
		typ, p, err := readFrame(br, buf)
		if err != nil && werr != nil {
			return 0, fmt.Errorf("control: %w", werr)
		}
		if err != nil {
			if ctx.Err() != nil {
				return 0, ctx.Err()
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return 0, ErrGone
			}
			return 0, fmt.Errorf("control: %w", err)
		}
		switch typ {
		case frameStdout:
			_, err = stdout.Write(p)
		case frameStderr:
			_, err = stderr.Write(p)
		case frameExit:
			if len(p) != 1 {
				return 0, fmt.Errorf("%w: an exit frame of %d bytes", ErrProtocol, len(p))
			}
			return int(p[0]), nil
		default:
			return 0, fmt.Errorf("%w: unknown frame %q", ErrProtocol, typ)
		}
		if err != nil {
			return 0, err // our output is gone (a closed pipe): so is the command's
		}
	}
}

// sendInput sends r as input frames, then the end mark.
func sendInput(w *connWriter, r io.Reader) {
	if r != nil {
		buf := make([]byte, maxFrame)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				if w.frame(frameStdin, buf[:n]) != nil {
					return
				}
			}
			if err != nil {
				break
			}
		}
	}
	w.frame(frameStdinEnd, nil)
}
