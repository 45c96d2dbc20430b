#!/usr/bin/env bash
# Sets up and builds (scripts/setup.sh), then runs the whole test suite, then
# (issue 16) the same suite built with clang, AddressSanitizer + UBSan in
# build-san/ and a short run of every libFuzzer target (tests/fuzz/README.md)
# from that build.
#   VP_SANITIZE_SUITE=0  skip the sanitizer run of the suite
#   VP_FUZZ_SECONDS=N    seconds per fuzz target (default 8, seven targets; 0 skips fuzzing)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"

# One clang build serves both sanitizer steps: every project library, test
# and tool instrumented with ASan+UBSan (and libFuzzer's coverage hooks), so
# the whole suite runs again under the sanitizers and the fuzz targets link
# against the same objects. QEMU's runs (label qemu) execute no code of ours
# and are not repeated, nor are tests labelled long (tests/kut: kvm-unit-tests' timer).
san_build=build-san
if [ "${VP_SANITIZE_SUITE:-1}" != 0 ] || [ "${VP_FUZZ_SECONDS:-8}" != 0 ]; then
  echo "== ASan+UBSan build (clang) in $san_build/"
  cmake -S . -B "$san_build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
        -DVP_FUZZ=ON -DVP_WERROR=OFF -DVP_BUILD_BENCH=OFF ${CMAKE_ARGS:-} > /dev/null
  cmake --build "$san_build" -j"$(nproc)"
fi

if [ "${VP_SANITIZE_SUITE:-1}" != 0 ]; then
  echo "== ASan+UBSan: the whole suite again ($san_build/)"
  # Leak checking off: SystemC's kernel keeps its objects until exit.
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir "$san_build" --output-on-failure -j"$(nproc)" -LE "qemu|long" "$@"
fi

fuzz_seconds="${VP_FUZZ_SECONDS:-8}"
if [ "$fuzz_seconds" != 0 ]; then
  echo "== libFuzzer: every target for ${fuzz_seconds}s"
  # A fixed seed: the CI run is a repeatable smoke test; a random long run
  # (tests/fuzz/README.md) explores.
  VP_FUZZ_SEED="${VP_FUZZ_SEED:-1}" bash tests/fuzz/run.sh "$san_build" "$fuzz_seconds"
fi
