#!/bin/sh
# kvm-unit-tests driver for ctest (see README.md). Status 77 = skipped (ctest SKIP_RETURN_CODE).
#   run_kut.sh build OUT
#   run_kut.sh run OUT vp|qemu EXE FLAT SMP RAM_MIB APPEND [EXPECTED_FAIL_LINE...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=${VP_KUT_DIR:-/work/kut-src}
mode=$1 out=$2
shift 2

if [ "$mode" = build ]; then
    if [ ! -f "$src/arm/unittests.cfg" ]; then
        echo "SKIP: no kvm-unit-tests checkout at $src (set VP_KUT_DIR; see tests/kut/README.md)"
        exit 77
    fi
    command -v aarch64-linux-gnu-gcc >/dev/null || { echo "SKIP: no aarch64-linux-gnu-gcc"; exit 77; }
    mkdir -p "$out"
    # Build in a copy: the checkout stays clean and may be shared by several build trees.
    (cd "$src" && tar cf - --exclude=.git .) | (cd "$out" && tar xf -) || exit 1
    cd "$out" || exit 1
    [ -f config.mak ] || ./configure --arch=arm64 --cross-prefix=aarch64-linux-gnu- >configure.log 2>&1 \
        || { cat configure.log; exit 1; }
    nice make -j2 >make.log 2>&1 || { tail -40 make.log; exit 1; }
    for f in selftest gic timer psci pmu cache fpu debug; do
        sh "$here/wrap_flat.sh" arm/$f.flat arm/$f.img || exit 1
    done
    echo "kvm-unit-tests built in $out"
    exit 0
fi

target=$1 exe=$2 flat=$3 smp=$4 ram=$5 append=$6
shift 6
if [ ! -f "$out/arm/$flat.img" ]; then
    echo "SKIP: kvm-unit-tests not built (no checkout at $src; see tests/kut/README.md)"
    exit 77
fi
log=$out/$target-$flat-$(echo "$append" | tr -c 'a-z0-9\n' '_').log
if [ "$target" = vp ]; then
    if ! "$exe" --help 2>&1 | grep -q -- --kernel; then
        echo "SKIP: this vp has no --kernel (arm64 Image loader, issue 12)"
        exit 77
    fi
    # The .flat behind an arm64 Image header: placed as QEMU places the raw .flat (wrap_flat.sh).
    timeout 900 "$exe" --kernel "$out/arm/$flat.img" --append "$append" --cpus "$smp" \
        --ram "${ram}MiB" --max-time 30s >"$log" 2>&1
else
    command -v "$exe" >/dev/null || { echo "SKIP: no $exe"; exit 77; }
    # As kvm-unit-tests' arm/run does: the raw .flat as -kernel, the DTB in X0, PSCI from the DTB.
    timeout 280 "$exe" -M virt,virtualization=on,gic-version=2 -cpu cortex-a57 -nographic \
        -nodefaults -display none -serial stdio -smp "$smp" -m "$ram" \
        -kernel "$out/arm/$flat.flat" -append "$append" >"$log" 2>&1
fi
status=$?
cat "$log"
echo "---- $target exit status $status"

# The verdict is kvm-unit-tests' own report: a SUMMARY with at least one test, and exactly the
# expected FAIL lines (each one listed in CMakeLists.txt with its reason).
summary=$(grep '^SUMMARY: ' "$log" | tail -1)
[ -n "$summary" ] || { echo "ERROR: no SUMMARY line (the test did not finish)"; exit 1; }
case "$summary" in "SUMMARY: 0 tests"*) echo "ERROR: no test ran: $summary"; exit 1;; esac
fails=$(grep '^FAIL: ' "$log" | sed 's/[[:space:]]*$//')
expected=$(for e in "$@"; do echo "$e"; done)
ok=1
for e in "$@"; do
    echo "$fails" | grep -qxF "$e" || { echo "ERROR: expected failure did not occur: $e"; ok=0; }
done
echo "$fails" | while IFS= read -r f; do
    [ -z "$f" ] && continue
    echo "$expected" | grep -qxF "$f" || echo "ERROR: unexpected $f"
done | grep ERROR && ok=0
n=$#
case "$summary" in
    *"unexpected failures"*) echo "$summary" | grep -q " $n unexpected failures" || ok=0 ;;
    *) [ "$n" -eq 0 ] || ok=0 ;;
esac
[ $ok = 1 ] || { echo "FAILED: $target $flat '$append': $summary"; exit 1; }
echo "OK: $target $flat '$append': $summary, expected failures: $n"
exit 0
