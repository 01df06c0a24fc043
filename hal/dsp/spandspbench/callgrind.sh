#!/bin/sh
# Instruction counts (load-independent) of the box's receivers and
# spandsp's over the same 60 s signals (480,000 samples, fed in 160-sample
# blocks), from one test binary under valgrind's callgrind: each benchmark
# runs one pass (-test.benchtime=1x) and callgrind counts only inside the
# receiver's entry point (--toggle-collect). Needs cgo, libspandsp-dev and
# valgrind. Run from the repository root:
#
#	sh hal/dsp/spandspbench/callgrind.sh
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=1 go test -tags spandsp -c -o "$tmp/sb.test" ./hal/dsp/spandspbench/

# count BENCH FUNC: instructions executed in FUNC (and what it calls)
count() {
	# valgrind cannot run RDTSCP, which Go's runtime uses when the CPU has
	# it; no garbage collector and one processor, so that no runtime work
	# runs (and is counted) while the receiver does
	GOGC=off GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1,cpu.rdtscp=off valgrind --tool=callgrind \
		--callgrind-out-file="$tmp/cg.out" --collect-atstart=no "--toggle-collect=$2" \
		"$tmp/sb.test" -test.run='^$' -test.bench="^$1\$" -test.benchtime=1x >/dev/null 2>"$tmp/log" ||
		{ cat "$tmp/log" >&2; exit 1; }
	sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$tmp/log"
}

n=480000
for r in "DTMF secretary/hal/dsp.(*DTMFDetector).Process dtmf_rx" \
	"CallerIDBell202 secretary/hal/dsp.(*CIDReceiver).Process adsi_rx"; do
	set -- $r
	ours=$(count "Benchmark$1" "$2")
	theirs=$(count "Benchmark$1" "$3")
	awk -v b="$1" -v o="$ours" -v t="$theirs" -v n="$n" 'BEGIN {
		printf "%-16s ours %11d instructions (%5.1f per sample)  spandsp %11d (%5.1f per sample)  ratio %.2f\n",
			b, o, o / n, t, t / n, t / o }'
done
