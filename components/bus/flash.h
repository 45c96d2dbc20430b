// vp::bus::flash — one NOR flash bank as QEMU virt's "pflash" is seen by
// software that does not program it: it reads as erased flash (every byte
// 0xFF) except where an image was loaded (load(), before the simulation; the
// `vp --bios` image in bank 0). Only the loaded bytes take host memory.
//
// Writes are accepted and ignored (TLM_OK_RESPONSE, one warning per bank):
// no CFI command set is modelled, so software that probes for CFI ("QRY")
// finds no flash and software that stores its environment there (U-Boot at
// 0x0400_0000) keeps it in RAM. transport_dbg reads and writes the contents
// (a debugger may patch the image).
//
// DMI: read-only, so that a CPU fetches and reads boot code without a
// transaction per instruction, and reads erased flash (U-Boot scans its
// environment at 0x0400_0000 byte by byte: 0.5 M reads) without a context
// switch per byte. Over the loaded bytes the grant points at the image; the
// erased rest is granted by windows of erased_window bytes that all point at
// one shared buffer of 0xFF bytes (a read-only pointer may alias). Every read
// hints DMI. Since writes never change the contents, only a debug write can:
// it invalidates every grant first (it may move the image in host memory and
// turns erased bytes into loaded ones).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace vp::bus {

class flash : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<flash> socket;

    static constexpr uint8_t erased = 0xff;
    // Size and alignment of a DMI grant over erased flash.
    static constexpr uint64_t erased_window = 64 * 1024;

    flash(sc_core::sc_module_name name, uint64_t size);

    uint64_t size() const { return size_; }
    // Places `len` bytes at `offset`; false if they do not fit in the bank.
    bool load(uint64_t offset, const uint8_t* data, uint64_t len);
    // The byte at `offset` as software reads it.
    uint8_t byte(uint64_t offset) const { return offset < image_.size() ? image_[offset] : erased; }

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);

    uint64_t size_;
    std::vector<uint8_t> image_; // the first image_.size() bytes; the rest is erased
    std::vector<uint8_t> erased_bytes_; // erased_window bytes of 0xFF once a window was granted
    bool granted_ = false;              // a grant may be outstanding
    bool warned_write_ = false;
};

} // namespace vp::bus
