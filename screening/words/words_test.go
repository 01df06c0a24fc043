package words

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

func TestSplit(t *testing.T) {
	cases := []struct {
		in   string
		want []string
		err  bool
	}{
		{"", nil, false},
		{"  log  -n 5 ", []string{"log", "-n", "5"}, false},
		{`allow add +15551234567 "DOE, JOHN"`, []string{"allow", "add", "+15551234567", "DOE, JOHN"}, false},
		{`block add 555 'it''s'`, []string{"block", "add", "555", "its"}, false},
		{`allow add 555 Pat O'Brien`, []string{"allow", "add", "555", "Pat", "O'Brien"}, false},
		{`sim say it's about tomorrow's meeting`, []string{"sim", "say", "it's", "about", "tomorrow's", "meeting"}, false},
		{`say 'quoted' O'Brien 'x`, nil, true},
		{`say Zoë's`, []string{"say", "Zoë's"}, false},
		{`sim say hello\ world # comment`, []string{"sim", "say", "hello world"}, false},
		{`say "a \"b\" c\\d"`, []string{"say", `a "b" c\d`}, false},
		{"a\tb", []string{"a", "b"}, false},
		{`a ""`, []string{"a", ""}, false},
		{`x#y`, []string{"x#y"}, false},
		{`"unterminated`, nil, true},
		{"bell\x07", nil, true},
		{"del\x7f", nil, true},
		{`trailing\`, nil, true},
		{"esc\\\x1b", nil, true},
	}
	for _, c := range cases {
		got, err := Split(c.in)
		if (err != nil) != c.err || !reflect.DeepEqual(got, c.want) {
			t.Errorf("Split(%q) = %q, %v; want %q, err %v", c.in, got, err, c.want, c.err)
		}
		if err != nil && !errors.Is(err, ErrSyntax) {
			t.Errorf("Split(%q): %v is not ErrSyntax", c.in, err)
		}
	}
}

func TestJoin(t *testing.T) {
	for _, ws := range [][]string{
		{"sim", "call", "2125550143", "HUDSON DENTAL"},
		{"say", "/tmp/my file.wav"},
		{"", "a\"b", `c\d`, "it's", "#x", "x#"},
		{"tab\there"},
	} {
		line := Join(ws)
		got, err := Split(line)
		if err != nil || !reflect.DeepEqual(got, ws) {
			t.Errorf("Split(Join(%q)) = Split(%q) = %q, %v", ws, line, got, err)
		}
	}
}

func ExampleSplit() {
	w, _ := Split(`allow add +15551234567 "DOE, JOHN" # the plumber`)
	fmt.Printf("%q\n", w)
	// Output: ["allow" "add" "+15551234567" "DOE, JOHN"]
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"log -n 5 --json", `allow add "+1 555" 'Bob'`, `x\ y # z`, "\"", "a\\", "sim call private", `say "a \"b\""`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ws, err := Split(s)
		if err != nil {
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("error %v is not ErrSyntax", err)
			}
			return
		}
		for _, w := range ws {
			for i := 0; i < len(w); i++ {
				if isControl(w[i]) {
					t.Fatalf("control character in word %q", w)
				}
			}
		}
		// what Split returns, Join writes back to the same words
		back, err := Split(Join(ws))
		if err != nil || !reflect.DeepEqual(back, ws) && len(ws) > 0 {
			t.Fatalf("Split(Join(%q)) = %q, %v", ws, back, err)
		}
	})
}
