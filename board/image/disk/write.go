package disk

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"
)

const chunk = 4 << 20

// Write copies the image to the device at path (opened exclusively: the
// kernel refuses a block device that is mounted), syncs it, and drops the
// device's cached blocks so that Verify reads the card itself. progress,
// if not nil, gets a line every 10 %.
func Write(path string, img io.ReaderAt, size int64, progress io.Writer) error {
	f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_EXCL, 0)
	if err != nil {
		return fmt.Errorf("disk: open %s: %w", path, err)
	}
	defer f.Close()
	buf := make([]byte, chunk)
	start, next := time.Now(), int64(0)
	for off := int64(0); off < size; off += chunk {
		n := min(chunk, size-off)
		if _, err := img.ReadAt(buf[:n], off); err != nil && err != io.EOF {
			return fmt.Errorf("disk: reading the image: %w", err)
		}
		if _, err := f.WriteAt(buf[:n], off); err != nil {
			return fmt.Errorf("disk: writing %s at byte %d: %w", path, off, err)
		}
		if progress != nil && off+n >= next {
			fmt.Fprintf(progress, "written %3d %% (%d MB, %.0f s)\n", (off+n)*100/size, (off+n)>>20, time.Since(start).Seconds())
			next += size / 10
		}
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("disk: flushing %s: %w", path, err)
	}
	dropCache(f)
	return f.Close()
}

// dropCache empties the kernel's buffer cache of a block device
// (BLKFLSBUF), so a read-back comes from the card. Regular files (tests)
// are left alone.
func dropCache(f *os.File) {
	if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeDevice != 0 {
		const blkflsbuf = 0x1261
		_, _, _ = syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), blkflsbuf, 0)
	}
}

// Verify reads the device back and compares it with the image; the error
// names the first byte that differs.
func Verify(dev, img io.ReaderAt, size int64, progress io.Writer) error {
	a, b := make([]byte, chunk), make([]byte, chunk)
	for off := int64(0); off < size; off += chunk {
		n := min(chunk, size-off)
		if _, err := img.ReadAt(a[:n], off); err != nil && err != io.EOF {
			return fmt.Errorf("disk: reading the image: %w", err)
		}
		if got, err := dev.ReadAt(b[:n], off); int64(got) < n {
			return fmt.Errorf("%w: reading the card back at byte %d: %v", ErrVerify, off+int64(got), err)
		}
		if !bytes.Equal(a[:n], b[:n]) {
			i := int64(0)
			for a[i] == b[i] {
				i++
			}
			return fmt.Errorf("%w at byte %d: the card is faulty or was removed; try another card", ErrVerify, off+i)
		}
	}
	if progress != nil {
		fmt.Fprintf(progress, "verified %d MB: the card holds the image\n", size>>20)
	}
	return nil
}
