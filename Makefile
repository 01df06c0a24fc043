# The two commands a newcomer needs: `make run` and `make test`.
GO       ?= go
VERSION  := $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
BIN      := bin
DATA     ?= $(CURDIR)/.data
# A count, not a duration: go1.26's fuzz coordinator can report a spurious
# "context deadline exceeded" when a -fuzztime duration expires mid-exec
# (golang/go#75804, fixed in go1.27); a count has no deadline to race.
FUZZTIME ?= 60000x
PKGS     := ./...

.PHONY: all build test vet fmtcheck unit fuzz bench cross run demo mailsink deps clean image flash image-test deadcode bench-arm64

all: build

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/secretary ./cmd/secretary

# test: vet, formatting, the race-enabled test suite, then a short pass of
# every fuzz target (found by grepping for "func FuzzXxx").
test: vet fmtcheck unit fuzz

vet:
	$(GO) vet $(PKGS)

fmtcheck:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

unit:
	$(GO) test -race -count=1 $(PKGS)

fuzz:
	@set -e; grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r f; do \
		dir=$$(dirname $$f); \
		for fn in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
			echo "fuzz $$dir $$fn ($(FUZZTIME))"; \
			$(GO) test -run='^$$' -fuzz="^$$fn$$" -fuzztime=$(FUZZTIME) $$dir >/tmp/fuzz.$$$$.log 2>&1 || { cat /tmp/fuzz.$$$$.log; exit 1; }; \
		done; \
	done

# bench: every benchmark (BenchmarkFirmware1M: import, resident memory,
# start-up and calls with a 1,000,000-number named list), then the DSP
# receivers against spandsp's C ones on the same signal in one run (cgo, tag
# spandsp; needs libspandsp-dev, installed here when running as root with
# apt-get): times, then instruction counts under valgrind when it is
# installed (load-independent); then the import against SQLite when sqlite3
# is installed.
bench:
	$(GO) test -run='^$$' -bench=. -benchmem -timeout=60m $(PKGS)
	@if ! pkg-config --exists spandsp 2>/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libspandsp-dev pkg-config >/dev/null; \
	fi
	@if pkg-config --exists spandsp 2>/dev/null; then \
		CGO_ENABLED=1 $(GO) test -tags spandsp -run=Spandsp -bench=. -benchtime=2s -count=3 ./hal/dsp/spandspbench/; \
		if command -v valgrind >/dev/null; then sh hal/dsp/spandspbench/callgrind.sh; \
		else echo "bench: instruction counts skipped: no valgrind"; fi; \
	else echo "bench: spandsp comparison skipped: libspandsp-dev is not installed and cannot be (needs root and apt-get)"; fi
	@if command -v sqlite3 >/dev/null; then screening/store/testdata/sqlite-compare.sh; \
	else echo "bench: sqlite3 not installed (make deps); the import comparison with SQLite is skipped"; fi

# bench-arm64: the DSP and store benchmarks as arm64 test binaries in
# build/bench-arm64 with run.sh, run here under qemu-user when it is
# installed (an indication) and meant to be copied to a real board running
# a Linux with a shell (Raspberry Pi OS): scp -r build/bench-arm64 pi@HOST:
# then ssh pi@HOST 'cd bench-arm64 && ./run.sh'. BENCH and BENCHTIME
# choose (default: the receivers and Decide, 20 iterations).
BENCH_ARM := hal/dsp screening/store
BENCH     ?= DTMFDetect|CallerIDBell202|Decide$$
BENCHTIME ?= 20x
bench-arm64:
	@mkdir -p build/bench-arm64
	@for p in $(BENCH_ARM); do \
		CGO_ENABLED=0 GOOS=linux GOARCH=arm64 $(GO) test -c -o build/bench-arm64/$$(basename $$p).test ./$$p || exit 1; done
	@printf '%s\n' '#!/bin/sh' '# the benchmarks of the box on this machine (arm64); figures go to stdout' \
		'cd "$$(dirname "$$0")" && uname -m && for t in *.test; do echo "== $$t"; ./$$t -test.run "^$$" -test.bench "$${BENCH:-$(BENCH)}" -test.benchmem -test.benchtime "$${BENCHTIME:-$(BENCHTIME)}" || exit 1; done' \
		> build/bench-arm64/run.sh && chmod +x build/bench-arm64/run.sh
	@if command -v qemu-aarch64-static >/dev/null; then \
		BENCH='$(BENCH)' BENCHTIME='$(BENCHTIME)' sh -c 'cd build/bench-arm64 && for t in *.test; do echo "== $$t (qemu-user)"; qemu-aarch64-static ./$$t -test.run "^$$" -test.bench "$${BENCH:-.}" -test.benchmem -test.benchtime "$${BENCHTIME:-1s}" || exit 1; done'; \
	else echo "bench-arm64: qemu-user-static is not installed (make deps): copy build/bench-arm64 to a board and run ./run.sh there"; fi

