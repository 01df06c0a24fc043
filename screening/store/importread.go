package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"secretary/screening/clean"
	"secretary/screening/number"
)

// progressEvery is how many rows pass between progress reports while reading.
const progressEvery = 1 << 16

// probed is a CSV row read while looking for the columns.
type probed struct {
	line int
	rec  byteRec
	err  *ImportError
}

func (im *importer) readCSV(ctx context.Context, br *bufio.Reader) error {
	cr := newCSVReader(br)
	if err := cr.detectDelimiter(); err != nil {
		return err
	}
	cr.isRecord = func(f []byte) bool {
		if !looksLikeNumber(string(f)) {
			return false
		}
		_, err := number.NormalizeInt(string(f), im.cfg)
		return err == nil
	}
	im.res.Delimiter = cr.delim
	var probe []probed
	good := false // a record was read
	for len(probe) < probeRecords {
		rec, line, err := cr.read()
		if err == io.EOF {
			break
		}
		var ie *ImportError
		if errors.As(err, &ie) {
			probe = append(probe, probed{line: line, err: ie})
			continue
		}
		if err != nil {
			return err
		}
		if byteRec(rec).blank() {
			continue
		}
		if !good { // a header's number columns, at once
			for i, f := range rec {
				if classifyColumn(string(f)) == colNumber {
					cr.numCols = append(cr.numCols, i)
				}
			}
		}
		good = true
		probe = append(probe, probed{line: line, rec: byteRec(rec).clone()})
	}
	lay, skip, err := im.csvLayout(probe)
	if err != nil {
		return err
	}
	im.used = make([]bool, len(lay.nums))
	cr.numCols = lay.nums
	defer func() { // the columns that held numbers (all searched if none did)
		im.res.Columns = nil
		for k, u := range im.used {
			if u {
				im.res.Columns = append(im.res.Columns, lay.numNames[k])
			}
		}
		if len(im.res.Columns) == 0 {
			im.res.Columns = lay.numNames
		}
	}()
	if lay.header {
		cr.expect = len(probe[skip-1].rec)
	}
	for _, p := range probe {
		im.line = p.line
		switch {
		case p.err != nil:
			im.bad(p.line, p.err.Err)
		case skip > 0 && p.line == probe[skip-1].line:
		default:
			if err := im.csvRow(p.line, p.rec, &lay); err != nil {
				return err
			}
		}
	}
	for {
		rec, line, err := cr.read()
		if err == io.EOF {
			return nil
		}
		im.line = line
		var ie *ImportError
		if errors.As(err, &ie) {
			im.bad(line, ie.Err)
			continue
		}
		if err != nil {
			return err
		}
		if byteRec(rec).blank() {
			continue
		}
		if err := im.csvRow(line, rec, &lay); err != nil {
			return err
		}
		if im.res.Rows%progressEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			im.progress(ImportProgress{Line: line, Rows: im.res.Rows})
		}
	}
}

// csvLayout finds the columns from the first rows: a header names them;
// without one (or when the header names no number column), numbers are
// read from the first column that holds numbers. skip is how many probed
// rows the header takes (0 or 1).
func (im *importer) csvLayout(probe []probed) (lay csvLayout, skip int, err error) {
	lay = newLayout()
	first := -1
	for i, p := range probe {
		if p.err == nil {
			first = i
			break
		}
	}
	if first < 0 {
		return lay, 0, nil // nothing readable: every row is reported
	}
	head := probe[first].rec
	numeric := false
	for i := range head {
		numeric = numeric || looksLikeNumber(head.cell(i))
	}
	rows := probe
	if !numeric { // a header, or text without numbers
		names := make([]string, len(head))
		for i := range head {
			names[i] = head.cell(i)
		}
		known := lay.fromHeader(names)
		if known && len(lay.nums) > 0 {
			lay.header, im.res.Header, im.res.Columns = true, true, lay.numNames
			return lay, first + 1, nil
		}
		if im.numberColumn(probe[first+1:]) < 0 {
			return lay, 0, &NoNumbersError{Header: names}
		}
		lay.header, im.res.Header = true, true
		skip, rows = first+1, probe[first+1:]
	}
	col := im.numberColumn(rows)
	if col < 0 {
		return lay, 0, &NoNumbersError{}
	}
	name := "column " + strconv.Itoa(col+1)
	if lay.header && head.cell(col) != "" {
		name = head.cell(col)
	}
	lay.nums, lay.numNames = []int{col}, []string{name}
	im.res.Columns = lay.numNames
	if lay.name < 0 && lay.first < 0 && lay.last < 0 && len(lay.notes) == 0 {
		// number,name,note in any order: the other columns, left to right
		var others []int
		for i := 0; i < len(rows[0].rec) || i < len(head); i++ {
			if i != col {
				others = append(others, i)
			}
		}
		if len(others) > 0 {
			lay.name = others[0]
		}
		if len(others) > 1 {
			lay.notes = []int{others[1]}
		}
	}
	return lay, skip, nil
}

// numberColumn is the first column holding a valid number in any of rows,
// else the first holding something written like a number; -1 if none.
func (im *importer) numberColumn(rows []probed) int {
	best := -1
	for _, valid := range []bool{true, false} {
		for _, p := range rows {
			if p.err != nil {
				continue
			}
			for i := range p.rec {
				if best >= 0 && i >= best {
					break
				}
				c := p.rec.cell(i)
				if !looksLikeNumber(c) {
					continue
				}
				if _, err := number.NormalizeInt(stripExtension(c), im.cfg); err == nil || !valid {
					best = i
				}
			}
		}
		if best >= 0 {
			return best
		}
	}
	return -1
}

// csvRow queues every number of one row.
func (im *importer) csvRow(line int, rec byteRec, lay *csvLayout) error {
	im.res.Rows++
	name, note := lay.nameOf(rec), lay.noteOf(rec)
	found := 0
	for k, i := range lay.nums {
		c := rec.cell(i)
		if c == "" {
			continue
		}
		parts := []string{c}
		if strings.Contains(c, ":::") { // Google Contacts: several numbers in one cell
			parts = strings.Split(c, ":::")
		}
		for _, p := range parts {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			found++
			im.used[k] = true
			if err := im.add(line, p, name, note, lay.numNames[k]); err != nil {
				return err
			}
		}
	}
	if found == 0 {
		im.bad(line, fmt.Errorf("no telephone number in %s", strings.Join(lay.numNames, ", ")))
	}
	return nil
}

func (im *importer) readVCard(ctx context.Context, br *bufio.Reader) error {
	vr := newVCardReader(br)
	for {
		c, err := vr.read()
		if err == io.EOF {
			return nil
		}
		var ie *ImportError
		if errors.As(err, &ie) {
			im.bad(ie.Line, ie.Err)
			continue
		}
		if err != nil {
			return err
		}
		im.res.Rows++
		im.line = c.line
		name, note := c.name(), strings.Join(c.notes, "; ")
		if len(c.tels) == 0 {
			what := "no telephone number"
			if c.faxes > 0 {
				what = "only a fax or pager number"
			}
			if n := clean.Name(name); n != "" {
				im.bad(c.line, fmt.Errorf("contact %q has %s", n, what))
			} else {
				im.bad(c.line, fmt.Errorf("a contact without a name has %s", what))
			}
			continue
		}
		for _, t := range c.tels {
			if err := im.add(t.line, t.value, name, note, "TEL"); err != nil {
				return err
			}
		}
		if im.res.Rows%progressEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			im.progress(ImportProgress{Line: c.line, Rows: im.res.Rows})
		}
	}
}
