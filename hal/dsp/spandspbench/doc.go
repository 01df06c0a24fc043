// Package spandspbench measures the box's DTMF and Bell 202 caller-ID
// receivers against spandsp's C receivers (dtmf_rx and adsi_rx with
// ADSI_STANDARD_CLASS) on the same signal, in the same run:
//
//	go test -tags spandsp -run Spandsp -bench . ./hal/dsp/spandspbench/
//
// It needs cgo and Debian's libspandsp-dev (`make bench` installs it when it
// runs as root with apt-get). Without the spandsp build tag the package is
// this file alone, so the firmware (CGO_ENABLED=0) never builds cgo code and
// `go test ./...` needs no C library. No spandsp source is kept here; the
// package links the system library.
//
// On a shared, loaded machine the timings move with the load; the paired
// benchmarks (BenchmarkPair*) alternate the two passes and also report the
// ratio of the fastest passes. callgrind.sh counts the instructions each
// receiver executes over the same signal under valgrind, a figure the load
// cannot change (`make bench` runs both).
//
// Imports: secretary/hal/dsp and C (through cgo), nothing else of the tree.
package spandspbench
