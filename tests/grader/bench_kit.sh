#!/usr/bin/env bash
# Benchmarks of the lab kit (figures for the issue, not a test):
#   1. grading one lab from a clean student tree: unpack the handout, then
#      `make grade` (compile everything + run every test);
#   2. `make grade-all` over N copies of a submission (the reference
#      solution's editable files): wall time and cost per submission.
#
#   tests/grader/bench_kit.sh [LAB] [N]      (defaults: the first lab, 50)
set -euo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP"
LAB=${1:-$(python3 tangle/tangle.py labs | awk '{print $1}')}
N=${2:-50}
[ -n "$LAB" ] || { echo "bench: no labs" >&2; exit 1; }
TMP=$(mktemp -d /tmp/bench-kit.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# The top Makefile includes kit.mk; until it does, include it ourselves.
MK=(-f Makefile)
if ! grep -q 'tests/grader/kit.mk' Makefile; then
	printf 'include Makefile\ninclude tests/grader/kit.mk\n' >"$TMP/mk"
	MK=(-f "$TMP/mk")
fi
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

echo "bench: lab $LAB, $(nproc) cores, $(gcc --version | head -1)"
make --no-print-directory "${MK[@]}" src LAB="$LAB" >/dev/null
make --no-print-directory "${MK[@]}" handout LAB="$LAB" KIT_BOOK=0 >/dev/null

# 1. One lab from a clean student tree.
mkdir -p "$TMP/unpack"
tar xzf "build/handouts/$LAB.tar.gz" -C "$TMP/unpack"
t0=$(now)
make -C "$TMP/unpack/$LAB" --no-print-directory >/dev/null
t1=$(now)
make -C "$TMP/unpack/$LAB" --no-print-directory grade >"$TMP/grade.log" 2>&1 \
	|| true
t2=$(now)
echo "bench: grade one lab from a clean student tree: $(secs "$t0" "$t2") s" \
     "(compile $(secs "$t0" "$t1") s, run $(secs "$t1" "$t2") s):" \
     "$(grep -E '[0-9]+ passed, [0-9]+ failed' "$TMP/grade.log" | tail -1)"

# 2. grade-all over N copies of the reference solution.
EDIT=$(python3 tangle/tangle.py lab-get "$LAB" edit)
for i in $(seq -w 1 "$N"); do
	d="$TMP/subs/student$i"
	mkdir -p "$d"
	for f in $EDIT; do cp "build/src/$f" "$d/"; done
done
t0=$(now)
make --no-print-directory "${MK[@]}" grade-all LAB="$LAB" \
	SUBMISSIONS="$TMP/subs" >"$TMP/all.log" 2>&1
t1=$(now)
grep -E '^grade-all: .*(graded in|pristine)' "$TMP/all.log" | tail -2
wall=$(secs "$t0" "$t1")
echo "bench: grade-all over $N submissions: wall $wall s," \
     "$(awk -v w="$wall" -v n="$N" 'BEGIN { printf "%.2f", w / n }') s per" \
     "submission (jobs $(nproc), including the pristine tree's build)"
full=$(awk -F, 'NR > 1' "build/grades/$LAB.csv" | sort -u -t, -k2,2 | \
       cut -d, -f2 | tr '\n' ' ')
echo "bench: distinct totals in build/grades/$LAB.csv: $full"
