#!/usr/bin/env bash
# Debian's arm64 Linux (linux-image-*-arm64-unsigned, the raw Image) with a
# busybox-static (arm64) initramfs built here, on vp with --kernel/--initrd/
# --append: it must reach /init and a shell that runs a command typed on the
# PL011, then power off through PSCI SYSTEM_OFF (vp exits 0). With --cpus 2
# both CPUs must come online (PSCI CPU_ON).
# Usage: linux.sh VP BOOT_IMAGES_SCRIPT CPUS
# Exit 77 (skip) when a package cannot be had, or when the run shows that a
# prerequisite of the ISS is missing (translation: issue 10; FP/AdvSIMD for
# busybox: issue 11), saying where the boot stopped.
set -uo pipefail
vp=$1 images=$2 cpus=${3:-1}
image=$("$images" linux) || exit $?
busybox=$("$images" busybox) || exit $?
command -v cpio >/dev/null || { echo "linux.sh: cpio not installed (Debian cpio)" >&2; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/bin" "$work/root/proc" "$work/root/sys" "$work/root/dev"
cp "$busybox" "$work/root/bin/busybox"
cat > "$work/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "vp-init: $(grep -c ^processor /proc/cpuinfo) CPUs online"
exec sh
INIT
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc --quiet | gzip -1 > "$work/initramfs.cpio.gz")

skip() { echo "SKIP: $*"; exit 77; }
# A short probe first: without translation Linux loops in its exception
# vectors after turning the MMU on (within a few thousand instructions).
"$vp" --kernel "$image" --ram 512MiB --max-time 5ms </dev/null >"$work/probe" 2>&1
if grep -q "the MMU is not modelled" "$work/probe"; then
  skip "vp's ISS has no stage-1 translation yet (issue 10): Linux turns the MMU on and stops: $(grep -m1 'stopped at PC' "$work/probe")"
fi

out="$work/out"
start=$(date +%s%N)
# The console: a FIFO the test types into once the shell is up (as a user
# would: input typed while the kernel boots is dropped when its PL011 driver
# starts), then `poweroff -f` (busybox -> reboot(2) -> PSCI SYSTEM_OFF).
mkfifo "$work/console"
timeout 1500 "$vp" --kernel "$image" --initrd "$work/initramfs.cpio.gz" --cpus "$cpus" --ram 512MiB \
  --append "console=ttyAMA0 earlycon=pl011,0x9000000 rdinit=/init panic=-1" --max-time 60s \
  <"$work/console" >"$out" 2>&1 &
pid=$!
exec 3>"$work/console"
for _ in $(seq 1 3000); do
  grep -q "vp-init:" "$out" && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.5
done
sleep 1
trap '' PIPE # vp may have stopped already (the checks below say why)
printf 'echo vp-shell-$((6*7))\npoweroff -f\n' >&3 2>/dev/null
exec 3>&-
wait $pid
rc=$?
cat "$out"
echo "linux.sh: host $(( ($(date +%s%N) - start) / 1000000 )) ms"
if grep -q "Attempted to kill init! exitcode=0x00000004" "$out"; then
  skip "Linux booted (KVM: $(grep -c 'Hyp mode initialized successfully' "$out") hyp init) and ran /init \
($(grep -m1 -o '\[ *[0-9.]*\] Run /init' "$out")), but busybox died of SIGILL: the ISS lacks FP/AdvSIMD \
arithmetic (issue 11); $(grep -m1 'at EL0' "$out")"
fi
fail() { echo "FAIL: $*"; exit 1; }
[ $rc -eq 0 ] || fail "exit status $rc, expected 0 (PSCI SYSTEM_OFF)"
grep -q "Booting Linux on physical CPU 0x0000000000" "$out" || fail "no kernel banner"
grep -q "vp-init: $cpus CPUs online" "$out" || fail "/init did not see $cpus CPUs"
grep -q "^vp-shell-42" "$out" || fail "the shell did not run the typed command"
grep -q "reboot: Power down" "$out" || fail "no power down"
echo "PASS"
