package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"secretary/screening"
	"secretary/screening/clean"
	"secretary/screening/number"
)

// Format is the kind of file an import reads.
type Format int

// Formats.
const (
	FormatAuto  Format = iota // vCard if the file starts with BEGIN:VCARD, else CSV
	FormatCSV                 // delimited text (comma, semicolon or tab)
	FormatVCard               // vCard 2.1, 3.0 or 4.0
)

func (f Format) String() string {
	switch f {
	case FormatCSV:
		return "CSV"
	case FormatVCard:
		return "vCard"
	}
	return "auto"
}

// ImportOptions controls an import.
type ImportOptions struct {
	List      screening.Action       // the list the numbers go to: ActionPass (allow) or ActionBlock, or screen, voicemail
	Format    Format                 // FormatAuto detects it
	Progress  func(ImportProgress)   // called now and then while reading and after each commit (optional)
	BadRow    func(err *ImportError) // called for each skipped row or number (optional)
	MaxErrors int                    // bad rows kept in ImportResult.Errors; 100 if 0, all if < 0
	RunBytes  int                    // memory to sort in before using a temporary file; DefaultRunBytes if <= 0
	TempDir   string                 // where that file goes; "" = beside the database (os.TempDir without one)
}

// ImportProgress reports how far an import got. While Writing is false the
// file is being read; then the new list is being written. Nothing is on
// the list before the import returns: the list changes in one commit.
type ImportProgress struct {
	Writing bool
	Line    int // input lines read
	Rows    int // rows (CSV) or contacts (vCard) read
	Bad     int // rows or numbers skipped so far
	Written int // numbers of the new list written so far (while writing)
}

// ImportResult says what an import read and did.
type ImportResult struct {
	Format    Format
	Encoding  string   // "UTF-8", "UTF-16LE", "UTF-16BE"
	Delimiter byte     // CSV: ',', ';' or '\t'
	Header    bool     // CSV: the first row named the columns
	Columns   []string // CSV: the columns numbers were read from (header names, or "column N")
	Rows      int      // rows (CSV) or contacts (vCard) read
	Numbers   int      // numbers read (a row may hold several)
	Stored    int      // distinct numbers put on the list
	New       int      // of Stored, numbers that were on no list before
	Moved     int      // of Stored, numbers that were on another list before
	Bad       int      // rows and numbers skipped, each reported
	Commits   int      // transactions committed
	Errors    []*ImportError
}

// inPlaceMax is the largest import written in place in one transaction;
// a larger one rewrites the list (numbers.go).
const inPlaceMax = 1024

// probeRecords is how many CSV rows are read to find the columns.
const probeRecords = 20

type importer struct {
	opt  ImportOptions
	cfg  number.Config
	idx  *numIndex // the list before the import, for New and Moved; nil: none
	sort *sorter
	rule screening.Rule
	res  ImportResult
	line int    // last input line read
	used []bool // CSV: which number columns held numbers
}

func newImporter(s *Store, cfg number.Config, opt ImportOptions) (*importer, error) {
	if opt.List < screening.ActionPass || opt.List > screening.ActionBlock {
		return nil, fmt.Errorf("store: import: bad list %v", opt.List)
	}
	if opt.MaxErrors == 0 {
		opt.MaxErrors = 100
	}
	dir := opt.TempDir
	if dir == "" {
		dir = os.TempDir()
		if s != nil {
			dir = filepath.Dir(s.path)
		}
	}
	im := &importer{opt: opt, cfg: cfg, sort: newSorter(opt.RunBytes, dir)}
	im.rule.Action = opt.List
	if s != nil {
		im.idx = &s.idx
	}
	return im, nil
}

func (im *importer) bad(line int, err error) {
	e := &ImportError{Line: line, Err: err}
	im.res.Bad++
	if im.opt.MaxErrors < 0 || len(im.res.Errors) < im.opt.MaxErrors {
		im.res.Errors = append(im.res.Errors, e)
	}
	if im.opt.BadRow != nil {
		im.opt.BadRow(e)
	}
}

