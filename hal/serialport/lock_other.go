//go:build !unix

package serialport

import "os"

func lockDevice(string) (*os.File, error) { return nil, nil }

func unlockDevice(f *os.File) {
	if f != nil {
		_ = f.Close()
	}
}

func isNotTTY(error) bool { return false }
