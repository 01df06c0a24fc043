package control

import (
	"fmt"
	"io/fs"
	"net"
	"os"
	"syscall"
)

// checkPeer admits only a process of the user the firmware runs as
// (SO_PEERCRED).
func checkPeer(c *net.UnixConn) error {
	raw, err := c.SyscallConn()
	if err != nil {
		return err
	}
	var cred *syscall.Ucred
	var cerr error
	if err := raw.Control(func(fd uintptr) {
		cred, cerr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil {
		return err
	}
	if cerr != nil {
		return fmt.Errorf("no peer credentials: %w", cerr)
	}
	if me := os.Geteuid(); int(cred.Uid) != me {
		return fmt.Errorf("user %d may not use the socket of user %d (process %d)", cred.Uid, me, cred.Pid)
	}
	return nil
}

// ownedByMe reports whether this user owns the file.
func ownedByMe(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Geteuid()
}
