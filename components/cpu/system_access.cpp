// MRS/MSR and SYS execution: permission checks, EL2 traps, and the values
// behind the system-register table (sysregs.cpp). Registers owned by another
// block (the generic timer) are forwarded through core_env.
#include <cstdio>

#include "cpu/core.h"
#include "cpu/exceptions.h"
#include "cpu/execute/common.h"
#include "cpu/execute/system.h"
#include "cpu/pmu.h"
#include "cpu/sysregs.h"

namespace vp::cpu {

using namespace exceptions;
using sysregs::special;

namespace {

constexpr uint64_t mdcr_tpm = 1u << 6, mdcr_tde = 1u << 8, mdcr_tda = 1u << 9, mdcr_tdosa = 1u << 10;
constexpr uint64_t hcr_tid1 = 1u << 16, hcr_tid2 = 1u << 17;
constexpr uint64_t sctlr_uma = 1u << 9, sctlr_uct = 1u << 15;
constexpr uint64_t spsr_writable = 0xf03003dfull;
// HCR_EL2 bits that change which interrupt is pending or where it goes.
constexpr uint64_t hcr_interrupt_bits = hcr::fmo | hcr::imo | hcr::amo | hcr::vf | hcr::vi | hcr::tge;
// Writable HCR_EL2 bits (v8.0, no VHE): RW is RAO/WI, E2H RES0.
constexpr uint64_t hcr_writable = 0x00000003ffffffffull & ~hcr::rw;

// Whether the EL2 trap of `group` applies to this access from EL0/EL1.
bool trapped_to_el2(sysregs::trap_group group, bool read, uint64_t hcr_el2, uint64_t mdcr_el2) {
    using sysregs::trap_group;
    switch (group) {
    case trap_group::none: return false;
    case trap_group::tvm: return read ? (hcr_el2 & hcr::trvm) : (hcr_el2 & hcr::tvm);
    case trap_group::tid1: return read && (hcr_el2 & hcr_tid1);
    case trap_group::tid2: return hcr_el2 & hcr_tid2;
    case trap_group::tid3: return read && (hcr_el2 & hcr::tid3);
    case trap_group::tacr: return hcr_el2 & hcr::tacr;
    case trap_group::tpm: return mdcr_el2 & mdcr_tpm;
    case trap_group::tda: return mdcr_el2 & (mdcr_tda | mdcr_tde);
    case trap_group::tdosa: return mdcr_el2 & (mdcr_tdosa | mdcr_tde);
    }
    return false;
}

// The fields of an MRS/MSR encoding (the decoder keeps only raw and Rt).
struct move_fields {
    unsigned op0, op1, crn, crm, op2, rt;
    uint32_t key; // bits 20:5 = op0:op1:CRn:CRm:op2 (sysregs::key)
};
move_fields fields_of(uint32_t raw) {
    return {(raw >> 19) & 3, (raw >> 16) & 7, (raw >> 12) & 15, (raw >> 8) & 15, (raw >> 5) & 7, raw & 31,
            (raw >> 5) & 0xffff};
}

} // namespace

void core::sysreg_value(const void* d, bool read, uint64_t& v) {
    const auto& desc = *static_cast<const sysregs::descriptor*>(d);
    auto& s = st_.sys;
    if (desc.kind == special::none) {
        if (!desc.field) { if (read) v = desc.value; return; }
        if (read) v = s.*desc.field;
        else s.*desc.field = (s.*desc.field & ~desc.value) | (v & desc.value);
        return;
    }
    switch (desc.kind) {
    case special::none: break;
    case special::raz_wi: if (read) v = 0; return;
    case special::current_el: v = uint64_t(st_.el) << 2; return;
    case special::daif:
        if (read) v = st_.daif;
        else { st_.daif = uint32_t(v) & 0x3c0u; raise_attention(); }
        return;
    case special::nzcv:
        if (read) v = st_.nzcv.value();
        else st_.nzcv.set(uint32_t(v));
        return;
    case special::spsel:
        if (read) v = st_.spsel;
        else set_el(st_.el, v & 1);
        return;
    case special::sp_el0:
        if (read) v = st_.sp_el[0];
        else st_.sp_el[0] = v;
        return;
    case special::sp_el1:
        if (read) v = sp_select_bank(1, true);
        else if (st_.el == 1 && st_.spsel) st_.r[reg_sp] = v;
        else st_.sp_el[1] = v;
        return;
    case special::elr_el1: if (read) v = st_.elr[1]; else st_.elr[1] = v; return;
    case special::elr_el2: if (read) v = st_.elr[2]; else st_.elr[2] = v; return;
    // SPSR: NZCV, SS, IL, DAIF, M[4:0] (M[4] kept so that a return to
    // AArch32 is seen as illegal, D1.11.5); other bits are RES0 here.
    case special::spsr_el1: if (read) v = st_.spsr[1]; else st_.spsr[1] = v & spsr_writable; return;
    case special::spsr_el2: if (read) v = st_.spsr[2]; else st_.spsr[2] = v & spsr_writable; return;
    case special::esr_el1: if (read) v = st_.esr[1]; else st_.esr[1] = v & 0xffffffffull; return;
    case special::esr_el2: if (read) v = st_.esr[2]; else st_.esr[2] = v & 0xffffffffull; return;
    case special::far_el1: if (read) v = st_.far[1]; else st_.far[1] = v; return;
    case special::far_el2: if (read) v = st_.far[2]; else st_.far[2] = v; return;
    // At EL1, MIDR/MPIDR read the virtualised values (D17.2.98, D17.2.101).
    case special::midr: v = st_.el == 1 ? s.vpidr_el2 : cfg_.midr; return;
    case special::mpidr: v = st_.el == 1 ? s.vmpidr_el2 : cfg_.mpidr; return;
    case special::hcr_el2:
        if (read) { v = s.hcr_el2; return; }
        {
            const uint64_t next_value = (v & hcr_writable) | hcr::rw;
            const bool interrupt_change = (next_value ^ s.hcr_el2) & hcr_interrupt_bits;
            // docs/architecture.md section 4: a VI/VF (or routing) change happens at
            // its exact time and is taken before the next instruction.
            if (interrupt_change && env_) env_->interaction_begin();
            s.hcr_el2 = next_value;
            raise_attention();
            if (interrupt_change && env_) env_->interaction_end();
        }
        return;
    case special::isr_el1: {
        // D17.2.83: at EL1 with IMO/FMO set, I/F show the virtual interrupts.
        const uint64_t hcr = s.hcr_el2;
        const bool tge = hcr & hcr::tge;
        const bool virt_i = st_.el < 2 && (hcr & hcr::imo) && !tge;
        const bool virt_f = st_.el < 2 && (hcr & hcr::fmo) && !tge;
        const bool i = virt_i ? (lines_.virq || (hcr & hcr::vi)) : lines_.irq;
        const bool f = virt_f ? (lines_.vfiq || (hcr & hcr::vf)) : lines_.fiq;
        v = (uint64_t(i) << 7) | (uint64_t(f) << 6);
        return;
    }
    case special::oslar: s.oslsr_el1 = (s.oslsr_el1 & ~2ull) | ((v & 1) << 1); return;
    case special::oslsr: v = s.oslsr_el1; return;
    case special::pmcr: case special::pmcntenset: case special::pmcntenclr: case special::pmintenset:
    case special::pmintenclr: case special::pmovsset: case special::pmovsclr: case special::pmswinc:
    case special::pmu_el0: case special::pmevcntr: case special::pmevtyper: case special::mdcr_el2:
        return pmu_access(d, read, v);
    case special::ctr_el0: v = sysregs::id::ctr_el0; return;
    case special::dczid_el0:
        // DZP: 1 where DC ZVA traps, by SCTLR_EL1.DZE or HCR_EL2.TDZ (D19.2).
        v = sysregs::id::dczid_el0 | (dc_zva_trap_el() != 0 ? 0x10 : 0);
        return;
    case special::tpidrro_el0: if (read) v = s.tpidrro_el0; else s.tpidrro_el0 = v; return;
    // DBGBVR: all bits (a context ID uses bits 1:0; an address match ignores
    // them). DBGWVR: bits 1:0 RES0. DBGBCR: BT, LBN, SSC, HMC, PMC, E (BAS
    // RES1, state.h). DBGWCR: MASK, WT, LBN, SSC, HMC, BAS, LSC, PAC, E (D13.3).
    case special::dbgbvr: {
        uint64_t& r = s.dbgbvr[(desc.key >> 3) & 15];
        if (read) v = r; else r = v;
        return;
    }
    case special::dbgbcr: {
        uint64_t& r = s.dbgbcr[(desc.key >> 3) & 15];
        if (read) v = r; else r = (r & ~0x00ffe007ull) | (v & 0x00ffe007ull);
        return;
    }
    case special::dbgwvr: {
        uint64_t& r = s.dbgwvr[(desc.key >> 3) & 15];
        if (read) v = r; else r = v & ~3ull;
        return;
    }
    case special::dbgwcr: {
        uint64_t& r = s.dbgwcr[(desc.key >> 3) & 15];
        if (read) v = r; else r = v & 0x1f1fffffull;
        return;
    }
    case special::dbgclaimset: if (read) v = s.dbgclaim; else s.dbgclaim |= v & 0xff; return;
    case special::dbgclaimclr: if (read) v = s.dbgclaim; else s.dbgclaim &= ~(v & 0xff); return;
    case special::fpcr: if (read) v = st_.fpcr; else st_.fpcr = uint32_t(v) & fpcr_writable; return;
    case special::fpsr: if (read) v = st_.fpsr; else st_.fpsr = uint32_t(v) & fpsr_writable; return;
    }
}

bool core::ext_sysreg_ask(uint32_t key) {
    if (key > 0xffff) return env_ && env_->ext_sysreg_implements(key);
    uint8_t& known = ext_owned_[key];
    known = env_ && env_->ext_sysreg_implements(key) ? ext_yes : ext_no;
    return known == ext_yes;
}

void core::sysreg_full(const insn& i, bool read) {
    if (observer_ != nullptr) return observed_sysreg_access(i, read); // syncs the count itself
    sync_icount(); // the environment may read the count
    sysreg_access(i, read);
}

void core::observed_sysreg_access(const insn& i, bool read) {
    sync_icount();
    const uint64_t pc = st_.pc;
    const uint64_t taken = exc_counts_[1] + exc_counts_[2];
    const unsigned rt = i.raw & 31;
    const uint64_t written = read ? 0 : x(rt);
    sysreg_access(i, read);
    const bool done = st_.pc == pc + 4 && exc_counts_[1] + exc_counts_[2] == taken;
    observer_->sysreg_accessed(fields_of(i.raw).key, read, read ? x(rt) : written, done);
}

// The environment's registers first, in a function small enough to need no
// stack frame of its own: polling loops read CNTPCT/CNTVCT millions of times
// (U-Boot's timeouts, udelay), and the core's own registers need the
// descriptor table, the EL checks and the traps below.
void core::sysreg_access(const insn& i, bool read) {
    const uint32_t key = (i.raw >> 5) & 0xffff; // op0:op1:CRn:CRm:op2 (sysregs::key)
    if (!ext_sysreg(key)) return own_sysreg_access(i, read);
    ext_sysreg_complete(i, key, read);
}

void core::ext_sysreg_refused(const insn& i, bool read, core_env::sysreg_result res) {
    const move_fields f = fields_of(i.raw);
    const uint32_t iss = iss_sysreg(f.op0, f.op1, f.crn, f.crm, f.op2, f.rt, read);
    switch (res) {
    case core_env::sysreg_result::ok: return;
    case core_env::sysreg_result::undefined: return undefined();
    case core_env::sysreg_result::trap_el1: return take_sync(ec_sysreg, iss, 1);
    case core_env::sysreg_result::trap_el2: return take_sync(ec_sysreg, iss, 2);
    }
}

void core::own_sysreg_access(const insn& i, bool read) {
    const move_fields f = fields_of(i.raw);
    const unsigned op0 = f.op0, op1 = f.op1, crn = f.crn, crm = f.crm, op2 = f.op2;
    const uint32_t key = f.key;
    const unsigned el = st_.el;
    const bool tge = st_.sys.hcr_el2 & hcr::tge;
    const uint32_t iss = iss_sysreg(op0, op1, crn, crm, op2, f.rt, read); // used only by the traps

    const sysregs::descriptor* d = sysregs::find(key);
    if (!d) {
        if (read && el >= 1 && sysregs::in_id_space(key)) { // unallocated ID registers are RAZ
            if (el == 1 && (st_.sys.hcr_el2 & hcr::tid3)) return take_sync(ec_sysreg, iss, 2);
            st_.r[i.rd] = 0;
            st_.pc += 4;
            return;
        }
        char name[64], msg[160]; // formatted only here: MSR/MRS are hot (timer, GIC-side exits)
        std::snprintf(name, sizeof name, "S%u_%u_C%u_C%u_%u", op0, op1, crn, crm, op2);
        std::snprintf(msg, sizeof msg, "%s of unimplemented system register %s (%s) at EL%u: UNDEFINED",
                      read ? "MRS" : "MSR", name, read ? "read" : "write", el);
        warn_once((uint64_t(key) << 2) | read, msg);
        return undefined();
    }

    auto refuse = [&](const char* why) {
        char msg[160];
        std::snprintf(msg, sizeof msg, "%s %s at EL%u: %s", read ? "MRS" : "MSR", d->name, el, why);
        warn_once((uint64_t(key) << 2) | read | 0x100000000ull, msg);
    };
    if (el < d->min_el) {
        refuse("not accessible at this level, UNDEFINED");
        return undefined();
    }
    if ((read && d->acc == sysregs::access::wo) || (!read && d->acc == sysregs::access::ro)) {
        refuse(read ? "write-only register, UNDEFINED" : "read-only register, UNDEFINED");
        return undefined();
    }
    if (pmu_access_undefined(d)) {
        refuse("event counter beyond PMCR_EL0.N at this level, UNDEFINED");
        return undefined();
    }
    // FPCR/FPSR: the SIMD&FP enable checks (CPACR_EL1.FPEN, CPTR_EL2.TFP)
    // apply to MRS/MSR as to the instructions, with the same syndrome.
    if ((d->kind == special::fpcr || d->kind == special::fpsr) && !fp_access_check()) return;
    if (el == 0) {
        // EL0 access controls in SCTLR_EL1 / PMUSERENR_EL0: trap to EL1 (or
        // EL2 with TGE) with EC 0x18 (D13.2.118 SCTLR_EL1.UMA/UCT).
        bool trap = false;
        switch (d->kind) {
        case special::daif: trap = !(st_.sys.sctlr_el1 & sctlr_uma); break;
        case special::ctr_el0: trap = !(st_.sys.sctlr_el1 & sctlr_uct); break;
        case special::tpidrro_el0: if (!read) { refuse("read-only at EL0, UNDEFINED"); return undefined(); } break;
        case special::pmcr: case special::pmcntenset: case special::pmcntenclr: case special::pmovsclr:
        case special::pmovsset: case special::pmswinc: case special::pmu_el0: case special::pmevcntr:
        case special::pmevtyper:
            trap = !pmu_el0_allowed(d, read);
            break;
        default: break;
        }
        if (trap) return take_sync(ec_sysreg, iss, sync_target_el());
    }
    if (d->kind == special::sp_el0 && !st_.spsel) { // SP_EL0 is the current SP: UNDEFINED (C5.2.15)
        refuse("SP_EL0 while SPSel = 0, UNDEFINED");
        return undefined();
    }
    if (el < 2 && !tge && trapped_to_el2(d->trap, read, st_.sys.hcr_el2, st_.sys.mdcr_el2))
        return take_sync(ec_sysreg, iss, 2);
    if (el < 2 && !tge && d->kind == special::pmcr && (st_.sys.mdcr_el2 & pmu::mdcr_tpmcr))
        return take_sync(ec_sysreg, iss, 2);

    uint64_t v = read ? 0 : st_.r[i.rd];
    sysreg_value(d, read, v);
    if (read) st_.r[i.rd] = v;
    if (!read && sysregs::affects_translation(key)) translation_changed();
    if (!read && sysregs::affects_fp_enable(key)) fp_enables_changed();
    if (!read && sysregs::affects_debug(key)) debug_config_changed();
    st_.pc += 4;
}

bool core::read_sysreg(uint32_t key, uint64_t& value) {
    if (ext_sysreg(key))
        return env_->ext_sysreg_read(key, 2, false, value) == core_env::sysreg_result::ok;
    const sysregs::descriptor* d = sysregs::find(key);
    if (!d || d->acc == sysregs::access::wo) return false;
    sysreg_value(d, true, value);
    return true;
}

bool core::write_sysreg(uint32_t key, uint64_t value) {
    if (ext_sysreg(key))
        return env_->ext_sysreg_write(key, 2, false, value) == core_env::sysreg_result::ok;
    const sysregs::descriptor* d = sysregs::find(key);
    if (!d || d->acc == sysregs::access::ro) return false;
    sysreg_value(d, false, value);
    if (sysregs::affects_translation(key)) translation_changed();
    if (sysregs::affects_fp_enable(key)) fp_enables_changed();
    if (sysregs::affects_debug(key)) debug_config_changed();
    return true;
}

// SYS (op0 = 1): cache maintenance, address translation and TLB maintenance.
// There are no caches: DC/IC by VA only check that the address translates
// (faults with ISS.CM = 1), IC drops decoded code. TLBI drops the soft TLB.
// AT walks the tables and writes PAR_EL1. HCR_EL2.{TSW,TPC,TPU,TTLB} trap
// EL0/EL1 forms to EL2 (D13.2.47).
void core::sys_instruction(const insn& i) {
    const unsigned op1 = i.b, crn = i.c, crm = i.d, op2 = unsigned(i.imm), rt = i.raw & 31;
    const unsigned el = st_.el;
    const uint32_t iss = iss_sysreg(1, op1, crn, crm, op2, rt, false);
    // op1 selects the lowest EL: 0 -> EL1, 3 -> EL0 (with SCTLR_EL1 controls), 4 -> EL2.
    const unsigned min_el = op1 == 3 ? 0 : op1 == 4 ? 2 : 1;
    char msg[128];
    if ((op1 != 0 && op1 != 3 && op1 != 4) || (crn != 7 && crn != 8) || (crn == 8 && op1 == 3)) {
        std::snprintf(msg, sizeof msg, "SYS #%u, C%u, C%u, #%u not implemented: UNDEFINED", op1, crn, crm, op2);
        warn_once((uint64_t(sysregs::key(1, op1, crn, crm, op2)) << 2) | 2, msg);
        return undefined();
    }
    if (el < min_el) return undefined();
    const uint64_t hcr = st_.sys.hcr_el2;
    const bool el2_traps = el < 2 && !(hcr & hcr::tge);
    constexpr uint64_t hcr_tsw = 1ull << 22, hcr_tpc = 1ull << 23, hcr_tpu = 1ull << 24, hcr_ttlb = 1ull << 25;
    if (crn == 8) { // TLBI: by VA only the entries of that VA, any other form everything (D5.10)
        if (el2_traps && (hcr & hcr_ttlb)) return take_sync(ec_sysreg, iss, 2);
        // CRm 3 (Inner Shareable) or 7; op2 1/3/5/7: VAE1, VAAE1, VALE1, VAALE1
        // (op1 0), op2 1/5: VAE2, VALE2 (op1 4).
        const bool by_va = (crm == 3 || crm == 7) && (op2 & 1) && (op1 == 0 || (op1 == 4 && (op2 == 1 || op2 == 5)));
        if (by_va) invalidate_tlb_va(op1 == 4 ? 2 : 1, x(rt));
        else translation_changed();
        st_.pc += 4;
        return;
    }
    if (crn == 7 && crm == 4 && op1 == 3 && op2 == 1) { // DC ZVA
        if (const unsigned to = dc_zva_trap_el()) return take_sync(ec_sysreg, iss, to);
        dc_zva(st_.r[i.rd], 0);
        return;
    }
    if (crm == 8) return address_translation(i, op1, op2);
    if (el == 0 && op1 == 3 && !(st_.sys.sctlr_el1 & (1u << 26))) // SCTLR_EL1.UCI
        return take_sync(ec_sysreg, iss, sync_target_el());
    const bool set_way = op1 == 0 && op2 == 2 && (crm == 6 || crm == 10 || crm == 14);
    const bool to_poc = (op1 == 0 && crm == 6 && op2 == 1) || (op1 == 3 && (crm == 10 || crm == 14) && op2 == 1);
    const bool to_pou = crm == 1 || crm == 5 || (op1 == 3 && crm == 11 && op2 == 1);
    if (el2_traps && ((set_way && (hcr & hcr_tsw)) || (to_poc && (hcr & hcr_tpc)) || (to_pou && (hcr & hcr_tpu))))
        return take_sync(ec_sysreg, iss, 2);
    // By-VA maintenance (DC IVAC/CVAC/CVAU/CIVAC, IC IVAU) translates its
    // address: a fault is a Data Abort with CM = 1 and WnR = 1 (D13.2.40).
    const bool by_va = op2 == 1 && (to_poc || to_pou);
    if (by_va && translating_) {
        const bool invalidate = op1 == 0; // DC IVAC needs write permission
        if (!translate_page(st_.r[i.rd], invalidate ? mmu::access::write : mmu::access::read, (1u << 8) | iss_wnr))
            return;
    }
    // Instruction-cache maintenance drops decoded code (B2.4.4: software
    // that writes code issues IC then ISB): IC IALLUIS / IALLU drop all, IC
    // IVAU drops the instruction at the address.
    if (crm == 1 || crm == 5) {
        if (op1 == 3 && op2 == 1) {
            uint64_t pa = st_.r[i.rd];
            if (translating_) pa = translate_page(pa, mmu::access::read, 0)->pa | (pa & 0xfff);
            invalidate_code(pa, 4);
        } else {
            drop_all_code();
        }
    }
    st_.pc += 4;
}

// AT (C5.5): op1 = 0: S1E1R/W (op2 0/1), S1E0R/W (2/3); op1 = 4: S1E2R/W
// (0/1), S12E1R/W (4/5), S12E0R/W (6/7). The result (or the fault) goes to
// PAR_EL1; only a stage 2 fault on the stage 1 walk of an AT executed at EL1
// is taken, to EL2 (D5.9.2).
void core::address_translation(const insn& i, unsigned op1, unsigned op2) {
    const uint64_t va = st_.r[i.rd];
    const bool write = op2 & 1;
    const bool el0 = op1 == 0 ? (op2 & 2) : (op2 >= 6);
    const unsigned regime = op1 == 4 && op2 < 4 ? 2 : 1;
    const bool stage1_only = op1 == 0 || op2 < 4;
    if (op1 == 4 && (op2 == 2 || op2 == 3)) return undefined();
    mmu::result r;
    mmu::fault f;
    const mmu::access acc = write ? mmu::access::write : mmu::access::read;
    const bool ok = address_translate(va, regime, stage1_only, acc, el0, r, f);
    if (!ok && f.s1ptw && st_.el < 2) {
        translation_abort(va, f, acc, (1u << 8) | iss_wnr);
        return;
    }
    st_.sys.par_el1 = mmu::par_value(ok, r, f);
    st_.pc += 4;
}

// DC ZVA when core::dc_zva_fast() declined: inside a block the count is
// brought up to date first (the walk may read tables over the bus, which
// reads the local time), then everything as when DC ZVA ran alone.
void core::dc_zva_full(const insn& i) {
    sync_icount();
    sys_instruction(i);
}

// DC ZVA (C5.3.21): zero the naturally aligned 64-byte block. On Device
// memory (translation off, or a Device page) it takes an Alignment fault, as
// the architecture requires.
void core::dc_zva(uint64_t addr, uint32_t iss) {
    const uint64_t block = addr & ~uint64_t(sysregs::id::dc_zva_bytes - 1);
    // DC ZVA to Device memory is an Alignment fault whatever the address.
    const tlb_entry* e = translating_ ? translate_page(addr, mmu::access::write, iss, true) : nullptr;
    if (translating_ && !e) return;
    if (!e || e->device) {
        data_abort(addr, fsc_alignment, true, iss);
        return;
    }
    for (unsigned off = 0; off < sysregs::id::dc_zva_bytes; off += 8) {
        if (!store<uint64_t>(block + off, 0, 0)) return;
    }
    st_.pc += 4;
}

} // namespace vp::cpu
