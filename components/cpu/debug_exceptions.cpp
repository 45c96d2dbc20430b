// Self-hosted debug exceptions (DDI 0487 D2): the matching rules
// (debug_exceptions.h) and where the core takes the exceptions. Nothing here
// runs while no debug feature is enabled: the core asks only while
// debug_configured_ is set (docs/debug-exceptions.md).
#include "cpu/debug_exceptions.h"

#include <cstring>

#include "cpu/core.h"
#include "cpu/exceptions.h"
#include "cpu/execute/common.h"

namespace vp::cpu {

namespace debug {
namespace {

constexpr unsigned first_context = breakpoints - context_breakpoints;
// ESR_ELx.EC of the debug exceptions (D13.2.37): the lower-EL class, + 1
// when taken to the current EL.
constexpr unsigned ec_breakpoint = 0x30, ec_step = 0x32, ec_watchpoint = 0x34;

// DBGBVR/DBGWVR bits 63:49 are RESS: the sign extension of bit 48.
uint64_t sign_extend48(uint64_t v) { return uint64_t(int64_t(v << 15) >> 15); }

// AddrTop() of a data address: bit 55 with top-byte-ignore, else 63.
unsigned addr_top(const arch_state& s, uint64_t va) {
    const bool tbi = s.el == 2 ? (s.sys.tcr_el2 >> 20) & 1 : (s.sys.tcr_el1 >> ((va >> 55) & 1 ? 38 : 37)) & 1;
    return tbi ? 55 : 63;
}

// Bits top:low set.
uint64_t bit_range(unsigned top, unsigned low) {
    const uint64_t upto = top == 63 ? ~0ull : (1ull << (top + 1)) - 1;
    return upto & (~0ull << low);
}

bool value_match(const arch_state& s, unsigned n, uint64_t pc, bool linked_to);

// AArch64.StateMatch (D2.8.x / D2.9.x), Non-secure state without EL3: SSC
// 0b10 and 0b11 with HMC = 0 select Secure state only and never match.
// Reserved SSC/HMC/PxC combinations are taken as they read (CONSTRAINED
// UNPREDICTABLE: any defined behaviour is allowed).
bool state_match(const arch_state& s, unsigned ssc, bool hmc, unsigned pxc, bool linked, unsigned lbn, bool breakpoint,
                 bool privileged) {
    const bool security = ssc == 0 || ssc == 1 || (ssc == 3 && hmc);
    const bool pl2 = (hmc && ((ssc << 2) | pxc) != 0b1000) || ssc == 3;
    const bool pl1 = pxc & 1, pl0 = pxc & 2;
    bool priv;
    if (!privileged && !breakpoint) priv = pl0;
    else priv = s.el == 2 ? pl2 : s.el == 1 ? pl1 : pl0;
    if (!priv || !security) return false;
    if (!linked) return true;
    // LBN must name a context-aware breakpoint; another one is CONSTRAINED
    // UNPREDICTABLE: chosen, no match.
    if (lbn < first_context || lbn >= breakpoints) return false;
    return value_match(s, lbn, 0, true);
}

// AArch64.BreakpointValueMatch. Types (DBGBCR.BT): 0b0000/0b0001 (unlinked/
// linked) address match, 0b0010/0b0011 CONTEXTIDR_EL1 match, 0b1000/0b1001
// VMID match, 0b1010/0b1011 VMID and CONTEXTIDR_EL1 match; the context types
// only on the context-aware breakpoints. Reserved types (address mismatch,
// the VHE CONTEXTIDR_EL2 types, a context type elsewhere) behave as disabled,
// one of the two behaviours the architecture allows.
bool value_match(const arch_state& s, unsigned n, uint64_t pc, bool linked_to) {
    const uint64_t bcr = s.sys.dbgbcr[n], bvr = s.sys.dbgbvr[n];
    if (!(bcr & 1)) return false;
    const unsigned type = (bcr >> 20) & 15;
    const bool match_addr = (type & 0b1010) == 0;
    const bool context_aware = n >= first_context;
    if ((type & 0b0100) || (!match_addr && !context_aware)) return false;
    const bool match_vmid = (type & 0b1000) != 0;
    const bool match_cid = (type & 0b0010) != 0;
    const bool linked = type & 1;
    if (linked_to && (!linked || match_addr)) return false; // only a linked context type can be linked to
    if (!linked_to && linked && !match_addr) return false;  // and it never matches on its own
    if (match_addr) return (pc & ~3ull) == (sign_extend48(bvr) & ~3ull); // BAS is RES1 (no AArch32)
    if (match_cid && !(s.el < 2 && uint32_t(s.sys.contextidr_el1) == uint32_t(bvr))) return false;
    // 8-bit VMIDs (ID_AA64MMFR1_EL1.VMIDBits = 0): VTTBR_EL2.VMID[7:0], DBGBVR[39:32].
    if (match_vmid && !(s.el < 2 && ((s.sys.vttbr_el2 >> 48) & 0xff) == ((bvr >> 32) & 0xff))) return false;
    return true;
}

// AArch64.WatchpointByteMatch for one byte address.
bool byte_match(const arch_state& s, unsigned n, uint64_t va) {
    const uint64_t wcr = s.sys.dbgwcr[n], wvr = s.sys.dbgwvr[n];
    const unsigned bottom = (wvr & 4) ? 2 : 3; // word or doubleword
    const unsigned bas = (wcr >> 5) & 0xff;
    const unsigned mask = (wcr >> 24) & 31;
    if (mask == 1 || mask == 2) return false; // reserved MASK: CONSTRAINED UNPREDICTABLE, chosen disabled
    // With MASK set BAS must be all ones (otherwise CONSTRAINED UNPREDICTABLE:
    // chosen, every byte selected).
    const bool byte_select = mask != 0 ? true : ((bas >> (va & ((1u << bottom) - 1))) & 1) != 0;
    const unsigned low = mask > bottom ? mask : bottom;
    // Masked-out bits of DBGWVR that are not zero: CONSTRAINED UNPREDICTABLE,
    // chosen, ignored with the address bits.
    return byte_select && ((va ^ sign_extend48(wvr)) & bit_range(addr_top(s, va), low)) == 0;
}

} // namespace

unsigned target_el(const arch_state& s) {
    return (s.sys.hcr_el2 & exceptions::hcr::tge) || (s.sys.mdcr_el2 & mdcr_tde) ? 2 : 1;
}

bool exceptions_enabled(const arch_state& s, unsigned from_el, bool masked) {
    const bool os_lock = (s.sys.oslsr_el1 >> 1) & 1;
    // DoubleLockStatus(): OSDLR_EL1.DLK = 1 and DBGPRCR_EL1.CORENPDRQ = 0.
    const bool double_lock = (s.sys.osdlr_el1 & 1) && !(s.sys.dbgprcr_el1 & 1);
    if (os_lock || double_lock) return false;
    const unsigned target = target_el(s);
    if (from_el == target) return (s.sys.mdscr_el1 & mdscr_kde) && !masked;
    return target > from_el;
}

bool breakpoint_match(const arch_state& s, uint64_t pc) {
    for (unsigned n = 0; n < breakpoints; ++n) {
        const uint64_t bcr = s.sys.dbgbcr[n];
        if (!(bcr & 1)) continue;
        const bool linked = ((bcr >> 20) & 15) == 0b0001; // linked address match
        if (!value_match(s, n, pc, false)) continue;
        if (state_match(s, (bcr >> 14) & 3, (bcr >> 13) & 1, (bcr >> 1) & 3, linked, (bcr >> 16) & 15, true, true))
            return true;
    }
    return false;
}

bool watchpoint_match(const arch_state& s, uint64_t va, unsigned size, bool write, bool privileged) {
    for (unsigned n = 0; n < watchpoints; ++n) {
        const uint64_t wcr = s.sys.dbgwcr[n];
        if (!(wcr & 1) || !((wcr >> 3) & (write ? 2 : 1))) continue; // E, LSC
        bool hit = false;
        for (unsigned b = 0; b < size && !hit; ++b) hit = byte_match(s, n, va + b);
        if (hit && state_match(s, (wcr >> 14) & 3, (wcr >> 13) & 1, (wcr >> 1) & 3, (wcr >> 20) & 1, (wcr >> 16) & 15,
                               false, privileged))
            return true;
    }
    return false;
}

} // namespace debug

// ---- the core's side ----

void core::debug_config_changed() {
    const auto& s = st_.sys;
    const bool mde = s.mdscr_el1 & debug::mdscr_mde;
    bool bp = false, wp = false;
    for (unsigned n = 0; n < debug::breakpoints; ++n) bp |= s.dbgbcr[n] & 1;
    for (unsigned n = 0; n < debug::watchpoints; ++n) wp |= s.dbgwcr[n] & 1;
    debug_breakpoints_ = mde && bp;
    debug_configured_ = (s.mdscr_el1 & debug::mdscr_ss) || debug_breakpoints_ || (mde && wp);
    if (debug_watchpoints_ != (mde && wp)) {
        // Data accesses take the slow path (which checks watchpoints) while a
        // watchpoint is enabled: the TLB entries lose their fast-path tags.
        debug_watchpoints_ = mde && wp;
        data_ram_size_ = data_slow_path() ? 0 : ram_size_;
        flush_tlb();
    }
    raise_attention(); // the boundary checks re-evaluate
}

unsigned core::debug_exception_target() const {
    return st_.el == 2 || debug::target_el(st_) == 2 ? 2 : 1;
}

// D2.12 Software Step, at an instruction boundary. The state machine:
// inactive (MDSCR_EL1.SS = 0, or debug exceptions disabled here),
// active-not-pending (PSTATE.SS = 1: the next instruction is stepped, then
// PSTATE.SS = 0), active-pending (PSTATE.SS = 0: the Software Step exception
// is taken before the next instruction; it comes before every other
// synchronous exception, D1.12 priorities).
void core::debug_step_boundary(bool before_instruction) {
    if (ss_stepping_ && icount_ != ss_icount_) {
        // The stepped instruction completed without an exception (entry
        // clears ss_stepping_): SSAdvance().
        ss_stepping_ = false;
        ss_stepped_ = true;
        if (st_.sys.mdscr_el1 & debug::mdscr_ss) st_.ss = false;
    }
    if (!before_instruction) return;
    const bool active = (st_.sys.mdscr_el1 & debug::mdscr_ss) && debug::exceptions_enabled(st_, st_.el, st_.daif & daif_d);
    if (!active) {
        ss_stepped_ = false; // the next instruction runs unstepped
        return;
    }
    raise_attention(); // every boundary while stepping is active
    if (st_.ss) {      // active-not-pending: this instruction is stepped
        ss_stepping_ = true;
        ss_icount_ = icount_;
        ss_pc_ = st_.pc;
        return;
    }
    // AArch64.SoftwareStepException: ISV = 1 when an instruction was stepped
    // (SoftwareStep_DidNotStep() false), then EX = 1 if it was a
    // Load-Exclusive (LDXR, LDAXR, LDXP, LDAXP). FAR is UNKNOWN (not written).
    uint32_t iss = debug::fsc_debug;
    if (ss_stepped_) {
        iss |= 1u << 24;
        uint32_t raw = 0;
        if (debug_read(ss_pc_, &raw, 4) && (raw & 0x3fc00000u) == 0x08400000u) iss |= 1u << 6;
    }
    ss_stepped_ = false;
    const unsigned target = debug_exception_target();
    take_sync(target > st_.el ? debug::ec_step : debug::ec_step + 1, iss, target);
}

// D2.9 Breakpoint exceptions, checked before the instruction at the PC
// executes. Lower priority than a PC alignment fault and an Instruction
// Abort on its fetch (D1.12): no breakpoint where the fetch will fault.
void core::debug_breakpoint_boundary(bool before_instruction) {
    if (!before_instruction || !debug_breakpoints_) return;
    if (!debug::exceptions_enabled(st_, st_.el, st_.daif & daif_d)) return;
    raise_attention(); // every boundary while breakpoints can fire here
    const uint64_t pc = st_.pc;
    if (pc & 3) return;
    if (!debug::breakpoint_match(st_, pc)) return;
    if (translating_ && (pc & ~uint64_t(0xfff)) != cur_page_base_) {
        const tlb_entry& e = tlb_cur_[(pc >> 12) & (tlb_entries - 1)];
        mmu::result r;
        mmu::fault f;
        if (!(e.va == (pc & ~uint64_t(0xfff)) && e.x) &&
            !address_translate(pc, st_.el, false, mmu::access::fetch, st_.el == 0, r, f))
            return;
    }
    // AArch64.BreakpointException: ELR = the instruction, FAR UNKNOWN (not written).
    const unsigned target = debug_exception_target();
    take_sync(target > st_.el ? debug::ec_breakpoint : debug::ec_breakpoint + 1, debug::fsc_debug, target);
}

// D2.10 Watchpoint exceptions (AArch64.CheckWatchpoint): checked after the
// access's alignment and translation faults, before it is made. FAR = the
// address of the access (an address both accessed and watched, or lower).
bool core::debug_watchpoint(uint64_t va, unsigned size, bool write) {
    if (!debug::exceptions_enabled(st_, st_.el, st_.daif & daif_d)) return false;
    if (!debug::watchpoint_match(st_, va, size, write, access_el_ != 0)) return false;
    const unsigned target = debug_exception_target();
    // ISS: WnR, DFSC = debug exception; CM = 0 (cache maintenance does not
    // watch, IMPLEMENTATION DEFINED for DC IVAC), ISV = 0.
    take_sync(target > st_.el ? debug::ec_watchpoint : debug::ec_watchpoint + 1,
              debug::fsc_debug | (write ? exceptions::iss_wnr : 0), target, va, true);
    return true;
}

// DebugExceptionReturnSS(): an exception return sets PSTATE.SS from SPSR.SS
// only when debug exceptions are disabled where it executes and enabled
// where it returns to (the debugger's ERET to the stepped code).
bool core::debug_return_ss(uint64_t spsr, unsigned dest_el) const {
    return !debug::exceptions_enabled(st_, st_.el, st_.daif & daif_d) &&
           debug::exceptions_enabled(st_, dest_el, (spsr >> 9) & 1);
}

} // namespace vp::cpu
