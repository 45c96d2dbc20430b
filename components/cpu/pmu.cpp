// The PMU's counters and registers (cpu/pmu.h): DDI 0487 D7 "The
// Performance Monitors Extension", D13.4 (the PMU registers) and D13.2
// (MDCR_EL2). No EL3: the NSK, NSU and M filter bits are RES0.
#include "cpu/pmu.h"

#include "cpu/core.h"
#include "cpu/sysregs.h"

namespace vp::cpu {

using sysregs::special;

// The filter bits of PMEVTYPER<n>_EL0 / PMCCFILTR_EL0: P leaves EL1 out, U
// EL0; EL2 counts only with NSH = 1.
bool core::pmu_filtered(uint64_t filter, unsigned el) {
    switch (el) {
    case 0: return filter & (1ull << 30);
    case 1: return filter & (1ull << 31);
    default: return !(filter & (1ull << 27));
    }
}

// The event counters below MDCR_EL2.HPMN are enabled by PMCR_EL0.E, those
// from HPMN up (reserved for EL2) by MDCR_EL2.HPME (D7.1 "The PMU and
// virtualization").
bool core::pmu_counter_enabled(unsigned n) const {
    const auto& s = st_.sys;
    if (!(s.pmcntenset & (1ull << n))) return false;
    return n < (s.mdcr_el2 & pmu::mdcr_hpmn) ? (s.pmcr_el0 & pmu::pmcr_e) : (s.mdcr_el2 & pmu::mdcr_hpme);
}

// What EL0 and EL1 see as PMCR_EL0.N: MDCR_EL2.HPMN (EL2 is always there).
unsigned core::pmu_accessible_counters() const {
    return st_.el == 2 ? pmu::counters : unsigned(st_.sys.mdcr_el2 & pmu::mdcr_hpmn);
}

void core::pmu_control_changed() {
    const auto& s = st_.sys;
    pmu_cycle_on_ = (s.pmcr_el0 & pmu::pmcr_e) && (s.pmcntenset & pmu::cycle_bit);
    pmu_insn_counters_ = 0;
    uint32_t access_counters = 0;
    for (unsigned n = 0; n < pmu::counters; ++n) {
        const unsigned event = unsigned(s.pmevtyper[n] & pmu::evtcount_bits);
        if (!pmu_counter_enabled(n)) continue;
        if (event == pmu::inst_retired || event == pmu::cpu_cycles) pmu_insn_counters_ |= 1u << n;
        if (event == pmu::mem_access) access_counters |= 1u << n;
    }
    pmu_access_counters_changed(access_counters);
    pmu_counting_ = pmu_cycle_on_ || pmu_insn_counters_;
    // Armed: a counter that counts instructions may overflow with its
    // interrupt enabled (itself, or the CHAIN counter above an even one).
    uint64_t may_interrupt = s.pmintenset;
    for (unsigned n = 0; n + 1 < pmu::counters; n += 2)
        if ((s.pmevtyper[n + 1] & pmu::evtcount_bits) == pmu::chain && (s.pmintenset & (2ull << n)))
            may_interrupt |= 1ull << n;
    pmu_interrupt_armed_ = (pmu_cycle_on_ && (may_interrupt & pmu::cycle_bit)) || (pmu_insn_counters_ & may_interrupt);
    pmu_update_interrupt();
}

// The overflow interrupt request (D7.5 "Interrupts"): an overflow flag set
// with its interrupt enabled, on a counter that is enabled (PMCR_EL0.E, or
// MDCR_EL2.HPME from HPMN up); PMCNTENSET_EL0 does not matter.
void core::pmu_update_interrupt() {
    const auto& s = st_.sys;
    const uint64_t pending = s.pmovsset & s.pmintenset;
    bool level = (s.pmcr_el0 & pmu::pmcr_e) && (pending & pmu::cycle_bit);
    const unsigned hpmn = unsigned(s.mdcr_el2 & pmu::mdcr_hpmn);
    for (unsigned n = 0; n < pmu::counters && !level; ++n)
        level = (pending & (1ull << n)) && (n < hpmn ? (s.pmcr_el0 & pmu::pmcr_e) : (s.mdcr_el2 & pmu::mdcr_hpme));
    if (level == pmu_interrupt_level_) return;
    pmu_interrupt_level_ = level;
    pmu_interrupt_changed_ = true;
    raise_attention();
}

uint64_t core::pmu_instructions_to_overflow() {
    if (!pmu_interrupt_armed_) return ~uint64_t(0);
    pmu_sync();
    const auto& s = st_.sys;
    uint64_t least = ~uint64_t(0);
    if (pmu_cycle_on_ && !pmu_filtered(s.pmccfiltr, st_.el)) {
        uint64_t left = (s.pmcr_el0 & pmu::pmcr_lc) ? 0 - s.pmccntr : (1ull << 32) - (s.pmccntr & 0xffffffffull);
        if (left == 0 || left > (1ull << 57)) left = 1ull << 57; // far enough, and no overflow below
        if (s.pmcr_el0 & pmu::pmcr_d) left = left * 64 - pmu_frac_;
        least = left;
    }
    for (uint32_t m = pmu_insn_counters_; m; m &= m - 1) {
        const unsigned n = unsigned(__builtin_ctz(m));
        if (!pmu_filtered(s.pmevtyper[n], st_.el) && (1ull << 32) - s.pmevcntr[n] < least)
            least = (1ull << 32) - s.pmevcntr[n];
    }
    return least;
}

// Adds `count` events to the 32-bit event counter n. Its overflow sets
// PMOVSSET_EL0.P<n>; with n even, the next counter counts that overflow when
// it counts CHAIN (D7.7 "Chaining").
void core::pmu_add(unsigned n, uint64_t count) {
    auto& s = st_.sys;
    const uint64_t sum = s.pmevcntr[n] + count;
    s.pmevcntr[n] = sum & 0xffffffffull;
    const uint64_t overflows = sum >> 32;
    if (!overflows) return;
    s.pmovsset |= 1ull << n;
    const unsigned odd = n + 1;
    if ((n & 1) == 0 && odd < pmu::counters && (s.pmevtyper[odd] & pmu::evtcount_bits) == pmu::chain &&
        pmu_counter_enabled(odd) && !pmu_filtered(s.pmevtyper[odd], st_.el))
        pmu_add(odd, overflows);
}

void core::pmu_sync() {
    sync_icount();
    const uint64_t cycles = icount_ - pmu_base_;
    pmu_base_ = icount_;
    if (!pmu_counting_ || !cycles) return;
    auto& s = st_.sys;
    for (uint32_t m = pmu_insn_counters_; m; m &= m - 1) {
        const unsigned n = unsigned(__builtin_ctz(m));
        if (!pmu_filtered(s.pmevtyper[n], st_.el)) pmu_add(n, cycles);
    }
    if (!pmu_cycle_on_ || pmu_filtered(s.pmccfiltr, st_.el)) {
        if (pmu_interrupt_armed_) pmu_update_interrupt();
        return;
    }
    uint64_t inc = cycles;
    if (s.pmcr_el0 & pmu::pmcr_d) { // one count every 64 cycles (the cycle counter only)
        pmu_frac_ += cycles;
        inc = pmu_frac_ / 64;
        pmu_frac_ %= 64;
    }
    const uint64_t old = s.pmccntr, now = old + inc;
    // Overflow (PMOVSSET_EL0.C): a carry out of bit 31, or of bit 63 with
    // PMCR_EL0.LC.
    const bool overflow = (s.pmcr_el0 & pmu::pmcr_lc) ? now < old : ((old & 0xffffffffull) + inc) >> 32 != 0;
    if (overflow) s.pmovsset |= pmu::cycle_bit;
    s.pmccntr = now;
    if (pmu_interrupt_armed_) pmu_update_interrupt();
}

// A write to PMSWINC_EL0 counts one SW_INCR event on each enabled counter
// that counts it, filtered like any event (D13.4 PMSWINC_EL0).
void core::pmu_software_increment(uint64_t mask) {
    const auto& s = st_.sys;
    for (unsigned n = 0; n < pmu_accessible_counters(); ++n)
        if ((mask & (1ull << n)) && (s.pmevtyper[n] & pmu::evtcount_bits) == pmu::sw_incr &&
            pmu_counter_enabled(n) && !pmu_filtered(s.pmevtyper[n], st_.el))
            pmu_add(n, 1);
}

namespace {
// PMEVCNTR<n>_EL0 / PMEVTYPER<n>_EL0: n = CRm[1:0]:op2.
unsigned counter_of(uint32_t key) { return ((key >> 3) & 3) << 3 | (key & 7); }
constexpr uint32_t sub(unsigned crm, unsigned op2) { return (crm << 3) | op2; }
} // namespace

// An event counter an MRS/MSR names directly (PMEVCNTR<n>_EL0,
// PMEVTYPER<n>_EL0) or through PMSELR_EL0.SEL (PMXEVCNTR_EL0, and
// PMXEVTYPER_EL0 unless SEL = 31, the cycle counter's filter) must be one the
// current EL may use: n < PMCR_EL0.N as it reads there. Else UNDEFINED (the
// Arm ARM's GetNumEventCountersAccessible() check; for PMSELR_EL0.SEL out of
// range it is CONSTRAINED UNPREDICTABLE, and UNDEFINED is one of the choices).
bool core::pmu_access_undefined(const void* d) const {
    const auto& desc = *static_cast<const sysregs::descriptor*>(d);
    const unsigned limit = pmu_accessible_counters();
    if (desc.kind == special::pmevcntr || desc.kind == special::pmevtyper) return counter_of(desc.key) >= limit;
    if (desc.kind != special::pmu_el0) return false;
    const unsigned sel = unsigned(st_.sys.pmselr & 0x1f);
    const uint32_t k = desc.key & 0x7f;
    if (k == sub(13, 1)) return sel != 31 && sel >= limit; // PMXEVTYPER_EL0
    if (k == sub(13, 2)) return sel >= limit;              // PMXEVCNTR_EL0
    return false;
}

// PMUSERENR_EL0 (D13.4): EN opens every PMU register to EL0; without it SW
// still allows writes of PMSWINC_EL0, CR reads of PMCCNTR_EL0, and ER reads of
// the event counters and PMSELR_EL0 (which it may also write).
bool core::pmu_el0_allowed(const void* d, bool read) const {
    const auto& desc = *static_cast<const sysregs::descriptor*>(d);
    const uint64_t u = st_.sys.pmuserenr;
    if (u & pmu::userenr_en) return true;
    const uint32_t k = desc.key & 0x7f;
    switch (desc.kind) {
    case special::pmswinc: return u & pmu::userenr_sw;
    case special::pmevcntr: return read && (u & pmu::userenr_er);
    case special::pmu_el0:
        if (k == sub(13, 0)) return read && (u & pmu::userenr_cr); // PMCCNTR_EL0
        if (k == sub(13, 2)) return read && (u & pmu::userenr_er); // PMXEVCNTR_EL0
        if (k == sub(12, 5)) return u & pmu::userenr_er;           // PMSELR_EL0
        return false;
    default: return false;
    }
}

void core::pmu_access(const void* d, bool read, uint64_t& v) {
    const auto& desc = *static_cast<const sysregs::descriptor*>(d);
    auto& s = st_.sys;
    pmu_sync(); // every counter up to date under the old controls
    const uint64_t bits = pmu::all_bits;
    switch (desc.kind) {
    case special::pmcr:
        if (read) {
            v = s.pmcr_el0 | (uint64_t(pmu_accessible_counters()) << pmu::pmcr_n_shift);
            return;
        }
        if (v & pmu::pmcr_c) s.pmccntr = 0;
        if (v & pmu::pmcr_p) // the counters this EL may use: EL1/EL0 not those from HPMN up
            for (unsigned n = 0; n < pmu_accessible_counters(); ++n) s.pmevcntr[n] = 0;
        s.pmcr_el0 = v & pmu::pmcr_stored;
        break;
    case special::pmcntenset: if (read) v = s.pmcntenset; else s.pmcntenset |= v & bits; break;
    case special::pmcntenclr: if (read) v = s.pmcntenset; else s.pmcntenset &= ~(v & bits); break;
    case special::pmintenset: if (read) v = s.pmintenset; else s.pmintenset |= v & bits; break;
    case special::pmintenclr: if (read) v = s.pmintenset; else s.pmintenset &= ~(v & bits); break;
    case special::pmovsset: if (read) v = s.pmovsset; else s.pmovsset |= v & bits; break;
    case special::pmovsclr: if (read) v = s.pmovsset; else s.pmovsset &= ~(v & bits); break;
    case special::pmswinc: pmu_software_increment(v); break;
    case special::pmevcntr: {
        uint64_t& c = s.pmevcntr[counter_of(desc.key)];
        if (read) v = c; else c = v & 0xffffffffull;
        break;
    }
    case special::pmevtyper: {
        uint64_t& t = s.pmevtyper[counter_of(desc.key)];
        if (read) v = t; else t = v & (pmu::filter_bits | pmu::evtcount_bits);
        break;
    }
    case special::mdcr_el2:
        if (read) { v = s.mdcr_el2; return; }
        {
            // HPMN above N is CONSTRAINED UNPREDICTABLE: we keep N.
            uint64_t hpmn = v & pmu::mdcr_hpmn;
            if (hpmn > pmu::counters) hpmn = pmu::counters;
            s.mdcr_el2 = (v & 0x0fe0) | hpmn; // HPMN, TPMCR, TPM, HPME, TDE, TDA, TDOSA, TDRA
        }
        break;
    case special::pmu_el0: {
        const uint32_t k = desc.key & 0x7f;
        const unsigned sel = unsigned(s.pmselr & 0x1f);
        if (k == sub(12, 5)) { if (read) v = s.pmselr; else s.pmselr = v & 0x1f; return; } // PMSELR_EL0
        if (k == sub(12, 6)) { v = pmu::pmceid0; return; }                           // PMCEID0_EL0
        if (k == sub(12, 7)) { v = 0; return; }                                      // PMCEID1_EL0
        if (k == sub(13, 0)) { if (read) v = s.pmccntr; else s.pmccntr = v; break; } // PMCCNTR_EL0
        if (k == sub(13, 2)) { // PMXEVCNTR_EL0; SEL out of range (debugger access only): RAZ/WI
            if (sel >= pmu::counters) { if (read) v = 0; return; }
            if (read) v = s.pmevcntr[sel]; else s.pmevcntr[sel] = v & 0xffffffffull;
            break;
        }
        if (k == sub(13, 1) && sel != 31 && sel >= pmu::counters) { if (read) v = 0; return; }
        // PMXEVTYPER_EL0 (SEL = 31: PMCCFILTR_EL0, D13.4) and PMCCFILTR_EL0.
        uint64_t& f = (k == sub(15, 7) || sel == 31) ? s.pmccfiltr : s.pmevtyper[sel];
        const uint64_t writable = &f == &s.pmccfiltr ? pmu::filter_bits : pmu::filter_bits | pmu::evtcount_bits;
        if (read) v = f; else f = v & writable;
        break;
    }
    default: return;
    }
    if (read) return;
    pmu_control_changed(); // and the interrupt request
    // A write may bring an overflow nearer than where the environment
    // planned to stop: let it plan again.
    if (pmu_interrupt_armed_) request_stop();
}

} // namespace vp::cpu
