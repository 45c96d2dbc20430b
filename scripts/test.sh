#!/usr/bin/env bash
# Sets up and builds (scripts/setup.sh), then runs the whole test suite, then
# (issue 16) the same suite built with AddressSanitizer + UBSan in build-asan/
# and a short run of every libFuzzer target (tests/fuzz/README.md).
#   VP_SANITIZE_SUITE=1  also run the sanitizer suite (off until measured in CI time)
#   VP_FUZZ_SECONDS=N    seconds per fuzz target (default 8, seven targets; 0 skips fuzzing)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"

if [ "${VP_SANITIZE_SUITE:-0}" != 0 ]; then
  echo "== ASan+UBSan: the whole suite in build-asan/"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVP_SANITIZE=ON ${CMAKE_ARGS:-} > /dev/null
  cmake --build build-asan -j"$(nproc)"
  # Leak checking off: SystemC's kernel keeps its objects until exit.
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j"$(nproc)" "$@"
fi

fuzz_seconds="${VP_FUZZ_SECONDS:-8}"
if [ "$fuzz_seconds" != 0 ]; then
  echo "== libFuzzer: every target for ${fuzz_seconds}s"
  cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
        -DVP_FUZZ=ON -DVP_BUILD_TESTS=OFF -DVP_BUILD_FIRMWARE=OFF -DVP_WERROR=OFF ${CMAKE_ARGS:-} > /dev/null
  cmake --build build-fuzz -j"$(nproc)" --target fuzzers
  # A fixed seed: the CI run is a repeatable smoke test; a random long run
  # (tests/fuzz/README.md) explores.
  VP_FUZZ_SEED="${VP_FUZZ_SEED:-1}" bash tests/fuzz/run.sh build-fuzz "$fuzz_seconds"
fi
