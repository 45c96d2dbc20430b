#include "bus/flash.h"

#include <algorithm>

namespace vp::bus {

flash::flash(sc_core::sc_module_name name, uint64_t size) : sc_module(name), socket("socket"), size_(size) {
    socket.register_b_transport(this, &flash::b_transport);
    socket.register_transport_dbg(this, &flash::transport_dbg);
    socket.register_get_direct_mem_ptr(this, &flash::get_direct_mem_ptr);
}

bool flash::load(uint64_t offset, const uint8_t* data, uint64_t len) {
    if (offset > size_ || len > size_ - offset)
        return false;
    if (image_.size() < offset + len)
        image_.resize(offset + len, erased);
    std::copy(data, data + len, image_.begin() + std::ptrdiff_t(offset));
    return true;
}

void flash::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
    const uint64_t addr = trans.get_address();
    const unsigned len = trans.get_data_length();
    const unsigned width = trans.get_streaming_width() ? trans.get_streaming_width() : len;
    if (trans.get_byte_enable_ptr()) {
        trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if (addr >= size_ || std::min(width, len) > size_ - addr) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    if (trans.is_read()) {
        for (unsigned i = 0; i < len; ++i)
            trans.get_data_ptr()[i] = byte(addr + i % width);
        trans.set_dmi_allowed(true);
    } else if (trans.is_write() && !warned_write_) {
        warned_write_ = true;
        SC_REPORT_WARNING("bus/flash", (std::string(name()) +
                                        ": write ignored (no CFI programming model; the bank stays as loaded)")
                                           .c_str());
    }
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned flash::transport_dbg(tlm::tlm_generic_payload& trans) {
    const uint64_t addr = trans.get_address();
    if (addr >= size_)
        return 0;
    const unsigned count = unsigned(std::min<uint64_t>(trans.get_data_length(), size_ - addr));
    if (trans.is_read())
        for (unsigned i = 0; i < count; ++i)
            trans.get_data_ptr()[i] = byte(addr + i);
    else if (trans.is_write()) {
        if (granted_)
            socket->invalidate_direct_mem_ptr(0, size_ - 1);
        granted_ = false;
        load(addr, trans.get_data_ptr(), count);
    }
    else
        return 0;
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    return count;
}

// Read-only: the loaded image as one region, erased flash by aligned windows
// (clipped to the image's end and the bank's) over the shared 0xFF buffer.
// Beyond the bank: refused for the address (TLM-2.0, IEEE 1666-2011 11.2.8: a
// refusal names the range it applies to).
bool flash::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
    const uint64_t addr = trans.get_address();
    dmi.init();
    if (addr >= size_) {
        dmi.set_start_address(addr);
        dmi.set_end_address(addr);
        return false;
    }
    dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_READ);
    granted_ = true;
    if (addr < image_.size()) {
        dmi.set_dmi_ptr(image_.data());
        dmi.set_start_address(0);
        dmi.set_end_address(image_.size() - 1);
        return true;
    }
    if (erased_bytes_.empty())
        erased_bytes_.assign(erased_window, erased);
    const uint64_t window = addr & ~(erased_window - 1);
    dmi.set_dmi_ptr(erased_bytes_.data());
    dmi.set_start_address(std::max<uint64_t>(window, image_.size()));
    dmi.set_end_address(std::min(window + erased_window, size_) - 1);
    return true;
}

} // namespace vp::bus
