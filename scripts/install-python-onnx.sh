#!/usr/bin/env bash
# Installs what the ONNX importer's fixtures and reference tests need: Debian's /usr/bin/python3 with
# torch (python3-torch: trains and exports tests/fixtures/onnx/*.onnx with torch.onnx.export) and onnx
# (python3-onnx: builds the QONNX graph with onnx.helper, checks and reads both graphs for the reference
# evaluator tests/reference/onnx_bnn.py). Idempotent and quiet: does nothing when both import, installs
# them with apt-get otherwise (refreshing the package lists only if the first attempt fails), prints the
# apt log on failure. Without them the tests that run the script are reported as skipped, not failed.
set -euo pipefail

if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import numpy, onnx, torch' >/dev/null 2>&1; then
  exit 0
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=apt-packages.sh
source "$here/apt-packages.sh"
status=0
apt_install python3 python3-numpy python3-onnx python3-torch || status=$?
if ((status == 2)); then
  echo "install-python-onnx.sh: root or passwordless sudo is needed to install python3-onnx and python3-torch" >&2
  exit 1
elif ((status != 0)); then
  echo "install-python-onnx.sh: could not install python3-onnx and python3-torch:" >&2
  cat "$apt_log" >&2
  exit 1
fi
