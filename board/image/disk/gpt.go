package disk

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"unicode/utf16"
)

// SectorSize is the logical sector size of the images (and SD cards).
const SectorSize = 512

// ErrNoGPT means the image has no valid GPT partition table.
var ErrNoGPT = errors.New("disk: no valid GPT partition table")

// Partition is one entry of a GPT partition table.
type Partition struct {
	Number int    // 1-based, as in /dev/sdb1
	Start  int64  // bytes from the start of the disk
	Size   int64  // bytes
	Name   string // the entry's name ("Microsoft basic data")
	GUID   string // the partition's unique GUID (PARTUUID), lower case
}

// Partitions reads the primary GPT of a disk or image and returns its used
// entries in table order. Header and entry checksums are verified.
func Partitions(r io.ReaderAt) ([]Partition, error) {
	h := make([]byte, SectorSize)
	if _, err := r.ReadAt(h, SectorSize); err != nil {
		return nil, fmt.Errorf("%w: reading the header: %w", ErrNoGPT, err)
	}
	if string(h[:8]) != "EFI PART" {
		return nil, fmt.Errorf("%w: no signature", ErrNoGPT)
	}
	hsize := binary.LittleEndian.Uint32(h[12:])
	if hsize < 92 || hsize > SectorSize {
		return nil, fmt.Errorf("%w: header size %d", ErrNoGPT, hsize)
	}
	hdr := append([]byte(nil), h[:hsize]...)
	want := binary.LittleEndian.Uint32(hdr[16:])
	binary.LittleEndian.PutUint32(hdr[16:], 0)
	if crc32.ChecksumIEEE(hdr) != want {
		return nil, fmt.Errorf("%w: header checksum", ErrNoGPT)
	}
	lba := binary.LittleEndian.Uint64(h[72:])
	n := binary.LittleEndian.Uint32(h[80:])
	esize := binary.LittleEndian.Uint32(h[84:])
	if n == 0 || n > 1024 || esize < 128 || esize > 4096 || lba < 2 || lba > 1<<40 {
		return nil, fmt.Errorf("%w: %d entries of %d bytes at sector %d", ErrNoGPT, n, esize, lba)
	}
	table := make([]byte, int(n)*int(esize))
	if _, err := r.ReadAt(table, int64(lba)*SectorSize); err != nil {
		return nil, fmt.Errorf("%w: reading the entries: %w", ErrNoGPT, err)
	}
	if crc32.ChecksumIEEE(table) != binary.LittleEndian.Uint32(h[88:]) {
		return nil, fmt.Errorf("%w: entries checksum", ErrNoGPT)
	}
	var out []Partition
	for i := 0; i < int(n); i++ {
		e := table[i*int(esize) : (i+1)*int(esize)]
		if bytes.Equal(e[:16], make([]byte, 16)) {
			continue
		}
		first, last := binary.LittleEndian.Uint64(e[32:]), binary.LittleEndian.Uint64(e[40:])
		if last < first || last > 1<<40 {
			return nil, fmt.Errorf("%w: entry %d spans sectors %d-%d", ErrNoGPT, i+1, first, last)
		}
		out = append(out, Partition{Number: i + 1, Start: int64(first) * SectorSize,
			Size: int64(last-first+1) * SectorSize, Name: utf16Name(e[56:128]), GUID: guid(e[16:32])})
	}
	return out, nil
}

func utf16Name(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		c := binary.LittleEndian.Uint16(b[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}

// guid formats a GPT GUID (mixed-endian) as text.
func guid(b []byte) string {
	return fmt.Sprintf("%08x-%04x-%04x-%x-%x", binary.LittleEndian.Uint32(b[0:]),
		binary.LittleEndian.Uint16(b[4:]), binary.LittleEndian.Uint16(b[6:]), b[8:10], b[10:16])
}
