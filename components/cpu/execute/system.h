// Execute handlers: exception generation, hints, barriers, PSTATE access,
// MRS/MSR/SYS (DDI 0487 C4.1.3 "System", C5).
#pragma once

#include "cpu/exceptions.h"
#include "cpu/execute/common.h"
#include "cpu/sysregs.h"

namespace vp::cpu::exec {

inline void nop(core& c, const insn&) { next(c); }
inline void undefined(core& c, const insn&) { c.undefined(); }

// SVC: EC 0x15 to EL1 (EL2 when at EL2, or from EL0 with HCR_EL2.TGE).
// The preferred return address is the next instruction.
inline void svc(core& c, const insn& i) {
    const unsigned target = c.sync_target_el();
    next(c);
    c.take_sync(exceptions::ec_svc64, uint32_t(i.imm), target);
}

// HVC: UNDEFINED at EL0 and when HCR_EL2.HCD = 1 (no EL3, so SCR_EL3.HCE
// is treated as 1); otherwise EC 0x16 to EL2.
// The platform's firmware (PSCI over the HVC conduit) answers first.
inline void hvc(core& c, const insn& i) {
    if (c.st_.el == 0 || (c.st_.sys.hcr_el2 & exceptions::hcr::hcd)) return c.undefined();
    next(c);
    if (c.env() && c.env()->firmware_call(core_env::conduit::hvc)) return;
    c.take_sync(exceptions::ec_hvc64, uint32_t(i.imm), 2);
}

// SMC: UNDEFINED at EL0. At EL1, HCR_EL2.TSC traps it to EL2 (EC 0x17, the
// preferred return address is the SMC itself; QEMU applies this trap without
// EL3 too, so a hypervisor keeps its guests away from the platform firmware).
// Then the platform's firmware (PSCI over the SMC conduit) may answer; with
// no EL3 and no such firmware, SMC is UNDEFINED (C6.2 SMC).
inline void smc(core& c, const insn& i) {
    if (c.st_.el == 0) return c.undefined();
    if (c.st_.el == 1 && (c.st_.sys.hcr_el2 & exceptions::hcr::tsc))
        return c.take_sync(exceptions::ec_smc64, uint32_t(i.imm), 2);
    const uint64_t pc = c.st_.pc;
    next(c);
    if (c.env() && c.env()->firmware_call(core_env::conduit::smc)) return;
    c.st_.pc = pc;
    c.undefined();
}

// BRK: EC 0x3C, preferred return address = this instruction.
inline void brk(core& c, const insn& i) {
    const unsigned target = (c.st_.sys.mdcr_el2 & (1u << 8) /*TDE*/) && c.st_.el < 2 ? 2 : c.sync_target_el();
    c.take_sync(exceptions::ec_brk64, uint32_t(i.imm), target);
}

// HLT: #0xF000 is the semihosting call; otherwise halting debug is not
// enabled and HLT is UNDEFINED (C6.2 HLT).
inline void hlt(core& c, const insn& i) {
    if (i.imm == 0xf000) return c.semihosting_call();
    c.undefined();
}

// WFI: traps first (SCTLR_EL1.nTWI at EL0, then HCR_EL2.TWI at EL0/EL1,
// D1.16.2), then completes at once if a wake-up event is pending, else the
// core stops and the environment waits for an interrupt line change.
inline void wfi(core& c, const insn&) {
    if (c.st_.el == 0 && !(c.st_.sys.sctlr_el1 & (1u << 16)) && !(c.st_.sys.hcr_el2 & exceptions::hcr::tge))
        return c.take_sync(exceptions::ec_wfx, exceptions::iss_wfi, 1);
    if (c.st_.el < 2 && (c.st_.sys.hcr_el2 & exceptions::hcr::twi))
        return c.take_sync(exceptions::ec_wfx, exceptions::iss_wfi, 2);
    next(c);
    if (!c.wakeup_pending()) c.stop_for_wfi();
}

// WFE: traps as WFI does (SCTLR_EL1.nTWE, HCR_EL2.TWE; ISS.TI = 1). No event
// register is modelled: WFE then completes at once (WFE may be a NOP, D1.16.1).
inline void wfe(core& c, const insn&) {
    if (c.st_.el == 0 && !(c.st_.sys.sctlr_el1 & (1u << 18)) && !(c.st_.sys.hcr_el2 & exceptions::hcr::tge))
        return c.take_sync(exceptions::ec_wfx, exceptions::iss_wfi | 1, 1);
    if (c.st_.el < 2 && (c.st_.sys.hcr_el2 & exceptions::hcr::twe))
        return c.take_sync(exceptions::ec_wfx, exceptions::iss_wfi | 1, 2);
    next(c);
}

inline void clrex(core& c, const insn&) { c.clear_exclusive(); next(c); }

// MSR DAIFSet/DAIFClr: imm = CRm. At EL0 only with SCTLR_EL1.UMA.
template <bool SET> void msr_daif(core& c, const insn& i) {
    if (c.st_.el == 0 && !(c.st_.sys.sctlr_el1 & (1u << 9))) {
        return c.take_sync(exceptions::ec_sysreg, exceptions::iss_sysreg(0, 3, 4, unsigned(i.imm), SET ? 6 : 7, 31, false),
                           c.sync_target_el());
    }
    const uint32_t bits = uint32_t(i.imm & 0xf) << 6;
    c.st_.daif = SET ? (c.st_.daif | bits) : (c.st_.daif & ~bits);
    c.pstate_changed();
    next(c);
}

// MSR SPSel, #imm: UNDEFINED at EL0.
inline void msr_spsel(core& c, const insn& i) {
    if (c.st_.el == 0) return c.undefined();
    c.set_el(c.st_.el, i.imm & 1);
    next(c);
}

// MRS/MSR resolved at decode time (sysregs::fast_form, docs/iss-dispatch.md
// "System registers"). Each does what core::sysreg_access() would do once all
// its checks passed; when one of the run-time conditions fails
// (core::sysreg_fast_allowed) the full path runs instead.
inline uint64_t& state_word(core& c, const insn& i) {
    return *reinterpret_cast<uint64_t*>(reinterpret_cast<char*>(&c.st_) + 8 * unsigned(i.a));
}
template <bool TRAP> void mrs_stored(core& c, const insn& i) {
    if (VP_CPU_UNLIKELY(!c.sysreg_fast_allowed<TRAP>(i))) return c.sysreg_full(i, true);
    c.st_.r[i.rd] = state_word(c, i);
    next(c);
}
template <bool TRAP, bool MERGE> void msr_stored(core& c, const insn& i) {
    if (VP_CPU_UNLIKELY(!c.sysreg_fast_allowed<TRAP>(i))) return c.sysreg_full(i, false);
    uint64_t& w = state_word(c, i);
    const uint64_t v = c.st_.r[i.rd];
    w = MERGE ? (w & ~i.imm) | (v & i.imm) : v & i.imm;
    next(c);
}
// SP_EL0 while PSTATE.SPSel = 0 is the current SP: UNDEFINED (full path).
inline void mrs_sp_el0(core& c, const insn& i) {
    if (VP_CPU_UNLIKELY(!c.sysreg_fast_allowed<false>(i) || !c.st_.spsel)) return c.sysreg_full(i, true);
    c.st_.r[i.rd] = c.st_.sp_el[0];
    next(c);
}
inline void msr_sp_el0(core& c, const insn& i) {
    if (VP_CPU_UNLIKELY(!c.sysreg_fast_allowed<false>(i) || !c.st_.spsel)) return c.sysreg_full(i, false);
    c.st_.sp_el[0] = c.st_.r[i.rd];
    next(c);
}
template <bool TRAP> void mrs_constant(core& c, const insn& i) {
    if (VP_CPU_UNLIKELY(!c.sysreg_fast_allowed<TRAP>(i))) return c.sysreg_full(i, true);
    c.st_.r[i.rd] = i.imm;
    next(c);
}
// At EL1, MIDR_EL1/MPIDR_EL1 read VPIDR_EL2/VMPIDR_EL2 (D17.2.98, D17.2.101).
template <bool MPIDR> void mrs_id(core& c, const insn& i) {
    if (VP_CPU_UNLIKELY(!c.sysreg_fast_allowed<false>(i))) return c.sysreg_full(i, true);
    const auto& s = c.st_.sys;
    if (c.st_.el == 1) c.st_.r[i.rd] = MPIDR ? s.vmpidr_el2 : s.vpidr_el2;
    else c.st_.r[i.rd] = MPIDR ? c.config().mpidr : c.config().midr;
    next(c);
}
inline void mrs_daif(core& c, const insn& i) {
    if (VP_CPU_UNLIKELY(!c.sysreg_fast_allowed<false>(i))) return c.sysreg_full(i, true);
    c.st_.r[i.rd] = c.st_.daif;
    next(c);
}
// A pending interrupt that the new mask lets through is taken before the next
// instruction (the run loop's attention).
inline void msr_daif_register(core& c, const insn& i) {
    if (VP_CPU_UNLIKELY(!c.sysreg_fast_allowed<false>(i))) return c.sysreg_full(i, false);
    c.st_.daif = uint32_t(c.st_.r[i.rd]) & 0x3c0u;
    c.pstate_changed();
    next(c);
}

// Inside a block (core.cpp system_in_block): sysreg_full() brings the count
// up to date for the environment and the PMU first. A register the
// environment owns skips it (below): U-Boot reads CNTPCT_EL0 7.15 M times.
inline void mrs(core& c, const insn& i) {
    if (!c.ext_sysreg_read_direct(i)) c.sysreg_full(i, true);
}
inline void msr(core& c, const insn& i) {
    if (VP_CPU_UNLIKELY(c.observer() != nullptr)) return c.observed_sysreg_access(i, false);
    c.sysreg_access(i, false);
}
inline void sys(core& c, const insn& i) { c.sys_instruction(i); }
// DC ZVA (C5.3.21): runs inside blocks (core.cpp system_in_block).
inline void dc_zva(core& c, const insn& i) {
    if (VP_CPU_UNLIKELY(!c.dc_zva_fast(c.st_.r[i.rd]))) return c.dc_zva_full(i);
    next(c);
}
inline void eret(core& c, const insn&) { c.exception_return(); }

} // namespace vp::cpu::exec

