package store

import (
	"bufio"
	"context"
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"

	"secretary/screening"
)

// ExportCSV writes the list as CSV (header number,name,note), in ascending
// number order, and returns how many numbers it wrote. Import reads it back
// unchanged.
func (s *Store) ExportCSV(ctx context.Context, w io.Writer, list screening.Action) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"number", "name", "note"}); err != nil {
		return 0, err
	}
	rec := make([]string, 3)
	n, err := s.exportList(ctx, list, func(r screening.Rule) error {
		rec[0], rec[1], rec[2] = r.Match.Text, r.Name, r.Note
		return cw.Write(rec)
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return n, err
}

// ExportVCard writes the list as vCard 3.0, one card per number (FN and N
// with the name, TEL, NOTE), in ascending number order, and returns how
// many numbers it wrote. Phones, Google Contacts and Outlook read it;
// Import reads it back unchanged.
func (s *Store) ExportVCard(ctx context.Context, w io.Writer, list screening.Action) (int, error) {
	bw := bufio.NewWriter(w)
	var b []byte
	n, err := s.exportList(ctx, list, func(r screening.Rule) error {
		b = AppendVCard(b[:0], r)
		_, err := bw.Write(b)
		return err
	})
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return n, err
}

func (s *Store) exportList(ctx context.Context, list screening.Action, fn func(screening.Rule) error) (int, error) {
	n := 0
	err := s.View(func(tx ReadTx) error {
		return tx.Numbers(list, func(r screening.Rule) error {
			if n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			n++
			return fn(r)
		})
	})
	return n, err
}

// AppendVCard appends one vCard 3.0 card for an exact-number rule.
func AppendVCard(b []byte, r screening.Rule) []byte {
	name := escapeText(r.Name)
	b = append(b, "BEGIN:VCARD\r\nVERSION:3.0\r\n"...)
	b = appendFolded(b, "FN:"+name)
	b = appendFolded(b, "N:"+name+";;;;") // the whole name as the family name: it is not split
	b = appendFolded(b, "TEL;TYPE=VOICE:"+r.Match.Text)
	if r.Note != "" {
		b = appendFolded(b, "NOTE:"+escapeText(r.Note))
	}
	return append(b, "END:VCARD\r\n"...)
}

var textEscaper = strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\n", `\n`, "\r", "")

func escapeText(s string) string { return textEscaper.Replace(s) }

// appendFolded appends a content line, folded at 75 bytes without
// splitting a character (RFC 6350 3.2), and CRLF.
func appendFolded(b []byte, line string) []byte {
	const max = 75
	for first := true; ; first = false {
		room := max
		if !first {
			b = append(b, ' ')
			room--
		}
		if len(line) <= room {
			b = append(b, line...)
			return append(b, "\r\n"...)
		}
		cut := room
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b = append(b, line[:cut]...)
		b = append(b, "\r\n"...)
		line = line[cut:]
	}
}
