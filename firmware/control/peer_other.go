//go:build !linux

package control

import (
	"io/fs"
	"net"
)

// checkPeer: without SO_PEERCRED the socket's 0700 directory and 0600
// mode keep other users out.
func checkPeer(*net.UnixConn) error { return nil }

func ownedByMe(fs.FileInfo) bool { return true }
