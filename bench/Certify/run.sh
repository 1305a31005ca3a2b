#!/usr/bin/env bash
# Certification overhead of the native solver (docs/benchmarks.md, "Certified UNSAT"): for every contract of the
# bundled tic-tac-toe specs and of bench/Certify/tictactoe-holds.contract, the time of `check --backend B` without and
# with --certify, and the proof check's own time. Run from the repository root: bash bench/Certify/run.sh [BACKEND] [TIMEOUT]
set -euo pipefail
backend=${1:-native-inputs}
timeout=${2:-600}
[[ ${SKIP_BUILD:-} ]] || dotnet build src/Verifier -c Release -v quiet -nologo > /dev/null
tool=src/Verifier/bin/Release/net10.0/bnnverify.dll
echo "| model | contract | verdict | solve s | solve s with logging, check excluded | check s | lemmas checked |"
echo "|---|---|---|---:|---:|---:|---:|"
run() {
  local model=$1 spec=$2 contract=$3
  local plain certified
  plain=$(dotnet "$tool" check "$model" "$spec" -c "$contract" --backend "$backend" --timeout "$timeout" --verbose --no-progress 2>&1 || true)
  certified=$(dotnet "$tool" check "$model" "$spec" -c "$contract" --backend "$backend" --timeout "$timeout" --verbose --no-progress --certify 2>&1 || true)
  local verdict t0 t1 check lemmas
  verdict=$(grep -oE '\): (HOLDS|VIOLATED|UNKNOWN)' <<< "$plain" | head -1 | cut -c4-)
  t0=$(grep -oE 'time [0-9.]+ s' <<< "$plain" | head -1 | grep -oE '[0-9.]+')
  t1=$(grep -oE 'time [0-9.]+ s' <<< "$certified" | head -1 | grep -oE '[0-9.]+')
  check=$(grep -oE 'lemmas checked in [0-9.]+ s' <<< "$certified" | grep -oE '[0-9.]+' || echo "–")
  lemmas=$(grep -oE 'certified \([0-9]+ lemmas' <<< "$certified" | grep -oE '[0-9]+' || echo "–")
  local solve_logged=$t1
  if [[ $check != "–" ]]; then solve_logged=$(awk "BEGIN { printf \"%.3f\", $t1 - $check }"); fi
  echo "| $(basename "$model" .json) | \`$contract\` | $verdict | $t0 | $solve_logged | $check | $lemmas |"
}
for spec in specs/tictactoe-move.contract specs/tictactoe-winner.contract bench/Certify/tictactoe-holds.contract; do
  model=models/tictactoe-move.json
  [[ $spec == *winner* ]] && model=models/tictactoe-winner.json
  for contract in $(grep -oE '^contract [a-z_0-9]+' "$spec" | cut -d' ' -f2); do
    run "$model" "$spec" "$contract"
  done
done
