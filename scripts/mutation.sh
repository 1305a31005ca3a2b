#!/usr/bin/env bash
# Mutation testing of the core with Stryker.NET (docs/quality.md, "Mutation testing").
#   scripts/mutation.sh [bnn] [encoding] [semantics]     (default: all three)
# One Stryker run per configuration in mutation/: bnn (src/Bnn Engine and Model), encoding
# (src/Encoding/Cardinality), semantics (src/Verifier/Contracts/Semantics). Each configuration filters the
# tests to the fast classes that exercise its files and measures coverage per test; even so a run takes 45-80
# minutes on two cores (docs/quality.md). Runs under nice -n 19; reports go to mutation/out/NAME/ (html and json), the score to stdout.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
configs=("$@")
((${#configs[@]} > 0)) || configs=(bnn encoding semantics)

cd "$root"
dotnet tool restore >/dev/null
for name in "${configs[@]}"; do
  config="$root/mutation/$name.json"
  [[ -f $config ]] || { echo "mutation.sh: no configuration mutation/$name.json" >&2; exit 2; }
  out="$root/mutation/out/$name"
  rm -rf "$out"
  # Stryker runs from the test project's folder and mutates the project its configuration names.
  (cd tests/BnnVerify.Tests && nice -n 19 dotnet tool run dotnet-stryker --config-file "$config" --output "$out")
done
