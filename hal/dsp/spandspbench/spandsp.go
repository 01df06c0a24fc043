//go:build spandsp

package spandspbench

/*
#cgo pkg-config: spandsp
#include <stdlib.h>
#include <stdint.h>
#include <spandsp.h>

// cid_count counts messages adsi_rx delivers and remembers the last one.
typedef struct {
	adsi_rx_state_t *rx;
	int msgs;
	uint8_t last[256];
	int last_len;
} cid_rx;

static void cid_put(void *user, const uint8_t *msg, int len) {
	cid_rx *c = (cid_rx *) user;
	if (len < 0) {
		return; // a status report, not a message
	}
	c->msgs++;
	if (len > 256) {
		len = 256;
	}
	memcpy(c->last, msg, len);
	c->last_len = len;
}

static cid_rx *cid_new(void) {
	cid_rx *c = calloc(1, sizeof(cid_rx));
	c->rx = adsi_rx_init(NULL, ADSI_STANDARD_CLASS, cid_put, c);
	return c;
}

static void cid_free(cid_rx *c) {
	adsi_rx_free(c->rx);
	free(c);
}

// cid_run feeds n samples in blocks of blk, as the Go receivers are fed.
static void cid_run(cid_rx *c, const int16_t *amp, int n, int blk) {
	for (int i = 0; i < n; i += blk) {
		int k = n - i < blk ? n - i : blk;
		adsi_rx(c->rx, amp + i, k);
	}
}

typedef struct {
	dtmf_rx_state_t *rx;
	int digits;
	char buf[1024];
} dtmf_rxc;

static void dtmf_put(void *user, const char *digits, int len) {
	dtmf_rxc *d = (dtmf_rxc *) user;
	for (int i = 0; i < len; i++) {
		if (d->digits < (int) sizeof(d->buf) - 1) {
			d->buf[d->digits] = digits[i];
		}
		d->digits++;
	}
}

static dtmf_rxc *dtmf_new(void) {
	dtmf_rxc *d = calloc(1, sizeof(dtmf_rxc));
	d->rx = dtmf_rx_init(NULL, dtmf_put, d);
	return d;
}

static void dtmf_free(dtmf_rxc *d) {
	dtmf_rx_free(d->rx);
	free(d);
}

static void dtmf_run(dtmf_rxc *d, const int16_t *amp, int n, int blk) {
	for (int i = 0; i < n; i += blk) {
		int k = n - i < blk ? n - i : blk;
		dtmf_rx(d->rx, amp + i, k);
	}
}
*/
import "C"

import "unsafe"

// Block is the number of samples per call, as a modem delivers them (20 ms)
// and as the Go benchmarks feed their receivers.
const Block = 160

// buffer is a signal copied into C memory, so cgo's pointer checks cost
// nothing per call and the C side reads the same samples the Go side does.
type buffer struct {
	p *C.int16_t
	n int
}

func newBuffer(pcm []int16) buffer {
	p := (*C.int16_t)(C.malloc(C.size_t(len(pcm) * 2)))
	copy(unsafe.Slice((*int16)(unsafe.Pointer(p)), len(pcm)), pcm)
	return buffer{p: p, n: len(pcm)}
}

func (b buffer) free() { C.free(unsafe.Pointer(b.p)) }

// DTMF is spandsp's dtmf_rx with its default settings.
type DTMF struct{ d *C.dtmf_rxc }

// NewDTMF returns a spandsp DTMF receiver; Close frees it.
func NewDTMF() *DTMF { return &DTMF{d: C.dtmf_new()} }

// Run feeds pcm in blocks of Block samples (one cgo call for the whole
// signal, so the figure is spandsp's, not cgo's).
func (d *DTMF) Run(b buffer) { C.dtmf_run(d.d, b.p, C.int(b.n), Block) }

// Digits returns the keys received so far (at most 1023 of them) and the count.
func (d *DTMF) Digits() (string, int) {
	n := int(d.d.digits)
	return C.GoStringN(&d.d.buf[0], C.int(min(n, 1023))), n
}

// Close frees the receiver.
func (d *DTMF) Close() { C.dtmf_free(d.d) }

// CID is spandsp's adsi_rx for Bell 202 (ADSI_STANDARD_CLASS).
type CID struct{ c *C.cid_rx }

// NewCID returns a spandsp Bell 202 caller-ID receiver; Close frees it.
func NewCID() *CID { return &CID{c: C.cid_new()} }

// Run feeds pcm in blocks of Block samples.
func (c *CID) Run(b buffer) { C.cid_run(c.c, b.p, C.int(b.n), Block) }

// Messages returns how many messages were delivered and the last one.
func (c *CID) Messages() (int, []byte) {
	return int(c.c.msgs), C.GoBytes(unsafe.Pointer(&c.c.last[0]), c.c.last_len)
}

// Close frees the receiver.
func (c *CID) Close() { C.cid_free(c.c) }
