#!/usr/bin/env bash
# usage: run.sh SOLVER CPU-SECONDS FILE... — runs SOLVER on each FILE under a CPU-time limit (ulimit -t) and prints
# "SOLVER FILE cpu=… wall=… ANSWER" (ANSWER is the first line printed, "(cpu limit)" when it printed nothing).
set -uo pipefail
solver=$1 limit=$2
shift 2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
TIMEFORMAT='%U %S %R'
for file in "$@"; do
  times=$( { time ( ulimit -t "$limit"; "$solver" "$file" > "$out" 2>/dev/null ) ; } 2>&1 )
  answer=$(head -1 "$out" | cut -c1-40)
  [ -z "$answer" ] && answer="(cpu limit)"
  echo "$solver $file cpu=$(echo "$times" | awk '{print $1+$2}') wall=$(echo "$times" | awk '{print $3}') $answer"
done
