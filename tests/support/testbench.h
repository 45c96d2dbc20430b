// A tiny TLM testbench: an initiator that issues single accesses with a CPU
// index attached, from sc_main context (between sc_start calls) or from a
// thread. Targets in this project never wait() in b_transport for register
// frames, so calling it outside a process is safe.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "common/cpu_index_extension.h"

namespace vp::test {

struct bus_result {
    tlm::tlm_response_status status;
    uint64_t value;
    bool ok() const { return status == tlm::TLM_OK_RESPONSE; }
};

class initiator : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<initiator> socket;

    explicit initiator(sc_core::sc_module_name name) : sc_module(name), socket("socket") {}

    bus_result access(tlm::tlm_command cmd, uint64_t addr, uint64_t value, unsigned size, unsigned cpu,
                      bool debug = false) {
        tlm::tlm_generic_payload trans;
        cpu_index_extension ext(cpu);
        unsigned char data[8] = {};
        std::memcpy(data, &value, size);
        trans.set_command(cmd);
        trans.set_address(addr);
        trans.set_data_ptr(data);
        trans.set_data_length(size);
        trans.set_streaming_width(size);
        trans.set_byte_enable_ptr(nullptr);
        trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        trans.set_extension(&ext);
        // The extension lives on this stack frame: detach it even when the
        // target throws (an SC_REPORT_ERROR), or the payload would free it.
        struct detach {
            tlm::tlm_generic_payload& t;
            cpu_index_extension& e;
            ~detach() { t.clear_extension(&e); }
        } guard{trans, ext};
        if (debug) {
            socket->transport_dbg(trans);
        } else {
            sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
            socket->b_transport(trans, delay);
        }
        uint64_t out = 0;
        std::memcpy(&out, data, size);
        return {trans.get_response_status(), cmd == tlm::TLM_READ_COMMAND ? out : 0};
    }

    uint32_t read32(uint64_t addr, unsigned cpu = 0) { return uint32_t(access(tlm::TLM_READ_COMMAND, addr, 0, 4, cpu).value); }
    void write32(uint64_t addr, uint32_t v, unsigned cpu = 0) { access(tlm::TLM_WRITE_COMMAND, addr, v, 4, cpu); }
    uint8_t read8(uint64_t addr, unsigned cpu = 0) { return uint8_t(access(tlm::TLM_READ_COMMAND, addr, 0, 1, cpu).value); }
    void write8(uint64_t addr, uint8_t v, unsigned cpu = 0) { access(tlm::TLM_WRITE_COMMAND, addr, v, 1, cpu); }
    uint64_t read64(uint64_t addr, unsigned cpu = 0) { return access(tlm::TLM_READ_COMMAND, addr, 0, 8, cpu).value; }
    void write64(uint64_t addr, uint64_t v, unsigned cpu = 0) { access(tlm::TLM_WRITE_COMMAND, addr, v, 8, cpu); }
    uint32_t peek32(uint64_t addr, unsigned cpu = 0) { return uint32_t(access(tlm::TLM_READ_COMMAND, addr, 0, 4, cpu, true).value); }
};

// Runs the simulation for `t` (SC_ZERO_TIME runs pending delta cycles only).
inline void run(const sc_core::sc_time& t = sc_core::SC_ZERO_TIME) { sc_core::sc_start(t); }

} // namespace vp::test
