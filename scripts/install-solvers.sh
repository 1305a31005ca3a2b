#!/usr/bin/env bash
# Installs what the Encoding backends and their tests need, then builds the CryptoMiniSat shim:
#   cadical, minisat, cryptominisat (cryptominisat5), libcryptominisat5-dev, libz3-4, g++, z3, minisat+, clasp.
# Idempotent and quiet: installs only missing packages, runs `apt-get update` only when apt cannot
# install them from its current lists, prints nothing on success and the apt log on failure.
# Works as root or through passwordless sudo. kissat is optional (Debian 12 has no package): the
# backends use it when it is on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# z3 (the command-line solver) and minisat+ read the SMT-LIB 2 and OPB exports in the tests.
packages=(cadical minisat cryptominisat libcryptominisat5-dev libz3-4 g++ z3 minisat+ clasp)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -eq 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "install-solvers.sh: root or passwordless sudo is needed to install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  log="$(mktemp)"
  trap 'rm -f "$log"' EXIT
  install() { "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1; }
  # Try with the package lists as they are; refresh them only if that fails (new machine, stale lists).
  if ! install; then
    if ! "${as_root[@]}" apt-get update -q >"$log" 2>&1 || ! install; then
      echo "install-solvers.sh: could not install ${missing[*]}:" >&2
      cat "$log" >&2
      exit 1
    fi
  fi
fi

bash "$here/build-cms-shim.sh"
