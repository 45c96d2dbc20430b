#include "register_bank.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <sstream>

#include "common/access_bytes.h"
#include "common/log.h"

namespace vp {

register_bank::register_bank(std::string report_type, uint64_t frame_size)
    : report_type_(std::move(report_type)), frame_size_(frame_size) {}

register_entry& register_bank::add(register_entry entry) {
    assert(entry.width == 4 || entry.width == 8);
    assert(entry.count >= 1);
    assert((entry.sizes & ~(SIZES_8 | SIZES_16 | SIZES_32 | SIZES_64)) == 0 && entry.sizes != 0);
    const uint64_t end = entry.offset + uint64_t(entry.width) * entry.count;
    assert(end <= frame_size_);
    auto pos = std::lower_bound(entries_.begin(), entries_.end(), entry.offset,
                                [](const register_entry& e, uint64_t off) { return e.offset < off; });
    // Model bug if two entries overlap.
    assert(pos == entries_.end() || pos->offset >= end);
    assert(pos == entries_.begin() ||
           std::prev(pos)->offset + uint64_t(std::prev(pos)->width) * std::prev(pos)->count <= entry.offset);
    (void)end;
    index_ = index_state::stale; // rebuilt by the next find()
    return *entries_.insert(pos, std::move(entry));
}

// Entry index + 1 per 32-bit word of the frame, built once the entries are
// in: a bus access then finds its register with one load. Frames too large
// for a table, or with entries not on word boundaries, keep the search.
void register_bank::index_words() const {
    constexpr uint64_t max_indexed_frame = 1u << 20;
    index_ = index_state::search;
    by_word_.clear();
    if (frame_size_ > max_indexed_frame || (frame_size_ & 3) || entries_.size() >= 0xffff) return;
    for (const auto& e : entries_)
        if (e.offset & 3) return;
    by_word_.assign(frame_size_ / 4, 0);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        const auto& e = entries_[i];
        const uint64_t end = e.offset + uint64_t(e.width) * e.count;
        for (uint64_t w = e.offset / 4; w < end / 4; ++w) by_word_[w] = uint16_t(i + 1);
    }
    index_ = index_state::table;
}

const register_entry* register_bank::find_searched(uint64_t offset) const {
    if (index_ == index_state::stale) {
        index_words();
        if (index_ == index_state::table) return find(offset);
    }
    auto pos = std::upper_bound(entries_.begin(), entries_.end(), offset,
                                [](uint64_t off, const register_entry& e) { return off < e.offset; });
    if (pos == entries_.begin())
        return nullptr;
    --pos;
    if (offset < pos->offset + uint64_t(pos->width) * pos->count)
        return &*pos;
    return nullptr;
}

void register_bank::report_once(uint64_t offset, const std::string& what) {
    std::ostringstream msg;
    msg << what << " at offset 0x" << std::hex << offset;
    // One bank per frame type and CPU shares the type: the cause is the text.
    vp::log::warning_once(report_type_, msg.str(), msg.str());
}

