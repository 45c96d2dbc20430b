#!/usr/bin/env python3
"""vp_ab: two builds of vp on the same workloads, run alternately (A, B, A, B, ...). Not a test.

    python3 bench/vp_ab.py --a OLD_BUILD --b NEW_BUILD [--runs 5] [--no-real]

On a shared or virtualised machine the host's speed drifts by tens of percent within minutes
(session 9: QEMU's compute figure moved from 3,517 to 1,317 MIPS between two vp_bench runs), so
two vp_bench tables taken one after the other cannot tell a 10 % change from the drift.
Alternating the two binaries run by run exposes both to the same drift; the medians and their
ratio B/A are what this prints, and the best run of each with its ratio. The workloads are vp_bench's (its ELFs from build A, so that both
binaries run the same guest code) and the figures are vp_bench's: host CPU time of the
simulation (vp's summary line), start-up as whole-process CPU time.
"""
import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vp_bench import SUMMARY, boot_image, run, vp_run  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", required=True, help="build directory of the baseline")
    ap.add_argument("--b", required=True, help="build directory of the candidate")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-real", action="store_true", help="leave out U-Boot and Linux")
    a = ap.parse_args()
    vps = [os.path.join(d, "platform", "vp") for d in (a.a, a.b)]
    elf = {n: os.path.join(a.a, *p) for n, p in {
        "exit": ("bench", "bench_exit_at_once.elf"), "compute": ("bench", "bench_compute.elf"),
        "idle": ("sw", "bench_vtimer_idle.elf"), "inject": ("sw", "bench_vtimer_inject.elf")}.items()}
    for f in [*vps, *elf.values()]:
        if not os.path.exists(f):
            sys.exit(f"vp_ab: {f} missing (cmake --build <dir> --target vp vp_bench)")

    def ab(measure):
        """All values of `measure(vp)` for A and B, alternating."""
        vals = ([], [])
        for _ in range(a.runs):
            for k in (0, 1):
                vals[k].append(measure(vps[k]))
        return vals

    rows = []
    rows.append(("start-up, CPU ms (whole process)",
                 *ab(lambda vp: run([vp, "--firmware", elf["exit"], "--quiet"])[2] * 1e3), "lower"))
    rows.append(("idle, simulated s per host s",
                 *ab(lambda vp: (lambda x: x["sim_s"] / x["sim_cpu"])(vp_run(vp, elf["idle"], "--max-time",
                                                                               "20001ms"))), "higher"))
    rows.append(("mapped injection, host us per round trip",
                 *ab(lambda vp: vp_run(vp, elf["inject"])["sim_cpu"] / 50000 * 1e6), "lower"))
    for n in (1, 2, 4, 8):
        rows.append((f"compute, MIPS, {n} CPU{'s' if n > 1 else ''}",
                     *ab(lambda vp: (lambda x: x["insns"] / x["sim_cpu"] / 1e6)(vp_run(vp, elf["compute"], "--cpus",
                                                                                       str(n)))), "higher"))
    if not a.no_real:
        uboot, linux = boot_image("u-boot"), boot_image("linux")

        def real(vp, args, stdin_text, expect):
            out, _, cpu = run([vp, *args], expect=None, timeout=600, stdin_text=stdin_text)
            if expect not in out or not SUMMARY.search(out):
                sys.exit(f"vp_ab: {vp} {' '.join(args)} did not reach '{expect}'\n{out[-2000:]}")
            return cpu

        if uboot:
            rows.append(("U-Boot to prompt, version, poweroff: host CPU s",
                         *ab(lambda vp: real(vp, ["--bios", uboot, "--max-time", "20s"], "\rversion\rpoweroff\r",
                                             "poweroff ...")), "lower"))
        if linux:
            rows.append(("Linux boot to the root-mount panic: host CPU s",
                         *ab(lambda vp: real(vp, ["--kernel", linux, "--ram", "512MiB", "--append",
                                                  "console=ttyAMA0 panic=-1", "--max-time", "5s"], "",
                                             "Unable to mount root fs")), "lower"))

    # The best run of each is the one the machine disturbed least (a busy host only ever adds
    # time): its ratio is steadier than the medians' when the load changes during the runs.
    print(f"vp_ab: {a.runs} alternating runs, host CPU time; A = {a.a}, B = {a.b}; "
          f"{os.uname().nodename}, {os.cpu_count()} CPUs")
    print(f"{'what':<44} {'A median':>9} {'B median':>9} {'B/A':>6} {'A best':>9} {'B best':>9} {'B/A':>6}  better")
    for what, va, vb, better in rows:
        best = min if better == "lower" else max
        ma, mb, ba, bb = statistics.median(va), statistics.median(vb), best(va), best(vb)
        print(f"{what:<44} {ma:9.3f} {mb:9.3f} {mb / ma:6.3f} {ba:9.3f} {bb:9.3f} {bb / ba:6.3f}  {better}")


if __name__ == "__main__":
    main()
