#!/usr/bin/env bash
# Builds native/cms-shim/build/libbnnverify_cms.so, the C shim the CryptoMiniSat backend loads, with g++
# against Debian's libcryptominisat5-dev (installed with apt-get when missing). Idempotent and quiet: it
# rebuilds only when the source or this script is newer than the library, and prints nothing on success.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/native/cms-shim/bnnverify_cms.cpp"
out_dir="$root/native/cms-shim/build"
out="$out_dir/libbnnverify_cms.so"

if [[ ! -e /usr/include/cryptominisat5/cryptominisat.h ]] || ! command -v g++ >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]]; then as_root=(); else as_root=(sudo -n); fi
  export DEBIAN_FRONTEND=noninteractive
  log="$(mktemp)"
  trap 'rm -f "$log"' EXIT
  install() { "${as_root[@]}" apt-get install -y -q --no-install-recommends libcryptominisat5-dev g++ >"$log" 2>&1; }
  if ! install; then
    if ! "${as_root[@]}" apt-get update -q >"$log" 2>&1 || ! install; then
      echo "build-cms-shim.sh: could not install libcryptominisat5-dev and g++:" >&2
      cat "$log" >&2
      exit 1
    fi
  fi
fi

if [[ -e "$out" && "$out" -nt "$src" && "$out" -nt "${BASH_SOURCE[0]}" ]]; then
  exit 0
fi
mkdir -p "$out_dir"
# Build under a temporary name and rename, so a running test never loads a half-written library.
g++ -std=c++17 -O2 -fPIC -shared -Wall -Wextra -Werror -o "$out.tmp" "$src" -lcryptominisat5
mv -f "$out.tmp" "$out"
