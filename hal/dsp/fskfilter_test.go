package dsp

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// fskTestSignal is caller ID in noise, then full-scale random samples and
// the extremes, which convert and multiply exactly.
func fskTestSignal() []int16 {
	sig := BenchCIDSignal()[:60000]
	r := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		sig = append(sig, int16(r.IntN(65536)-32768))
	}
	return append(sig, math.MaxInt16, math.MinInt16, math.MinInt16, math.MaxInt16, 0, 0, 1, -1)
}

// The kernel (SSE on amd64) must compute what fskFilter.generic does, bit
// for bit: the records and the state it leaves, over blocks of every length
// from 1 (below the kernel's minimum of 3) to 300 (more than a chunk).
func TestFSKFilter_Kernel(t *testing.T) {
	if !haveFSKKernel {
		t.Skip("no FSK kernel on this architecture (or purego): run() is generic() here")
	}
	sig := fskTestSignal()
	fk, fg := newFSKFilter(), newFSKFilter()
	rk, rg := make([]fskRec, 300), make([]fskRec, 300)
	for i, blk := 0, 0; i < len(sig); blk++ {
		n := min(1+blk%300, len(sig)-i)
		fk.run(sig[i:i+n], rk)
		fg.generic(sig[i:i+n], rg)
		for j := range n {
			if !sameBits(recBits(rk[j]), recBits(rg[j])) {
				t.Fatalf("sample %d (block of %d): kernel %+v, generic %+v", i+j, n, rk[j], rg[j])
			}
		}
		if !sameBits(stateBits(&fk), stateBits(&fg)) || fk.loIx != fg.loIx {
			t.Fatalf("after sample %d (block of %d): kernel state %v ix %d, generic %v ix %d",
				i+n, n, stateBits(&fk), fk.loIx, stateBits(&fg), fg.loIx)
		}
		i += n
	}
}

// The filter's output over fskTestSignal is pinned: the same on every
// architecture (no fused multiply-add anywhere), and the same as before the
// kernel was written. A deliberate change to the filter updates the hash.
func TestFSKFilter_Golden(t *testing.T) {
	const want uint64 = 0xe235c5bfe52b7d48
	sig := fskTestSignal()
	f := newFSKFilter()
	rec := make([]fskRec, fskChunk)
	h := fnv.New64a()
	var b [16]byte
	for i := 0; i < len(sig); i += 160 {
		n := min(160, len(sig)-i)
		f.run(sig[i:i+n], rec)
		for _, r := range rec[:n] {
			binary.LittleEndian.PutUint32(b[0:], math.Float32bits(r.dot))
			binary.LittleEndian.PutUint32(b[4:], math.Float32bits(r.disc))
			binary.LittleEndian.PutUint32(b[8:], math.Float32bits(r.p))
			binary.LittleEndian.PutUint32(b[12:], math.Float32bits(r.pwr))
			h.Write(b[:])
		}
	}
	if got := h.Sum64(); got != want {
		t.Errorf("filter output hash %#x, want %#x", got, want)
	}
}

func recBits(r fskRec) []float32 { return []float32{r.dot, r.disc, r.p, r.pwr} }

func stateBits(f *fskFilter) []float32 {
	return []float32{f.x1[0], f.x1[1], f.x2[0], f.x2[1], f.y1[0], f.y1[1], f.y2[0], f.y2[1],
		f.z1[0], f.z1[1], f.z2[0], f.z2[1], f.pwr}
}

// sameBits compares float32s bit for bit (so -0 is not 0, and NaN is itself).
func sameBits(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}

// Any audio, cut into blocks of any size: the kernel and the generic filter
// agree bit for bit, and the caller-ID receiver finds the same messages as
// when it gets the audio in one piece (At aside: it is the block's start).
func FuzzFSKFilter(f *testing.F) {
	// a short caller-ID burst (SDMF, no seizure), which decodes
	burst, err := CallerIDSignal(CallerID{Standard: StandardBellcore, Type: TypeSDMF, Date: "11220915", Number: "5550143"},
		CIDTxOptions{SeizureBits: -1, MarkBits: 60, Lead: 10 * time.Millisecond, Tail: 10 * time.Millisecond})
	if err != nil {
		f.Fatal(err)
	}
	seed := make([]byte, 1+2*len(burst))
	seed[0] = 7
	for i, v := range burst {
		binary.LittleEndian.PutUint16(seed[1+2*i:], uint16(v))
	}
	f.Add(seed)
	f.Add([]byte{0, 0xff, 0x7f, 0x00, 0x80, 0x01, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 1 {
			return
		}
		blk := 1 + int(data[0])
		pcm := make([]int16, (len(data)-1)/2)
		for i := range pcm {
			pcm[i] = int16(binary.LittleEndian.Uint16(data[1+2*i:]))
		}
		fk, fg := newFSKFilter(), newFSKFilter()
		rk, rg := make([]fskRec, blk), make([]fskRec, blk)
		whole := NewCIDReceiver(CIDRxOptions{}).Process(pcm, nil)
		cut := NewCIDReceiver(CIDRxOptions{})
		var parts []CIDEvent
		for i := 0; i < len(pcm); i += blk {
			x := pcm[i:min(i+blk, len(pcm))]
			fk.run(x, rk)
			fg.generic(x, rg)
			for j := range x {
				if !sameBits(recBits(rk[j]), recBits(rg[j])) {
					t.Fatalf("sample %d: run %+v, generic %+v", i+j, rk[j], rg[j])
				}
			}
			parts = cut.Process(x, parts)
		}
		if len(whole) != len(parts) {
			t.Fatalf("%d events in one piece, %d in blocks of %d", len(whole), len(parts), blk)
		}
		for i := range whole {
			whole[i].At, parts[i].At = 0, 0
			if fmt.Sprint(whole[i]) != fmt.Sprint(parts[i]) {
				t.Errorf("event %d: %+v in one piece, %+v in blocks", i, whole[i], parts[i])
			}
		}
	})
}
