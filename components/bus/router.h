// vp::bus::router — a loosely-timed address router (interconnect).
//
// Initiators (CPUs, DMA, a debugger) bind to the multi-socket `target_socket`;
// targets (RAM, UART, GIC frames, ...) bind to the multi-socket
// `initiator_socket`, in the order that gives them their target index. The
// memory map is a list of windows {base, size, target index, offset in the
// target} declared with map() before the end of elaboration.
//
// What the router does to a transaction (TLM-2.0 LRM, IEEE 1666-2011 §14):
//   - decodes the address; the whole access (the streaming window for a
//     streaming transaction) must lie inside one window, otherwise the
//     response is TLM_ADDRESS_ERROR_RESPONSE and a warning is logged once per
//     address ("bus/router"). Debug accesses are not logged: a debugger
//     probing memory is not a guest mistake.
//   - translates the address to a target-relative offset (base -> offset) and
//     restores it before returning, as the LRM requires of an interconnect;
//   - attaches a vp::cpu_index_extension holding the index of the initiator
//     port it arrived on when the transaction carries none, and removes it
//     again before returning (also if the target throws);
//   - adds its latency (zero by default) to the b_transport delay and to the
//     DMI read/write latencies.
//   - transport_dbg is clipped to the end of the window it starts in and
//     returns the number of bytes the target transferred.
//   - DMI: a granted region is translated back to the initiator's address space
//     and clipped to the window (the pointer is advanced when the start is
//     clipped). A denied request answers with the denied range translated the
//     same way, or with the unmapped hole around the address.
//   - invalidate_direct_mem_ptr from a target is translated through every
//     window that maps that target and forwarded to every initiator.
//   - nb_transport_fw/bw (approximately-timed initiators, base protocol): a
//     BEGIN_REQ is decoded as above (an unmapped one completes at once with
//     TLM_ADDRESS_ERROR_RESPONSE); the router remembers the route until the
//     transaction completes (END_RESP, or TLM_COMPLETED either way). The
//     address is the target's offset from BEGIN_REQ until the response
//     (BEGIN_RESP), when the initiator gets its own address back; the CPU
//     index extension stays attached until completion.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include "common/cpu_index_extension.h"

namespace vp::bus {

// One window of the memory map: [base, base + size) -> target, at `offset`.
struct mapping {
    uint64_t base = 0;
    uint64_t size = 0;
    unsigned target = 0;   // index of the target in initiator_socket (binding order)
    uint64_t offset = 0;   // target-relative address of `base`
    std::string name;      // for diagnostics ("ram", "uart0", ...)

    uint64_t last() const { return base + (size - 1); } // inclusive; never wraps
    bool contains(uint64_t addr) const { return addr >= base && addr - base < size; }
};

class router : public sc_core::sc_module {
public:
    tlm_utils::multi_passthrough_target_socket<router> target_socket;       // bind initiators here
    tlm_utils::multi_passthrough_initiator_socket<router> initiator_socket; // bind targets here

    explicit router(sc_core::sc_module_name name, const sc_core::sc_time& latency = sc_core::SC_ZERO_TIME);

    // Declares a window. Before the end of elaboration only. An empty window,
    // one that wraps the 64-bit address space or one that overlaps an existing
    // window is an SC_REPORT_ERROR naming both windows.
    void map(uint64_t base, uint64_t size, unsigned target, const std::string& name = "",
             uint64_t offset = 0);

    const std::vector<mapping>& memory_map() const { return map_; } // sorted by base
    // One line per window: "0x0000000040000000-0x0000000047ffffff -> target 2 +0x0 ram".
    void print_memory_map(std::ostream& os) const;
    // The window containing `addr`, if any.
    const mapping* decode(uint64_t addr) const;

    void set_latency(const sc_core::sc_time& t) { latency_ = t; }
    const sc_core::sc_time& latency() const { return latency_; }

private:
    void b_transport(int port, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(int port, tlm::tlm_generic_payload& trans);
    bool get_direct_mem_ptr(int port, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
    void invalidate_direct_mem_ptr(int target, sc_dt::uint64 start, sc_dt::uint64 end);
    tlm::tlm_sync_enum nb_transport_fw(int port, tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay);
    tlm::tlm_sync_enum nb_transport_bw(int target, tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay);

    // A non-blocking transaction in flight.
    struct nb_route {
        unsigned port;        // initiator side
        unsigned target;      // index in initiator_socket
        uint64_t address;     // the initiator's address
        uint64_t offset;      // the target's address
        bool tagged;          // the router attached a cpu_index_extension
    };
    void nb_finish(tlm::tlm_generic_payload& trans);

    void end_of_elaboration() override;

    // The window holding the whole access [addr, addr + span), or nullptr.
    const mapping* decode(uint64_t addr, uint64_t span) const;
    void report_unmapped(uint64_t addr, const char* what);
    // Sets `dmi` to the unmapped range around `addr` (DMI denied there).
    void deny_hole(uint64_t addr, tlm::tlm_dmi& dmi) const;

    std::vector<mapping> map_;
    sc_core::sc_time latency_;
    // Index of the window the last decode found, per 64 KiB slot of the
    // address modulo 8 (unused: past the end of map_).
    mutable std::array<uint32_t, 8> recent_{{~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u, ~0u}};
    std::map<tlm::tlm_generic_payload*, nb_route> in_flight_;
    std::vector<std::unique_ptr<cpu_index_extension>> port_extensions_; // one per initiator port
};

} // namespace vp::bus
