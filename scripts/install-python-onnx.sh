#!/usr/bin/env bash
# Installs what the ONNX importer's reference tests need: Debian's /usr/bin/python3 with numpy and onnx
# (python3-onnx: tests/reference/onnx_bnn.py reads and evaluates tests/fixtures/onnx/*.onnx independently).
# With --with-torch it also installs python3-torch, which only tests/fixtures/onnx/make_fixtures.py needs
# (it trains the fixture network and exports it with torch.onnx.export); the tests never need torch.
# Idempotent and quiet: does nothing when the modules already import, installs the packages with apt-get
# otherwise (refreshing the package lists only if the first attempt fails), prints the apt log on failure.
# Without them the tests that run the script are reported as skipped, not failed.
set -euo pipefail

modules="numpy, onnx"
packages=(python3 python3-numpy python3-onnx)
if [[ "${1:-}" == "--with-torch" ]]; then
  modules="numpy, onnx, torch"
  packages+=(python3-torch)
fi
if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c "import $modules" >/dev/null 2>&1; then
  exit 0
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=apt-packages.sh
source "$here/apt-packages.sh"
status=0
apt_install "${packages[@]}" || status=$?
if ((status == 2)); then
  echo "install-python-onnx.sh: root or passwordless sudo is needed to install ${packages[*]}" >&2
  exit 1
elif ((status != 0)); then
  echo "install-python-onnx.sh: could not install ${packages[*]}:" >&2
  cat "$apt_log" >&2
  exit 1
fi
