#!/usr/bin/env bash
# Builds the box's gokrazy image (see README "Installing the box").
#
#   board/image/build.sh image BOARD       build/secretary-BOARD.img (+ .img.xz)
#   board/image/build.sh root BOARD FILE   a root file system only (an update)
#
# BOARD is rpi3, rpi4, rpi5, zero2w or virt (QEMU). Needs Go and the Debian
# packages mtools, e2fsprogs and xz-utils; the Go modules come from the
# module proxy at the versions pinned in board/image/tools and
# board/image/gokrazy/BOARD/builddir. VERSION (default: git describe) is
# stamped into the firmware (secretary version, console status); XZ=0
# skips the compressed copy (about a minute of the build).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=$ROOT/build
SIZE=2147483648 # 2 GiB: fits every card; a power of two, as QEMU's SD emulation wants

usage() {
	echo "usage: $0 image BOARD | root BOARD FILE   (BOARD: rpi3 rpi4 rpi5 zero2w virt)" >&2
	exit 2
}
[ $# -ge 2 ] || usage
what=$1 board=$2
case $board in rpi3 | rpi4 | rpi5 | zero2w | virt) ;; *) usage ;; esac
case $what in image) [ $# -eq 2 ] || usage ;; root) [ $# -eq 3 ] || usage ;; *) usage ;; esac

PATH=$PATH:/usr/sbin:/sbin
for tool in go mcopy mformat mkfs.ext4 xz; do
	command -v $tool >/dev/null || {
		echo "$0: $tool not found; install Go and the Debian packages mtools e2fsprogs xz-utils (make deps)" >&2
		exit 1
	}
done

VERSION=${VERSION:-$(git describe --always --dirty 2>/dev/null || echo dev)}
mkdir -p "$BUILD"

# gok, the gokrazy packer, from the pinned tools module (the proxy refuses
# "go install ...@latest" for it).
(cd board/image/tools && go build -o "$BUILD/gok" github.com/gokrazy/tools/cmd/gok)
go build -o "$BUILD/imagetool" ./board/image/imagetool

# The firmware's builddir: its go.mod (committed) points at this checkout
# with a relative replace; its go.sum is this module's, copied at each build
# so the two never drift.
inst=$ROOT/board/image/gokrazy/$board
cp go.sum "$inst/builddir/secretary/go.sum"

export GOKRAZY_PARENT_DIR=$ROOT/board/image/gokrazy
export GOFLAGS="-trimpath -buildvcs=false \"-ldflags=-s -w -X=main.version=$VERSION\""
log=$BUILD/gok-$board.log

if [ "$what" = root ]; then
	out=$3
	rm -f "$out"
	"$BUILD/gok" -i "$board" overwrite --root "$out" >"$log" 2>&1 || {
		tail -30 "$log" >&2
		exit 1
	}
	echo "root file system $out (firmware $VERSION, $(du -h "$out" | cut -f1))"
	exit 0
fi

img=$BUILD/secretary-$board.img
rm -f "$img" "$img.xz"
"$BUILD/gok" -i "$board" overwrite --full "$img" --target_storage_bytes=$SIZE >"$log" 2>&1 || {
	tail -30 "$log" >&2
	exit 1
}

parts=$("$BUILD/imagetool" parts "$img")
part() { echo "$parts" | awk -v n="$1" -v f="$2" '$1 == n { print $f }'; }

# /perm (partition 4): the owner's lists, log and messages, kept across
# updates of the root file system.
mkfs.ext4 -q -F -L perm -E offset="$(part 4 2)" "$img" $(($(part 4 3) / 1024))

# The boot partition (FAT, partition 1) as gok writes it is exactly full;
# an installer must be able to edit secretary.txt on it from any computer.
# Recreate it over the whole partition with the same files, plus the
# settings file.
boff=$(part 1 2) bsize=$(part 1 3)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/boot"
mcopy -s -p -m -i "$img@@$boff" '::/*' "$tmp/boot/"
mformat -i "$img@@$boff" -T $((bsize / 512)) -H $((boff / 512)) -v SECRETARY -N 5ec5ec00 ::
mcopy -s -p -m -i "$img@@$boff" "$tmp"/boot/* ::/
"$BUILD/imagetool" template >"$tmp/secretary.txt"
mcopy -i "$img@@$boff" "$tmp/secretary.txt" ::/secretary.txt
for f in vmlinuz cmdline.txt; do # the boot files survived the copy
	mcopy -n -i "$img@@$boff" "::/$f" "$tmp/check"
	cmp -s "$tmp/check" "$tmp/boot/$f" || {
		echo "$0: $f differs after rebuilding the boot partition" >&2
		exit 1
	}
done

size="$(du -h --apparent-size "$img" | cut -f1) ($(du -h "$img" | cut -f1) written)"
if [ "${XZ:-1}" = 0 ]; then # make image-test: QEMU boots the .img itself
	echo "image $img: firmware $VERSION, $size"
	exit 0
fi
xz -T0 -6 -c "$img" >"$img.xz.tmp"
mv "$img.xz.tmp" "$img.xz"
echo "image $img: firmware $VERSION, $size, compressed $(du -h "$img.xz" | cut -f1)"
