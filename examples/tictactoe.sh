#!/usr/bin/env bash
# The tic-tac-toe move network against the handwritten players of src/Verifier/Reference/TicTacToe, on every
# legal position where the network (O, the a pieces) is to move: the 2,097 positions of data/tictactoe-move.csv.
# Run from the repository root:
#   bash examples/tictactoe.sh
# Both comparisons find differences (exit code 1 each); the script fails only if a comparison gives no verdict.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# BNNVERIFY overrides the command (the tests point it at their build).
read -r -a bnnverify <<< "${BNNVERIFY:-./bnnverify}"
domain=specs/tictactoe-move.contract:agrees_with_the_rule_based_player

run() {
  "${bnnverify[@]}" "$@"
  local code=$?
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
    echo "no verdict (exit $code)" >&2
    exit "$code"
  fi
}

echo "== against the rule-based player it was trained to imitate"
run equiv models/tictactoe-move.json --reference tictactoe:rule-player --domain "$domain" --max-counterexamples 8

echo
echo "== against the perfect player: where it leaves the minimax choice (the lowest of the best cells)"
run equiv models/tictactoe-move.json --reference tictactoe:minimax --domain "$domain" --max-counterexamples 2

echo
echo "== against the perfect player, accepting any best cell: where it leaves perfect play"
run equiv models/tictactoe-move.json --reference tictactoe:perfect --domain "$domain" --max-counterexamples 3
