#!/usr/bin/env bash
# A gdb-multiarch batch session against `vp --gdb 0 --gdb-wait` (issue 13):
# break at a symbol of a scenario, step, read a GIC register through debug
# memory accesses, watch a variable, continue to the exit. Asserts on GDB's
# output, and that the debugged run simulated exactly what an undebugged run
# does (same simulated time, same instruction count).
#   gdb_session.sh VP ELF
set -u
vp=$1 elf=$2
. "$(dirname "$0")/gdb_lib.sh"
start_vp --firmware "$elf" --max-time 2s

cat >"$work/cmds" <<GDB
set pagination off
set confirm off
target remote 127.0.0.1:$port
info threads
break vgic_init
continue
print \$pc == (long)vgic_init
stepi
print \$pc == (long)vgic_init + 4
x/wx 0x08000004
print \$sctlr_el2 == \$sctlr_el2
set \$v3.d.u[1] = 0x1122334455667788
print/x \$v3.s.u[3]
print \$fpcr
watch tap_count
continue
x/wx 0x0801000c
x/wx 0x0801000c
delete
monitor time
continue
GDB
run_gdb "$elf"
expect '^\* 1 +Thread 1 \(CPU 0, EL2\)'                  # one thread per CPU, at reset in EL2
expect '^Breakpoint 1, vgic_init '                       # software breakpoint at a symbol
expect '^\$1 = 1$'                                       # stopped before its first instruction
expect '^\$2 = 1$'                                       # stepi executed exactly one instruction
# GICD_TYPER through transport_dbg: ITLinesNumber 8 (256 SPIs), CPUNumber 0 (one CPU).
expect '^0x8000004:[[:space:]]+0x00000008$'
expect '^\$3 = 1$'                                       # system registers from the target description
expect '^\$4 = 0x11223344$'                              # V3 written and read back (fpu feature)
expect '^\$5 = 0$'                                       # FPCR at reset
expect '^Hardware watchpoint 2: tap_count'
expect '^Old value = 0$'
expect '^New value = 1$'
expect '^simulated time [0-9.]+ (s|ms|us|ns|ps|fs)$'           # SystemC time, in the unit sc_time prints
expect 'exited normally'
# GICC_IAR read twice by the debugger acknowledged nothing: every check passed.
grep -Eq '^# [0-9]+ checks, 0 failed' "$work/vp.out" || fail "the firmware's checks failed under gdb"

# Same simulated run as without a debugger.
"$vp" --firmware "$elf" --max-time 2s >/dev/null 2>"$work/plain.err"
a=$(grep -o 'simulated [0-9.]* ms, [0-9]* instructions' "$work/vp.err")
b=$(grep -o 'simulated [0-9.]* ms, [0-9]* instructions' "$work/plain.err")
[ -n "$a" ] && [ "$a" = "$b" ] || fail "debugged run '$a' differs from plain run '$b'"
echo "PASS: $a in both runs"
