// A memory-mapped register frame declared as one table.
//
// Each entry names a register (or a register array such as GICD_ISENABLER<n>)
// by its spec name, its offset, its natural width, the access sizes the spec
// allows and two handlers. One dispatch serves b_transport and transport_dbg:
//   - an access outside the frame          -> TLM_ADDRESS_ERROR_RESPONSE
//   - an access not aligned to its size    -> TLM_ADDRESS_ERROR_RESPONSE
//   - a size the register does not allow   -> TLM_BURST_ERROR_RESPONSE
//   - byte enables or streaming            -> TLM_BYTE_ENABLE / BURST_ERROR_RESPONSE
//   - a reserved offset inside the frame   -> RAZ/WI, reported once per offset
//   - a write to a read-only register      -> ignored, reported once
//   - a read of a write-only register      -> RAZ, reported once
// Debug accesses (transport_dbg) go through the same table with
// `bus_access::debug` set: handlers must then have no side effect (a debug read of
// GICC_IAR does not acknowledge); debug writes are refused by default.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>

namespace vp {

// Who is accessing, and how.
struct bus_access {
    unsigned cpu = 0;   // index of the accessing CPU (banked registers)
    bool debug = false; // transport_dbg: no side effects
};

struct register_entry {
    // Reads the whole register element `index` (0 for a single register).
    using read_fn = std::function<uint64_t(unsigned index, const bus_access&)>;
    // Writes the bits selected by `mask` (the bytes the access covered,
    // already shifted to their position in the register) to element `index`.
    using write_fn = std::function<void(unsigned index, uint64_t value, uint64_t mask, const bus_access&)>;

    std::string name;     // spec name, e.g. "GICD_ISENABLER"
    uint64_t offset = 0;  // offset of element 0 in the frame
    unsigned width = 4;   // register width in bytes (4 or 8)
    unsigned count = 1;   // number of elements in an array (stride == width)
    unsigned sizes = 4;   // allowed access sizes, bit set of 1/2/4/8 (bytes)
    read_fn read;         // empty: write-only, reads as zero
    write_fn write;       // empty: read-only, writes ignored
    // The read changes state (GICC_IAR acknowledges): never timeless (below).
    bool read_side_effects = false;
};

// Access-size bit set for register_entry::sizes.
constexpr unsigned SIZES_8 = 1, SIZES_16 = 2, SIZES_32 = 4, SIZES_64 = 8;

class register_bank {
public:
    // `frame_size`: bytes of address space this bank decodes. `report_type` is
    // the SystemC message type of its diagnostics (e.g. "gic/distributor").
    register_bank(std::string report_type, uint64_t frame_size);

    // Adds an entry. Overlapping entries are a model bug (assertion).
    register_entry& add(register_entry entry);

    // The TLM entry points. `cpu` is the accessing CPU index. b_transport
    // annotates `latency` per access on top of `delay`.
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay, unsigned cpu);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans, unsigned cpu);

    // Convenience for models and tests: a 32/64-bit access by offset, through
    // the same dispatch. Returns the TLM response status.
    tlm::tlm_response_status read(uint64_t offset, uint64_t& value, unsigned size, const bus_access& acc);
    tlm::tlm_response_status write(uint64_t offset, uint64_t value, unsigned size, const bus_access& acc);

    // Looks an entry up by offset (nullptr for a reserved offset). Inline:
    // every bus access asks it, and once indexed it is one table load.
    const register_entry* find(uint64_t offset) const {
        if (index_ != index_state::table) return find_searched(offset);
        if (offset >= frame_size_) return nullptr;
        const uint16_t i = by_word_[offset >> 2];
        return i ? &entries_[i - 1] : nullptr;
    }

    // Reads of this frame depend on model state only, never on the time
    // (no counter, no time-stamped status); off by default. Then a read is
    // timeless (access_timing_if) unless its entry has read_side_effects.
    void declare_timeless_reads(bool on) { timeless_reads_ = on; }
    bool timeless_read(uint64_t offset) const;
    const std::vector<register_entry>& entries() const { return entries_; }

    uint64_t frame_size() const { return frame_size_; }
    void set_latency(const sc_core::sc_time& t) { latency_ = t; }
    // Debug writes change state without side effects only where a handler
    // supports it; by default transport_dbg refuses writes.
    void allow_debug_writes(bool allow) { debug_writes_ = allow; }

private:
    tlm::tlm_response_status dispatch(tlm::tlm_command cmd, uint64_t addr, unsigned char* data,
                                      unsigned size, const bus_access& acc);
    void report_once(uint64_t offset, const std::string& what);

    std::string report_type_;
    uint64_t frame_size_;
    std::vector<register_entry> entries_; // sorted by offset
    void index_words() const;
    const register_entry* find_searched(uint64_t offset) const; // builds the index first
    enum class index_state : uint8_t { stale, table, search };
    mutable index_state index_ = index_state::stale;
    mutable std::vector<uint16_t> by_word_; // index_ == table: entry index + 1 per word
    sc_core::sc_time latency_ = sc_core::SC_ZERO_TIME;
    bool debug_writes_ = false;
    bool timeless_reads_ = false;
};

} // namespace vp
