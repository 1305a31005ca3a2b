#!/usr/bin/env bash
# Installs the external tools that cross-check `bnnverify compile` and run the examples, when missing:
#   gcc (C), iverilog (Verilog simulation), yosys (synthesis), berkeley-abc (AIGER equivalence), spin (Promela),
#   graphviz (DOT rendering), ghc (Haskell references in examples/).
# Idempotent and quiet, like install-solvers.sh: installs only missing packages, runs `apt-get update` only
# when apt cannot install them from its current lists, prints nothing on success. A tool that cannot be
# installed is not fatal: its tests are skipped and say so; this script warns and exits 0.
set -uo pipefail

packages=(gcc iverilog yosys berkeley-abc spin graphviz ghc)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "install-tools.sh: warning: root or passwordless sudo is needed to install ${missing[*]}; the tests that need them are skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
install() { "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1; }
if ! install; then
  if ! "${as_root[@]}" apt-get update -q >"$log" 2>&1 || ! install; then
    echo "install-tools.sh: warning: could not install ${missing[*]}; the tests that need them are skipped:" >&2
    cat "$log" >&2
  fi
fi
exit 0
