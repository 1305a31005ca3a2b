#!/usr/bin/env bash
# Equivalence benchmark (results in docs/benchmarks.md, section "Equivalence"). Run from the repository root:
#   bash bench/Equivalence/run.sh [REPEATS]
# Each case runs REPEATS times (default 3); the table gives the fastest run's wall and CPU (user+system, the
# reference process included) seconds. A 4-input run measures the fixed cost (process start, JIT).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repeats="${1:-3}"
./scripts/setup.sh --quiet
bnnverify=(dotnet src/Verifier/bin/Release/net10.0/bnnverify.dll)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -std=c11 -O2 -Wall -Wextra -Werror -o "$work/winner-c" bench/Equivalence/winner.c
/usr/bin/python3 - "$work" <<'PY'
import json, sys
m = json.load(open("models/tictactoe-move.json"))
w = m["layers"][0]["weights"][0]
j = next(i for i, x in enumerate(w) if x != 0)
w[j] = -w[j]
json.dump(m, open(sys.argv[1] + "/move-flipped.json", "w"))
PY
legal_winner=specs/tictactoe-winner.contract:detects_my_line
legal_move=specs/tictactoe-move.contract:agrees_with_the_rule_based_player
dna_flipped=model:examples/models/dna-splice-neuron-7-flipped.json

measure() {
  local name="$1"; shift
  local best_wall=999999 best_cpu=999999 verdict=""
  for _ in $(seq "$repeats"); do
    local out
    out=$( { /usr/bin/time -f "TIME %e %U %S" "${bnnverify[@]}" equiv "$@" --max-counterexamples 0 2>&1 >&3 | grep '^TIME' ; } 3>"$work/out" ) || true
    verdict=$(sed -n 2p "$work/out")
    read -r _ wall user sys <<< "$out"
    best_wall=$(echo "$wall $best_wall" | awk '{print ($1 < $2) ? $1 : $2}')
    best_cpu=$(echo "$user $sys $best_cpu" | awk '{c = $1 + $2; print (c < $3) ? c : $3}')
  done
  printf '| %s | %s | %s | %s |\n' "$name" "$best_wall" "$best_cpu" "$verdict"
}

echo "| case | wall s | CPU s | verdict |"
echo "|---|---|---|---|"
measure "fixed cost: xor against itself, 4 inputs" models/xor.json --reference model:models/xor.json
measure "winner vs tictactoe:winner, 2^18 inputs, in process" models/tictactoe-winner.json --reference tictactoe:winner
measure "winner vs tictactoe:winner, 8,533 legal boards, in process" models/tictactoe-winner.json --reference tictactoe:winner --domain "$legal_winner"
measure "move vs tictactoe:rule-player, 2,097 positions, in process" models/tictactoe-move.json --reference tictactoe:rule-player --domain "$legal_move"
measure "move vs tictactoe:perfect, 2,097 positions, in process" models/tictactoe-move.json --reference tictactoe:perfect --domain "$legal_move"
measure "winner vs itself (model:), 2^18 inputs, enumerated" models/tictactoe-winner.json --reference model:models/tictactoe-winner.json
measure "winner vs exec: C program, 2^18 inputs" models/tictactoe-winner.json --reference "exec:$work/winner-c"
measure "winner vs exec: Python program, 2^18 inputs" models/tictactoe-winner.json --reference exec:tests/golden/references/winner.py
measure "winner vs exec: C program, 8,533 legal boards" models/tictactoe-winner.json --reference "exec:$work/winner-c" --domain "$legal_winner"
for backend in z3-pb minisat/totalizer cadical/totalizer; do
  measure "miter $backend: move vs one weight flipped, 2,097 positions" models/tictactoe-move.json --reference "model:$work/move-flipped.json" --domain "$legal_move" --backend "$backend"
  measure "miter $backend: move vs one weight flipped, 2^18 inputs" models/tictactoe-move.json --reference "model:$work/move-flipped.json" --backend "$backend"
  measure "miter $backend: dna-splice vs one weight flipped, 2^180 inputs" models/dna-splice.json --reference "$dna_flipped" --backend "$backend"
done
measure "enumerated: move vs one weight flipped, 2^18 inputs" models/tictactoe-move.json --reference "model:$work/move-flipped.json" --backend exhaustive
