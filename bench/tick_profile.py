#!/usr/bin/env python3
"""tick_profile: host instructions per idle tick or per mapped injection round trip, by function
and by component (callgrind). Not a test: it prints figures.

    python3 bench/tick_profile.py [--build build] [--workload idle|inject] [--ms N] [--top 40] [--keep DIR]

The method of docs/performance.md: two callgrind runs of the same workload that differ only in
--max-time (idle: 2001 ms and 1 ms; inject: 11 ms and 1 ms), so start-up, elaboration and the
first tick cancel out. The difference is divided by the difference in physical interrupts taken
at EL2 by cpu0 (vp's summary line "interrupts taken: irq@EL2=N"): one per tick, one per round
trip. Host instructions are exact and repeatable, unlike host time on a shared machine; they are
not host time (docs/performance.md has cases where fewer instructions ran slower).

Self costs are grouped by component from the function's namespace (vp::cpu, vp::gic ...) and,
for code without one, by the shared object it runs in (libsystemc, libc ...).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

WORKLOADS = {  # name -> (ELF under the build directory, simulated ms profiled after the first)
    "idle": (("sw", "bench_vtimer_idle.elf"), 2000),
    "inject": (("sw", "bench_vtimer_inject.elf"), 10),
}
IRQS = re.compile(r"cpu0 interrupts taken: (?:none|irq@EL2=(\d+))")
# callgrind_annotate's self-cost lines: "  4,671,427 ( 5.29%)  file:function [object]"; the
# object is left out for code inlined from another file (then it is the program's).
LINE = re.compile(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*?):(.*?)(?: \[(.*)\])?\s*$")

# Component of a function, first match wins: (pattern on "function [object]", component).
COMPONENTS = [
    # Before the models: a socket template names its module (simple_target_socket_b<vp::gic::...>).
    (r"^(?:(?:non-)?virtual thunk to )?(?:void )?tlm_utils::", "tlm_utils sockets"),
    (r"aarch64_cpu::", "cpu: SystemC wrapper (aarch64_cpu)"),
    (r"vp::cpu::", "cpu: ISS core (handlers, run loop, exceptions)"),
    (r"vp::gic::", "gic"),
    (r"vp::timer::", "timer"),
    (r"vp::bus::", "bus: router, memories"),
    (r"vp::register_bank|vp::copy_access", "common: register banks"),
    (r"vp::platform::", "platform: board (line view)"),
    (r"vp::uart::", "uart"),
    (r"libsystemc", "SystemC kernel (libsystemc)"),
    (r"libstdc\+\+", "libstdc++"),
    (r"libc\.so", "libc"),
    (r"ld-linux", "dynamic loader"),
]


def callgrind(vp, elf, max_time, out):
    """Runs vp under callgrind; returns cpu0's physical interrupts taken at EL2."""
    p = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", vp, "--firmware", elf,
                        "--max-time", max_time], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    m = IRQS.search(p.stdout)
    if not m:
        sys.exit(f"tick_profile: no 'interrupts taken' summary from {vp} --max-time {max_time}\n"
                 f"{p.stdout[-2000:]}")
    return int(m.group(1) or 0)


def self_costs(out):
    """{(function, object): self host instructions} from a callgrind output file; exits when
    they do not add up to the program's total."""
    text = subprocess.run(["callgrind_annotate", "--threshold=100", "--auto=no", out], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True, check=True).stdout
    costs = defaultdict(int)
    total = None
    for line in text.splitlines():
        if line.endswith("PROGRAM TOTALS"):
            total = int(line.split()[0].replace(",", ""))
            continue
        m = LINE.match(line)
        if m:
            # "f'2": callgrind's name for f entered recursively (here: through a
            # thread switch); the same function.
            function = re.sub(r"'\d+$", "", m.group(3))
            costs[(function, os.path.basename(m.group(4) or "vp"))] += int(m.group(1).replace(",", ""))
    # Every self cost must be in the table: a line the pattern missed would
    # silently shrink the figures.
    if total is None or sum(costs.values()) != total:
        sys.exit(f"tick_profile: {out}: the functions' self costs add up to {sum(costs.values()):,}, "
                 f"not to the program's total {total}")
    return costs


def component(function, obj):
    key = f"{function} [{obj}]"
    for pattern, name in COMPONENTS:
        if re.search(pattern, key):
            return name
    return f"other ({obj})"


def short(function):
    """A function's name without argument lists and the vp:: prefixes, for the table."""
    s = function.replace("vp::cpu::", "").replace("vp::", "")
    s = s.replace("(core&, insn const&)", "").replace("tlm::tlm_base_protocol_types", "tlm_bp")
    return s if len(s) <= 110 else s[:107] + "..."


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--workload", choices=sorted(WORKLOADS), default="idle")
    ap.add_argument("--ms", type=int, help="simulated ms profiled after the first (idle: 2000, inject: 10)")
    ap.add_argument("--top", type=int, default=40, help="functions to list")
    ap.add_argument("--keep", help="directory to keep the two callgrind files in")
    a = ap.parse_args()
    if not shutil.which("valgrind") or not shutil.which("callgrind_annotate"):
        sys.exit("tick_profile: needs valgrind (apt-get install valgrind)")
    parts, ms = WORKLOADS[a.workload]
    long_t, short_t = f"{(a.ms or ms) + 1}ms", "1ms"
    vp, elf = os.path.join(a.build, "platform", "vp"), os.path.join(a.build, *parts)
    for f in (vp, elf):
        if not os.path.exists(f):
            sys.exit(f"tick_profile: {f} missing (cmake --build {a.build} --target vp)")
    d = a.keep or tempfile.mkdtemp(prefix="tick_profile.")
    os.makedirs(d, exist_ok=True)
    files = [os.path.join(d, f"callgrind.{a.workload}.{t}") for t in (long_t, short_t)]
    try:
        irqs = [callgrind(vp, elf, t, f) for t, f in zip((long_t, short_t), files)]
        units = irqs[0] - irqs[1]
        if units <= 0:
            sys.exit(f"tick_profile: no interrupts between --max-time {short_t} and {long_t}")
        big, small = (self_costs(f) for f in files)
    finally:
        if not a.keep:
            shutil.rmtree(d)
    per = {k: (big.get(k, 0) - small.get(k, 0)) / units for k in set(big) | set(small)}

    unit = "tick" if a.workload == "idle" else "round trip"
    total = sum(per.values())
    print(f"tick_profile: {a.workload}, {vp}: ({long_t} - {short_t}) / {units} interrupts at EL2")
    print(f"host instructions per {unit}: {total:,.0f}\n")
    groups = defaultdict(float)
    for (fn, obj), v in per.items():
        groups[component(fn, obj)] += v
    print(f"{'component':52} {'per ' + unit:>14} {'share':>7}")
    for name, v in sorted(groups.items(), key=lambda x: -x[1]):
        if abs(v) >= 0.5:
            print(f"{name:52} {v:14,.0f} {100 * v / total:6.1f}%")
    print(f"\n{'self, per ' + unit:>16}  function")
    for (fn, obj), v in sorted(per.items(), key=lambda x: -x[1])[:a.top]:
        print(f"{v:16,.0f}  {short(fn)} [{obj}]")


if __name__ == "__main__":
    main()
