package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"secretary/screening"
	"secretary/screening/number"
	"secretary/screening/schedule"
)

// fileReport is what a check of a database file found.
type fileReport struct {
	txid      uint64 // the current transaction
	used      int64  // bytes in use (high water mark x page size)
	schema    uint32
	sumsFresh bool // the chunk checksums were current and all matched
	chunks    int  // number chunks in the current numbers bucket
}

const (
	reasonLists   = "part of its number lists is damaged"
	reasonRecords = "some of its records are damaged"
	reasonMissing = "part of its data is missing"
)

// checkPath checks the database file at path; see checkFile.
func checkPath(path string) (fileReport, error) {
	f, err := os.Open(path)
	if err != nil {
		return fileReport{}, err
	}
	defer f.Close()
	return checkOpen(f)
}

// checkLocked checks the database file at path under the lock a bbolt
// writer (exclusive) or reader takes, so no other process writes it
// meanwhile; ErrLocked after timeout.
func checkLocked(path string, exclusive bool, timeout time.Duration) (fileReport, error) {
	f, err := os.Open(path)
	if err != nil {
		return fileReport{}, err
	}
	defer f.Close() // closing releases the lock
	if err := lockFile(f, exclusive, timeout); err != nil {
		return fileReport{}, err
	}
	return checkOpen(f)
}

func checkOpen(f *os.File) (fileReport, error) {
	fi, err := f.Stat()
	if err != nil {
		return fileReport{}, err
	}
	return checkFile(f, fi.Size())
}

// checkFile checks a database file of size bytes without bbolt: every page
// reachable from the current meta page (bounds, types, key order, each page
// used once, the free list if one is stored), the schema version, the
// buckets the store needs, every number chunk against its checksum (when
// the checksums are current) and that every rule, window, setting, call
// log record and message decodes. It returns a *damage for a damaged file,
// a *SchemaError for a newer one, and other errors for I/O failures.
func checkFile(r io.ReaderAt, size int64) (fileReport, error) {
	m, err := readMetas(r, size)
	if err != nil {
		return fileReport{}, err
	}
	c := &dataCheck{present: map[string]bool{}}
	c.rep.txid, c.rep.used = m.txid, int64(m.hwm)*int64(m.pageSize)
	w := &walker{r: r, m: m, value: c.value, start: c.start}
	if err := w.walk(); err != nil {
		return fileReport{}, err
	}
	return c.finish()
}

type chunkSum struct {
	key uint64
	sum uint32
}

// dataCheck follows the walk through the top-level buckets, which come in
// name order: deliveries, log, messages, meta, numbers.0, numbers.1, rules, settings,
// sums, windows. meta therefore precedes the numbers and the sums.
type dataCheck struct {
	rep      fileReport
	present  map[string]bool
	bucket   string
	cur      string // the current numbers bucket, named in meta
	sumsTx   uint64
	chunks   []chunkSum // from the current numbers bucket, in key order
	nsums    int        // sums entries seen
	sumsBad  string     // first checksum problem
	settings [][2]string
	bad      string // first record that does not decode (reported unless the schema is newer)
}

func (c *dataCheck) start(name []byte) error {
	c.bucket = string(name)
	c.present[c.bucket] = true
	return nil
}

func (c *dataCheck) badRecord(format string, a ...any) {
	if c.bad == "" {
		c.bad = fmt.Sprintf(format, a...)
	}
}

func (c *dataCheck) value(bucket, k, v []byte) error {
	switch string(bucket) {
	case "meta":
		c.meta(k, v)
	case string(bNumbers[0]), string(bNumbers[1]):
		if c.cur == "" {
			c.cur = string(bNumbers[0])
		}
		if string(bucket) != c.cur {
			return nil
		}
		if len(k) != 8 {
			return damaged(reasonLists, "number chunk key of %d bytes", len(k))
		}
		c.chunks = append(c.chunks, chunkSum{binary.BigEndian.Uint64(k), chunkCRC(v)})
	case string(bSums):
		c.sum(k, v)
	case string(bRules):
		r, err := decodePattern(v)
		if err != nil || r.Match.Text != string(k) {
			c.badRecord("rule %q: %v", k, err)
		}
	case string(bWindows):
		w, err := schedule.Parse(string(v))
		if err != nil || w.Name != string(k) {
			c.badRecord("window %q: %v", k, err)
		}
	case string(bSettings):
		c.settings = append(c.settings, [2]string{string(k), string(v)})
	case string(bLog):
		if _, err := decodeLog(v); err != nil || len(k) != 16 {
			c.badRecord("call log record %x: %v", k, err)
		}
	case string(bPeople):
		if _, err := decodePerson(k, v); err != nil {
			c.badRecord("%v", err)
		}
	case string(bRoutes):
		if !number.IsE164(string(k)) || screening.ValidPersonName(string(v)) != nil {
			c.badRecord("route %q -> %q", k, v)
		}
	case string(bChallenge):
		if len(v) != 8 || !validE164(string(k)) {
			c.badRecord("challenge pass %q of %d bytes", k, len(v))
		}
	case string(bMessages):
		var m screening.Message
		if err := json.Unmarshal(v, &m); err != nil || m.ID != string(k) {
			c.badRecord("message %q: %v", k, err)
		}
	case string(bDeliveries):
		if _, err := decodeDelivery(k, v); err != nil {
			c.badRecord("delivery %q: %v", k, err)
		}
	}
	return nil
}

