package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/emersion/go-vcard"

	"secretary/screening"
	"secretary/screening/number"
)

// DefaultBatchSize is how many rows an import commits at a time.
const DefaultBatchSize = 200_000

// ImportOptions controls an import.
type ImportOptions struct {
	List      screening.Action       // the list the numbers go to: ActionPass (allow) or ActionBlock
	BatchSize int                    // rows per commit; DefaultBatchSize if <= 0
	Progress  func(ImportProgress)   // called after each batch is committed and synced
	BadRow    func(err *ImportError) // called for each skipped row (optional)
	MaxErrors int                    // bad rows kept in ImportResult.Errors; 100 if 0
}

// ImportProgress reports one committed batch. Every row up to and including
// Line is on disk when it is reported.
type ImportProgress struct {
	Batch  int // 1-based batch number
	Line   int // last input line (CSV) or card (vCard) in this batch
	Rows   int // data rows read so far
	Stored int // numbers written so far (duplicates within the file count once per batch)
	Bad    int // rows skipped so far
}

// ImportResult summarises an import.
type ImportResult struct {
	Rows    int            // data rows read
	Stored  int            // numbers written
	Bad     int            // rows skipped
	Batches int            // commits
	Errors  []*ImportError // the first MaxErrors bad rows
}

// row is one queued import row; its encoded rule is arena[off:end].
type row struct {
	num      uint64
	off, end uint32
}

type importer struct {
	s     *Store
	opt   ImportOptions
	cfg   number.Config
	batch []row
	es    []entry
	arena []byte
	res   ImportResult
	line  int
}

func (s *Store) newImporter(opt ImportOptions) (*importer, error) {
	if opt.List < screening.ActionPass || opt.List > screening.ActionBlock {
		return nil, fmt.Errorf("store: import: bad list %v", opt.List)
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = DefaultBatchSize
	}
	if opt.MaxErrors == 0 {
		opt.MaxErrors = 100
	}
	st, err := s.Settings()
	if err != nil {
		return nil, err
	}
	return &importer{s: s, opt: opt, cfg: st.Number, batch: make([]row, 0, opt.BatchSize)}, nil
}

func (im *importer) bad(line int, err error) {
	e := &ImportError{Line: line, Err: err}
	im.res.Bad++
	if len(im.res.Errors) < im.opt.MaxErrors {
		im.res.Errors = append(im.res.Errors, e)
	}
	if im.opt.BadRow != nil {
		im.opt.BadRow(e)
	}
}

// add queues one row; it flushes when the batch is full.
func (im *importer) add(ctx context.Context, line int, raw, name, note string) error {
	im.res.Rows++
	im.line = line
	num, err := number.NormalizeInt(raw, im.cfg)
	if err != nil {
		im.bad(line, err)
		return nil
	}
	r := screening.Rule{Action: im.opt.List, Name: clean(name), Note: clean(note)}
	start := len(im.arena)
	im.arena = encodeRule(im.arena, &r)
	im.batch = append(im.batch, row{num: num, off: uint32(start), end: uint32(len(im.arena))})
	if len(im.batch) >= im.opt.BatchSize {
		return im.flush(ctx)
	}
	return nil
}

func (im *importer) flush(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(im.batch) == 0 {
		return nil
	}
	// Sort by number; a later row (higher arena offset) for the same number wins.
	slices.SortFunc(im.batch, func(a, b row) int {
		if a.num != b.num {
			return cmp.Compare(a.num, b.num)
		}
		return cmp.Compare(a.off, b.off)
	})
	es := im.es[:0]
	for i, r := range im.batch {
		if i+1 < len(im.batch) && im.batch[i+1].num == r.num {
			continue
		}
		es = append(es, entry{num: r.num, data: im.arena[r.off:r.end:r.end]})
	}
	im.es = es
	err := im.s.Update(func(tx WriteTx) error { return tx.(*wtx).putNumbers(es) })
	if err != nil {
		return err
	}
	im.res.Batches++
	im.res.Stored += len(es)
	im.batch = im.batch[:0]
	im.arena = im.arena[:0] // putNumbers copied the entries into new chunk values
	if im.opt.Progress != nil {
		im.opt.Progress(ImportProgress{Batch: im.res.Batches, Line: im.line, Rows: im.res.Rows, Stored: im.res.Stored, Bad: im.res.Bad})
	}
	return nil
}