tlm::tlm_response_status register_bank::dispatch(tlm::tlm_command cmd, uint64_t addr, unsigned char* data,
                                                  unsigned size, const bus_access& acc) {
    if (addr >= frame_size_ || size > frame_size_ - addr)
        return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    if (size != 1 && size != 2 && size != 4 && size != 8)
        return tlm::TLM_BURST_ERROR_RESPONSE;
    if (addr & (size - 1)) // size is a power of two: no division
        return tlm::TLM_ADDRESS_ERROR_RESPONSE;

    const register_entry* reg = find(addr);
    if (!reg) {
        // Reserved: RAZ/WI (IHI 0048B 4.1.2 for the GIC; our default elsewhere).
        if (!acc.debug)
            report_once(addr, cmd == tlm::TLM_READ_COMMAND ? "read of reserved offset (RAZ)"
                                                          : "write to reserved offset (WI)");
        if (cmd == tlm::TLM_READ_COMMAND)
            std::memset(data, 0, size);
        return tlm::TLM_OK_RESPONSE;
    }
    if (!(reg->sizes & size) || size > reg->width) {
        if (!acc.debug)
            report_once(addr, reg->name + ": " + std::to_string(size * 8) + "-bit access not allowed");
        return tlm::TLM_BURST_ERROR_RESPONSE;
    }

    // width is 4 or 8 (add() asserts it): a shift, not a division.
    const uint64_t rel = addr - reg->offset;
    const unsigned log2_width = reg->width == 8 ? 3 : 2;
    const unsigned index = unsigned(rel >> log2_width);
    const unsigned shift = unsigned(rel & (reg->width - 1)) * 8;
    const uint64_t lanes = size == 8 ? ~uint64_t(0) : ((uint64_t(1) << (size * 8)) - 1);

    if (cmd == tlm::TLM_READ_COMMAND) {
        uint64_t value = 0;
        if (reg->read)
            value = reg->read(index, acc);
        else if (!acc.debug)
            report_once(addr, reg->name + " is write-only (RAZ)");
        value = (value >> shift) & lanes;
        copy_access_bytes(data, &value, size); // little-endian host and bus
        return tlm::TLM_OK_RESPONSE;
    }
    if (cmd == tlm::TLM_WRITE_COMMAND) {
        uint64_t value = 0;
        copy_access_bytes(&value, data, size);
        if (reg->write)
            reg->write(index, (value & lanes) << shift, lanes << shift, acc);
        else if (!acc.debug)
            report_once(addr, reg->name + " is read-only (WI)");
        return tlm::TLM_OK_RESPONSE;
    }
    return tlm::TLM_OK_RESPONSE; // TLM_IGNORE_COMMAND
}

bool register_bank::timeless_read(uint64_t offset) const {
    if (!timeless_reads_ || offset >= frame_size_)
        return false;
    const register_entry* e = find(offset);
    return !e || !e->read_side_effects; // a reserved offset reads as zero
}

void register_bank::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay, unsigned cpu) {
    if (trans.get_byte_enable_ptr()) {
        trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if (trans.get_streaming_width() < trans.get_data_length()) {
        trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    bus_access acc;
    acc.cpu = cpu;
    trans.set_response_status(dispatch(trans.get_command(), trans.get_address(), trans.get_data_ptr(),
                                       trans.get_data_length(), acc));
    trans.set_dmi_allowed(false);
    delay += latency_;
}

unsigned register_bank::transport_dbg(tlm::tlm_generic_payload& trans, unsigned cpu) {
    bus_access acc;
    acc.cpu = cpu;
    acc.debug = true;
    if (trans.get_command() == tlm::TLM_WRITE_COMMAND && !debug_writes_) {
        trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return 0;
    }
    // A debugger may read a span of registers: walk it one naturally aligned
    // 32-bit word at a time (or smaller at the ends).
    const uint64_t base = trans.get_address();
    const unsigned len = trans.get_data_length();
    unsigned done = 0;
    while (done < len) {
        const uint64_t addr = base + done;
        unsigned size = 4 - unsigned(addr % 4);
        if (size > len - done)
            size = len - done;
        if (size == 3)
            size = (addr % 2) ? 1 : 2;
        if (addr % size)
            size = 1;
        if (dispatch(trans.get_command(), addr, trans.get_data_ptr() + done, size, acc) != tlm::TLM_OK_RESPONSE) {
            // Sub-word debug peeks at word-only registers: read the word and extract.
            const uint64_t word_addr = addr & ~uint64_t(3);
            unsigned char word[4];
            if (trans.get_command() != tlm::TLM_READ_COMMAND ||
                dispatch(tlm::TLM_READ_COMMAND, word_addr, word, 4, acc) != tlm::TLM_OK_RESPONSE)
                break;
            std::memcpy(trans.get_data_ptr() + done, word + (addr - word_addr), size);
        }
        done += size;
    }
    trans.set_response_status(done == len ? tlm::TLM_OK_RESPONSE : tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return done;
}

tlm::tlm_response_status register_bank::read(uint64_t offset, uint64_t& value, unsigned size, const bus_access& acc) {
    value = 0;
    return dispatch(tlm::TLM_READ_COMMAND, offset, reinterpret_cast<unsigned char*>(&value), size, acc);
}

tlm::tlm_response_status register_bank::write(uint64_t offset, uint64_t value, unsigned size, const bus_access& acc) {
    return dispatch(tlm::TLM_WRITE_COMMAND, offset, reinterpret_cast<unsigned char*>(&value), size, acc);
}

} // namespace vp
