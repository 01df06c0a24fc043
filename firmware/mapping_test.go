package firmware

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/firmware/call"
	"secretary/hal"
	"secretary/screening"
)

// enumValues reads the constants of type typ declared in the package in
// dir (its non-test sources) and returns them by name. The enums of this
// tree are iota blocks ("X T = iota" or "= iota + 1", then names alone),
// which is what it evaluates; anything else fails the test.
func enumValues(t *testing.T, dir, typ string) map[string]int64 {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			var curType string
			var curExpr ast.Expr
			for i, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				if vs.Type != nil || len(vs.Values) > 0 {
					curType, curExpr = "", nil
					if id, ok := vs.Type.(*ast.Ident); ok {
						curType = id.Name
					}
					if len(vs.Values) > 0 {
						curExpr = vs.Values[0]
					}
				}
				if curType != typ {
					continue
				}
				v, ok := evalIota(curExpr, int64(i))
				if !ok {
					t.Fatalf("%s: cannot evaluate the constants of %s", fset.Position(vs.Pos()), typ)
				}
				for _, n := range vs.Names {
					if n.Name != "_" {
						out[n.Name] = v
					}
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no constants of type %s in %s", typ, dir)
	}
	seen := map[int64]string{}
	for n, v := range out {
		if o, dup := seen[v]; dup {
			t.Fatalf("%s and %s both read as %d: the reader is wrong", o, n, v)
		}
		seen[v] = n
	}
	return out
}

func evalIota(e ast.Expr, iota int64) (int64, bool) {
	switch e := e.(type) {
	case *ast.Ident:
		return iota, e.Name == "iota"
	case *ast.BasicLit:
		v, err := strconv.ParseInt(e.Value, 0, 64)
		return v, e.Kind == token.INT && err == nil
	case *ast.ParenExpr:
		return evalIota(e.X, iota)
	case *ast.BinaryExpr:
		x, ok1 := evalIota(e.X, iota)
		y, ok2 := evalIota(e.Y, iota)
		switch e.Op {
		case token.ADD:
			return x + y, ok1 && ok2
		case token.SUB:
			return x - y, ok1 && ok2
		}
	}
	return 0, false
}

// The presentation enums of screening and hal mean the same, so each value
// maps to the one of the same name, both ways.
func TestMapping_Presentation(t *testing.T) {
	for name, v := range enumValues(t, "../screening", "Presentation") {
		p := screening.Presentation(v)
		h, ok := halPresentation(p)
		if !ok || h.String() != p.String() {
			t.Errorf("screening.%s maps to hal %s (ok %t)", name, h, ok)
		}
	}
	for name, v := range enumValues(t, "../hal", "Presentation") {
		p := hal.Presentation(v)
		s, ok := screeningPresentation(p)
		if !ok || s.String() != p.String() {
			t.Errorf("hal.%s maps to screening %s (ok %t)", name, s, ok)
		}
	}
}

func TestMapping_CallerPresentation(t *testing.T) {
	for _, c := range []struct {
		cid  hal.CallerID
		want screening.Presentation
	}{
		{hal.CallerID{Number: "2015550123", Presentation: hal.PresentationAvailable}, screening.PresentationAvailable},
		{hal.CallerID{Number: "2015550123"}, screening.PresentationAvailable},
		{hal.CallerID{Presentation: hal.PresentationPrivate}, screening.PresentationPrivate},
		{hal.CallerID{NumberAbsent: "P"}, screening.PresentationPrivate},
		{hal.CallerID{Presentation: hal.PresentationUnavailable, NumberAbsent: "P"}, screening.PresentationPrivate},
		{hal.CallerID{Presentation: hal.PresentationUnavailable}, screening.PresentationUnavailable},
		{hal.CallerID{NumberAbsent: "O", Name: "X"}, screening.PresentationUnavailable},
		{hal.CallerID{Presentation: hal.PresentationAvailable}, screening.PresentationNone},
		{hal.CallerID{Name: "ALICE"}, screening.PresentationNone},
	} {
		if got := callerPresentation(c.cid); got != c.want {
			t.Errorf("callerPresentation(%+v) = %s, want %s", c.cid, got, c.want)
		}
	}
}

func TestMapping_Ring(t *testing.T) {
	want := map[call.Ring]hal.RingPattern{call.RingNormal: hal.RingUK, call.RingScreened: hal.RingDR2, call.RingMessage: hal.RingDR3,
		// a person's cadence is the GR-506 pattern whatever the country
		call.RingLong: hal.RingNorthAmerica, call.RingShortShort: hal.RingDR2, call.RingShortShortLong: hal.RingDR3, call.RingShortLongShort: hal.RingDR4}
	for name, v := range enumValues(t, "call", "Ring") {
		r := call.Ring(v)
		p, ok := ringPattern(r, hal.RingUK)
		if w, known := want[r]; !ok || !known || p != w {
			t.Errorf("call.%s maps to %s (ok %t), want %s", name, p, ok, w)
		}
	}
}

func TestMapping_Tone(t *testing.T) {
	// frequency and length of each segment the line device generates
	want := map[call.Tone]string{
		call.ToneBeep: "1000/500ms",
		call.ToneSIT:  "913.8/274ms 1370.6/274ms 1776.7/380ms",
		call.ToneFax:  "2100/3s",
	}
	for name, v := range enumValues(t, "call", "Tone") {
		tn := call.Tone(v)
		segs, ok := toneSegments(tn)
		var got []string
		for _, s := range segs {
			got = append(got, strconv.FormatFloat(s.F1, 'g', -1, 64)+"/"+s.Dur.String())
		}
		if !ok || strings.Join(got, " ") != want[tn] {
			t.Errorf("call.%s plays %q (ok %t), want %q", name, got, ok, want[tn])
		}
	}
}

// Every line and handset event kind reaches the machine, but for the few
// named here that it has no use for.
func TestMapping_Events(t *testing.T) {
	clock := clockwork.NewFakeClockAt(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	unused := map[hal.LineEventKind]bool{hal.LineAnswerTone: true, hal.LineDataCalling: true, hal.LinePolarity: true, hal.LineRingback: true}
	for name, v := range enumValues(t, "../hal", "LineEventKind") {
		k := hal.LineEventKind(v)
		ev, ok := lineEvent(hal.LineEvent{Kind: k}, clock)
		if ok == unused[k] {
			t.Errorf("hal.%s: reaches the machine %t, want %t", name, ok, !unused[k])
		}
		if ok && !ev.At.Equal(clock.Now()) {
			t.Errorf("hal.%s without a time: stamped %s, want the clock's", name, ev.At)
		}
	}
	for name, v := range enumValues(t, "../hal", "HandsetEventKind") {
		k := hal.HandsetEventKind(v)
		if _, ok := handsetEvent(hal.HandsetEvent{Kind: k}, clock); ok == (k == hal.HandsetFlash) {
			t.Errorf("hal.%s: reaches the machine %t", name, ok)
		}
	}
}
