#!/usr/bin/env bash
# The dna-splice network (180 inputs: 2^180 inputs, far beyond enumeration) against two variants of itself,
# decided by the miter: both networks encoded over shared inputs with "the classes differ" on top, on a solver.
#   examples/models/dna-splice-neuron-62-pruned.json  - the weights of a neuron whose batch norm makes it constant,
#                                                        pruned to 0: proved equivalent;
#   examples/models/dna-splice-neuron-7-flipped.json  - one weight of neuron 7 negated: a difference, replayed on
#                                                        both networks.
# (examples/models/make-dna-splice-variants.py made both.) Run from the repository root:
#   bash examples/variant.sh
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# BNNVERIFY overrides the command (the tests point it at their build).
read -r -a bnnverify <<< "${BNNVERIFY:-./bnnverify}"

echo "== pruned variant, on every input (z3-pb)"
"${bnnverify[@]}" equiv models/dna-splice.json --reference model:examples/models/dna-splice-neuron-62-pruned.json --backend z3
[ $? -eq 0 ] || exit 1

echo
echo "== one weight negated, on every input (z3-pb)"
"${bnnverify[@]}" equiv models/dna-splice.json --reference model:examples/models/dna-splice-neuron-7-flipped.json --backend z3
[ $? -eq 1 ] || exit 1

echo
echo "== one weight negated, on well-formed sequences without the donor GT (sat: the native solver)"
"${bnnverify[@]}" equiv models/dna-splice.json --reference model:examples/models/dna-splice-neuron-7-flipped.json \
  --domain specs/dna-splice.contract:donor_site_needs_GT --backend sat
code=$?
[ $code -eq 0 ] || [ $code -eq 1 ] || exit 1
exit 0