// clean removes control characters and surrounding blanks.
func clean(s string) string {
	s = strings.TrimSpace(s)
	if strings.IndexFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// ImportCSV streams CSV rows into a list. The first row is a header if a
// column is called "number" (any case); then columns "name" and "note" are
// used if present and others ignored. Without a header the columns are
// number, name, note. Rows with a bad number or bad quoting are reported
// (ImportError with the line) and skipped; the rest are kept.
//
// The returned result counts what was committed; on an error (I/O, ctx)
// the batches already reported through Progress stay on disk.
func (s *Store) ImportCSV(ctx context.Context, r io.Reader, opt ImportOptions) (ImportResult, error) {
	im, err := s.newImporter(opt)
	if err != nil {
		return ImportResult{}, err
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	colNum, colName, colNote := 0, 1, 2
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				im.res.Rows++
				im.bad(pe.StartLine, pe.Err)
				continue
			}
			return im.res, fmt.Errorf("store: import: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			if len(rec) > 0 {
				rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
			}
			if h := header(rec); h != nil {
				colNum, colName, colNote = h[0], h[1], h[2]
				continue
			}
		}
		field := func(i int) string {
			if i >= 0 && i < len(rec) {
				return rec[i]
			}
			return ""
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if err := im.add(ctx, line, field(colNum), field(colName), field(colNote)); err != nil {
			return im.res, err
		}
	}
	if err := im.flush(ctx); err != nil {
		return im.res, err
	}
	return im.res, nil
}

// header returns the column indexes of number, name, note (-1 if absent)
// when rec is a header row, else nil.
func header(rec []string) []int {
	h := []int{-1, -1, -1}
	for i, f := range rec {
		switch strings.ToLower(strings.TrimSpace(f)) {
		case "number", "phone", "tel":
			if h[0] < 0 {
				h[0] = i
			}
		case "name":
			h[1] = i
		case "note", "notes":
			h[2] = i
		}
	}
	if h[0] < 0 {
		return nil
	}
	return h
}

// ImportVCard reads vCard contacts and puts every telephone number on the
// list (normally the allow list) with the contact's name. ImportError.Line
// is the card's ordinal in the file.
func (s *Store) ImportVCard(ctx context.Context, r io.Reader, opt ImportOptions) (ImportResult, error) {
	im, err := s.newImporter(opt)
	if err != nil {
		return ImportResult{}, err
	}
	dec := vcard.NewDecoder(r)
	for n := 1; ; n++ {
		card, err := dec.Decode()
		if err == io.EOF {
			break
		}
		if err != nil {
			im.res.Rows++
			im.bad(n, fmt.Errorf("card %d: %w", n, err))
			return im.res, fmt.Errorf("store: vCard: card %d: %w", n, err) // the decoder cannot resync
		}
		name := card.PreferredValue(vcard.FieldFormattedName)
		if name == "" {
			if nm := card.Name(); nm != nil {
				name = strings.TrimSpace(nm.GivenName + " " + nm.FamilyName)
			}
		}
		org := card.PreferredValue(vcard.FieldOrganization)
		tels := card.Values(vcard.FieldTelephone)
		if len(tels) == 0 {
			im.res.Rows++
			im.bad(n, fmt.Errorf("contact %q has no telephone number", name))
			continue
		}
		for _, tel := range tels {
			tel = strings.TrimPrefix(tel, "tel:")
			if err := im.add(ctx, n, tel, name, org); err != nil {
				return im.res, err
			}
		}
	}
	if err := im.flush(ctx); err != nil {
		return im.res, err
	}
	return im.res, nil
}

// IsVCard reports whether the start of a file looks like a vCard.
func IsVCard(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	return bytes.HasPrefix(bytes.ToUpper(bytes.TrimSpace(head)), []byte("BEGIN:VCARD"))
}

// ExportCSV writes the list as CSV (header number,name,note), in ascending
// number order, and returns how many numbers it wrote.
func (s *Store) ExportCSV(ctx context.Context, w io.Writer, list screening.Action) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"number", "name", "note"}); err != nil {
		return 0, err
	}
	n := 0
	rec := make([]string, 3)
	err := s.View(func(tx ReadTx) error {
		return tx.Numbers(list, func(r screening.Rule) error {
			if n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			rec[0], rec[1], rec[2] = r.Match.Text, r.Name, r.Note
			n++
			return cw.Write(rec)
		})
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return n, err
}
