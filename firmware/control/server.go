package control

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Handler runs one command: argv as the client gave it, its standard input
// (ends when the client's does) and outputs; it returns the exit status
// (0-255). ctx ends when the client goes away or the server closes.
type Handler func(ctx context.Context, argv []string, stdin io.Reader, stdout, stderr io.Writer) int

// Limits of the server.
const (
	// MaxConns is how many commands run at once; more connections are
	// turned away with a message.
	MaxConns = 8
	// requestTimeout bounds the wait for the request line.
	requestTimeout = 10 * time.Second
	// writeTimeout drops a client that takes no output for this long.
	writeTimeout = 2 * time.Minute
)

// Dir is the directory of a data directory's control socket (mode 0700).
func Dir(dataDir string) string { return filepath.Join(dataDir, "control") }

// Path is the control socket of a data directory (mode 0600).
func Path(dataDir string) string { return filepath.Join(Dir(dataDir), "socket") }

// Server serves a Handler on the control socket.
type Server struct {
	h    Handler
	log  *slog.Logger
	path string
	ln   *net.UnixListener
	sem  chan struct{}

	ctx    context.Context // ends the connections' commands on Close
	cancel context.CancelFunc
	once   sync.Once
	wg     sync.WaitGroup // the connections
}

// Listen creates the socket of dataDir: its directory made owner-only
// (0700), a socket left by a stopped firmware removed (one that answers is
// another firmware's: ErrInUse), the socket owner-only (0600). log may be
// nil.
func Listen(dataDir string, h Handler, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dir := Dir(dataDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("control: %w", err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return nil, fmt.Errorf("control: %w", err)
	}
	if !fi.IsDir() || !ownedByMe(fi) {
		return nil, fmt.Errorf("control: %s is not a directory of this user", dir)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("control: %w", err)
	}
	path := Path(dataDir)
	if c, err := dialUnix(path); err == nil {
		c.Close()
		return nil, fmt.Errorf("control: %s: %w", path, ErrInUse)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("control: removing the old socket: %w", err)
	}
	ln, err := listenUnix(path)
	if err != nil {
		return nil, fmt.Errorf("control: %w", err)
	}
	ln.SetUnlinkOnClose(false) // Close removes it by its real name
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("control: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{h: h, log: log, path: path, ln: ln, sem: make(chan struct{}, MaxConns), ctx: ctx, cancel: cancel}, nil
}

// Serve accepts connections until ctx ends or Close, then waits for the
// commands running (their ctx ends) and returns nil.
func (s *Server) Serve(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() { s.Close() })
	defer stop()
	defer s.wg.Wait()
	for delay := 5 * time.Millisecond; ; {
		c, err := s.ln.AcceptUnix()
		if err != nil {
			if s.ctx.Err() != nil {
				return nil
			}
			s.log.Warn("control: accept", "err", err)
			time.Sleep(delay) // out of descriptors: try again a little later
			delay = min(2*delay, time.Second)
			continue
		}
		delay = 5 * time.Millisecond
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.serveConn(c)
		}()
	}
}

// Close stops accepting, removes the socket and ends the running
// commands' contexts. Idempotent.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		s.cancel()
		err = s.ln.Close()
		if rerr := os.Remove(s.path); rerr != nil && !errors.Is(rerr, os.ErrNotExist) && err == nil {
			err = rerr
		}
	})
	return err
}

// serveConn runs one client's command.
func (s *Server) serveConn(c *net.UnixConn) {
	defer c.Close()
	cw := &connWriter{c: c}
	c.SetReadDeadline(time.Now().Add(requestTimeout))
	br := bufio.NewReaderSize(c, 4096)
	if err := checkPeer(c); err != nil {
		s.log.Warn("control: connection refused", "err", err)
		cw.refuse(c, br, err.Error())
		return
	}
	select {
	case s.sem <- struct{}{}:
	default:
		cw.refuse(c, br, fmt.Sprintf("busy: %d commands are running; try again", MaxConns))
		return
	}
	status, inDone := s.run(br, cw)
	<-s.sem // the slot is free once the command is done
	cw.frame(frameExit, []byte{byte(min(max(status, 0), 255))})
	c.CloseWrite()
	// the client closes when it has the status; one that does not is cut
	// off a little later, or when the server closes
	select {
	case <-inDone:
	case <-s.ctx.Done():
	case <-time.After(requestTimeout):
	}
	c.Close()
	<-inDone
}

// run reads the request and runs its command with the client's input;
// it returns the exit status (2 for a request that is not one) and a
// channel closed when the goroutine reading the client's input ends
// (with the connection).
func (s *Server) run(br *bufio.Reader, cw *connWriter) (int, <-chan struct{}) {
	ended := make(chan struct{})
	argv, err := readRequest(br)
	if err != nil {
		cw.frame(frameStderr, []byte(fmt.Sprintf("error: %v\n", err)))
		close(ended)
		return 2, ended
	}
	cw.c.SetReadDeadline(time.Time{})
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	pr, pw := io.Pipe()
	inDone := make(chan struct{})
	go func() {
		defer close(inDone)
		readInput(br, pw, cancel)
	}()
	status := s.h(ctx, argv, pr, frameWriter{cw, frameStdout}, frameWriter{cw, frameStderr})
	pr.Close() // a client still sending input is let go
	return status, inDone
}

// readInput passes the client's input frames to pw until the connection
// ends; a connection that ends (the client went away) or breaks the
// framing cancels the command.
func readInput(r io.Reader, pw *io.PipeWriter, cancel context.CancelFunc) {
	buf := make([]byte, maxFrame)
	ended := false
	for {
		typ, p, err := readFrame(r, buf)
		if err == nil && typ != frameStdin && typ != frameStdinEnd {
			err = fmt.Errorf("%w: unknown frame %q", ErrProtocol, typ)
		}
		if err != nil {
			if !ended {
				pw.CloseWithError(fmt.Errorf("%w: the input ended without its end mark", ErrGone))
			}
			cancel()
			return
		}
		switch {
		case ended:
		case typ == frameStdinEnd:
			pw.Close()
			ended = true
		case len(p) > 0:
			if _, err := pw.Write(p); err != nil {
				ended = true // the command is done with its input: drop the rest
			}
		}
	}
}

// connWriter writes frames, one at a time, each within writeTimeout.
type connWriter struct {
	mu  sync.Mutex
	c   *net.UnixConn
	err error
}

func (w *connWriter) frame(typ byte, p []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	w.c.SetWriteDeadline(time.Now().Add(writeTimeout))
	w.err = writeFrame(w.c, typ, p)
	return w.err
}

// refuse tells the client why and ends with status 1, after taking its
// request line (so that the client's write of it does not fail first).
func (w *connWriter) refuse(c *net.UnixConn, br *bufio.Reader, why string) {
	c.SetReadDeadline(time.Now().Add(time.Second))
	readRequest(br)
	w.frame(frameStderr, []byte("error: the control socket refused: "+why+"\n"))
	w.frame(frameExit, []byte{1})
}
