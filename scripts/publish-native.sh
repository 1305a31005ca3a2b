#!/usr/bin/env bash
# Publishes bnnverify as one native executable (.NET NativeAOT): no JIT and no runtime to start, so a run begins in
# milliseconds instead of the ~0.1 s the managed tool spends starting, and the solver's hot loops run compiled code
# from their first call. The answers are the managed tool's: tests/BnnVerify.Tests/Golden/NativeExecutableTests.cs
# runs every golden CLI case through it. docs/benchmarks.md measures both.
#
#   scripts/publish-native.sh [OUTPUT-FOLDER]     default: artifacts/native; the executable is OUTPUT-FOLDER/bnnverify
#
# NativeAOT links with clang and needs zlib's headers: installed with apt-get when missing (scripts/apt-packages.sh).
# Z3 (libz3.so.4) and the external solvers come from the system as for the managed tool; the CryptoMiniSat shim is
# copied beside the executable when it has been built (scripts/build-cms-shim.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="${1:-$root/artifacts/native}"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "publish-native.sh: the .NET 10 SDK (the 'dotnet' command) is not on PATH." >&2
  exit 2
fi

# shellcheck source=apt-packages.sh
source "$root/scripts/apt-packages.sh"
mapfile -t missing < <(missing_packages clang zlib1g-dev)
if ((${#missing[@]} > 0)); then
  status=0
  apt_install "${missing[@]}" || status=$?
  if ((status != 0)); then
    echo "publish-native.sh: NativeAOT needs ${missing[*]}, which could not be installed:" >&2
    [[ -f "${apt_log:-}" ]] && cat "$apt_log" >&2
    exit 2
  fi
fi

case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64 | arm64) rid=linux-arm64 ;;
  *) echo "publish-native.sh: no NativeAOT runtime for $(uname -m)" >&2; exit 2 ;;
esac

# Its own intermediate folder: the RID-specific restore must not rewrite the obj/ folders the managed build and the
# tests use.
intermediate="$(mktemp -d)"
trap 'rm -rf "$intermediate" "${apt_log:-}"' EXIT
log="$intermediate/publish.log"
if ! dotnet publish "$root/src/Verifier/Verifier.csproj" -c Release -r "$rid" -p:PublishAot=true \
    --artifacts-path "$intermediate/build" -o "$output" --nologo --disable-build-servers >"$log" 2>&1; then
  cat "$log" >&2
  echo "publish-native.sh: the native publish failed (see above)." >&2
  exit 4
fi
shim="$root/native/cms-shim/build/libbnnverify_cms.so"
[[ -f "$shim" ]] && cp "$shim" "$output/"
echo "$output/bnnverify"
