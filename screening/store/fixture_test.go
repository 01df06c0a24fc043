package store_test

import (
	"math/rand/v2"
	"strconv"
)

// nanp returns a random valid North American number as 10 digits.
func nanp(r *rand.Rand) uint64 {
	npa := 200 + r.Uint64N(800)
	nxx := 200 + r.Uint64N(800)
	line := r.Uint64N(10000)
	return npa*10_000_000 + nxx*10_000 + line
}

// appendRow appends one CSV row in the punctuated form people keep lists
// in ("555-234-5678"), with a name on every tenth row.
func appendRow(b []byte, r *rand.Rand, i int) []byte {
	n := nanp(r)
	s := strconv.FormatUint(n, 10)
	b = append(b, s[:3]...)
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
	return b
}

// csvFixture builds n rows with a header, deterministically from seed.
func csvFixture(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, 0, n*24+32)
	b = append(b, "number,name,note\n"...)
	for i := 0; i < n; i++ {
		b = appendRow(b, r, i)
	}
	return b
}

// fixtureNumbers returns the E.164 numbers of csvFixture(n, seed), in row order.
func fixtureNumbers(n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]string, n)
	for i := range out {
		out[i] = "+1" + strconv.FormatUint(nanp(r), 10)
	}
	return out
}

// namedFixture builds n rows as block lists from complaint databases
// carry them, a name and a note on every row ("+12015550100,SPAM 17,complaint"),
// deterministically from seed; the numbers are fixtureNumbers(n, seed).
func namedFixture(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, 0, n*32+32)
	b = append(b, "number,name,note\n"...)
	for i := 0; i < n; i++ {
		b = append(b, "+1"...)
		b = strconv.AppendUint(b, nanp(r), 10)
		b = append(b, ",SPAM "...)
		b = strconv.AppendInt(b, int64(i%100), 10)
		b = append(b, ",complaint\n"...)
	}
	return b
}
