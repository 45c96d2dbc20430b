// vp::bus::memory — RAM behind a TLM-2.0 target socket.
//
// The storage is an anonymous private mmap (MAP_NORESERVE): zero-initialised,
// and a large, mostly unused RAM (128 MiB by default, several GiB for a Linux
// guest) costs host memory only for the pages the simulation touches.
//
// Behaviour:
//   - b_transport: reads and writes with byte enables (the byte-enable pattern
//     repeats every byte_enable_length bytes) and streaming (the address range
//     repeats every streaming_width bytes), IEEE 1666-2011 §14.13-14.18. A
//     streaming width of 0 is a TLM_BURST_ERROR_RESPONSE. Accesses that do not
//     lie entirely inside the RAM are a TLM_ADDRESS_ERROR_RESPONSE, logged
//     once per address ("bus/memory"). The configured latency is added to the
//     delay; the DMI hint is set.
//   - transport_dbg: reads and writes (the ELF loader writes through it),
//     clipped to the end of the RAM; returns the bytes transferred.
//   - DMI: read/write access to the whole RAM, with the configured latency.
#pragma once

#include <cstdint>
#include <memory>
#include <set>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace vp::bus {

class memory : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<memory> socket;

    static constexpr uint64_t default_size = 128ull << 20; // 128 MiB

    // `latency` is the access time added per b_transport and reported as the
    // DMI read/write latency.
    explicit memory(sc_core::sc_module_name name, uint64_t size = default_size,
                    const sc_core::sc_time& latency = sc_core::SC_ZERO_TIME);

    uint64_t size() const { return size_; }
    // Host view of the storage (for a platform's own fast paths and tests).
    unsigned char* data() { return storage_.get(); }
    const unsigned char* data() const { return storage_.get(); }

    void set_latency(const sc_core::sc_time& t) { latency_ = t; }
    const sc_core::sc_time& latency() const { return latency_; }

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);

    void report_once(uint64_t addr, const std::string& what);

    struct unmap_deleter {
        uint64_t size; // no initialiser: keeps the deleter default-constructible here
        void operator()(unsigned char* p) const;
    };

    uint64_t size_;
    sc_core::sc_time latency_;
    std::unique_ptr<unsigned char, unmap_deleter> storage_;
};

} // namespace vp::bus
