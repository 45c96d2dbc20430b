// VMSAv8-64 address translation (DDI 0487 D5): the stage 1 walk of the EL1&0
// and EL2 regimes, the stage 2 walk of EL1&0 (HCR_EL2.VM), permissions and
// memory types. Pure functions over a register snapshot and a physical-memory
// reader, so that unit tests can drive them with hand-built tables; the core
// caches the results in its soft TLB (core.cpp).
//
// Scope (Armv8.0): 4/16/64 KiB granules, 25..48-bit VA/IPA, PA up to
// `pa_bits`; no FEAT_LPA/LVA, no hardware AF/DBM update (a clear AF is an
// Access flag fault), no PAN, no HPD (hierarchical permissions always
// apply), no VHE. The contiguous hint is accepted and ignored (the TLB works
// on 4 KiB pages anyway). Descriptors are little-endian (SCTLR_ELx.EE = 0).
#pragma once

#include <cstdint>

namespace vp::cpu::mmu {

enum class access : uint8_t { read, write, fetch };

// D5.10.2 fault kinds; fsc() gives DFSC/IFSC with the level.
// `alignment` is the memory-type one: a misaligned data access to a page
// whose stage 1 (or stage 2) memory type is Device (B2.5.2).
enum class fault_kind : uint8_t { none, address_size, translation, access_flag, permission, walk_external, alignment };

struct fault {
    fault_kind kind = fault_kind::none;
    unsigned level = 0;
    bool stage2 = false;   // taken to EL2 with HPFAR_EL2
    bool s1ptw = false;    // stage 2 fault on a stage 1 translation table walk
    uint64_t ipa = 0;      // faulting IPA (stage 2 faults)
    unsigned fsc() const;  // 0bKKKKLL
};

// The registers a translation depends on, for one regime.
struct context {
    // Stage 1.
    bool s1_enabled = false;  // SCTLR_ELx.M (and HCR_EL2.{TGE,DC} = 0 for EL1&0)
    bool el2_regime = false;  // EL2: one VA range (TTBR0_EL2), no EL0, AP[1]/PXN ignored
    bool dc = false;          // HCR_EL2.DC: stage 1 off but Normal write-back
    bool wxn = false;         // SCTLR_ELx.WXN
    uint64_t tcr = 0, ttbr0 = 0, ttbr1 = 0, mair = 0;
    // Stage 2 (EL1&0 only).
    bool s2_enabled = false;  // HCR_EL2.VM or HCR_EL2.DC
    bool ptw = false;         // HCR_EL2.PTW
    uint64_t vtcr = 0, vttbr = 0;
    unsigned pa_bits = 48;    // ID_AA64MMFR0_EL1.PARange
};

// Reads 8 bytes of physical memory; false for a bus error.
class phys_reader {
public:
    virtual bool read64(uint64_t pa, uint64_t& value) = 0;
protected:
    ~phys_reader() = default;
};

// Outcome of a translation of one address, with the permissions of its page
// for both privilege levels (so a TLB entry serves every access type).
struct result {
    uint64_t pa = 0;
    uint8_t attr = 0;      // MAIR-format attributes of the combined memory type
    uint8_t sh = 0;        // shareability (SH[1:0])
    bool device = true;    // Device memory: misaligned accesses take an Alignment fault
    bool global = true;    // nG = 0
    uint8_t level = 0;     // level of the stage 1 block/page descriptor (permission faults)
    uint8_t span = 64;     // log2 of the VA range that descriptor maps (64: stage 1 off)
    // Permissions after both stages: [0] = EL0 (unprivileged), [1] = EL1/EL2.
    bool r[2] = {}, w[2] = {}, x[2] = {};
};

// Full translation of `va` for `acc` at privilege `el0` (true: EL0 or an
// unprivileged access) in the regime `ctx`. On failure `f` says which fault,
// in the priority order of the AArch64.FullTranslate pseudocode: stage 1
// walk (with stage 2 faults on its table reads), stage 1 permissions, stage 2
// walk of the output, stage 2 permissions. With `misaligned` (a data access
// not aligned to its size) a Device memory type is an Alignment fault, after
// the walk's own faults and before the permission check of the same stage
// (DDI 0487 R_XCHFJ: alignment by memory type, then permission, then stage 2): stage
// 1's type (Device-nGnRnE with stage 1 off) first, then stage 2's own type.
bool translate(const context& ctx, uint64_t va, access acc, bool el0, phys_reader& mem, result& out, fault& f,
               bool misaligned = false);

// Stage 1 only (AT S1E*): `out.pa` is the IPA, permissions are stage 1's;
// stage 2 faults on the table walk are still reported (with s1ptw).
bool translate_stage1(const context& ctx, uint64_t va, access acc, phys_reader& mem, result& out, fault& f);

// PAR_EL1 value for an AT instruction (D17.2.106).
uint64_t par_value(bool ok, const result& r, const fault& f);

} // namespace vp::cpu::mmu
