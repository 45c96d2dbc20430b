// VCD tracing of the interrupt picture (issue 7), built only when --vcd is
// given so that an untraced run pays nothing; written through vcd_writer, so
// only inside the window --vcd-start/--vcd-stop choose (issue 15).
//
// Per CPU n:  cpu<n>.irq/.fiq/.virq/.vfiq, cpu<n>.el (current exception level)
//             timer.cpu<n>.cntvirq/.cntpnsirq/.cnthpirq
//             gic.cpu<n>.maintenance, gic.cpu<n>.hcr_en, gic.cpu<n>.misr
//             gic.cpu<n>.lr<k>.state/.hw/.vid/.pid for every list register
//             gic.cpu<n>.irq<id>.line/.pending/.active for traced PPIs/SGIs
// Per traced SPI: gic.irq<id>.line/.pending/.active
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <systemc>

#include "board.h"
#include "vcd_window.h"
#include "vcd_writer.h"

namespace vp::platform {

class vcd_tracer : public sc_core::sc_module {
public:
    // Opens FILE (".vcd" appended when missing) and declares every signal.
    // Must be constructed before sc_start.
    vcd_tracer(sc_core::sc_module_name name, board& b, const std::string& file,
               const std::vector<unsigned>& intids, const vcd_window& window = {});
    ~vcd_tracer() override; // finish()
    // Writes the end of the trace (now); later changes are not traced.
    void finish();

    // The file FILE names (".vcd" appended when missing).
    static std::string vcd_path(const std::string& file);
    // "" if FILE can be written, else why not (a directory, a missing
    // directory, no permission).
    static std::string check_writable(const std::string& file);

    const std::string& path() const { return path_; }
    // After finish(): the window's start (the trigger's time), or nothing if
    // it never opened.
    std::optional<sc_core::sc_time> window_start() const;
    uint64_t bytes_written() { return vcd_.bytes_written(); }

private:
    struct line_probe {
        const sc_core::sc_signal_in_if<bool>* line;
        size_t id;
    };
    struct irq_probe {
        unsigned intid, cpu;
        size_t line, pending, active;
    };
    struct lr_probe {
        unsigned cpu, index;
        size_t state, hw, vid, pid;
    };
    struct cpu_probe {
        size_t el, hcr_en, misr;
    };

    void sample_lines();       // SC_METHOD on the lines' value changes
    void sample_distributor(); // SC_METHOD on the distributor's state_changed
    void sample_virtual();     // SC_METHOD on the virtual interfaces' state_changed
    uint64_t now() const;      // in VCD units (1 ns)

    board& board_;
    std::string path_;
    vcd_writer vcd_;
    vcd_window window_;
    std::vector<line_probe> lines_;
    std::vector<irq_probe> irqs_;
    std::vector<lr_probe> lrs_;
    std::vector<cpu_probe> cpus_;
};

} // namespace vp::platform
