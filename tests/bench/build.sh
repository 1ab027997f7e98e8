#!/usr/bin/env bash
# Build-time benchmarks: a clean `make` (package installation excluded),
# a no-op `make`, the HTML after editing one chapter's prose, and the full
# `make` after that edit. Prints one line per figure, measured in this run.
# It empties build/ (keeping build/tools, the installed mermaid-cli).
set -euo pipefail
cd "$(dirname "$0")/../.."
chapter=${1:-$(ls book/[0-9][0-9]-*.nw | tail -n 1)}

seconds() { # command... -> wall seconds
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; exit 1; }
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'
}

make --no-print-directory setup >/dev/null
[ -d build/tools ] && mv build/tools /tmp/mm-bench-tools.$$
rm -rf build && mkdir -p build
[ -d /tmp/mm-bench-tools.$$ ] && mv /tmp/mm-bench-tools.$$ build/tools
touch build/.setup

clean=$(seconds make)
noop=$(seconds make)
cp "$chapter" /tmp/mm-bench-chapter.$$
trap 'cp /tmp/mm-bench-chapter.$$ "$chapter"; rm -f /tmp/mm-bench-chapter.$$' EXIT
printf '\nA sentence added by the benchmark.\n' >>"$chapter"
html=$(seconds make book-html)
full=$(seconds make)

printf 'bench: clean make (no installs)            %6.1f s\n' "$clean"
printf 'bench: no-op make                          %6.2f s  (target < 2 s)\n' "$noop"
printf 'bench: HTML after editing %-16s %6.1f s  (target < 15 s)\n' "$(basename "$chapter" .nw)" "$html"
printf 'bench: full make after that edit (PDF too) %6.1f s\n' "$full"
