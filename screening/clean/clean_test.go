package clean_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"secretary/screening/clean"
)

func TestName_Hostile(t *testing.T) {
	zalgo := "Z" + strings.Repeat("\u0301\u0316\u0337", 40) + "ALGO"
	for _, c := range []struct{ name, in, want string }{
		{"plain", "HUDSON DENTAL", "HUDSON DENTAL"},
		{"accents kept", "Müller José", "Müller José"},
		{"right-to-left override", "EVIL\u202eLIAM.EXE", "EVILLIAM.EXE"},
		{"bidi isolates and embeddings", "\u2066A\u2069\u202aB\u202c\u2067C\u2068D", "ABCD"},
		{"zero-width characters", "BA\u200bNK\u200c\u200d\u2060OF", "BANKOF"},
		{"byte order mark", "\ufeffBANK", "BANK"},
		{"soft hyphen and tags", "BA\u00adNK\U000E0041", "BANK"},
		{"C0 controls", "A\x00B\x07C\x7fD", "ABCD"},
		{"C1 controls", "A\u0085B\u009bC", "AB"},
		{"CSI sequence", "\x1b[2J\x1b[31mRED\x1b[0m", "RED"},
		{"OSC title", "\x1b]0;pwned\x07NAME", "NAME"},
		{"OSC with ST", "\x1b]8;;http://x\x1b\\LINK", "LINK"},
		{"lone escape", "A\x1b", "A"},
		{"invalid UTF-8", "A\xff\xfeB\xc3", "AB"},
		{"replacement char", "A\ufffdB", "AB"},
		{"newlines and tabs", "JOHN\r\n\tDOE", "JOHN DOE"},
		{"spaces collapsed and trimmed", "   JOHN    DOE   ", "JOHN DOE"},
		{"no-break space", "JOHN\u00a0DOE", "JOHN DOE"},
		{"line separator", "A\u2028B\u2029C", "ABC"},
		{"private use", "A\ue000B", "AB"},
		{"non-characters", "A\ufffeB\U0001FFFFC\ufdd0D", "ABCD"},
		{"combining flood capped", zalgo, "Z\u0301\u0316ALGO"},
		{"leading mark dropped", "\u0301A", "A"},
		{"long name capped", strings.Repeat("A", 500), strings.Repeat("A", clean.NameMax)},
		{"cap counts characters", strings.Repeat("é", 60), strings.Repeat("é", clean.NameMax)},
		{"cap never ends in a space", strings.Repeat("A", 49) + " B", strings.Repeat("A", 49)},
		{"empty", "", ""},
		{"only junk", "\u202e\u200b\x1b[0m", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := clean.Name(c.in); got != c.want {
				t.Errorf("Name(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestText_NoCap(t *testing.T) {
	in := strings.Repeat("word ", 100)
	if got := clean.Text(in, 0); got != strings.TrimSpace(in) {
		t.Errorf("Text(..., 0) capped or changed the text: %d characters", utf8.RuneCountInString(got))
	}
	if got := clean.Note(in); utf8.RuneCountInString(got) > clean.NoteMax {
		t.Errorf("Note kept %d characters, more than %d", utf8.RuneCountInString(got), clean.NoteMax)
	}
}

// check holds the promises of the package comment for one output.
func check(t *testing.T, in, out string, max int) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("Text(%q) = %q: not valid UTF-8", in, out)
	}
	if max > 0 && utf8.RuneCountInString(out) > max+max*clean.MaxMarks {
		t.Fatalf("Text(%q) = %q: over the cap", in, out)
	}
	if strings.TrimSpace(out) != out || strings.Contains(out, "  ") {
		t.Fatalf("Text(%q) = %q: untidy spaces", in, out)
	}
	marks := 0
	for _, r := range out {
		if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs, unicode.Zl, unicode.Zp) || r == utf8.RuneError {
			t.Fatalf("Text(%q) = %q: kept %U", in, out, r)
		}
		if unicode.In(r, unicode.Mn, unicode.Me) {
			if marks++; marks > clean.MaxMarks {
				t.Fatalf("Text(%q) = %q: more than %d marks on one character", in, out, clean.MaxMarks)
			}
		} else {
			marks = 0
		}
	}
	if again := clean.Text(out, max); again != out {
		t.Fatalf("not idempotent: Text(%q) = %q, again %q", in, out, again)
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"HUDSON DENTAL", "EVIL\u202eLIAM", "\x1b[31mX", "A\xffB", "Z\u0301\u0301\u0301", "  a  b  ", "\ufeff"} {
		f.Add(s, 15)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		max %= 100
		if max < 0 {
			max = -max
		}
		check(t, s, clean.Text(s, max), max)
	})
}

func BenchmarkName_Plain(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = clean.Name("HUDSON DENTAL")
	}
}

func BenchmarkName_Hostile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = clean.Name("EVIL\u202eLIAM\u200b\x1b[31m.EXE")
	}
}
