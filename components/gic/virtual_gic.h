// The GIC virtualization extensions of a GIC-400 as one module: per CPU a
// virtual interface control (GICH, list registers) and a virtual CPU
// interface (GICV), their bus frames and their output lines
// (IHI 0048B chapter 5; DDI 0471 3.x for the GIC-400 layout and resets).
//
// Sockets (word accesses only; other sizes get TLM_BURST_ERROR_RESPONSE,
// accesses outside a frame TLM_ADDRESS_ERROR_RESPONSE):
//   gich  8 KiB: 0x0000-0x0FFF  GICH of the accessing CPU (cpu_index_extension;
//                               gic/accessing_cpu.h without one), registers at 0x000-0x1FF
//                0x1000 + 0x200*n  GICH of CPU n (alias frames, n < 8; frames
//                               of CPUs that do not exist are RAZ/WI)
//   gicv  8 KiB: GICV of the accessing CPU, GICC layout, GICV_DIR at 0x1000
// Both GICH paths resolve to an explicit CPU index first and then run the same
// register code, so a read and a write of an alias frame always act on the
// same CPU whoever issues them.
//
// Outputs per CPU (levels, recomputed after every state change, written
// inside the b_transport call that changed the state):
//   virq[n], vfiq[n]  to CPU n (Group 0 goes to vfiq when GICV_CTLR.FIQEn)
//   maintenance[n]    GICH_HCR.En && GICH_MISR != 0; the gic400 top wires it
//                     to PPI 25 of CPU n
//
// A list register with HW == 1 deactivated by the guest calls
// physical_gic_if::deactivate(PhysicalID, n) on the distributor.
//
// Not modelled: the GICv2 Security Extensions view of GICV (the virtual CPU
// interface behaves as a Secure GICC, which is what GICv2 specifies), and
// access permission checks (who may access GICH is the platform's decision).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "gic/accessing_cpu.h"
#include "gic/physical_gic_if.h"
#include "gic/virtual_cpu_interface.h"
#include "gic/virtual_interface.h"

namespace vp::gic {

class virtual_gic : public sc_core::sc_module {
public:
    static constexpr unsigned max_cpus = 8; // GICv2
    static constexpr uint64_t gich_window = 0x2000;
    static constexpr uint64_t gich_alias_base = 0x1000;
    static constexpr uint64_t gicv_window = gicv::frame_size;

    using target_socket = tlm_utils::simple_target_socket_optional<virtual_gic>;
    target_socket gich; // optional to bind (a platform may use GICV only)
    target_socket gicv;
    sc_core::sc_vector<sc_core::sc_out<bool>> virq;
    sc_core::sc_vector<sc_core::sc_out<bool>> vfiq;
    sc_core::sc_vector<sc_core::sc_out<bool>> maintenance;

    // `num_cpus` 1..8, `num_list_registers` 1..64 (GIC-400: 4).
    virtual_gic(sc_core::sc_module_name name, unsigned num_cpus, unsigned num_list_registers,
                physical_gic_if& physical);

    unsigned num_cpus() const { return unsigned(interfaces_.size()); }
    unsigned num_list_registers() const { return interfaces_.front()->num_list_registers(); }

    // Per-CPU state and logic, for the gic400 top and for tests.
    virtual_interface& interface(unsigned cpu) { return *interfaces_.at(cpu); }
    const virtual_interface& interface(unsigned cpu) const { return *interfaces_.at(cpu); }
    virtual_cpu_interface& cpu_interface(unsigned cpu) { return *cpu_interfaces_.at(cpu); }

    // Side-effect-free queries (for VCD tracing and debuggers).
    uint32_t list_register_value(unsigned cpu, unsigned n) const { return interface(cpu).lr(n).raw(); }
    lr_state list_register_state(unsigned cpu, unsigned n) const { return interface(cpu).lr(n).state(); }
    bool enabled(unsigned cpu) const { return interface(cpu).hcr().en; }
    uint32_t maintenance_status(unsigned cpu) const { return interface(cpu).misr(); }
    uint32_t active_priorities(unsigned cpu) const { return interface(cpu).apr(); }

private:
    // Where a GICH access lands: an explicit CPU and an offset in its frame.
    struct gich_route {
        tlm::tlm_response_status status = tlm::TLM_OK_RESPONSE;
        bool exists = true; // false: alias frame of a CPU that does not exist
        unsigned cpu = 0;
        uint64_t offset = 0;
    };
    gich_route route_gich(uint64_t address, unsigned length, unsigned accessing_cpu);

    void gich_b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned gich_transport_dbg(tlm::tlm_generic_payload& trans);
    void gicv_b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned gicv_transport_dbg(tlm::tlm_generic_payload& trans);

    // Runs `access` on `bank` with the payload's address replaced by `offset`.
    template <typename Access>
    auto forward(tlm::tlm_generic_payload& trans, uint64_t offset, Access access);
    // Inline: asked on every GICH and GICV access; the warning is not.
    bool accessing_cpu_exists(unsigned cpu, const char* frame) {
        return cpu < num_cpus() || no_such_cpu(cpu, frame);
    }
    bool no_such_cpu(unsigned cpu, const char* frame); // warns once, false
    std::optional<unsigned> gich_accessing_cpu(tlm::tlm_generic_payload& trans, bool debug);
    void warn_once(const std::string& key, const std::string& message);

    std::vector<std::unique_ptr<virtual_interface>> interfaces_;
    std::vector<std::unique_ptr<virtual_cpu_interface>> cpu_interfaces_;
    accessing_cpu gich_cpu_{std::string(name()) + ".gich"}, gicv_cpu_{std::string(name()) + ".gicv"};
};

} // namespace vp::gic