// numberError is a number that is not a telephone number, with the column
// (or vCard property) it came from.
type numberError struct {
	where string
	err   error
}

func (e *numberError) Error() string {
	var ne *number.Error
	if !errors.As(e.err, &ne) {
		return e.err.Error()
	}
	where := ""
	switch {
	case e.where == "TEL":
		where = " (TEL)"
	case e.where != "":
		where = " (column " + e.where + ")"
	}
	return fmt.Sprintf("%q%s is not a telephone number: %s", ne.Input, where, ne.Reason)
}

func (e *numberError) Unwrap() error { return e.err }

// add queues one number with the row's name and note.
func (im *importer) add(line int, raw, name, note, where string) error {
	im.res.Numbers++
	num, err := number.NormalizeInt(stripExtension(raw), im.cfg)
	if err != nil {
		im.bad(line, &numberError{where: where, err: err})
		return nil
	}
	im.rule.Name, im.rule.Note = clean.Name(name), clean.Note(note)
	return im.sort.add(num, &im.rule)
}

func (im *importer) progress(p ImportProgress) {
	if im.opt.Progress != nil {
		p.Bad = im.res.Bad
		im.opt.Progress(p)
	}
}

// read reads the whole input into the sorter.
func (im *importer) read(ctx context.Context, r io.Reader) error {
	br, enc := decodeText(r)
	im.res.Encoding = enc
	f := im.opt.Format
	if f == FormatAuto {
		f = FormatCSV
		if head, _ := br.Peek(512); IsVCard(head) {
			f = FormatVCard
		}
	}
	im.res.Format = f
	if f == FormatVCard {
		return im.readVCard(ctx, br)
	}
	return im.readCSV(ctx, br)
}

// IsVCard reports whether the start of a file looks like a vCard.
func IsVCard(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	return bytes.HasPrefix(bytes.ToUpper(bytes.TrimSpace(head)), []byte("BEGIN:VCARD"))
}

// Import reads a CSV or vCard file (see the package documentation for
// what it understands) and puts every number on opt.List: a number on
// another list moves, one already there gets the new name and note, and
// the file's last row wins for a number it holds twice. Rows and numbers
// that cannot be read are reported (ImportError with the line) and skipped;
// reading goes on at the next line.
//
// The list changes in one commit at the end: on an error (I/O, a full
// disk, ctx) the lists are as they were.
func (s *Store) Import(ctx context.Context, r io.Reader, opt ImportOptions) (ImportResult, error) {
	st, err := s.Settings()
	if err != nil {
		return ImportResult{}, err
	}
	im, err := newImporter(s, st.Number, opt)
	if err != nil {
		return ImportResult{}, err
	}
	defer im.sort.close()
	if err := im.read(ctx, r); err != nil {
		return im.result(), err
	}
	err = s.writeImport(ctx, im)
	return im.result(), err
}

// ImportCSV is Import of a CSV file.
func (s *Store) ImportCSV(ctx context.Context, r io.Reader, opt ImportOptions) (ImportResult, error) {
	opt.Format = FormatCSV
	return s.Import(ctx, r, opt)
}

// ImportVCard is Import of a vCard file.
func (s *Store) ImportVCard(ctx context.Context, r io.Reader, opt ImportOptions) (ImportResult, error) {
	opt.Format = FormatVCard
	return s.Import(ctx, r, opt)
}

