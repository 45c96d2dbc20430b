#include "bus/memory.h"

#include <cstring>
#include <sstream>

#include "common/log.h"

#include <sys/mman.h>

namespace vp::bus {

namespace {
constexpr const char* report_type = "bus/memory";
}

memory::memory(sc_core::sc_module_name name, uint64_t size, const sc_core::sc_time& latency)
    : sc_module(name), socket("socket"), size_(size), latency_(latency) {
    if (size_ == 0 || size_ > SIZE_MAX) {
        SC_REPORT_ERROR(report_type, (std::string(this->name()) + ": invalid RAM size").c_str());
        return;
    }
    void* p = mmap(nullptr, size_t(size_), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p != MAP_FAILED)
        storage_ = std::unique_ptr<unsigned char, unmap_deleter>(static_cast<unsigned char*>(p), unmap_deleter{size_});
    if (!storage_) {
        SC_REPORT_FATAL(report_type, (std::string(this->name()) + ": cannot allocate " +
                                      std::to_string(size_) + " bytes of RAM").c_str());
        return;
    }
    socket.register_b_transport(this, &memory::b_transport);
    socket.register_transport_dbg(this, &memory::transport_dbg);
    socket.register_get_direct_mem_ptr(this, &memory::get_direct_mem_ptr);
}

void memory::unmap_deleter::operator()(unsigned char* p) const { munmap(p, size_t(size)); }

void memory::report_once(uint64_t addr, const std::string& what) {
    if (!vp::log::first(report_type, std::string(name()) + ":" + std::to_string(addr)))
        return;
    std::ostringstream msg;
    msg << name() << ": " << what << " at offset 0x" << std::hex << addr;
    vp::log::warning(report_type, msg.str());
}

void memory::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const uint64_t addr = trans.get_address();
    const unsigned len = trans.get_data_length();
    const unsigned width = trans.get_streaming_width();
    unsigned char* data = trans.get_data_ptr();
    const unsigned char* be = trans.get_byte_enable_ptr();
    const unsigned be_len = trans.get_byte_enable_length();

    if (width == 0 || (be && be_len == 0)) {
        report_once(addr, "streaming width or byte-enable length of 0");
        trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    const uint64_t span = width < len ? width : len; // bytes of RAM the access covers
    if (addr >= size_ || span > size_ - addr) {
        report_once(addr, "access of " + std::to_string(len) + " bytes outside the RAM");
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }

    const tlm::tlm_command cmd = trans.get_command();
    if (cmd != tlm::TLM_IGNORE_COMMAND) {
        unsigned char* mem = storage_.get() + addr;
        if (!be && width >= len) {
            if (cmd == tlm::TLM_READ_COMMAND)
                std::memcpy(data, mem, len);
            else
                std::memcpy(mem, data, len);
        } else {
            // General case: byte i of the payload goes to address offset
            // i % width; it takes part only when its byte enable is 0xFF
            // (TLM_BYTE_ENABLED). Disabled read lanes are left untouched.
            for (unsigned i = 0; i < len; ++i) {
                if (be && be[i % be_len] != TLM_BYTE_ENABLED)
                    continue;
                unsigned char* cell = mem + (i % width);
                if (cmd == tlm::TLM_READ_COMMAND)
                    data[i] = *cell;
                else
                    *cell = data[i];
            }
        }
    }
    delay += latency_;
    trans.set_dmi_allowed(true);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned memory::transport_dbg(tlm::tlm_generic_payload& trans) {
    const uint64_t addr = trans.get_address();
    const unsigned len = trans.get_data_length();
    if (addr >= size_) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return 0;
    }
    const unsigned count = size_ - addr < len ? unsigned(size_ - addr) : len;
    unsigned char* mem = storage_.get() + addr;
    switch (trans.get_command()) {
    case tlm::TLM_READ_COMMAND:
        std::memcpy(trans.get_data_ptr(), mem, count);
        break;
    case tlm::TLM_WRITE_COMMAND:
        std::memcpy(mem, trans.get_data_ptr(), count);
        break;
    default:
        return 0;
    }
    trans.set_response_status(count == len ? tlm::TLM_OK_RESPONSE : tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return count;
}

bool memory::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
    if (trans.get_address() >= size_) {
        // Denied above the RAM (to the end of the target's address space).
        dmi.set_start_address(size_);
        dmi.set_end_address(~uint64_t(0));
        dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_NONE);
        return false;
    }
    dmi.set_dmi_ptr(storage_.get());
    dmi.set_start_address(0);
    dmi.set_end_address(size_ - 1);
    dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_READ_WRITE);
    dmi.set_read_latency(latency_);
    dmi.set_write_latency(latency_);
    return true;
}

} // namespace vp::bus