namespace vp::cpu {

// DC ZVA's traps (C5.3.21), in the architecture's order: SCTLR_EL1.DZE = 0
// at EL0 (to EL1, or EL2 with HCR_EL2.TGE), then HCR_EL2.TDZ at EL0/EL1 when
// TGE is 0 (to EL2).
inline unsigned core::dc_zva_trap_el() const {
    constexpr uint64_t sctlr_dze = 1u << 14;
    const unsigned el = st_.el;
    const uint64_t hcr = st_.sys.hcr_el2;
    if (el == 0 && !(st_.sys.sctlr_el1 & sctlr_dze)) return sync_target_el();
    if (el < 2 && (hcr & (exceptions::hcr::tdz | exceptions::hcr::tge)) == exceptions::hcr::tdz) return 2;
    return 0;
}

// DC ZVA that the full path (sys_instruction, dc_zva) would complete with
// nothing but the zeroing: no trap (dc_zva_trap_el), translation on (off, data
// is Device-nGnRnE and DC ZVA takes an Alignment fault, D5.2.9), the block's
// page in the TLB with write permission on Normal RAM that no observer,
// watchpoint or MEM_ACCESS count watches (tag_w, like store_fast: the walk
// the full path would do is not needed), and no decoded code in the block
// (code_lines_: one 64-byte line per DCZID_EL0 block). Reads no count.
inline bool core::dc_zva_fast(uint64_t addr) {
    static_assert(sysregs::id::dc_zva_bytes == 64, "one code_lines_ byte per DC ZVA block");
    if (!translating_ || dc_zva_trap_el() != 0) return false;
    const uint64_t block = addr & ~uint64_t(sysregs::id::dc_zva_bytes - 1);
    const tlb_entry& e = tlb_cur_[(block >> 12) & (tlb_entries - 1)];
    if (VP_CPU_UNLIKELY(e.tag_w != tlb_tag<uint64_t>(block))) return false;
    if (VP_CPU_UNLIKELY(code_lines_[((e.pa - ram_base_) | (block & 0xfff)) >> 6] != 0)) return false;
    std::memset(e.host + (block & 0xfff), 0, sysregs::id::dc_zva_bytes);
    return true;
}

// What sysreg_full() then sysreg_access() do for such a read, without their
// frames: the environment answers the value or the exception (the access
// controls are its own, e.g. CNTKCTL_EL1/CNTHCTL_EL2 for the counters).
inline bool core::ext_sysreg_read_direct(const insn& i) {
    const uint32_t key = (i.raw >> 5) & 0xffff; // op0:op1:CRn:CRm:op2 (sysregs::key)
    if (observer_ != nullptr || ext_owned_[key] != ext_yes) return false;
    sync_icount(); // the environment may read the count
    ext_sysreg_complete(i, key, true);
    return true;
}

inline void core::ext_sysreg_complete(const insn& i, uint32_t key, bool read) {
    const unsigned el = st_.el;
    const bool tge = st_.sys.hcr_el2 & exceptions::hcr::tge;
    uint64_t v = 0;
    const auto res = read ? env_->ext_sysreg_read(key, el, tge, v) : env_->ext_sysreg_write(key, el, tge, st_.r[i.rd]);
    if (VP_CPU_UNLIKELY(res != core_env::sysreg_result::ok)) return ext_sysreg_refused(i, read, res);
    if (read) st_.r[i.rd] = v;
    st_.pc += 4;
}

} // namespace vp::cpu
