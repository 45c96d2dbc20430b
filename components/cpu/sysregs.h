// The system-register table of the core (DDI 0487 D13, D17 register
// pages): one entry per implemented encoding with its name, the lowest EL
// that may access it, read/write permission, the EL2 trap group that can
// trap it (HCR_EL2 / MDCR_EL2), and where its value lives. Registers owned by
// another block (the generic timer) are not in this table: the core forwards
// those through core_env. An encoding in neither place is UNDEFINED and
// logged once.
#pragma once

#include <cstdint>

#include "cpu/state.h"

namespace vp::cpu::sysregs {

constexpr uint32_t key(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
    return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2; // = vp::sysreg_key
}

enum class access : uint8_t { rw, ro, wo };

// Traps to EL2 with EC 0x18 for accesses from EL0/EL1 (E2H = 0, TGE = 0).
enum class trap_group : uint8_t {
    none,
    tvm,   // HCR_EL2.TVM (writes) / TRVM (reads): virtual-memory control registers
    tid1,  // HCR_EL2.TID1: AIDR, REVIDR
    tid2,  // HCR_EL2.TID2: CTR, CCSIDR, CLIDR, CSSELR
    tid3,  // HCR_EL2.TID3: ID_AA64* and the ID register space
    tacr,  // HCR_EL2.TACR: ACTLR_EL1
    tpm,   // MDCR_EL2.TPM: PMU registers
    tda,   // MDCR_EL2.TDA: debug registers
    tdosa, // MDCR_EL2.TDOSA: OS lock / power-down registers
};

// Registers whose access does more than load or store a value.
enum class special : uint8_t {
    none,      // plain storage (field) or constant (value)
    raz_wi,    // reads zero, writes ignored
    current_el, daif, nzcv, spsel, sp_el0, sp_el1,
    elr_el1, elr_el2, spsr_el1, spsr_el2, esr_el1, esr_el2, far_el1, far_el2,
    midr, mpidr, hcr_el2, isr_el1, oslar, oslsr, pmcr,
    pmcntenset, pmcntenclr, pmintenset, pmintenclr, pmovsset, pmovsclr, pmswinc,
    ctr_el0, dczid_el0, tpidrro_el0, pmu_el0, dbgclaimset, dbgclaimclr,
    pmevcntr, pmevtyper, mdcr_el2, // PMU event counters (cpu/pmu.h), MDCR_EL2.HPMN/HPME
    dbgbvr, dbgbcr, dbgwvr, dbgwcr, // breakpoint/watchpoint n = CRm (debug_exceptions.h)
    fpcr, fpsr, // SIMD&FP state: CheckFPAdvSIMDEnabled64() before the access
};

struct descriptor {
    uint32_t key;
    const char* name;
    uint8_t min_el;       // lower ELs: UNDEFINED (EL0 special cases in the core)
    access acc;
    trap_group trap;
    special kind;
    uint64_t system_registers::*field; // storage, when kind == none and not constant
    uint64_t value;                    // constant value (field == nullptr), or write mask (field != nullptr)
};

// The descriptor of `key`, or nullptr.
const descriptor* find(uint32_t key);

// Registers whose write changes what the TLB holds: SCTLR, TTBRn, TCR, MAIR
// of EL1 and EL2, HCR_EL2, VTTBR_EL2, VTCR_EL2.
bool affects_translation(uint32_t key);
// CPACR_EL1 and CPTR_EL2: a write changes whether SIMD&FP instructions trap
// (core::fp_enables_changed).
bool affects_fp_enable(uint32_t key);

// Registers whose write changes whether a debug exception can fire (MDSCR_EL1,
// DBGBCR<n>_EL1, DBGWCR<n>_EL1, the OS Lock and OS Double Lock controls,
// MDCR_EL2): the core re-evaluates its debug checks (core::debug_config_changed).
bool affects_debug(uint32_t key);

// MRS/MSR resolved once, when the instruction is decoded (docs/iss-dispatch.md,
// "System registers"): for a register of this table whose access, once
// allowed, only moves a value (plain storage, a constant, MIDR/MPIDR, DAIF),
// where the value lives and what must hold for the access to be allowed with
// nothing more to do. The core still checks at run time that the environment
// does not own the key, that no observer watches, the EL and the EL2 trap bit;
// when any of these fails (and for every other register) the full path runs.
enum class fast_kind : uint8_t {
    none,       // always the full path
    stored,     // a uint64_t of arch_state at `offset`; writes: old & ~value | new & value
    replaced,   // writes only: the uint64_t at `offset` = new & value (SPSR, ESR)
    sp_el0,     // SP_EL0: as stored, but the full path (UNDEFINED) while PSTATE.SPSel = 0
    constant,   // reads only: `value`
    midr,       // reads only: VPIDR_EL2 at EL1, the core's MIDR at EL2
    mpidr,      // reads only: VMPIDR_EL2 at EL1, the core's MPIDR at EL2
    daif,       // PSTATE.DAIF (a write raises the core's attention)
};
struct fast_access {
    fast_kind kind = fast_kind::none;
    uint16_t offset = 0;       // stored, replaced, sp_el0: byte offset in arch_state
    uint8_t min_el = 0;        // below it the full path decides (UNDEFINED, EL0 controls)
    uint8_t trap_bit = no_trap; // HCR_EL2 bit that traps this access from EL0/EL1
    uint64_t value = 0;        // constant, or the writable bits
    static constexpr uint8_t no_trap = 0xff;
};
fast_access fast_form(uint32_t key, bool read);
// Every descriptor, sorted by key (for debuggers and traces).
const descriptor* table_begin();
const descriptor* table_end();

// ID register space op0=3, op1=0, CRn=0, CRm=1..7 (D12.3.1): unallocated
// encodings there are RAZ, not UNDEFINED, so that software can probe them.
constexpr bool in_id_space(uint32_t k) {
    return (k >> 14) == 3 && ((k >> 11) & 7) == 0 && ((k >> 7) & 15) == 0 && ((k >> 3) & 15) >= 1;
}

// Identification values (ID_AA64PFR0_EL1 etc.).
namespace id {
// EL0/EL1/EL2 AArch64 only, no EL3, FP = AdvSIMD = 0 (implemented, no
// half-precision arithmetic), GIC = 0 (no GICv3 system-register interface;
// the GICv2 is memory-mapped).
constexpr uint64_t aa64pfr0 = 0x00000111;
// DebugVer v8.0, PMUv3, 6 breakpoints (BRPs = 5) of which 2 context-aware
// (CTX_CMPs = 1), 4 watchpoints (WRPs = 3): the Cortex-A53's numbers.
constexpr uint64_t aa64dfr0 = 0x10305106;
// AES = 2 (AESE/AESD/AESMC/AESIMC and PMULL/PMULL2 1Q), SHA1 = 1, SHA2 = 1
// (SHA256 only), CRC32 = 1; no SHA512/SHA3/SM3/SM4/atomics/RDM/DP.
constexpr uint64_t aa64isar0 = (2u << 4) | (1u << 8) | (1u << 12) | (1u << 16);
// PARange 48 bits, 16-bit ASIDs, 4K, 16K and 64K granules (TGran4 = TGran64
// = 0 and TGran16 = 1 mean supported). ID_AA64MMFR1 = 0: no hardware AF/DBM
// update, 8-bit VMID, no PAN/VHE/LOR.
constexpr uint64_t aa64mmfr0 = 0x00100025;
// 64-byte cache lines, PIPT instruction cache.
constexpr uint64_t ctr_el0 = 0x8444c004;
// DC ZVA block = 2^4 words = 64 bytes.
constexpr uint64_t dczid_el0 = 4;
constexpr unsigned dc_zva_bytes = 64;
} // namespace id

} // namespace vp::cpu::sysregs
