#!/usr/bin/env bash
# Compiled C against the packed reference engine, in evaluations per second over all 2^n inputs of a model,
# single-threaded. Both sum their results into a checksum, which must match. Usage, from the repository root:
#   bash bench/CompiledC/run.sh [MODEL [REPEATS]]     (default: models/tictactoe-winner.json, 20)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:-models/tictactoe-winner.json}"
repeats="${2:-20}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
./bnnverify compile "$model" --to c --name net --output "$work/net.c" >/dev/null
inputs=$(grep -o 'NET_INPUT_COUNT [0-9]*' "$work/net.c" | cut -d' ' -f2)
cat > "$work/main.c" <<C
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "net.c"
int main(void)
{
    unsigned long long checksum = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int r = 0; r < $repeats; r++)
        for (uint64_t x = 0; x < (1ULL << $inputs); x++)
        {
            uint64_t in[1] = {x};
            checksum += (unsigned long long)net_eval_packed(in, NULL);
        }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    double total = (double)$repeats * (double)(1ULL << $inputs);
    printf("compiled C: %.0f evaluations/s (%d x %.0f inputs in %.2f s, checksum %llu)\n", total / seconds, $repeats, total / $repeats, seconds, checksum);
    return 0;
}
C
gcc -std=c11 -O2 -march=native -Wall -Wextra -Werror -o "$work/bench" "$work/main.c"
"$work/bench"
dotnet run -c Release "$root/bench/CompiledC/engine-rate.cs" -- "$model" "$repeats"
