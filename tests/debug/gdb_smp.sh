#!/usr/bin/env bash
# GDB on two CPUs (tests/platform/smp): one thread per CPU, both held at the
# entry until GDB attaches, a breakpoint hit by CPU 0, per-thread registers
# (MPIDR_EL1.Aff0 = CPU index), stepi on CPU 1 only, continue to the exit.
#   gdb_smp.sh VP ELF
set -u
vp=$1 elf=$2
. "$(dirname "$0")/gdb_lib.sh"
start_vp --firmware "$elf" --cpus 2 --max-time 1s
cat >"$work/cmds" <<GDB
set pagination off
set confirm off
target remote 127.0.0.1:$port
info threads
break smp_main
continue
thread 1
print/x \$mpidr_el1
thread 2
print/x \$mpidr_el1
print \$pc == (long)_start
stepi
print \$pc == (long)_start + 4
delete
continue
GDB
run_gdb "$elf"
expect '^\* 1 +Thread 1 \(CPU 0, EL2\) 0x0*40000030 in _start'
expect '^  2 +Thread 2 \(CPU 1, EL2\) 0x0*40000030 in _start'
expect '^Thread 1 hit Breakpoint 1, .* in smp_main'
expect '^\$1 = 0x80000000$'
expect '^\$2 = 0x80000001$'
expect '^\$3 = 1$'
expect '^\$4 = 1$'
expect 'exited normally'
grep -Eq '^ok 13 ' "$work/vp.out" || fail "the two-CPU firmware did not pass under gdb"
echo PASS
