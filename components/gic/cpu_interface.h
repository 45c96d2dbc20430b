// GICv2 physical CPU interface (GICC) of one CPU, IHI 0048B chapters 3.2,
// 3.3 and 4.4; reset values and IIDR as the GIC-400 (DDI 0471B 3.3).
//
// The CPU interface selects, for its CPU, the highest-priority interrupt the
// distributor forwards, applies the priority mask and preemption rules, and
// drives `irq`/`fiq`. Its own state is only its registers: GICC_CTLR, PMR,
// BPR, ABPR and the active priorities (one bit per preemption level, Group 0
// in GICC_APRn, Group 1 in GICC_NSAPRn). Interrupt state lives in the
// distributor.
//
// update() is the ONE function that computes `irq`/`fiq`; it runs after every
// change of distributor state (listener) or of this interface's registers.
// The ports are written by a single SC_METHOD, woken in the same evaluation
// phase, so an output changes in the delta cycle after its cause and a user's
// sc_signal only ever sees one driver.
//
// Without Security Extensions the registers have their Secure layout
// (GICC_CTLR EnableGrp0 [0], EnableGrp1 [1], AckCtl [2], FIQEn [3], CBPR [4],
// bypass disables [8:5] (stored, bypass not modelled), EOImode [9]); the
// aliased registers GICC_ABPR/AIAR/AEOIR/AHPPIR give the Group 1 (Non-secure)
// view. Choices under UNPREDICTABLE:
// - GICC_DIR while EOImode == 0: ignored, logged.
// - EOIR when no priority is active: ignored, logged. EOIR of an interrupt
//   that is not active: priority drop only, logged.
// - GICC_AEOIR of a Group 0 interrupt: ignored, logged.
// - GICC_HPPIR ignores PMR, running priority and the CPU interface enables.
#pragma once

#include <array>
#include <cstdint>
#include <set>
#include <string>

#include <systemc>
#include <tlm>

#include "common/register_bank.h"
#include "gic/distributor.h"
#include "gic/priority.h"

namespace vp::gic {

constexpr uint32_t gicc_iidr_gic400 = 0x0202143B;

// Register offsets in the CPU interface frame (IHI 0048B Table 4-2).
namespace gicc {
constexpr uint64_t CTLR = 0x00, PMR = 0x04, BPR = 0x08, IAR = 0x0C, EOIR = 0x10, RPR = 0x14, HPPIR = 0x18,
                   ABPR = 0x1C, AIAR = 0x20, AEOIR = 0x24, AHPPIR = 0x28, APR = 0xD0, NSAPR = 0xE0, IIDR = 0xFC,
                   DIR = 0x1000;
constexpr uint64_t frame_size = 0x2000;
} // namespace gicc

// GICC_CTLR fields (no Security Extensions: the Secure copy's layout).
struct gicc_ctlr {
    uint32_t value = 0;
    static constexpr uint32_t writable = 0x3FF;
    bool enable_grp0() const { return value & (1u << 0); }
    bool enable_grp1() const { return value & (1u << 1); }
    bool ack_ctl() const { return value & (1u << 2); }
    bool fiq_en() const { return value & (1u << 3); }
    bool cbpr() const { return value & (1u << 4); }
    bool eoi_mode() const { return value & (1u << 9); }
};

class cpu_interface : public sc_core::sc_module, private distributor_listener {
public:
    sc_core::sc_out<bool> irq; // active high
    sc_core::sc_out<bool> fiq; // active high (Group 0 with FIQEn)

    cpu_interface(sc_core::sc_module_name name, distributor& dist, unsigned cpu);

    // The 8 KiB GICC frame of this CPU.
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    register_bank& registers() { return bank_; }

    // Recomputes irq/fiq from state. Called after every change.
    void update();

    // Side-effect-free views (tests, tracing).
    unsigned cpu() const { return cpu_; }
    uint8_t running_priority() const;
    bool irq_level() const { return irq_level_; } // value being driven on `irq`
    bool fiq_level() const { return fiq_level_; }
    uint32_t ctlr() const { return ctlr_.value; }
    // How many times update() changed irq_level()/fiq_level() (line_view_if).
    uint64_t output_changes() const { return output_changes_; }

private:
    void distributor_changed(uint8_t cpus) override {
        if ((cpus >> cpu_) & 1)
            update();
    }
    void drive_outputs();

    // Register side effects.
    uint32_t acknowledge(bool alias, bool debug);
    void end_of_interrupt(uint32_t value, bool alias);
    void deactivate(uint32_t value);
    uint32_t highest_pending_id(bool alias) const;
    uint8_t group_priority(uint8_t priority, bool group1) const;
    bool can_signal(const pending_irq& irq) const;
    bool drop_priority(bool group1);
    bool valid_eoi_intid(unsigned intid, const char* reg);
    void warn_once(const std::string& key, const std::string& msg);
    void build_registers();

    distributor& dist_;
    const unsigned cpu_;
    const unsigned priority_bits_;
    const unsigned apr_words_;   // implemented GICC_APRn / GICC_NSAPRn registers
    gicc_ctlr ctlr_;
    uint8_t pmr_ = 0;            // GICC_PMR
    unsigned bpr_;               // GICC_BPR
    unsigned abpr_;              // GICC_ABPR
    std::array<std::array<uint32_t, 4>, 2> apr_{}; // [group][word]: active priorities
    bool irq_level_ = false, fiq_level_ = false;
    uint64_t output_changes_ = 0;
    sc_core::sc_event drive_event_;
    register_bank bank_;
};

} // namespace vp::gic
