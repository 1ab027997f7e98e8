#!/usr/bin/env bash
# The slab allocator's speed and memory: 64-byte kmem_cache_alloc+free
# pairs against glibc's malloc(64)+free, measured in the same run, and the
# memory each takes per 64-byte object. Needs `make src` first.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=build/src
[ -f $src/libmm.a ] || { echo "bench: no $src/libmm.a (make src)" >&2; exit 1; }
out=build/bench
mkdir -p $out
${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -iquote $src/include \
	-iquote $src/arch/x86/include -iquote $src -o $out/slab \
	tests/bench/slab_bench.c $src/libmm.a
$out/slab "${1:-10000000}"
