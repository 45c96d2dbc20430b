// Helpers for the bus tests: an initiator that builds raw payloads (with or
// without a CPU-index extension, byte enables, streaming) and records DMI
// invalidations, and a target stub that records what reaches it.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "common/cpu_index_extension.h"

namespace vp::test {

class raw_initiator : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<raw_initiator> socket;
    std::vector<std::pair<uint64_t, uint64_t>> invalidations;

    explicit raw_initiator(sc_core::sc_module_name name) : sc_module(name), socket("socket") {
        socket.register_invalidate_direct_mem_ptr(this, &raw_initiator::invalidate);
    }

    struct result {
        tlm::tlm_response_status status;
        sc_core::sc_time delay;
        uint64_t address_after; // the payload's address when b_transport returned
        bool extension_after;   // a cpu_index_extension was still attached
        bool dmi_hint;
    };

    // One b_transport of `data` (read into / written from it).
    result transport(tlm::tlm_command cmd, uint64_t addr, unsigned char* data, unsigned len,
                     std::optional<unsigned> cpu = std::nullopt, const unsigned char* be = nullptr,
                     unsigned be_len = 0, unsigned streaming_width = 0) {
        tlm::tlm_generic_payload trans;
        cpu_index_extension ext(cpu.value_or(0));
        trans.set_command(cmd);
        trans.set_address(addr);
        trans.set_data_ptr(data);
        trans.set_data_length(len);
        trans.set_streaming_width(streaming_width ? streaming_width : len);
        trans.set_byte_enable_ptr(const_cast<unsigned char*>(be));
        trans.set_byte_enable_length(be_len);
        trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        if (cpu)
            trans.set_extension(&ext);
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        socket->b_transport(trans, delay);
        result r{trans.get_response_status(), delay, trans.get_address(),
                 cpu ? true : trans.get_extension<cpu_index_extension>() != nullptr, trans.is_dmi_allowed()};
        if (cpu)
            trans.clear_extension(&ext);
        return r;
    }

    uint32_t read32(uint64_t addr, tlm::tlm_response_status* status = nullptr) {
        unsigned char d[4] = {};
        auto r = transport(tlm::TLM_READ_COMMAND, addr, d, 4);
        if (status)
            *status = r.status;
        uint32_t v;
        std::memcpy(&v, d, 4);
        return v;
    }
    tlm::tlm_response_status write32(uint64_t addr, uint32_t v) {
        unsigned char d[4];
        std::memcpy(d, &v, 4);
        return transport(tlm::TLM_WRITE_COMMAND, addr, d, 4).status;
    }

    // transport_dbg: returns the byte count; `status` gets the response.
    unsigned debug(tlm::tlm_command cmd, uint64_t addr, unsigned char* data, unsigned len,
                   tlm::tlm_response_status* status = nullptr, uint64_t* address_after = nullptr) {
        tlm::tlm_generic_payload trans;
        trans.set_command(cmd);
        trans.set_address(addr);
        trans.set_data_ptr(data);
        trans.set_data_length(len);
        trans.set_streaming_width(len);
        trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        const unsigned n = socket->transport_dbg(trans);
        if (status)
            *status = trans.get_response_status();
        if (address_after)
            *address_after = trans.get_address();
        return n;
    }

    bool dmi(uint64_t addr, tlm::tlm_dmi& dmi, tlm::tlm_command cmd = tlm::TLM_READ_COMMAND) {
        tlm::tlm_generic_payload trans;
        trans.set_command(cmd);
        trans.set_address(addr);
        return socket->get_direct_mem_ptr(trans, dmi);
    }

private:
    void invalidate(sc_dt::uint64 start, sc_dt::uint64 end) { invalidations.emplace_back(start, end); }
};

// A target that records the last transaction it saw and answers from a small
// byte array; it can grant DMI to a configurable region and invalidate it.
class stub_target : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<stub_target> socket;

    struct seen {
        uint64_t address = 0;
        unsigned length = 0;
        bool has_cpu = false;
        unsigned cpu = 0;
        bool debug = false;
    };
    std::vector<seen> log;
    unsigned char bytes[0x100] = {};
    sc_core::sc_time latency = sc_core::SC_ZERO_TIME;

    // DMI answer: region [dmi_start, dmi_end] (target-relative) at dmi_storage.
    bool grant_dmi = true;
    uint64_t dmi_start = 0, dmi_end = 0xFF;
    unsigned char* dmi_storage = bytes;
    sc_core::sc_time dmi_latency = sc_core::sc_time(3, sc_core::SC_NS);

    explicit stub_target(sc_core::sc_module_name name) : sc_module(name), socket("socket") {
        socket.register_b_transport(this, &stub_target::b_transport);
        socket.register_transport_dbg(this, &stub_target::transport_dbg);
        socket.register_get_direct_mem_ptr(this, &stub_target::get_direct_mem_ptr);
    }

    void invalidate(uint64_t start, uint64_t end) { socket->invalidate_direct_mem_ptr(start, end); }

private:
    seen record(tlm::tlm_generic_payload& trans, bool debug) {
        seen s;
        s.address = trans.get_address();
        s.length = trans.get_data_length();
        const auto* ext = trans.get_extension<cpu_index_extension>();
        s.has_cpu = ext != nullptr;
        s.cpu = ext ? ext->cpu : 0;
        s.debug = debug;
        log.push_back(s);
        return s;
    }
    unsigned copy(tlm::tlm_generic_payload& trans) {
        const uint64_t a = trans.get_address();
        unsigned n = trans.get_data_length();
        if (a >= sizeof bytes)
            return 0;
        if (n > sizeof bytes - a)
            n = unsigned(sizeof bytes - a);
        if (trans.is_read())
            std::memcpy(trans.get_data_ptr(), bytes + a, n);
        else if (trans.is_write())
            std::memcpy(bytes + a, trans.get_data_ptr(), n);
        return n;
    }
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
        record(trans, false);
        copy(trans);
        delay += latency;
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    unsigned transport_dbg(tlm::tlm_generic_payload& trans) {
        record(trans, true);
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
        return copy(trans);
    }
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
        record(trans, false);
        dmi.set_start_address(dmi_start);
        dmi.set_end_address(dmi_end);
        if (!grant_dmi)
            return false;
        dmi.set_dmi_ptr(dmi_storage);
        dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_READ_WRITE);
        dmi.set_read_latency(dmi_latency);
        dmi.set_write_latency(dmi_latency);
        return true;
    }
};

} // namespace vp::test
