#!/usr/bin/env bash
# Installs what the Encoding backends and their tests need, then builds the CryptoMiniSat shim:
#   cadical, minisat, cryptominisat (cryptominisat5), libcryptominisat5-dev, libz3-4, g++, z3, minisat+, clasp, cvc5.
# Idempotent and quiet: installs only missing packages, runs `apt-get update` only when apt cannot
# install them from its current lists, prints nothing on success and the apt log on failure.
# Works as root or through passwordless sudo. kissat is optional (Debian 12 has no package): the
# backends use it when it is on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# z3 (the command-line solver) and minisat+ read the SMT-LIB 2 and OPB exports in the tests; cvc5 is measured
# against z3 on SMT-LIB forms of cardinality (bench/SmtCardinality).
packages=(cadical minisat cryptominisat libcryptominisat5-dev libz3-4 g++ z3 minisat+ clasp cvc5)

# shellcheck source=apt-packages.sh
source "$here/apt-packages.sh"
mapfile -t missing < <(missing_packages "${packages[@]}")
if ((${#missing[@]} > 0)); then
  status=0
  apt_install "${missing[@]}" || status=$?
  if ((status == 2)); then
    echo "install-solvers.sh: root or passwordless sudo is needed to install: ${missing[*]}" >&2
    exit 1
  elif ((status != 0)); then
    echo "install-solvers.sh: could not install ${missing[*]}:" >&2
    cat "$apt_log" >&2
    exit 1
  fi
fi

bash "$here/build-cms-shim.sh"
