#!/usr/bin/env bash
# Installs the external tools that cross-check `bnnverify compile` and run the examples, when missing:
#   gcc (C), iverilog (Verilog simulation), yosys (synthesis), berkeley-abc (AIGER equivalence), spin (Promela),
#   graphviz (DOT rendering), ghc (Haskell references in examples/).
# Idempotent and quiet, like install-solvers.sh: installs only missing packages, runs `apt-get update` only
# when apt cannot install them from its current lists, prints nothing on success. A tool that cannot be
# installed is not fatal: its tests are skipped and say so; this script warns and exits 0.
set -uo pipefail

packages=(gcc iverilog yosys berkeley-abc spin graphviz ghc)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=apt-packages.sh
source "$here/apt-packages.sh"
mapfile -t missing < <(missing_packages "${packages[@]}")
((${#missing[@]} == 0)) && exit 0

status=0
apt_install "${missing[@]}" || status=$?
if ((status == 2)); then
  echo "install-tools.sh: warning: root or passwordless sudo is needed to install ${missing[*]}; the tests that need them are skipped" >&2
elif ((status != 0)); then
  echo "install-tools.sh: warning: could not install ${missing[*]}; the tests that need them are skipped:" >&2
  cat "$apt_log" >&2
fi
exit 0
