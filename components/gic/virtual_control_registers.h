// The stored control state of one CPU's GIC virtual interface, as typed
// fields: GICH_HCR and GICH_VMCR (IHI 0048B 5.3, GICH_HCR and GICH_VMCR), plus the bit
// positions of the derived GICH_MISR (IHI 0048B 5.3, GICH_MISR).
//
// GICH_VMCR *is* the guest's GICV_CTLR/PMR/BPR/ABPR state: there is one copy,
// here, and both views are computed from it.
#pragma once

#include <algorithm>
#include <cstdint>

#include "gic/priority.h"

namespace vp::gic {

// The virtual CPU interface of the GIC-400 implements 5 priority bits and 5
// preemption bits (DDI 0471, GICH_VTR reset 0x90000003 with 4 list registers).
constexpr unsigned virtual_priority_bits = 5;
constexpr unsigned virtual_preemption_bits = 5;
constexpr unsigned max_list_registers = 64; // GICH_VTR.ListRegs is 6 bits
constexpr unsigned default_list_registers = 4;

// Special interrupt IDs (IHI 0048B 3.2.5).
constexpr unsigned spurious_id = 1023;
constexpr unsigned spurious_group1_id = 1022; // "Group 1 interrupt hidden by AckCtl == 0"
constexpr unsigned first_special_id = 1020;
constexpr unsigned first_ppi_id = 16;

// GICH_HCR, IHI 0048B 5.3.
struct hypervisor_control {
    bool en = false;       // [0] virtual CPU interface enable
    bool uie = false;      // [1] underflow maintenance enable
    bool lrenpie = false;  // [2] "list register entry not present" enable
    bool npie = false;     // [3] "no pending" enable
    bool vgrp0eie = false; // [4] maintenance when VMGrp0En == 1
    bool vgrp0die = false; // [5] maintenance when VMGrp0En == 0
    bool vgrp1eie = false; // [6] maintenance when VMGrp1En == 1
    bool vgrp1die = false; // [7] maintenance when VMGrp1En == 0
    unsigned eoi_count = 0; // [31:27], wraps 31 -> 0

    static hypervisor_control from_raw(uint32_t v) {
        hypervisor_control h;
        h.en = v & (1u << 0);
        h.uie = v & (1u << 1);
        h.lrenpie = v & (1u << 2);
        h.npie = v & (1u << 3);
        h.vgrp0eie = v & (1u << 4);
        h.vgrp0die = v & (1u << 5);
        h.vgrp1eie = v & (1u << 6);
        h.vgrp1die = v & (1u << 7);
        h.eoi_count = (v >> 27) & 0x1Fu;
        return h;
    }
    uint32_t raw() const {
        return uint32_t(en) | uint32_t(uie) << 1 | uint32_t(lrenpie) << 2 | uint32_t(npie) << 3 |
               uint32_t(vgrp0eie) << 4 | uint32_t(vgrp0die) << 5 | uint32_t(vgrp1eie) << 6 |
               uint32_t(vgrp1die) << 7 | (eoi_count & 0x1Fu) << 27;
    }
};

// GICH_MISR bits, IHI 0048B 5.3.
namespace misr {
constexpr uint32_t eoi = 1u << 0;
constexpr uint32_t underflow = 1u << 1;
constexpr uint32_t lrenp = 1u << 2;
constexpr uint32_t no_pending = 1u << 3;
constexpr uint32_t vgrp0e = 1u << 4;
constexpr uint32_t vgrp0d = 1u << 5;
constexpr uint32_t vgrp1e = 1u << 6;
constexpr uint32_t vgrp1d = 1u << 7;
} // namespace misr

// GICH_VMCR (IHI 0048B 5.3) and its GICV aliases (5.4):
//   VMGrp0En[0]  = GICV_CTLR.EnableGrp0   VMGrp1En[1] = GICV_CTLR.EnableGrp1
//   VMAckCtl[2]  = GICV_CTLR.AckCtl       VMFIQEn[3]  = GICV_CTLR.FIQEn
//   VMCBPR[4]    = GICV_CTLR.CBPR         VEM[9]      = GICV_CTLR.EOImode
//   VMABP[20:18] = GICV_ABPR              VMBP[23:21] = GICV_BPR
//   VMPriMask[31:27] = GICV_PMR[7:3]
struct virtual_machine_control {
    bool enable_grp0 = false;
    bool enable_grp1 = false;
    bool ack_ctl = false;
    bool fiq_en = false;
    bool cbpr = false;
    bool eoi_mode = false;
    unsigned abpr = min_abpr(virtual_preemption_bits); // GIC-400 reset: 3
    unsigned bpr = min_bpr(virtual_preemption_bits);   // GIC-400 reset: 2
    unsigned pri_mask = 0;                             // 5-bit field

    // A binary point below the minimum reads and acts as the minimum
    // (IHI 0048B 4.4.3, "Binary Point Register"); the model applies the same
    // rule when the hypervisor writes GICH_VMCR, so both views always agree.
    void set_bpr(unsigned v) { bpr = std::max(v & 7u, min_bpr(virtual_preemption_bits)); }
    void set_abpr(unsigned v) { abpr = std::max(v & 7u, min_abpr(virtual_preemption_bits)); }

    static virtual_machine_control from_vmcr(uint32_t v) {
        virtual_machine_control c;
        c.set_ctlr(v & 0x21Fu); // CTLR bits sit at the same positions
        c.set_abpr((v >> 18) & 7u);
        c.set_bpr((v >> 21) & 7u);
        c.pri_mask = (v >> 27) & 0x1Fu;
        return c;
    }
    uint32_t vmcr() const { return ctlr() | (abpr & 7u) << 18 | (bpr & 7u) << 21 | (pri_mask & 0x1Fu) << 27; }

    // GICV_CTLR (IHI 0048B 5.4, GICC_CTLR layout of 4.4.1).
    uint32_t ctlr() const {
        return uint32_t(enable_grp0) | uint32_t(enable_grp1) << 1 | uint32_t(ack_ctl) << 2 | uint32_t(fiq_en) << 3 |
               uint32_t(cbpr) << 4 | uint32_t(eoi_mode) << 9;
    }
    void set_ctlr(uint32_t v) {
        enable_grp0 = v & (1u << 0);
        enable_grp1 = v & (1u << 1);
        ack_ctl = v & (1u << 2);
        fiq_en = v & (1u << 3);
        cbpr = v & (1u << 4);
        eoi_mode = v & (1u << 9);
    }

    // GICV_PMR: the 5 implemented bits are [7:3].
    uint8_t pmr() const { return uint8_t((pri_mask & 0x1Fu) << 3); }
    void set_pmr(uint32_t v) { pri_mask = (v >> 3) & 0x1Fu; }

    // Group priority of an interrupt of `priority` in `group1` (IHI 0048B 3.3.3).
    uint8_t group_priority(uint8_t priority, bool group1) const {
        return uint8_t(priority & group_priority_mask(group1, cbpr, bpr, abpr));
    }
    bool group_enabled(bool group1) const { return group1 ? enable_grp1 : enable_grp0; }
};

} // namespace vp::gic
