#!/usr/bin/env bash
# Sourced by the install-*.sh scripts: the one way the project installs Debian packages.
#   missing_packages PKG...   prints, one per line, the packages dpkg does not list as installed;
#   apt_install PKG...        installs them as root or through passwordless sudo, refreshing the package lists
#                             only when the first attempt fails. Returns 0 on success, 2 without root or sudo,
#                             apt's non-zero status when it failed; the apt log is then in the file "$apt_log"
#                             (removed at exit).

missing_packages() {
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      echo "$pkg"
    fi
  done
}

apt_install() {
  local as_root=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      as_root=(sudo -n)
    else
      return 2
    fi
  fi
  apt_log="$(mktemp)"
  trap 'rm -f "$apt_log"' EXIT
  export DEBIAN_FRONTEND=noninteractive
  if "${as_root[@]}" apt-get install -y -q --no-install-recommends "$@" >"$apt_log" 2>&1; then
    return 0
  fi
  "${as_root[@]}" apt-get update -q >"$apt_log" 2>&1 &&
    "${as_root[@]}" apt-get install -y -q --no-install-recommends "$@" >"$apt_log" 2>&1
}
