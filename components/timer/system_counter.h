// The system counter (Arm ARM DDI 0487 D11.1.2, and chapter I2 "System level
// implementation of the Generic Timer"): one 64-bit count shared by every PE,
// with its memory-mapped CNTControlBase and CNTReadBase frames.
//
// Time, not ticks: the count is a function of simulated time (counter_time.h),
// computed when asked. No process runs per tick; the only process reacts to
// the optional debug-halt input, and exists only when that input is bound.
//
// CNTControlBase (4 KiB, register_bank, 32- or 64-bit accesses where the spec
// allows, anything else a TLM error response):
//   0x000 CNTCR    EN[0], HDBG[1], FCREQ[17:8]; SCEN[2] RES0 (no scaling)
//   0x004 CNTSR    RO: DBGH[1], FCACK[17:8]
//   0x008 CNTCV    64-bit RW
//   0x01C CNTID    RO 0: counter scaling (FEAT_CNTSC) not implemented
//   0x020 CNTFID0  RO: the frequency in Hz
//   0x024 CNTFID1  RO 0: end of the frequency-modes table (I2.3.1)
//   0xFD0-0xFFC    CounterID0-11 (PIDR4-7, PIDR0-3, CIDR0-3)
// CNTReadBase (4 KiB): 0x000 CNTCV RO, 0xFD0-0xFFC CounterID0-11.
//
// Choices where the architecture leaves latitude (all are IMPLEMENTATION
// DEFINED or UNKNOWN in the Arm ARM):
//   - Enabled at reset (CNTCR.EN = 1, CNTCV = 0), as QEMU's virt board: a
//     bare-metal program reads CNTPCT_EL0 without programming a counter it
//     may not even know the address of. The constructor can select the
//     architectural "disabled until firmware enables it" instead.
//   - One frequency-modes entry: FCREQ only accepts 0; writing another entry
//     number is ignored with a warning (selecting an unimplemented entry is
//     not permitted by I2.3.1). The count rate never changes.
//   - CNTCV written while counting: older Arm ARM text says the effect is
//     UNKNOWN; this model applies the value and keeps counting from it, with
//     a warning once.
//   - CNTFID0 is read-only (its writability is IMPLEMENTATION DEFINED).
//   - Halt on debug: when CNTCR.HDBG == 1 and the `debug_halt` input is high
//     the count stops (CNTSR.DBGH = 1) and resumes from the same value.
//   - The count wraps modulo 2^64.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h> // simple_target_socket_optional

#include "common/register_bank.h"
#include "timer/counter_if.h"

namespace vp::timer {

class system_counter : public sc_core::sc_module, public counter_if {
public:
    static constexpr uint64_t default_frequency_hz = 62'500'000; // QEMU virt
    static constexpr uint64_t frame_size = 0x1000;

    // CNTCR / CNTSR fields (I2.3.2, I2.3.3).
    static constexpr uint32_t CNTCR_EN = 1u << 0;
    static constexpr uint32_t CNTCR_HDBG = 1u << 1;
    static constexpr unsigned CNTCR_FCREQ_SHIFT = 8;
    static constexpr uint32_t CNTCR_FCREQ_MASK = 0x3FFu << CNTCR_FCREQ_SHIFT;
    static constexpr uint32_t CNTSR_DBGH = 1u << 1;

    // Register offsets.
    static constexpr uint64_t CNTCR = 0x000, CNTSR = 0x004, CNTCV = 0x008, CNTID = 0x01C, CNTFID0 = 0x020,
                              CNTFID1 = 0x024, COUNTER_ID = 0xFD0;
    static constexpr uint64_t READ_CNTCV = 0x000;

    // CNTControlBase (RW control) and CNTReadBase (read-only count). Both
    // optional: a platform may map only one of them.
    tlm_utils::simple_target_socket_optional<system_counter> control_socket;
    tlm_utils::simple_target_socket_optional<system_counter> read_socket;
    // Optional: the debug-halt request (I2.3.2 CNTCR.HDBG).
    sc_core::sc_port<sc_core::sc_signal_in_if<bool>, 1, sc_core::SC_ZERO_OR_MORE_BOUND> debug_halt;

    // `frequency_hz`: 1 .. 2^32-1 (CNTFID0 is 32 bits); anything else is a
    // configuration error (SC_REPORT_ERROR).
    explicit system_counter(sc_core::sc_module_name name, uint64_t frequency_hz = default_frequency_hz,
                            bool enabled_at_reset = true);

    // counter_if
    uint64_t count_at(const sc_core::sc_time& t) const override;
    bool line(count_line& l) const override;
    uint64_t frequency_hz() const override { return frequency_hz_; }
    bool time_of_count(uint64_t target, const sc_core::sc_time& from, sc_core::sc_time& when) const override;
    void add_observer(counter_observer& observer) override;

    // State for platforms, debuggers and tests (no side effects).
    bool counting() const { return counting_; }
    uint32_t cntcr() const;
    uint32_t cntsr() const;

    // The register frames, for direct access by a platform or a test.
    register_bank& control_registers() { return control_; }
    register_bank& read_registers() { return read_; }

private:
    void declare_control_frame();
    void declare_read_frame();
    void declare_counter_id(register_bank& bank);

    // Side effects.
    void write_cntcr(uint64_t value, uint64_t mask);
    void write_cntcv(uint64_t value, uint64_t mask);
    void on_debug_halt();
    void end_of_elaboration() override;

    // Re-anchors the count at `now` and applies the effective counting state
    // (EN && !(HDBG && debug_halt)); tells the observers if anything changed.
    void rebase(const sc_core::sc_time& now);
    void update_counting();
    void notify_observers();
    bool halt_requested() const;
    void warn_once(const std::string& what);

    void b_transport_control(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    void b_transport_read(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg_control(tlm::tlm_generic_payload& trans);
    unsigned transport_dbg_read(tlm::tlm_generic_payload& trans);

    const uint64_t frequency_hz_;
    const uint64_t units_per_second_; // SystemC time resolution units per second
    // Resolution units per tick when that is an integer (16000 ps at 62.5
    // MHz), else 0: lets count_at() use one 64-bit division.
    const uint64_t units_per_tick_;

    // CNTCR state.
    bool enable_;
    bool halt_on_debug_ = false;

    // The count: base_count_ at base_time_, advancing from there while
    // counting_.
    bool counting_;
    sc_core::sc_time base_time_ = sc_core::SC_ZERO_TIME;
    uint64_t base_count_ = 0;

    // Time of the bus access being served (sc_time_stamp() + annotated delay).
    sc_core::sc_time access_time_ = sc_core::SC_ZERO_TIME;

    register_bank control_;
    register_bank read_;
    std::vector<counter_observer*> observers_;
};

} // namespace vp::timer
