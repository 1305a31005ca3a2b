#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: set-up first (solvers, build), then every test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
cd "$root"
dotnet test Verifier.sln --nologo "$@"
