#!/usr/bin/env bash
# Times `bnnverify info` on a 10^5-wide model written minified and pretty-printed (docs/benchmarks.md).
# Usage, from the repository root: bash bench/ModelLoading/run.sh [WIDTH]
set -euo pipefail
width=${1:-100000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 bench/ModelLoading/wide-model.py "$width" "$out"
dotnet build src/Verifier -c Release -v q --nologo >/dev/null
for layout in pretty min; do
  file="$out/wide-$width-$layout.json"
  /usr/bin/time -f "$layout ($(stat -c %s "$file") bytes): %e s wall, %M KB peak" \
    dotnet src/Verifier/bin/Release/net10.0/bnnverify.dll info "$file" >/dev/null
done
