package control

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
)

// maxSockPath is the longest socket path a sockaddr holds (108 bytes on
// Linux with the NUL; less on others).
const maxSockPath = 100

// shortPath gives a path the kernel takes for a socket: path itself, or,
// when it is too long, the same file reached through the directory's
// descriptor (/proc/self/fd/N/NAME); release closes that descriptor.
func shortPath(path string) (string, func(), error) {
	if len(path) <= maxSockPath {
		return path, func() {}, nil
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return "", nil, err
	}
	return "/proc/self/fd/" + strconv.Itoa(int(d.Fd())) + "/" + filepath.Base(path), func() { d.Close() }, nil
}

func listenUnix(path string) (*net.UnixListener, error) {
	p, release, err := shortPath(path)
	if err != nil {
		return nil, err
	}
	defer release()
	return net.ListenUnix("unix", &net.UnixAddr{Name: p, Net: "unix"})
}

func dialUnix(path string) (*net.UnixConn, error) {
	p, release, err := shortPath(path)
	if err != nil {
		return nil, err
	}
	defer release()
	return net.DialUnix("unix", nil, &net.UnixAddr{Name: p, Net: "unix"})
}
