#!/usr/bin/env bash
# The bundled XOR network against handwritten XOR in C (gcc), Haskell (ghc) and Verilog (iverilog), each run
# as a reference program through bnnverify's line protocol (docs/equivalence.md), then proved equal to the
# Verilog by ABC cec on the network compiled to AIGER (bnnverify compile --to aig). Run from the repository root:
#   bash examples/xor.sh
# Exits non-zero unless every comparison says EQUIVALENT.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# BNNVERIFY overrides the command (the tests point it at their build).
read -r -a bnnverify <<< "${BNNVERIFY:-./bnnverify}"
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT

echo "== C (gcc)"
gcc -std=c11 -Wall -Wextra -Werror -O2 -o "$build/xor-c" examples/xor/xor.c
"${bnnverify[@]}" equiv models/xor.json --reference "exec:$build/xor-c"

echo
echo "== Haskell (ghc)"
ghc -O -v0 -outputdir "$build/hs" -o "$build/xor-hs" examples/xor/Xor.hs
"${bnnverify[@]}" equiv models/xor.json --reference "exec:$build/xor-hs"

echo
echo "== Verilog (iverilog, simulated by vvp)"
iverilog -o "$build/xor.vvp" examples/xor/xor.v examples/xor/xor_protocol.v
"${bnnverify[@]}" equiv models/xor.json --reference "exec:vvp -n $build/xor.vvp"

echo
echo "== proved for all inputs: ABC cec, the network compiled to AIGER against the handwritten Verilog (yosys)"
"${bnnverify[@]}" compile models/xor.json --to aig --output "$build/xor-network.aig"
yosys -q -p "read_verilog examples/xor/xor.v; synth -top xor_gate; aigmap; write_aiger -symbols $build/xor-handwritten.aig"
verdict="$(berkeley-abc -c "cec $build/xor-network.aig $build/xor-handwritten.aig" | tail -n 1)"
echo "$verdict"
[[ "$verdict" == "Networks are equivalent"* ]]
