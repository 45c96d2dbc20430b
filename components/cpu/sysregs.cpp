#include "cpu/sysregs.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <vector>

namespace vp::cpu::sysregs {
namespace {

using sr = system_registers;
constexpr uint64_t all = ~0ull;

constexpr descriptor store(uint32_t k, const char* name, uint8_t el, uint64_t sr::*field, uint64_t mask = all,
                           trap_group t = trap_group::none, access a = access::rw) {
    return {k, name, el, a, t, special::none, field, mask};
}
constexpr descriptor constant(uint32_t k, const char* name, uint8_t el, uint64_t value,
                              trap_group t = trap_group::none) {
    return {k, name, el, access::ro, t, special::none, nullptr, value};
}
constexpr descriptor spec(uint32_t k, const char* name, uint8_t el, special s, access a = access::rw,
                          trap_group t = trap_group::none) {
    return {k, name, el, a, t, s, nullptr, 0};
}

// Sorted by key at first use. Values of RES1/RES0 bits follow the register
// pages of DDI 0487; "mask" is the set of writable bits.
const descriptor table_init[] = {
    // ---- identification (D17.2) ----
    spec(key(3, 0, 0, 0, 0), "MIDR_EL1", 1, special::midr, access::ro),
    spec(key(3, 0, 0, 0, 5), "MPIDR_EL1", 1, special::mpidr, access::ro),
    constant(key(3, 0, 0, 0, 6), "REVIDR_EL1", 1, 0, trap_group::tid1),
    // AArch32 media/VFP feature registers: no AArch32 at any level, so the
    // AArch32 ID registers read 0 (UNKNOWN in the architecture; 0 as QEMU
    // reports for AArch64-only CPUs).
    constant(key(3, 0, 0, 3, 0), "MVFR0_EL1", 1, 0, trap_group::tid3),
    constant(key(3, 0, 0, 3, 1), "MVFR1_EL1", 1, 0, trap_group::tid3),
    constant(key(3, 0, 0, 3, 2), "MVFR2_EL1", 1, 0, trap_group::tid3),
    constant(key(3, 0, 0, 4, 0), "ID_AA64PFR0_EL1", 1, id::aa64pfr0, trap_group::tid3),
    constant(key(3, 0, 0, 4, 1), "ID_AA64PFR1_EL1", 1, 0, trap_group::tid3),
    constant(key(3, 0, 0, 5, 0), "ID_AA64DFR0_EL1", 1, id::aa64dfr0, trap_group::tid3),
    constant(key(3, 0, 0, 5, 1), "ID_AA64DFR1_EL1", 1, 0, trap_group::tid3),
    constant(key(3, 0, 0, 5, 4), "ID_AA64AFR0_EL1", 1, 0, trap_group::tid3),
    constant(key(3, 0, 0, 5, 5), "ID_AA64AFR1_EL1", 1, 0, trap_group::tid3),
    constant(key(3, 0, 0, 6, 0), "ID_AA64ISAR0_EL1", 1, id::aa64isar0, trap_group::tid3),
    constant(key(3, 0, 0, 6, 1), "ID_AA64ISAR1_EL1", 1, 0, trap_group::tid3),
    constant(key(3, 0, 0, 7, 0), "ID_AA64MMFR0_EL1", 1, id::aa64mmfr0, trap_group::tid3),
    constant(key(3, 0, 0, 7, 1), "ID_AA64MMFR1_EL1", 1, 0, trap_group::tid3),
    constant(key(3, 0, 0, 7, 2), "ID_AA64MMFR2_EL1", 1, 0, trap_group::tid3),
    constant(key(3, 1, 0, 0, 0), "CCSIDR_EL1", 1, 0x700fe01a, trap_group::tid2),
    constant(key(3, 1, 0, 0, 1), "CLIDR_EL1", 1, 0, trap_group::tid2), // no caches to maintain
    constant(key(3, 1, 0, 0, 7), "AIDR_EL1", 1, 0, trap_group::tid1),
    store(key(3, 2, 0, 0, 0), "CSSELR_EL1", 1, &sr::csselr_el1, 0xf, trap_group::tid2),
    spec(key(3, 3, 0, 0, 1), "CTR_EL0", 0, special::ctr_el0, access::ro, trap_group::tid2),
    spec(key(3, 3, 0, 0, 7), "DCZID_EL0", 0, special::dczid_el0, access::ro),
    store(key(3, 4, 0, 0, 0), "VPIDR_EL2", 2, &sr::vpidr_el2, 0xffffffff),
    store(key(3, 4, 0, 0, 5), "VMPIDR_EL2", 2, &sr::vmpidr_el2, 0xff41ffffffull),

    // ---- EL1 system control ----
    store(key(3, 0, 1, 0, 0), "SCTLR_EL1", 1, &sr::sctlr_el1, 0xffffffff, trap_group::tvm),
    spec(key(3, 0, 1, 0, 1), "ACTLR_EL1", 1, special::raz_wi, access::rw, trap_group::tacr),
    store(key(3, 0, 1, 0, 2), "CPACR_EL1", 1, &sr::cpacr_el1, (1ull << 28) | (3ull << 20)), // TTA, FPEN
    store(key(3, 0, 2, 0, 0), "TTBR0_EL1", 1, &sr::ttbr0_el1, all, trap_group::tvm),
    store(key(3, 0, 2, 0, 1), "TTBR1_EL1", 1, &sr::ttbr1_el1, all, trap_group::tvm),
    store(key(3, 0, 2, 0, 2), "TCR_EL1", 1, &sr::tcr_el1, all, trap_group::tvm),
    spec(key(3, 0, 4, 0, 0), "SPSR_EL1", 1, special::spsr_el1),
    spec(key(3, 0, 4, 0, 1), "ELR_EL1", 1, special::elr_el1),
    spec(key(3, 0, 4, 1, 0), "SP_EL0", 1, special::sp_el0),
    spec(key(3, 0, 4, 2, 0), "SPSel", 1, special::spsel),
    spec(key(3, 0, 4, 2, 2), "CurrentEL", 1, special::current_el, access::ro),
    store(key(3, 0, 5, 1, 0), "AFSR0_EL1", 1, &sr::afsr0_el1, all, trap_group::tvm),
    store(key(3, 0, 5, 1, 1), "AFSR1_EL1", 1, &sr::afsr1_el1, all, trap_group::tvm),
    spec(key(3, 0, 5, 2, 0), "ESR_EL1", 1, special::esr_el1, access::rw, trap_group::tvm),
    spec(key(3, 0, 6, 0, 0), "FAR_EL1", 1, special::far_el1, access::rw, trap_group::tvm),
    store(key(3, 0, 7, 4, 0), "PAR_EL1", 1, &sr::par_el1),
    spec(key(3, 0, 9, 14, 1), "PMINTENSET_EL1", 1, special::pmintenset, access::rw, trap_group::tpm),
    spec(key(3, 0, 9, 14, 2), "PMINTENCLR_EL1", 1, special::pmintenclr, access::rw, trap_group::tpm),
    store(key(3, 0, 10, 2, 0), "MAIR_EL1", 1, &sr::mair_el1, all, trap_group::tvm),
    store(key(3, 0, 10, 3, 0), "AMAIR_EL1", 1, &sr::amair_el1, all, trap_group::tvm),
    store(key(3, 0, 12, 0, 0), "VBAR_EL1", 1, &sr::vbar_el1, ~0x7ffull),
    spec(key(3, 0, 12, 1, 0), "ISR_EL1", 1, special::isr_el1, access::ro),
    store(key(3, 0, 13, 0, 1), "CONTEXTIDR_EL1", 1, &sr::contextidr_el1, 0xffffffff, trap_group::tvm),
    store(key(3, 0, 13, 0, 4), "TPIDR_EL1", 1, &sr::tpidr_el1),

    // ---- EL0 ----
    spec(key(3, 3, 4, 2, 0), "NZCV", 0, special::nzcv),
    spec(key(3, 3, 4, 2, 1), "DAIF", 0, special::daif),
    spec(key(3, 3, 4, 4, 0), "FPCR", 0, special::fpcr),
    spec(key(3, 3, 4, 4, 1), "FPSR", 0, special::fpsr),
    store(key(3, 3, 13, 0, 2), "TPIDR_EL0", 0, &sr::tpidr_el0),
    spec(key(3, 3, 13, 0, 3), "TPIDRRO_EL0", 0, special::tpidrro_el0),

    // ---- PMU (cpu/pmu.h): PMUv3, the cycle counter and PMCR_EL0.N = 6 event counters ----
    spec(key(3, 3, 9, 12, 0), "PMCR_EL0", 0, special::pmcr, access::rw, trap_group::tpm),
    spec(key(3, 3, 9, 12, 1), "PMCNTENSET_EL0", 0, special::pmcntenset, access::rw, trap_group::tpm),
    spec(key(3, 3, 9, 12, 2), "PMCNTENCLR_EL0", 0, special::pmcntenclr, access::rw, trap_group::tpm),
    spec(key(3, 3, 9, 12, 3), "PMOVSCLR_EL0", 0, special::pmovsclr, access::rw, trap_group::tpm),
    spec(key(3, 3, 9, 12, 4), "PMSWINC_EL0", 0, special::pmswinc, access::wo, trap_group::tpm),
    spec(key(3, 3, 9, 12, 5), "PMSELR_EL0", 0, special::pmu_el0, access::rw, trap_group::tpm),
    spec(key(3, 3, 9, 12, 6), "PMCEID0_EL0", 0, special::pmu_el0, access::ro, trap_group::tpm),
    spec(key(3, 3, 9, 12, 7), "PMCEID1_EL0", 0, special::pmu_el0, access::ro, trap_group::tpm),
    spec(key(3, 3, 9, 13, 0), "PMCCNTR_EL0", 0, special::pmu_el0, access::rw, trap_group::tpm),
    spec(key(3, 3, 9, 13, 1), "PMXEVTYPER_EL0", 0, special::pmu_el0, access::rw, trap_group::tpm),
    spec(key(3, 3, 9, 13, 2), "PMXEVCNTR_EL0", 0, special::pmu_el0, access::rw, trap_group::tpm),
    store(key(3, 3, 9, 14, 0), "PMUSERENR_EL0", 1, &sr::pmuserenr, 0xf, trap_group::tpm),
    spec(key(3, 3, 9, 14, 3), "PMOVSSET_EL0", 0, special::pmovsset, access::rw, trap_group::tpm),
    spec(key(3, 3, 14, 15, 7), "PMCCFILTR_EL0", 0, special::pmu_el0, access::rw, trap_group::tpm),
    spec(key(3, 3, 14, 8, 0), "PMEVCNTR0_EL0", 0, special::pmevcntr, access::rw, trap_group::tpm),
    spec(key(3, 3, 14, 8, 1), "PMEVCNTR1_EL0", 0, special::pmevcntr, access::rw, trap_group::tpm),
    spec(key(3, 3, 14, 8, 2), "PMEVCNTR2_EL0", 0, special::pmevcntr, access::rw, trap_group::tpm),
    spec(key(3, 3, 14, 8, 3), "PMEVCNTR3_EL0", 0, special::pmevcntr, access::rw, trap_group::tpm),
    spec(key(3, 3, 14, 8, 4), "PMEVCNTR4_EL0", 0, special::pmevcntr, access::rw, trap_group::tpm),
    spec(key(3, 3, 14, 8, 5), "PMEVCNTR5_EL0", 0, special::pmevcntr, access::rw, trap_group::tpm),
    spec(key(3, 3, 14, 12, 0), "PMEVTYPER0_EL0", 0, special::pmevtyper, access::rw, trap_group::tpm),
    spec(key(3, 3, 14, 12, 1), "PMEVTYPER1_EL0", 0, special::pmevtyper, access::rw, trap_group::tpm),
    spec(key(3, 3, 14, 12, 2), "PMEVTYPER2_EL0", 0, special::pmevtyper, access::rw, trap_group::tpm),
    spec(key(3, 3, 14, 12, 3), "PMEVTYPER3_EL0", 0, special::pmevtyper, access::rw, trap_group::tpm),
    spec(key(3, 3, 14, 12, 4), "PMEVTYPER4_EL0", 0, special::pmevtyper, access::rw, trap_group::tpm),
    spec(key(3, 3, 14, 12, 5), "PMEVTYPER5_EL0", 0, special::pmevtyper, access::rw, trap_group::tpm),

    // ---- self-hosted debug (D2, D13.3; components/cpu/debug_exceptions.h) ----
    store(key(2, 0, 0, 2, 0), "MDCCINT_EL1", 1, &sr::mdccint_el1, 1ull << 30, trap_group::tda),
    store(key(2, 0, 0, 2, 2), "MDSCR_EL1", 1, &sr::mdscr_el1, 0xffffffff, trap_group::tda),
#define VP_DEBUG_PAIR(n)                                                                                              \
    spec(key(2, 0, 0, n, 4), "DBGBVR" #n "_EL1", 1, special::dbgbvr, access::rw, trap_group::tda),                 \
    spec(key(2, 0, 0, n, 5), "DBGBCR" #n "_EL1", 1, special::dbgbcr, access::rw, trap_group::tda)
#define VP_DEBUG_WATCH(n)                                                                                             \
    spec(key(2, 0, 0, n, 6), "DBGWVR" #n "_EL1", 1, special::dbgwvr, access::rw, trap_group::tda),                 \
    spec(key(2, 0, 0, n, 7), "DBGWCR" #n "_EL1", 1, special::dbgwcr, access::rw, trap_group::tda)
    VP_DEBUG_PAIR(0), VP_DEBUG_PAIR(1), VP_DEBUG_PAIR(2), VP_DEBUG_PAIR(3), VP_DEBUG_PAIR(4), VP_DEBUG_PAIR(5),
    VP_DEBUG_WATCH(0), VP_DEBUG_WATCH(1), VP_DEBUG_WATCH(2), VP_DEBUG_WATCH(3),
#undef VP_DEBUG_PAIR
#undef VP_DEBUG_WATCH
    spec(key(2, 0, 1, 0, 0), "MDRAR_EL1", 1, special::raz_wi, access::ro, trap_group::tda),
    spec(key(2, 0, 1, 0, 4), "OSLAR_EL1", 1, special::oslar, access::wo, trap_group::tdosa),
    spec(key(2, 0, 1, 1, 4), "OSLSR_EL1", 1, special::oslsr, access::ro, trap_group::tdosa),
    store(key(2, 0, 1, 3, 4), "OSDLR_EL1", 1, &sr::osdlr_el1, 1, trap_group::tdosa),
    store(key(2, 0, 1, 4, 4), "DBGPRCR_EL1", 1, &sr::dbgprcr_el1, 1, trap_group::tdosa),
    spec(key(2, 0, 7, 8, 6), "DBGCLAIMSET_EL1", 1, special::dbgclaimset, access::rw, trap_group::tda),
    spec(key(2, 0, 7, 9, 6), "DBGCLAIMCLR_EL1", 1, special::dbgclaimclr, access::rw, trap_group::tda),
    constant(key(2, 0, 7, 14, 6), "DBGAUTHSTATUS_EL1", 1, 0xaa, trap_group::tda),
    spec(key(2, 3, 0, 1, 0), "MDCCSR_EL0", 1, special::raz_wi, access::ro, trap_group::tda),

    // ---- EL2 ----
    store(key(3, 4, 1, 0, 0), "SCTLR_EL2", 2, &sr::sctlr_el2, 0xffffffff),
    spec(key(3, 4, 1, 0, 1), "ACTLR_EL2", 2, special::raz_wi),
    spec(key(3, 4, 1, 1, 0), "HCR_EL2", 2, special::hcr_el2),
    spec(key(3, 4, 1, 1, 1), "MDCR_EL2", 2, special::mdcr_el2), // HPMN, TPMCR..TDRA (cpu/pmu.cpp)
    store(key(3, 4, 1, 1, 2), "CPTR_EL2", 2, &sr::cptr_el2, 0x80100400ull), // TCPAC, TTA, TFP
    store(key(3, 4, 1, 1, 3), "HSTR_EL2", 2, &sr::hstr_el2, 0xbfff),
    store(key(3, 4, 1, 1, 7), "HACR_EL2", 2, &sr::hacr_el2),
    store(key(3, 4, 2, 0, 0), "TTBR0_EL2", 2, &sr::ttbr0_el2),
    store(key(3, 4, 2, 0, 2), "TCR_EL2", 2, &sr::tcr_el2, 0xffffffff),
    store(key(3, 4, 2, 1, 0), "VTTBR_EL2", 2, &sr::vttbr_el2),
    store(key(3, 4, 2, 1, 2), "VTCR_EL2", 2, &sr::vtcr_el2, 0xffffffff),
    spec(key(3, 4, 4, 0, 0), "SPSR_EL2", 2, special::spsr_el2),
    spec(key(3, 4, 4, 0, 1), "ELR_EL2", 2, special::elr_el2),
    spec(key(3, 4, 4, 1, 0), "SP_EL1", 2, special::sp_el1),
    // AArch32 banked SPSRs: storage, KVM saves and restores them.
    store(key(3, 4, 4, 3, 0), "SPSR_irq", 2, &sr::spsr_irq, 0xffffffff),
    store(key(3, 4, 4, 3, 1), "SPSR_abt", 2, &sr::spsr_abt, 0xffffffff),
    store(key(3, 4, 4, 3, 2), "SPSR_und", 2, &sr::spsr_und, 0xffffffff),
    store(key(3, 4, 4, 3, 3), "SPSR_fiq", 2, &sr::spsr_fiq, 0xffffffff),
    store(key(3, 4, 5, 1, 0), "AFSR0_EL2", 2, &sr::afsr0_el2),
    store(key(3, 4, 5, 1, 1), "AFSR1_EL2", 2, &sr::afsr1_el2),
    spec(key(3, 4, 5, 2, 0), "ESR_EL2", 2, special::esr_el2),
    spec(key(3, 4, 6, 0, 0), "FAR_EL2", 2, special::far_el2),
    store(key(3, 4, 6, 0, 4), "HPFAR_EL2", 2, &sr::hpfar_el2, 0x00000ffffffffff0ull),
    store(key(3, 4, 10, 2, 0), "MAIR_EL2", 2, &sr::mair_el2),
    store(key(3, 4, 10, 3, 0), "AMAIR_EL2", 2, &sr::amair_el2),
    store(key(3, 4, 12, 0, 0), "VBAR_EL2", 2, &sr::vbar_el2, ~0x7ffull),
    store(key(3, 4, 13, 0, 2), "TPIDR_EL2", 2, &sr::tpidr_el2),
};

// Entry index + 1 per 16-bit key (0: none), filled by sorted_table. MRS/MSR
// run on every timer access and hypervisor exit, so the lookup is one load,
// not a search. Zero-initialised static storage (.bss): only the pages of
// keys in use are ever touched, not 128 KiB at start-up (issue 14).
uint16_t by_key[size_t(1) << 16];

struct sorted_table {
    std::array<descriptor, sizeof(table_init) / sizeof(table_init[0])> entries;
    sorted_table() {
        static_assert(sizeof(table_init) / sizeof(table_init[0]) < 0xffff, "index must fit 16 bits");
        std::copy(std::begin(table_init), std::end(table_init), entries.begin());
        std::sort(entries.begin(), entries.end(), [](const descriptor& a, const descriptor& b) { return a.key < b.key; });
        for (std::size_t i = 1; i < entries.size(); ++i) assert(entries[i - 1].key != entries[i].key);
        for (std::size_t i = 0; i < entries.size(); ++i) by_key[entries[i].key & 0xffff] = uint16_t(i + 1);
    }
};

const sorted_table& sorted() {
    static const sorted_table table;
    return table;
}

} // namespace

const descriptor* table_begin() { return sorted().entries.data(); }
const descriptor* table_end() { return sorted().entries.data() + sorted().entries.size(); }

// Built before main(): find() runs on every MRS/MSR and needs no guard.
static const sorted_table& table_at_start = sorted();

const descriptor* find(uint32_t k) {
    if (k > 0xffff) return nullptr; // keys are op0:op1:CRn:CRm:op2, 16 bits
    const sorted_table& table = table_at_start;
    const uint16_t i = by_key[k];
    return i ? &table.entries[i - 1] : nullptr;
}

bool affects_translation(uint32_t k) {
    switch (k) {
    case key(3, 0, 1, 0, 0): case key(3, 0, 2, 0, 0): case key(3, 0, 2, 0, 1): case key(3, 0, 2, 0, 2):
    case key(3, 0, 10, 2, 0): case key(3, 4, 1, 0, 0): case key(3, 4, 2, 0, 0): case key(3, 4, 2, 0, 2):
    case key(3, 4, 10, 2, 0): case key(3, 4, 1, 1, 0): case key(3, 4, 2, 1, 0): case key(3, 4, 2, 1, 2):
        return true;
    default: return false;
    }
}

bool affects_fp_enable(uint32_t k) { return k == key(3, 0, 1, 0, 2) || k == key(3, 4, 1, 1, 2); }

bool affects_debug(uint32_t k) {
    if (k == key(2, 0, 0, 2, 2) || k == key(2, 0, 1, 0, 4) || k == key(2, 0, 1, 3, 4) || k == key(2, 0, 1, 4, 4) ||
        k == key(3, 4, 1, 1, 1)) // MDSCR_EL1, OSLAR_EL1, OSDLR_EL1, DBGPRCR_EL1, MDCR_EL2
        return true;
    // DBGBCR<n>_EL1 / DBGWCR<n>_EL1: op0 = 2, op1 = 0, CRn = 0, op2 = 5 / 7
    return (k & ~uint32_t(0x7f)) == key(2, 0, 0, 0, 0) && ((k & 7) == 5 || (k & 7) == 7);
}

namespace {

// The byte offset in arch_state of a system_registers field.
uint16_t offset_of(uint64_t system_registers::*field) {
    static const arch_state probe{};
    return uint16_t(reinterpret_cast<const char*>(&(probe.sys.*field)) - reinterpret_cast<const char*>(&probe));
}

// The HCR_EL2 bit of a trap group for one direction (trapped_to_el2() in
// system_access.cpp); the MDCR_EL2 groups (TPM, TDA|TDE, TDOSA|TDE) are left to
// the full path.
bool hcr_trap_bit(trap_group g, bool read, uint8_t& bit) {
    switch (g) {
    case trap_group::none: bit = fast_access::no_trap; return true;
    case trap_group::tvm: bit = read ? 30 : 26; return true; // TRVM, TVM
    case trap_group::tid1: bit = read ? 16 : fast_access::no_trap; return true;
    case trap_group::tid2: bit = 17; return true;
    case trap_group::tid3: bit = read ? 18 : fast_access::no_trap; return true;
    case trap_group::tacr: bit = 21; return true;
    default: return false;
    }
}

} // namespace

// Mirrors core::sysreg_access() and core::sysreg_value(): a form other than
// none must do exactly what they do once every check has passed.
fast_access fast_form(uint32_t k, bool read) {
    fast_access f;
    const descriptor* d = find(k);
    if (!d) return f;
    if ((read && d->acc == access::wo) || (!read && d->acc == access::ro)) return f; // UNDEFINED
    if (!read && affects_translation(k)) return f;                                  // drops the TLB
    if (!read && affects_fp_enable(k)) return f;                                    // core::fp_enabled_
    if (!read && affects_debug(k)) return f;                                        // debug checks change
    uint8_t trap;
    if (!hcr_trap_bit(d->trap, read, trap)) return f;
    f.min_el = d->min_el;
    f.trap_bit = trap;
    const auto in_state = [](std::size_t offset) { return uint16_t(offset); };
    switch (d->kind) {
    case special::none:
        if (d->field) {
            f.kind = fast_kind::stored;
            f.offset = offset_of(d->field);
            f.value = d->value;
        } else if (read) {
            f.kind = fast_kind::constant;
            f.value = d->value;
        }
        return f;
    case special::elr_el1: case special::elr_el2: case special::far_el1: case special::far_el2:
    case special::spsr_el1: case special::spsr_el2: case special::esr_el1: case special::esr_el2: {
        const unsigned el = d->kind == special::elr_el1 || d->kind == special::far_el1 ||
                                    d->kind == special::spsr_el1 || d->kind == special::esr_el1
                                ? 1 : 2;
        const bool elr = d->kind == special::elr_el1 || d->kind == special::elr_el2;
        const bool far = d->kind == special::far_el1 || d->kind == special::far_el2;
        const bool spsr = d->kind == special::spsr_el1 || d->kind == special::spsr_el2;
        const std::size_t base = elr ? offsetof(arch_state, elr) : far ? offsetof(arch_state, far)
                                 : spsr ? offsetof(arch_state, spsr) : offsetof(arch_state, esr);
        f.offset = in_state(base + 8 * el);
        // SPSR keeps only its writable bits, ESR its low 32 (sysreg_value).
        f.kind = read || elr || far ? fast_kind::stored : fast_kind::replaced;
        f.value = elr || far ? ~0ull : spsr ? 0xf03003dfull : 0xffffffffull;
        return f;
    }
    case special::sp_el0:
        f.kind = fast_kind::sp_el0;
        f.offset = in_state(offsetof(arch_state, sp_el));
        f.value = ~0ull;
        return f;
    case special::sp_el1: // from EL2 (its lowest EL) SP_EL1 is never the live SP
        f.kind = fast_kind::stored;
        f.offset = in_state(offsetof(arch_state, sp_el) + 8);
        f.value = ~0ull;
        return f;
    case special::tpidrro_el0: // EL0 may only read it
        f.kind = fast_kind::stored;
        f.offset = offset_of(&system_registers::tpidrro_el0);
        f.value = ~0ull;
        if (!read) f.min_el = 1;
        return f;
    case special::hcr_el2: // a write changes the interrupt picture and translation
        if (!read) return f;
        f.kind = fast_kind::stored;
        f.offset = offset_of(&system_registers::hcr_el2);
        return f;
    case special::midr: f.kind = fast_kind::midr; return f;
    case special::mpidr: f.kind = fast_kind::mpidr; return f;
    case special::daif: // EL0: SCTLR_EL1.UMA decides
        f.kind = fast_kind::daif;
        f.min_el = 1;
        return f;
    default: return f;
    }
}

} // namespace vp::cpu::sysregs
