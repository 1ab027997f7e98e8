#!/usr/bin/env bash
# MMU benchmark: translations per second on a TLB hit and on a full walk.
# Builds a copy of the reference tree build/src with -O2 (no sanitizers),
# links tests/bench/paging_bench.c against it, and runs it once.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=build/src
[ -f "$src/Makefile" ] || { echo "bench: no $src (run make src)" >&2; exit 1; }
work=$(mktemp -d /tmp/mm-bench-paging.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$src/." "$work/"
rm -rf "$work/obj" "$work/san" "$work/bin" "$work/libmm.a"
make -s -C "$work" CFLAGS="-O2" libmm.a >/dev/null
cc -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE \
	-iquote "$work/include" -iquote "$work/arch/x86/include" \
	-o "$work/paging_bench" tests/bench/paging_bench.c "$work/libmm.a"
"$work/paging_bench"