func (c *dataCheck) meta(k, v []byte) {
	key := string(k)
	switch {
	case key == string(kSchema):
		if len(v) != 4 {
			c.badRecord("schema version of %d bytes", len(v))
			return
		}
		c.rep.schema = binary.BigEndian.Uint32(v)
	case key == string(kNumbers):
		if len(v) != 1 || (v[0] != '0' && v[0] != '1') {
			c.badRecord("numbers bucket %q", v)
			return
		}
		c.cur = string(bNumbers[v[0]-'0'])
	case key == string(kSumsTx):
		if len(v) == 8 {
			c.sumsTx = binary.BigEndian.Uint64(v)
		}
	case key == string(kLogCount) || strings.HasPrefix(key, "count."):
		if len(v) != 8 {
			c.badRecord("meta %s of %d bytes", k, len(v))
		}
	}
}

// sum compares one stored checksum with the chunk of the same key.
func (c *dataCheck) sum(k, v []byte) {
	if c.sumsTx != c.rep.txid || c.sumsBad != "" {
		return
	}
	if len(k) != 8 || len(v) != 4 {
		c.sumsBad = fmt.Sprintf("checksum entry %x of %d bytes", k, len(v))
		return
	}
	key := binary.BigEndian.Uint64(k)
	if c.nsums >= len(c.chunks) || c.chunks[c.nsums].key != key {
		c.sumsBad = fmt.Sprintf("checksum for chunk %x without its chunk", key)
		return
	}
	if got := c.chunks[c.nsums].sum; got != binary.BigEndian.Uint32(v) {
		c.sumsBad = fmt.Sprintf("chunk %x: checksum %08x, stored %08x", key, got, binary.BigEndian.Uint32(v))
		return
	}
	c.nsums++
}

func (c *dataCheck) finish() (fileReport, error) {
	if !c.present[string(bMeta)] {
		return c.rep, damaged(reasonNotOurs, "no meta bucket")
	}
	if c.rep.schema == 0 {
		return c.rep, damaged(reasonRecords, "no schema version")
	}
	if c.cur == "" {
		c.cur = string(bNumbers[0])
	}
	if c.rep.schema > SchemaVersion {
		return c.rep, &SchemaError{Found: c.rep.schema, Known: SchemaVersion}
	}
	for _, b := range append(allBucket[1:], []byte(c.cur)) {
		if !c.present[string(b)] {
			return c.rep, damaged(reasonMissing, "bucket %s is missing", b)
		}
	}
	c.rep.chunks = len(c.chunks)
	if c.sumsTx == c.rep.txid && c.present[string(bSums)] {
		if c.sumsBad == "" && c.nsums != len(c.chunks) {
			c.sumsBad = fmt.Sprintf("%d chunks but %d checksums", len(c.chunks), c.nsums)
		}
		if c.sumsBad != "" {
			return c.rep, damaged(reasonLists, "%s", c.sumsBad)
		}
		c.rep.sumsFresh = true
	}
	if c.bad != "" {
		return c.rep, damaged(reasonRecords, "%s", c.bad)
	}
	// Only text is required of settings: a value this firmware rejects is
	// more likely one a newer firmware wrote (a rollback) than damage, and
	// reading the settings reports it anyway (screening.LoadSettings keeps
	// the default and lists it in Settings.Problems).
	for _, kv := range c.settings {
		if kv[0] == "" || !plainText(kv[0]) || !plainText(kv[1]) {
			return c.rep, damaged(reasonRecords, "setting %q is not text", kv[0])
		}
	}
	return c.rep, nil
}

// plainText reports valid UTF-8 without control characters.
func plainText(s string) bool {
	return utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }) < 0
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func chunkCRC(v []byte) uint32 { return crc32.Checksum(v, castagnoli) }
