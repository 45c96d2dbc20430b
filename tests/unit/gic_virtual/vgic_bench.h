// Test bench for the GIC virtualization extensions: a virtual_gic with a fake
// distributor that records deactivate() calls, a hypervisor initiator on GICH
// and a guest initiator on GICV, and signals on every output line.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <systemc>

#include "gic/virtual_gic.h"
#include "testbench.h"

namespace vp::gic::test {

struct fake_physical_gic : physical_gic_if {
    std::vector<std::pair<unsigned, unsigned>> deactivations; // (intid, cpu)
    void deactivate(unsigned intid, unsigned cpu) override { deactivations.emplace_back(intid, cpu); }
};

// Counts warnings per message type (the models report guest mistakes once).
struct warning_counter {
    static std::vector<std::string>& messages() {
        static std::vector<std::string> m;
        return m;
    }
    static void handler(const sc_core::sc_report& r, const sc_core::sc_actions& a) {
        if (r.get_severity() == sc_core::SC_WARNING) {
            messages().push_back(std::string(r.get_msg_type()) + ": " + r.get_msg());
            return;
        }
        sc_core::sc_report_handler::default_handler(r, a);
    }
    static void install() { sc_core::sc_report_handler::set_handler(&handler); }
    static size_t count_containing(const std::string& text) {
        size_t n = 0;
        for (const auto& m : messages())
            n += m.find(text) != std::string::npos ? 1 : 0;
        return n;
    }
};

struct vgic_bench {
    fake_physical_gic physical;
    virtual_gic vgic;
    vp::test::initiator hyp;
    vp::test::initiator guest;
    sc_core::sc_vector<sc_core::sc_signal<bool>> virq;
    sc_core::sc_vector<sc_core::sc_signal<bool>> vfiq;
    sc_core::sc_vector<sc_core::sc_signal<bool>> maintenance;

    explicit vgic_bench(unsigned cpus = 2, unsigned lrs = 4)
        : vgic("vgic", cpus, lrs, physical), hyp("hyp"), guest("guest"), virq("virq_line", cpus),
          vfiq("vfiq_line", cpus), maintenance("maintenance_line", cpus) {
        warning_counter::install();
        hyp.socket.bind(vgic.gich);
        guest.socket.bind(vgic.gicv);
        for (unsigned c = 0; c < cpus; ++c) {
            vgic.virq[c].bind(virq[c]);
            vgic.vfiq[c].bind(vfiq[c]);
            vgic.maintenance[c].bind(maintenance[c]);
        }
    }

    // GICH of the accessing CPU `cpu`.
    uint32_t gich_read(uint64_t off, unsigned cpu = 0) { return hyp.read32(off, cpu); }
    void gich_write(uint64_t off, uint32_t v, unsigned cpu = 0) { hyp.write32(off, v, cpu); }
    // Address of register `off` in the GICH alias frame of CPU `target`.
    uint64_t alias(unsigned target, uint64_t off) const { return 0x1000 + 0x200 * target + off; }
    // GICV of CPU `cpu`.
    uint32_t gicv_read(uint64_t off, unsigned cpu = 0) { return guest.read32(off, cpu); }
    void gicv_write(uint64_t off, uint32_t v, unsigned cpu = 0) { guest.write32(off, v, cpu); }

    void write_lr(unsigned n, list_register lr, unsigned cpu = 0) { gich_write(gich::LR0 + 4 * n, lr.raw(), cpu); }
    list_register read_lr(unsigned n, unsigned cpu = 0) { return list_register(gich_read(gich::LR0 + 4 * n, cpu)); }

    // A hypervisor that has enabled the virtual interface and a guest that has
    // enabled both groups with an open priority mask.
    void enable(unsigned cpu = 0, uint32_t ctlr = 0x3) {
        gich_write(gich::HCR, 1, cpu);
        gicv_write(gicv::CTLR, ctlr, cpu);
        gicv_write(gicv::PMR, 0xF8, cpu);
    }

    // Runs every delta cycle due now (time does not advance): written
    // signals become visible.
    static void settle() {
        vp::test::run(sc_core::SC_ZERO_TIME);
        while (sc_core::sc_pending_activity_at_current_time())
            vp::test::run(sc_core::SC_ZERO_TIME);
    }
    bool virq_line(unsigned cpu = 0) { settle(); return virq[cpu].read(); }
    bool vfiq_line(unsigned cpu = 0) { settle(); return vfiq[cpu].read(); }
    bool maintenance_line(unsigned cpu = 0) { settle(); return maintenance[cpu].read(); }
};

} // namespace vp::gic::test
