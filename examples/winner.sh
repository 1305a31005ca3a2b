#!/usr/bin/env bash
# The tic-tac-toe winner network against the handwritten winner check: over the 8,533 boards that can arise in
# a game (seen from either side), then over all 2^18 = 262,144 inputs, overlapping pieces included.
# Run from the repository root:
#   bash examples/winner.sh
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# BNNVERIFY overrides the command (the tests point it at their build).
read -r -a bnnverify <<< "${BNNVERIFY:-./bnnverify}"

run() {
  "${bnnverify[@]}" "$@"
  local code=$?
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
    echo "no verdict (exit $code)" >&2
    exit "$code"
  fi
}

echo "== legal boards"
run equiv models/tictactoe-winner.json --reference tictactoe:winner --domain specs/tictactoe-winner.contract:detects_my_line --max-counterexamples 2

echo
echo "== all 2^18 inputs"
run equiv models/tictactoe-winner.json --reference tictactoe:winner --max-counterexamples 2
