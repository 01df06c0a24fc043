package disk

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// gptImage makes a disk image of size bytes with a GPT holding parts
// (start and size in sectors), laid out as gokrazy lays its images out.
func gptImage(size int64, parts [][2]uint64, names []string) []byte {
	img := make([]byte, size)
	const entries, esize = 128, 128
	table := make([]byte, entries*esize)
	for i, p := range parts {
		e := table[i*esize:]
		copy(e[0:16], bytes.Repeat([]byte{0xaf}, 16)) // type: anything non-zero
		for j := 16; j < 32; j++ {
			e[j] = byte(i + j)
		}
		binary.LittleEndian.PutUint64(e[32:], p[0])
		binary.LittleEndian.PutUint64(e[40:], p[0]+p[1]-1)
		for j, c := range utf16.Encode([]rune(names[i])) {
			binary.LittleEndian.PutUint16(e[56+2*j:], c)
		}
	}
	copy(img[2*SectorSize:], table)
	h := img[SectorSize:]
	copy(h, "EFI PART")
	binary.LittleEndian.PutUint32(h[8:], 0x10000)
	binary.LittleEndian.PutUint32(h[12:], 92)
	binary.LittleEndian.PutUint64(h[72:], 2)
	binary.LittleEndian.PutUint32(h[80:], entries)
	binary.LittleEndian.PutUint32(h[84:], esize)
	binary.LittleEndian.PutUint32(h[88:], crc32.ChecksumIEEE(table))
	binary.LittleEndian.PutUint32(h[16:], crc32.ChecksumIEEE(h[:92]))
	return img
}

func TestPartitions_GokrazyLayout(t *testing.T) {
	img := gptImage(8<<20, [][2]uint64{{40, 200}, {240, 1000}, {1240, 1000}, {2240, 10000}},
		[]string{"Microsoft basic data", "Linux filesystem", "Linux filesystem", "Linux filesystem"})
	ps, err := Partitions(bytes.NewReader(img))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 4 {
		t.Fatalf("%d partitions", len(ps))
	}
	if p := ps[0]; p.Number != 1 || p.Start != 40*SectorSize || p.Size != 200*SectorSize || p.Name != "Microsoft basic data" {
		t.Fatalf("boot partition %+v", p)
	}
	if p := ps[3]; p.Number != 4 || p.Start != 2240*SectorSize || p.Size != 10000*SectorSize {
		t.Fatalf("perm partition %+v", p)
	}
	if ps[0].GUID != "13121110-1514-1716-1819-1a1b1c1d1e1f" {
		t.Fatalf("GUID %s", ps[0].GUID)
	}
}

func TestPartitions_Damaged(t *testing.T) {
	good := gptImage(1<<20, [][2]uint64{{40, 100}}, []string{"boot"})
	for name, damage := range map[string]func(b []byte){
		"no signature":    func(b []byte) { b[SectorSize] = 'X' },
		"header checksum": func(b []byte) { b[SectorSize+80]++ },
		"entry checksum":  func(b []byte) { b[2*SectorSize+33]++ },
		"empty":           func(b []byte) { clear(b) },
	} {
		b := append([]byte(nil), good...)
		damage(b)
		if _, err := Partitions(bytes.NewReader(b)); !errors.Is(err, ErrNoGPT) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Partitions(bytes.NewReader(good[:700])); !errors.Is(err, ErrNoGPT) {
		t.Errorf("truncated: %v", err)
	}
}

func FuzzPartitions(f *testing.F) {
	f.Add(gptImage(64<<10, [][2]uint64{{40, 20}, {60, 20}}, []string{"a", "b"})[:64<<10])
	f.Add(make([]byte, 4096))
	f.Fuzz(func(t *testing.T, b []byte) {
		ps, err := Partitions(bytes.NewReader(b))
		if err != nil {
			if !errors.Is(err, ErrNoGPT) {
				t.Fatalf("error not ErrNoGPT: %v", err)
			}
			return
		}
		for _, p := range ps {
			if p.Start < 0 || p.Size <= 0 || p.Number < 1 {
				t.Fatalf("partition %+v", p)
			}
		}
	})
}

func TestWriteVerify(t *testing.T) {
	dir := t.TempDir()
	img := make([]byte, 9<<20+123) // not a whole number of chunks
	for i := range img {
		img[i] = byte(i*7 ^ i>>16)
	}
	card := filepath.Join(dir, "card")
	if err := os.WriteFile(card, make([]byte, 16<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	var progress bytes.Buffer
	if err := Write(card, bytes.NewReader(img), int64(len(img)), &progress); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(progress.String(), "written 100 %") {
		t.Errorf("progress:\n%s", progress.String())
	}
	f, err := os.Open(card)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := Verify(f, bytes.NewReader(img), int64(len(img)), &progress); err != nil {
		t.Fatal(err)
	}
	// a card that lost one byte is caught, at that byte
	bad := append([]byte(nil), img...)
	bad[5<<20+17] ^= 1
	err = Verify(bytes.NewReader(bad), bytes.NewReader(img), int64(len(img)), nil)
	if !errors.Is(err, ErrVerify) || !strings.Contains(err.Error(), "at byte 5242897") {
		t.Fatalf("corrupt card: %v", err)
	}
	// a card that ends early is caught too
	err = Verify(bytes.NewReader(img[:4<<20]), bytes.NewReader(img), int64(len(img)), nil)
	if !errors.Is(err, ErrVerify) {
		t.Fatalf("short card: %v", err)
	}
}