# deadcode: functions that neither the binary nor any test reaches (tests
# included, since the emulator's and the options' test API is meant for
# tests). The tool is built from its own pinned module (testdata/tools).
deadcode:
	cd testdata/tools/deadcode && $(GO) build -o $(CURDIR)/$(BIN)/deadcode golang.org/x/tools/cmd/deadcode
	@out=$$($(BIN)/deadcode -test $(PKGS)) || exit 1; if [ -n "$$out" ]; then echo "$$out"; echo "deadcode: remove these or use them"; exit 1; fi; echo "deadcode: nothing unreachable"

cross:
	CGO_ENABLED=0 GOOS=linux GOARCH=arm GOARM=6 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/secretary-linux-armv6 ./cmd/secretary
	CGO_ENABLED=0 GOOS=linux GOARCH=arm GOARM=7 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/secretary-linux-armv7 ./cmd/secretary
	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/secretary-linux-arm64 ./cmd/secretary
	@ls -l $(BIN)/secretary-linux-*

# run: the firmware on the simulated board with the console on this terminal.
run: build
	$(BIN)/secretary run --board sim --console - --data $(DATA)

demo: build
	$(BIN)/secretary run --board sim --demo --data $$(mktemp -d)

# mailsink: a local mail server for trying delivery beside make run (in
# another terminal): it prints each e-mail the box sends and keeps it, with
# the recording, in $(DATA)/mail. Not part of the firmware.
mailsink:
	$(GO) run ./cmd/mailsink -listen 127.0.0.1:2525 -dir $(DATA)/mail

# image: the SD card image for a board (gokrazy: kernel, A/B root file
# systems, /perm for the data, secretary.txt on the boot partition), as
# build/secretary-$(BOARD).img and .img.xz. See README "Installing the box".
image:
	@case "$(BOARD)" in rpi3|rpi4|rpi5|zero2w|virt) ;; \
	*) echo "usage: make image BOARD=rpi3|rpi4|rpi5|zero2w|virt"; exit 2;; esac
	VERSION=$(VERSION) XZ=$(XZ) board/image/build.sh image $(BOARD)

# flash: write the image to an SD card after the safety checks (not
# mounted, not this computer's disk, at most 64 GB unless FORCE=1), then
# read it back. Run as root: sudo make flash BOARD=rpi4 DEVICE=/dev/sdX
IMAGE ?= build/secretary-$(BOARD).img
XZ    ?= 1
flash:
	@[ -n "$(DEVICE)" ] && [ -n "$(BOARD)$(filter-out build/secretary-.img,$(IMAGE))" ] || \
		{ echo "usage: make flash BOARD=rpi4 DEVICE=/dev/sdX [FORCE=1]  (or IMAGE=file.img)"; exit 2; }
	$(GO) build -o build/imagetool ./board/image/imagetool
	build/imagetool flash $(if $(filter 1 yes true,$(FORCE)),--force) $(IMAGE) $(DEVICE)

# image-test: build the virt image and boot it under qemu-system-aarch64:
# console, status, selftest, a power cut, a reboot, a root file system update.
image-test:
	$(MAKE) image BOARD=virt XZ=0
	SECRETARY_IMAGE=$(CURDIR)/build/secretary-virt.img $(GO) test -count=1 -v -timeout 20m -run '^TestImage' ./board/image/imagetest/

# deps: Debian packages some optional tests and the image use (root only; CI runs it).
deps:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			socat qemu-user-static qemu-system-arm mtools e2fsprogs xz-utils sqlite3 time bc >/dev/null; \
	else echo "deps: not root or no apt-get; tests needing socat/qemu/mtools will say they skipped, make bench skips SQLite"; fi

clean:
	rm -rf $(BIN) build
