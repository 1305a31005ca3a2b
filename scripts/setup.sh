#!/usr/bin/env bash
# Prepares a fresh machine for bnnverify: checks the .NET SDK, installs the native solvers the
# project uses when they are missing (scripts/install-solvers.sh) and the tools that cross-check
# compiled models (scripts/install-tools.sh), and builds the tool in Release
# mode when a source file is newer than the last build. Safe to run again: it does only what is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# --quiet (passed by the ./bnnverify wrapper) is accepted for compatibility; the one message left, the build
# notice below, is printed either way.

if ! command -v dotnet >/dev/null 2>&1; then
  echo "bnnverify needs the .NET 10 SDK (the 'dotnet' command), which is not on PATH." >&2
  echo "Install it from https://dot.net or your distribution's packages, then run this again." >&2
  exit 2
fi

if [[ -x "$root/scripts/install-solvers.sh" ]]; then
  "$root/scripts/install-solvers.sh"
fi
# The tools that cross-check `bnnverify compile` (gcc, iverilog, yosys, ABC, SPIN, Graphviz, GHC); never fatal.
if [[ -x "$root/scripts/install-tools.sh" ]]; then
  "$root/scripts/install-tools.sh"
fi
if [[ -x "$root/scripts/install-python-numpy.sh" ]]; then
  "$root/scripts/install-python-numpy.sh"
fi
# python3-onnx for the ONNX importer's reference tests; never fatal (those tests are then skipped, saying why).
if [[ -x "$root/scripts/install-python-onnx.sh" ]]; then
  "$root/scripts/install-python-onnx.sh" || echo "setup.sh: python3-onnx is missing; the ONNX reference tests will be skipped" >&2
fi

dll="$root/src/Verifier/bin/Release/net10.0/bnnverify.dll"
stale=true
if [[ -f "$dll" ]]; then
  newer=$(find "$root/src" "$root/Directory.Build.props" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -newer "$dll" -print -quit)
  [[ -z "$newer" ]] && stale=false
fi
if $stale; then
  # Even the quiet wrapper says so: the first build takes tens of seconds, which would otherwise look like a hang.
  echo "building bnnverify (first run or sources changed)…" >&2
  log=$(mktemp)
  # No build servers: they would outlive this script and keep its terminal (and CI pipes) open.
  if ! dotnet build "$root/src/Verifier/Verifier.csproj" -c Release --nologo -v quiet --disable-build-servers >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "bnnverify: the build failed (see above)." >&2
    exit 4
  fi
  rm -f "$log"
  touch "$dll"
fi
