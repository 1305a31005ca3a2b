#!/usr/bin/env bash
# Installs what the importer's reference tests need: Debian's /usr/bin/python3 with numpy
# (tests/reference/chainer_bnn.py, an independent float evaluation of the imported Chainer network).
# Idempotent and quiet: does nothing when numpy already imports, installs python3-numpy with apt-get
# otherwise (refreshing the package lists only if the first attempt fails), prints the apt log on failure.
# Without it the tests that run the script are reported as skipped, not failed.
set -euo pipefail

if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import numpy' >/dev/null 2>&1; then
  exit 0
fi
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "install-python-numpy.sh: root or passwordless sudo is needed to install python3-numpy" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
install() { "${as_root[@]}" apt-get install -y -q --no-install-recommends python3 python3-numpy >"$log" 2>&1; }
if ! install; then
  if ! "${as_root[@]}" apt-get update -q >"$log" 2>&1 || ! install; then
    echo "install-python-numpy.sh: could not install python3-numpy:" >&2
    cat "$log" >&2
    exit 1
  fi
fi
