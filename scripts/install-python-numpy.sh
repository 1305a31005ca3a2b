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
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=apt-packages.sh
source "$here/apt-packages.sh"
status=0
apt_install python3 python3-numpy || status=$?
if ((status == 2)); then
  echo "install-python-numpy.sh: root or passwordless sudo is needed to install python3-numpy" >&2
  exit 1
elif ((status != 0)); then
  echo "install-python-numpy.sh: could not install python3-numpy:" >&2
  cat "$apt_log" >&2
  exit 1
fi
