#!/usr/bin/env bash
# Installs the SAT/SMT solvers the Encoding backends and their tests use, then builds the
# CryptoMiniSat shim. Idempotent: installs only what is missing, runs `apt-get update` only when a
# package cannot be found without it, and prints nothing when everything is already in place.
# Works as root or through sudo. kissat is optional (Debian 12 has no package): if it is on PATH the
# backends use it, otherwise they report it unavailable.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Debian package -> a file whose presence shows it is installed.
declare -A marker=(
  [cadical]=/usr/bin/cadical
  [minisat]=/usr/bin/minisat
  [cryptominisat]=/usr/bin/cryptominisat5
  [libcryptominisat5-dev]=/usr/include/cryptominisat5/cryptominisat.h
  [libz3-4]=/usr/lib/x86_64-linux-gnu/libz3.so.4
)

missing=()
for pkg in "${!marker[@]}"; do
  # dpkg is the authority; the marker path is only a fast first check.
  if [[ -e "${marker[$pkg]}" ]] && dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    continue
  fi
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    continue
  fi
  missing+=("$pkg")
done

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -eq 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo -n)
  else
    echo "install-solvers.sh: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Update the package lists only when apt does not know one of the packages yet.
  needs_update=0
  for pkg in "${missing[@]}"; do
    if ! apt-cache show "$pkg" >/dev/null 2>&1; then needs_update=1; break; fi
  done
  log="$(mktemp)"
  trap 'rm -f "$log"' EXIT
  if ((needs_update)) && ! "${as_root[@]}" apt-get update >"$log" 2>&1; then
    cat "$log" >&2; exit 1
  fi
  if ! "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
    # A stale package list is the usual cause; refresh once and retry.
    if ((needs_update == 0)) && "${as_root[@]}" apt-get update >"$log" 2>&1 \
       && "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
      :
    else
      cat "$log" >&2; exit 1
    fi
  fi
fi

bash "$here/build-cms-shim.sh"
