// The PMU event MEM_ACCESS (0x13, "Data memory access"; DDI 0487 D7.10
// "Common event numbers", D14.3 in later issues): the counter counts each
// Memory-read operation or Memory-write operation the PE makes, translation
// table walks excluded. It is a microarchitectural event: the architecture
// says which instructions access memory, not into how many operations an
// implementation splits an instruction's accesses. Ours, documented in
// README.md ("Where we differ"):
//
//  * An instruction that reads memory makes one Memory-read operation, one
//    that writes memory one Memory-write operation, whatever the number of
//    bytes, registers or elements: LDR/STR of any size (SIMD&FP up to Q, LDTR/
//    STTR, LDAR/STLR), LDP/STP/LDNP/STNP/LDPSW, LD1-LD4/ST1-ST4 (multiple or
//    single structures, LD1R-LD4R), LDXR/LDAXR/LDXP, and STXR/STXP only when
//    they store (a failed store-exclusive writes nothing). DC ZVA writes its
//    block: one Memory-write operation. (LSE atomics, one of each, are not
//    implemented.)
//  * An operation counts once made: an access that faults (translation,
//    alignment, permission, external abort) or stops at a watchpoint makes
//    none; a pair whose second element faults has made its first.
//  * Not counted: instruction fetches, translation table walks (AT's too),
//    cache and TLB maintenance other than DC ZVA, PRFM (a hint), the
//    accesses of semihosting calls (the host's, not the PE's). A64 exception
//    entry and return access no memory.
//
// The event is filtered by the EL that executes the instruction (PMEVTYPER
// P/U/NSH; LDTR/STTR at EL1 count as EL1), like any event.
//
// Cost: every access is counted in load_slow/store_slow, which all data
// accesses take while an enabled counter counts MEM_ACCESS (core::
// data_slow_path(), as for watchpoints); otherwise the fast paths are as
// before and test nothing. The slow paths call sync_icount() first, so
// icount_ names the instruction exactly, also inside a block: its first access
// in each direction is its operation, the others (the second element of a
// pair, the 8-byte pieces of a structure or of DC ZVA) find it counted.
#include "cpu/core.h"
#include "cpu/pmu.h"

namespace vp::cpu {

// The enabled counters programmed with MEM_ACCESS (pmu_control_changed()).
// Data accesses leave the fast paths while there is one.
void core::pmu_access_counters_changed(uint32_t counters) {
    const bool was = pmu_access_counters_ != 0;
    pmu_access_counters_ = counters;
    if (was == (counters != 0)) return;
    data_ram_size_ = data_slow_path() ? 0 : ram_size_;
    flush_tlb(); // the fast-path TLB tags follow data_slow_path()
}

// A data access of the instruction at icount_ completed in `write`'s direction.
void core::pmu_count_access(bool write) {
    uint64_t& counted = write ? pmu_write_counted_ : pmu_read_counted_;
    if (counted == icount_) return; // the instruction's operation in this direction is counted
    counted = icount_;
    auto& s = st_.sys;
    const uint64_t overflows = s.pmovsset;
    for (uint32_t m = pmu_access_counters_; m; m &= m - 1) {
        const unsigned n = unsigned(__builtin_ctz(m));
        if (!pmu_filtered(s.pmevtyper[n], st_.el)) pmu_add(n, 1); // and CHAIN above an even n
    }
    // An overflow changes the request now: pmu_update_interrupt() raises
    // attention, so the running block ends after this instruction and the
    // request reaches the environment before the next one, as an instruction
    // counter's overflow does where the environment stopped run().
    if (s.pmovsset != overflows) pmu_update_interrupt();
}

} // namespace vp::cpu
