#!/usr/bin/env bash
# sqlite-compare.sh: import the same 1,000,000-row block list CSV into
#   (a) the secretary store (bbolt), with `secretary import`, and
#   (b) a straightforward SQLite table with an index:
#       CREATE TABLE block(number TEXT PRIMARY KEY, name TEXT, note TEXT); .import
# and print wall time, peak RSS and file size for each.
#
# Usage (from the repository root):  screening/store/testdata/sqlite-compare.sh [ROWS]
# Needs: go, sqlite3 (apt-get install -y sqlite3), GNU time (/usr/bin/time) for peak RSS.
set -euo pipefail

rows=${1:-1000000}
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v sqlite3 >/dev/null || { echo "sqlite3 not installed (apt-get install -y sqlite3)" >&2; exit 1; }

echo "generating $rows rows..." >&2
go run "$root/screening/store/testdata/gencsv.go" -n "$rows" > "$work/block.csv"
(cd "$root" && CGO_ENABLED=0 go build -o "$work/secretary" ./cmd/secretary)
sync

# run LABEL CMD...: prints "LABEL seconds maxrss-KB"
run() {
	local label=$1; shift
	local t0 t1 rss
	t0=$(date +%s.%N)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; return 1; }
		rss=$(tail -1 "$work/rss")
	else
		"$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; return 1; }
		rss=NA
	fi
	t1=$(date +%s.%N)
	echo "$label $(echo "$t1 - $t0" | bc) $rss"
}

b=$(run bbolt "$work/secretary" import --quiet --data "$work/bolt" --list block "$work/block.csv")
s=$(run sqlite sqlite3 "$work/sqlite.db" \
	"CREATE TABLE block(number TEXT PRIMARY KEY, name TEXT, note TEXT);" \
	".mode csv" ".import --skip 1 $work/block.csv block")
bsize=$(stat -c %s "$work/bolt/secretary.db")
ssize=$(stat -c %s "$work/sqlite.db")
scount=$(sqlite3 "$work/sqlite.db" "SELECT count(*) FROM block")
bcount=$("$work/secretary" export --data "$work/bolt" --list block | tail -n +2 | wc -l)

read -r _ bt brss <<<"$b"
read -r _ st srss <<<"$s"
printf '%-8s %10s %12s %12s %10s\n' store seconds maxrss-MB file-MB numbers
printf '%-8s %10.2f %12s %12.1f %10d\n' bbolt "$bt" "$(( ${brss/NA/0} / 1024 ))" "$(echo "$bsize/1048576" | bc -l)" "$bcount"
printf '%-8s %10.2f %12s %12.1f %10d\n' sqlite "$st" "$(( ${srss/NA/0} / 1024 ))" "$(echo "$ssize/1048576" | bc -l)" "$scount"
printf 'bbolt import is %.1fx faster, file %.1fx smaller\n' "$(echo "$st/$bt" | bc -l)" "$(echo "$ssize/$bsize" | bc -l)"
