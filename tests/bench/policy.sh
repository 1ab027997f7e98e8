#!/usr/bin/env bash
# The replacement-policy simulator's speed: references per second of each
# policy over a ten-million-reference trace (a hot set, a loop and random
# references over 65536 pages), 1024 frames. Needs `make src` first.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=build/src
[ -f $src/libmm.a ] || { echo "bench: no $src/libmm.a (make src)" >&2; exit 1; }
out=build/bench
mkdir -p $out
${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -iquote $src/include \
	-iquote $src/arch/x86/include -o $out/policy tests/bench/policy_bench.c \
	$src/libmm.a
$out/policy "${1:-10000000}" "${2:-1024}"
