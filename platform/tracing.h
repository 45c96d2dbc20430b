// VCD tracing of the interrupt picture (issue 7), built only when --vcd is
// given so that an untraced run pays nothing.
//
// Per CPU n:  cpu<n>.irq/.fiq/.virq/.vfiq, cpu<n>.el (current exception level)
//             timer.cpu<n>.cntvirq/.cntpnsirq/.cnthpirq
//             gic.cpu<n>.maintenance, gic.cpu<n>.hcr_en, gic.cpu<n>.misr
//             gic.cpu<n>.lr<k>.state/.hw/.vid/.pid for every list register
//             gic.cpu<n>.irq<id>.line/.pending/.active for traced PPIs/SGIs
// Per traced SPI: gic.irq<id>.line/.pending/.active
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "board.h"

namespace vp::platform {

class vcd_tracer : public sc_core::sc_module {
public:
    // Opens FILE (".vcd" is appended by SystemC when missing) and registers
    // every signal. Must be constructed before sc_start.
    vcd_tracer(sc_core::sc_module_name name, board& b, const std::string& file,
               const std::vector<unsigned>& intids);
    ~vcd_tracer() override;

    // The file FILE names (".vcd" appended when missing).
    static std::string vcd_path(const std::string& file);
    // "" if FILE can be written, else why not (a directory, a missing
    // directory, no permission). SystemC's VCD writer cannot be asked: it
    // crashes (SIGFPE while unwinding) on a file it cannot open.
    static std::string check_writable(const std::string& file);

private:
    struct irq_probe {
        unsigned intid, cpu;
        sc_core::sc_signal<bool> line, pending, active;
    };
    struct lr_probe {
        unsigned cpu, index;
        sc_core::sc_signal<sc_dt::sc_uint<2>> state;
        sc_core::sc_signal<bool> hw;
        sc_core::sc_signal<sc_dt::sc_uint<10>> vid, pid;
    };
    struct cpu_probe {
        sc_core::sc_signal<bool> hcr_en;
        sc_core::sc_signal<sc_dt::sc_uint<8>> misr;
    };

    void sample_distributor(); // SC_METHOD on the distributor's state_changed
    void sample_virtual();     // SC_METHOD on the virtual interface's state_changed

    static void make_deterministic(const std::string& path);

    board& board_;
    std::string path_;
    sc_core::sc_trace_file* file_;
    std::vector<std::unique_ptr<irq_probe>> irqs_;
    std::vector<std::unique_ptr<lr_probe>> lrs_;
    std::vector<std::unique_ptr<cpu_probe>> cpus_;
};

} // namespace vp::platform