// PreviewImport reads like Import and calls fn with each rule the import
// would store, in number order, without changing anything. s may be nil
// (no database yet): then cfg is used for numbers and every number is new.
func PreviewImport(ctx context.Context, s *Store, cfg number.Config, r io.Reader, opt ImportOptions, fn func(screening.Rule) error) (ImportResult, error) {
	if s != nil {
		st, err := s.Settings()
		if err != nil {
			return ImportResult{}, err
		}
		cfg = st.Number
	}
	im, err := newImporter(s, cfg, opt)
	if err != nil {
		return ImportResult{}, err
	}
	defer im.sort.close()
	if err := im.read(ctx, r); err != nil {
		return im.result(), err
	}
	src, err := im.counted()
	if err != nil {
		return im.result(), err
	}
	for {
		num, data, ok, err := src.next()
		if err != nil || !ok {
			return im.result(), err
		}
		rule, err := decodeRule(num, "", data)
		if err != nil {
			return im.result(), err
		}
		if err := fn(rule); err != nil {
			return im.result(), err
		}
	}
}

func (im *importer) result() ImportResult { return im.res }

// counted is the sorted entries, counted into the result as they pass.
func (im *importer) counted() (entrySource, error) {
	src, err := im.sort.merged()
	if err != nil {
		return nil, err
	}
	return &countingSource{src: src, im: im}, nil
}

type countingSource struct {
	src entrySource
	im  *importer
}

func (c *countingSource) next() (uint64, []byte, bool, error) {
	num, data, ok, err := c.src.next()
	if ok {
		c.im.res.Stored++
		if c.im.idx == nil {
			c.im.res.New++
		} else if h, _, had := c.im.idx.find(num); !had {
			c.im.res.New++
		} else if screening.Action(h&3) != c.im.opt.List {
			c.im.res.Moved++
		}
	}
	return num, data, ok, err
}

// writeImport puts the sorted entries on the list.
func (s *Store) writeImport(ctx context.Context, im *importer) error {
	big := len(im.sort.runs) > 0 || len(im.sort.recs) > inPlaceMax
	src, err := im.counted()
	if err != nil {
		return err
	}
	if big {
		n, err := s.stageList(ctx, src, func(written int) {
			im.progress(ImportProgress{Writing: true, Line: im.line, Rows: im.res.Rows, Written: written})
		})
		im.res.Commits = n
		if err != nil {
			im.res.Stored, im.res.New, im.res.Moved = 0, 0, 0
		}
		return err
	}
	var es []entry
	for {
		num, data, ok, err := src.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		es = append(es, entry{num: num, data: data})
	}
	if len(es) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		im.res.Stored, im.res.New, im.res.Moved = 0, 0, 0
		return err
	}
	err = s.Update(func(tx WriteTx) error { return tx.(*wtx).putNumbers(es) })
	if err != nil {
		im.res.Stored, im.res.New, im.res.Moved = 0, 0, 0
		return err
	}
	im.res.Commits = 1
	return nil
}

// byteRec is one CSV record's fields.
type byteRec [][]byte

func (r byteRec) cell(i int) string {
	if i >= 0 && i < len(r) {
		return string(bytes.TrimSpace(r[i]))
	}
	return ""
}

func (r byteRec) blank() bool {
	for _, f := range r {
		if len(bytes.TrimSpace(f)) > 0 {
			return false
		}
	}
	return true
}

func (r byteRec) clone() byteRec {
	c := make(byteRec, len(r))
	for i, f := range r {
		c[i] = bytes.Clone(f)
	}
	return c
}

// NoNumbersError is a CSV file in which no column holds telephone numbers.
type NoNumbersError struct {
	Header []string // the file's first row, if it looked like a header
}

func (e *NoNumbersError) Error() string {
	if len(e.Header) > 0 {
		return fmt.Sprintf("store: import: no telephone numbers: none of the columns (%s) is a number column such as %s, and none holds numbers",
			quoteAll(e.Header), NumberColumns)
	}
	return "store: import: no telephone numbers: no column holds numbers"
}

func (e *NoNumbersError) Unwrap() error { return ErrNoNumbers }

func quoteAll(h []string) string {
	q := make([]string, 0, len(h))
	for _, c := range h {
		if len(q) == 12 {
			q = append(q, "...")
			break
		}
		q = append(q, fmt.Sprintf("%q", strings.TrimSpace(c)))
	}
	return strings.Join(q, ", ")
}
