package store

import (
	"strings"
	"unicode"
)

// Column names a CSV header may use, matched without regard to case,
// blanks at either end or repeated blanks. Besides these, a column is a
// number column when its name is "Phone N - Value" (Google Contacts) or
// ends in " Phone" or " Phone N" (Outlook: "Business Phone 2", "Car
// Phone"), unless it names a fax, a pager or a label.
var (
	numberColumns = words("number", "numbers", "phone", "phones", "phone number", "phone numbers",
		"tel", "tel.", "telephone", "telephone number", "mobile", "mobile number", "cell",
		"cellphone", "cellular", "callback", "isdn",
		// a few other languages, for spreadsheets written by hand
		"nummer", "telefon", "telefonnummer", "rufnummer", "handy", "mobil", "mobiltelefon",
		"téléphone", "numéro", "numéro de téléphone", "portable", "teléfono", "número", "móvil",
		"celular", "telefono", "numero", "cellulare")
	nameColumns = words("name", "display name", "full name", "contact", "contact name", "file as",
		"nom", "nombre", "nome", "vollständiger name")
	firstColumns  = words("first name", "given name", "firstname", "forename", "vorname", "prénom", "prenom")
	middleColumns = words("middle name", "additional name", "second name")
	lastColumns   = words("last name", "family name", "surname", "lastname", "nachname",
		"nom de famille", "apellido", "apellidos", "cognome")
	orgColumns = words("company", "organization", "organisation", "organization name",
		"organization 1 - name", "firma", "unternehmen", "société", "entreprise", "empresa", "azienda")
	noteColumns = words("note", "notes", "comment", "comments", "remark", "remarks", "notiz",
		"notizen", "bemerkung", "bemerkungen", "remarque", "remarques", "nota", "notas")
)

// NumberColumns names the columns an import reads numbers from, for
// messages.
const NumberColumns = `"Phone", "Phone 1 - Value", "Mobile Phone", "Business Phone", "Home Phone", "Telephone", "Tel" or "Number"`

func words(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

type colKind int

const (
	colOther colKind = iota
	colNumber
	colName
	colFirst
	colMiddle
	colLast
	colOrg
	colNote
)

// normColumn lowercases a header cell and collapses its blanks.
func normColumn(h string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.TrimSpace(h))), " ")
}

func classifyColumn(h string) colKind {
	h = strings.TrimSuffix(normColumn(h), ":")
	switch {
	case numberColumns[h]:
		return colNumber
	case nameColumns[h]:
		return colName
	case firstColumns[h]:
		return colFirst
	case middleColumns[h]:
		return colMiddle
	case lastColumns[h]:
		return colLast
	case orgColumns[h]:
		return colOrg
	case noteColumns[h]:
		return colNote
	}
	for _, no := range []string{"fax", "pager", "type", "label"} {
		if strings.Contains(h, no) {
			return colOther
		}
	}
	f := strings.Fields(h)
	// "phone 1 - value" (Google Contacts)
	if len(f) == 4 && f[0] == "phone" && digits(f[1]) && f[2] == "-" && f[3] == "value" {
		return colNumber
	}
	if len(f) >= 2 && digits(f[len(f)-1]) { // "business phone 2"
		f = f[:len(f)-1]
	}
	if len(f) >= 2 && (f[len(f)-1] == "phone" || f[len(f)-1] == "telephone") {
		return colNumber
	}
	return colOther
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// looksLikeNumber reports whether a cell holds what could be a telephone
// number (three digits or more and only the punctuation numbers are
// written with), valid or not.
func looksLikeNumber(s string) bool {
	s = stripExtension(strings.TrimSpace(s))
	n := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n++
		case strings.ContainsRune("+-.()/ ", r):
		default:
			return false
		}
	}
	return n >= 3
}

// stripExtension removes an extension written after a number ("x 12",
// "ext. 12", "#12", ";ext=12", ",12"): the caller ID of the person is the
// number without it.
func stripExtension(s string) string {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= '0' && c <= '9' || c == '+' || c == '-' || c == ' ' || c == '(' || c == ')' || c == '.' || c == '/'
	}
	if plain {
		return s
	}
	low := strings.ToLower(s)
	for _, mark := range []string{";ext=", "extension", "ext.", "ext", "x", "#", ","} {
		i := strings.LastIndex(low, mark)
		if i <= 0 {
			continue
		}
		rest := strings.TrimLeft(low[i+len(mark):], " .:=")
		if rest == "" || strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsDigit(r) && r != ' ' }) >= 0 {
			continue
		}
		nd := 0
		for _, r := range low[:i] {
			if r >= '0' && r <= '9' {
				nd++
			}
		}
		if nd >= 7 {
			return strings.TrimRight(s[:i], " ,;#")
		}
	}
	return s
}

// csvLayout is where a file's numbers, names and notes are: column indexes
// (-1: none).
type csvLayout struct {
	header                         bool
	nums                           []int
	numNames                       []string // header names of nums, for messages
	name, first, middle, last, org int
	notes                          []int
}

func newLayout() csvLayout {
	return csvLayout{name: -1, first: -1, middle: -1, last: -1, org: -1}
}

// fromHeader sets the columns a header names; it reports whether any is known.
func (l *csvLayout) fromHeader(h []string) bool {
	known := false
	for i, c := range h {
		k := classifyColumn(c)
		known = known || k != colOther
		switch k {
		case colNumber:
			l.nums = append(l.nums, i)
			l.numNames = append(l.numNames, strings.TrimSpace(c))
		case colName:
			if l.name < 0 {
				l.name = i
			}
		case colFirst:
			l.first = i
		case colMiddle:
			l.middle = i
		case colLast:
			l.last = i
		case colOrg:
			if l.org < 0 {
				l.org = i
			}
		case colNote:
			l.notes = append(l.notes, i)
		}
	}
	return known
}

// nameOf is the contact's name: the name column, else first, middle and
// last name, else the organisation.
func (l *csvLayout) nameOf(rec byteRec) string {
	if n := rec.cell(l.name); n != "" {
		return n
	}
	var parts []string
	for _, i := range []int{l.first, l.middle, l.last} {
		if p := rec.cell(i); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) > 0 {
		return strings.Join(parts, " ")
	}
	return rec.cell(l.org)
}

func (l *csvLayout) noteOf(rec byteRec) string {
	if len(l.notes) == 1 {
		return rec.cell(l.notes[0])
	}
	var parts []string
	for _, i := range l.notes {
		if p := rec.cell(i); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "; ")
}
