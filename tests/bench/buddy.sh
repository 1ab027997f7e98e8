#!/usr/bin/env bash
# The buddy allocator's speed: order-0 alloc+free pairs against glibc's
# malloc(4096)+free, measured in the same run, and ten million random
# operations with the invariant checker off. Needs `make src` first.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=build/src
[ -f $src/libmm.a ] || { echo "bench: no $src/libmm.a (make src)" >&2; exit 1; }
out=build/bench
mkdir -p $out
${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -iquote $src/include \
	-iquote $src/arch/x86/include -o $out/buddy tests/bench/buddy_bench.c \
	$src/libmm.a
$out/buddy "${1:-10000000}"
