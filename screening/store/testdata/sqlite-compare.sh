#!/usr/bin/env bash
# sqlite-compare.sh: import the same block list CSV (1,000,000 rows by
# default, each with a name and a note: "+12015550100,SPAM 17,complaint")
#   (a) into the secretary store (bbolt) with `secretary import`, and
#   (b) into a straightforward SQLite table with an index:
#       CREATE TABLE block(number TEXT PRIMARY KEY, name TEXT, note TEXT); .import
# and print wall time, peak resident memory and file size for each. The
# secretary's peak is its own VmHWM (/proc/self/status, printed by
# --stats); SQLite's is GNU time's maximum resident set size. Each import
# runs RUNS times (default 3), alternating, into a fresh file; the table
# shows the fastest run of each and the ratio of those.
#
# Usage (from the repository root):
#   screening/store/testdata/sqlite-compare.sh [ROWS]      NAMED=0 for rows mostly without names
# Needs: go, sqlite3 (apt-get install -y sqlite3), GNU time (/usr/bin/time), bc.
set -euo pipefail

rows=${1:-1000000}
runs=${RUNS:-3}
named=${NAMED:-1}
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v sqlite3 >/dev/null || { echo "sqlite3 not installed (apt-get install -y sqlite3)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time not installed (apt-get install -y time)" >&2; exit 1; }

echo "generating $rows rows (named=$named)..." >&2
if [ "$named" = 1 ]; then flag=-named=true; else flag=-named=false; fi
go run "$root/screening/store/testdata/gencsv.go" -n "$rows" $flag > "$work/block.csv"
(cd "$root" && CGO_ENABLED=0 go build -trimpath -o "$work/secretary" ./cmd/secretary)
sync

# run LABEL CMD...: prints "seconds maxrss-KB"
run() {
	local t0 t1
	t0=$(date +%s.%N)
	/usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; return 1; }
	t1=$(date +%s.%N)
	echo "$(echo "$t1 - $t0" | bc) $(tail -1 "$work/rss")"
}

best_b=999999; best_s=999999
for i in $(seq "$runs"); do
	rm -rf "$work/bolt" "$work/sqlite.db"
	read -r bt brss < <(run "$work/secretary" import --quiet --stats --data "$work/bolt" --list block "$work/block.csv")
	bhwm=$(sed -n 's/^peak memory: \([0-9]*\) kB.*/\1/p' "$work/err")
	read -r st srss < <(run sqlite3 "$work/sqlite.db" \
		"CREATE TABLE block(number TEXT PRIMARY KEY, name TEXT, note TEXT);" \
		".mode csv" ".import --skip 1 $work/block.csv block")
	echo "run $i: bbolt ${bt}s, VmHWM ${bhwm} kB (time: ${brss} kB); sqlite ${st}s, ${srss} kB" >&2
	if (( $(echo "$bt < $best_b" | bc) )); then best_b=$bt; best_bhwm=$bhwm; fi
	if (( $(echo "$st < $best_s" | bc) )); then best_s=$st; best_srss=$srss; fi
done
bsize=$(stat -c %s "$work/bolt/secretary.db")
ssize=$(stat -c %s "$work/sqlite.db")
scount=$(sqlite3 "$work/sqlite.db" "SELECT count(*) FROM block")
bcount=$("$work/secretary" export --data "$work/bolt" --list block | tail -n +2 | wc -l)

printf '%-8s %10s %12s %12s %10s\n' store seconds peak-MB file-MB numbers
printf '%-8s %10.2f %12.1f %12.1f %10d\n' bbolt "$best_b" "$(echo "$best_bhwm/1024" | bc -l)" "$(echo "$bsize/1048576" | bc -l)" "$bcount"
printf '%-8s %10.2f %12.1f %12.1f %10d\n' sqlite "$best_s" "$(echo "$best_srss/1024" | bc -l)" "$(echo "$ssize/1048576" | bc -l)" "$scount"
printf 'bbolt import is %.1fx faster, file %.1fx smaller\n' "$(echo "$best_s/$best_b" | bc -l)" "$(echo "$ssize/$bsize" | bc -l)"
