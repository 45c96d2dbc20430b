#!/usr/bin/env bash
# `vp --trace` on trace_events.S (issue 13): each category produces its lines
# with the values the Arm ARM requires, the trace goes to its own file (never
# the guest console on stdout), and a run without --trace prints none.
#   trace_test.sh VP ELF
set -u
vp=$1 elf=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; echo "--- trace:"; cat "$work/trace.txt"; exit 1; }

"$vp" --firmware "$elf" --max-time 1ms --quiet --trace exec,int,mmio,sysreg --trace-file "$work/trace.txt" \
  >"$work/out.txt" 2>"$work/err.txt"
rc=$?
[ $rc -eq 0 ] || fail "vp exit code $rc"
cat "$work/trace.txt"
expect() { grep -Eq "$1" "$work/trace.txt" || fail "trace lacks /$1/"; }
line='^ +[0-9]+\.[0-9]{3} ns cpu0 '
# exec: one line per instruction, disassembled by Capstone, 1 ns apart at 1 GHz.
expect "${line}exec +EL2 0x0000000040000004: d51cc000  msr vbar_el2, x0$"
expect "${line}exec +EL2 0x000000004000001c: d4202460  brk #0x123$"
[ "$(grep -c ' exec ' "$work/trace.txt")" -eq 25 ] || fail "expected 25 executed instructions"
# sysreg: by name, with the value.
expect "${line}sysreg EL2 MSR VBAR_EL2 <- 0x40000800$"
expect "${line}sysreg EL2 MRS FAR_EL2 -> 0xe000000$"
# mmio: register names from the GIC distributor's table.
expect "${line}mmio +write 0x08000000 GICD_CTLR +<- 0x00000001 \(4 bytes\)$"
expect "${line}mmio +read  0x08000004 GICD_TYPER +-> 0x[0-9a-f]{8} \(4 bytes\)$"
expect "${line}mmio +read  0x0e000000 - .* bus error$"
# int: BRK #0x123 -> EC 0x3C, IL, ISS = imm16 (D17.2.37); preferred return = the BRK.
expect "${line}int +sync EL2 -> EL2 ELR_EL2=0x4000001c SPSR_EL2=0x3c9 ESR_EL2=0xf2000123 \(EC 0x3c BRK\) -> 0x40000a00$"
# LDR W5 from nothing: EC 0x25, IL, DFSC 0x10 (external abort); FAR = address. No
# instruction syndrome: not a stage 2 abort (ISV 0, D13.2.37; QEMU 7.2 sets it).
expect "${line}int +sync EL2 -> EL2 ELR_EL2=0x40000024 .*ESR_EL2=0x96000010 \(EC 0x25 data abort, same EL\) FAR_EL2=0xe000000 -> 0x40000a00$"
expect "${line}int +eret EL2 -> EL2 SPSR_EL2=0x3c9 -> 0x40000028$"
# The handler's own MRS ESR_EL2 reads what the entry line reported.
expect "${line}sysreg EL2 MRS ESR_EL2 -> 0x96000010$"
# Nothing on the console, nothing traced on stderr.
grep -q ' cpu0 ' "$work/out.txt" "$work/err.txt" && fail "trace lines outside the trace file"

# Without --trace: no trace line anywhere.
"$vp" --firmware "$elf" --max-time 1ms >"$work/out2.txt" 2>"$work/err2.txt"
grep -Eq "$line" "$work/out2.txt" "$work/err2.txt" && fail "trace lines without --trace"
echo PASS
