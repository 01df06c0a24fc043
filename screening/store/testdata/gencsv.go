//go:build ignore

// gencsv writes a block list fixture: N random valid North American
// numbers with a header. By default every row carries a name and a note,
// as complaint lists do ("+12015550100,SPAM 17,complaint"); with -named=false
// the rows are "555-234-5678,name,note" with a name on every tenth row (the
// generator of fixture_test.go's csvFixture).
// Usage: go run gencsv.go -n 1000000 > block.csv
package main

import (
	"bufio"
	"flag"
	"math/rand/v2"
	"os"
	"strconv"
)

func main() {
	n := flag.Int("n", 1000000, "rows")
	seed := flag.Uint64("seed", 1, "random seed")
	named := flag.Bool("named", true, "a name and a note on every row")
	flag.Parse()
	r := rand.New(rand.NewPCG(*seed, 1))
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	w.WriteString("number,name,note\n")
	var b []byte
	for i := 0; i < *n; i++ {
		npa := 200 + r.Uint64N(800)
		nxx := 200 + r.Uint64N(800)
		line := r.Uint64N(10000)
		s := strconv.FormatUint(npa*10_000_000+nxx*10_000+line, 10)
		if *named {
			b = append(b[:0], "+1"...)
			b = append(b, s...)
			b = append(b, ",SPAM "...)
			b = strconv.AppendInt(b, int64(i%100), 10)
			b = append(b, ",complaint\n"...)
			w.Write(b)
			continue
		}
		b = append(b[:0], s[:3]...)
		b = append(b, '-')
		b = append(b, s[3:6]...)
		b = append(b, '-')
		b = append(b, s[6:]...)
		b = append(b, ',')
		if i%10 == 0 {
			b = append(b, "Robocaller "...)
			b = strconv.AppendInt(b, int64(i), 10)
		}
		b = append(b, ",\n"...)
		w.Write(b)
	}
	w.Flush()
}
