#!/usr/bin/env bash
# Coverage-guided fuzzing of the input boundary with AFL++ and SharpFuzz (docs/quality.md, "Fuzzing").
#   scripts/fuzz.sh TARGET SECONDS   fuzzes TARGET (model | spec | counterexample) for SECONDS, starting from
#                                    fuzz/corpus/TARGET/; findings go to fuzz/out/findings/TARGET-<time>/.
#   scripts/fuzz.sh --skip-known TARGET SECONDS   the same, but the known failures of fuzz/BnnVerify.Fuzz/KnownFailures.cs
#                                    (being fixed elsewhere) do not count as crashes, so AFL explores past them.
#   scripts/fuzz.sh seed TARGET      rebuilds fuzz/corpus/TARGET/ from the bundled models/, specs/ and golden
#                                    cases, minimised with afl-cmin.
#   scripts/fuzz.sh merge TARGET     adds what the runs in fuzz/out/findings/TARGET-*/ found (their queues) to
#                                    fuzz/corpus/TARGET/, minimised again with afl-cmin.
# Installs what is missing (afl++ through apt-packages.sh, the sharpfuzz tool through the tool manifest),
# builds fuzz/BnnVerify.Fuzz in Release to fuzz/out/bin, instruments Bnn.dll and bnnverify.dll there, and runs
# afl-fuzz under nice -n 19 so that builds on a shared machine keep the CPU. Prints the run's statistics at the end.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
targets=(model spec counterexample)

usage() {
  echo "usage: scripts/fuzz.sh [--skip-known] model|spec|counterexample SECONDS  |  scripts/fuzz.sh seed TARGET" >&2
  exit 2
}
is_target() { [[ " ${targets[*]} " == *" $1 "* ]]; }

if [[ ${1:-} == --skip-known ]]; then
  export BNNVERIFY_FUZZ_SKIP_KNOWN=1
  shift
fi
(($# == 2)) || usage
mode=run
if [[ $1 == seed || $1 == merge ]]; then
  mode=$1
  shift
  set -- "$1" 0
fi
target="$1"
seconds="$2"
is_target "$target" || usage
[[ $seconds =~ ^[0-9]+$ ]] || usage

# shellcheck source=apt-packages.sh
source "$here/apt-packages.sh"
mapfile -t missing < <(missing_packages afl++)
if ((${#missing[@]} > 0)); then
  status=0
  apt_install "${missing[@]}" || status=$?
  if ((status != 0)); then
    echo "fuzz.sh: could not install afl++ (root or passwordless sudo is needed)" >&2
    [[ -n ${apt_log:-} && -f $apt_log ]] && cat "$apt_log" >&2
    exit 1
  fi
fi

cd "$root"
dotnet tool restore >/dev/null
build="$root/fuzz/out/build"
bin="$root/fuzz/out/bin-$target"
nice -n 19 dotnet build fuzz/BnnVerify.Fuzz -c Release -o "$build" -v quiet -nologo >/dev/null
# Instrument fresh copies each time: the build stays incremental, and sharpfuzz refuses an assembly twice.
rm -rf "$bin"
cp -r "$build" "$bin"
for assembly in BnnVerify.Bnn.dll bnnverify.dll; do
  nice -n 19 dotnet tool run sharpfuzz "$bin/$assembly" >/dev/null
done

export AFL_SKIP_BIN_CHECK=1                      # dotnet itself is not instrumented; the assemblies are
export AFL_NO_AFFINITY=1                         # do not pin a core of a machine shared with builds
export AFL_SKIP_CPUFREQ=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1   # core_pattern is the container's, not ours
export AFL_NO_UI=1                               # status lines instead of the full-screen UI
harness=("$(command -v dotnet)" "$bin/BnnVerify.Fuzz.dll" "$target")
corpus="$root/fuzz/corpus/$target"

if [[ $mode == seed || $mode == merge ]]; then
  # Under fuzz/out, not /tmp: afl-cmin refuses to work in /tmp.
  seeds="$root/fuzz/out/seeds/$target"
  # AFL mutates small inputs far better, and the repository keeps the corpus small: the big trained models
  # (and what the fuzzer derives from them) add little coverage that the small ones lack.
  max_bytes=16000
  rm -rf "$seeds"
  mkdir -p "$seeds"
  if [[ $mode == seed ]]; then
    case "$target" in
      model) sources=(models/*.json tests/golden/models/*.json) ;;
      spec) sources=(specs/*.contract specs/*/*.contract tests/golden/specs/*.contract) ;;
      counterexample) sources=(tests/golden/counterexamples/*.json tests/golden/counterexamples/*/*.json) ;;
    esac
    for file in "${sources[@]}"; do
      (($(stat -c %s "$file") <= max_bytes)) && cp "$file" "$seeds/$(echo "$file" | tr / _)"
    done
  else
    find "$corpus" -type f -size -"$max_bytes"c -exec cp {} "$seeds/" \;
    for queue in "$root"/fuzz/out/findings/"$target"-*/default/queue; do
      run="$(basename "$(dirname "$(dirname "$queue")")")"
      for file in "$queue"/id*; do
        (($(stat -c %s "$file") <= max_bytes)) || continue
        # Queue names (id:000012,src:000003,op:havoc) hold ':' and ','; keep the run and the id only.
        cp "$file" "$seeds/$run-$(basename "$file" | cut -d, -f1 | tr : -)"
      done
    done
  fi
  rm -rf "$corpus"
  nice -n 19 afl-cmin -i "$seeds" -o "$corpus" -t 10000 -m none -- "${harness[@]}" | grep -v "Processing tuple"
  exit 0
fi

findings="$root/fuzz/out/findings/$target-$(date -u +%Y%m%dT%H%M%S)"
mkdir -p "$(dirname "$findings")"
# -t: ms per input (an input slower than this is a hang); -m none: the CLR reserves far more address space than it uses.
nice -n 19 afl-fuzz -i "$corpus" -o "$findings" -t 3000 -m none -V "$seconds" -- "${harness[@]}" || true
stats="$findings/default/fuzzer_stats"
if [[ -f $stats ]]; then
  grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|bitmap_cvg|saved_crashes|saved_hangs|stability) ' "$stats"
  echo "crashes: $findings/default/crashes   hangs: $findings/default/hangs"
fi
