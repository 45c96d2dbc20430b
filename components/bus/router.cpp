#include "bus/router.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <sstream>

#include "common/cpu_index_extension.h"
#include "common/log.h"

namespace vp::bus {

namespace {

constexpr const char* report_type = "bus/router";

std::string hex(uint64_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << v;
    return s.str();
}

std::string describe(const mapping& m) {
    return "'" + m.name + "' [" + hex(m.base) + ", " + hex(m.last()) + "]";
}

// Bytes of address space an access touches: a streaming transaction repeats
// its first `streaming_width` bytes (IEEE 1666-2011 §14.18).
uint64_t access_span(const tlm::tlm_generic_payload& trans) {
    uint64_t span = trans.get_data_length();
    const unsigned width = trans.get_streaming_width();
    if (width != 0 && width < span)
        span = width;
    return span == 0 ? 1 : span;
}

// Attaches a cpu_index_extension for the duration of one call when the
// transaction has none, and always takes it off again (also on exceptions), so
// the initiator gets its payload back unchanged.
class cpu_tag {
public:
    cpu_tag(tlm::tlm_generic_payload& trans, unsigned cpu) : trans_(trans), ext_(cpu) {
        if (!trans_.get_extension<cpu_index_extension>()) {
            trans_.set_extension(&ext_);
            attached_ = true;
        }
    }
    ~cpu_tag() {
        if (attached_)
            trans_.clear_extension(&ext_);
    }
    cpu_tag(const cpu_tag&) = delete;
    cpu_tag& operator=(const cpu_tag&) = delete;

private:
    tlm::tlm_generic_payload& trans_;
    cpu_index_extension ext_;
    bool attached_ = false;
};

// Restores the initiator's address on the way back (LRM §14.8: an interconnect
// that modifies the address must restore it... before returning).
class address_restore {
public:
    explicit address_restore(tlm::tlm_generic_payload& trans) : trans_(trans), addr_(trans.get_address()) {}
    ~address_restore() { trans_.set_address(addr_); }
    address_restore(const address_restore&) = delete;
    address_restore& operator=(const address_restore&) = delete;

private:
    tlm::tlm_generic_payload& trans_;
    uint64_t addr_;
};

} // namespace

router::router(sc_core::sc_module_name name, const sc_core::sc_time& latency)
    : sc_module(name), target_socket("target_socket"), initiator_socket("initiator_socket"), latency_(latency) {
    target_socket.register_b_transport(this, &router::b_transport);
    target_socket.register_transport_dbg(this, &router::transport_dbg);
    target_socket.register_get_direct_mem_ptr(this, &router::get_direct_mem_ptr);
    target_socket.register_nb_transport_fw(this, &router::nb_transport_fw);
    initiator_socket.register_nb_transport_bw(this, &router::nb_transport_bw);
    initiator_socket.register_invalidate_direct_mem_ptr(this, &router::invalidate_direct_mem_ptr);
}

void router::map(uint64_t base, uint64_t size, unsigned target, const std::string& name, uint64_t offset) {
    mapping m{base, size, target, offset, name.empty() ? "target " + std::to_string(target) : name};
    if (sc_core::sc_get_status() & ~(sc_core::SC_ELABORATION | sc_core::SC_BEFORE_END_OF_ELABORATION)) {
        SC_REPORT_ERROR(report_type, (std::string(this->name()) + ": map() of '" + m.name +
                                      "' after elaboration; declare the memory map before sc_start").c_str());
        return;
    }
    if (size == 0 || base + (size - 1) < base || offset + (size - 1) < offset) {
        SC_REPORT_ERROR(report_type, (std::string(this->name()) + ": window '" + m.name + "' at " + hex(base) +
                                      " size " + hex(size) + " is empty or wraps the address space").c_str());
        return;
    }
    auto pos = std::lower_bound(map_.begin(), map_.end(), base,
                                [](const mapping& e, uint64_t b) { return e.base < b; });
    const mapping* clash = nullptr;
    if (pos != map_.end() && pos->base <= m.last())
        clash = &*pos;
    else if (pos != map_.begin() && std::prev(pos)->last() >= base)
        clash = &*std::prev(pos);
    if (clash) {
        SC_REPORT_ERROR(report_type, (std::string(this->name()) + ": window " + describe(m) + " overlaps " +
                                      describe(*clash)).c_str());
        return;
    }
    map_.insert(pos, std::move(m));
}

void router::end_of_elaboration() {
    for (unsigned p = 0; p < target_socket.size(); ++p)
        port_extensions_.push_back(std::make_unique<cpu_index_extension>(p));
    const unsigned targets = unsigned(initiator_socket.size());
    for (const mapping& m : map_) {
        if (m.target >= targets)
            SC_REPORT_ERROR(report_type, (std::string(name()) + ": window " + describe(m) + " names target " +
                                          std::to_string(m.target) + " but only " + std::to_string(targets) +
                                          " targets are bound").c_str());
    }
}

void router::print_memory_map(std::ostream& os) const {
    for (const mapping& m : map_) {
        char line[160];
        std::snprintf(line, sizeof line, "0x%016llx-0x%016llx -> target %u +0x%llx ", (unsigned long long)m.base,
                      (unsigned long long)m.last(), m.target, (unsigned long long)m.offset);
        os << line << m.name << '\n';
    }
}

const mapping* router::decode(uint64_t addr) const { return decode(addr, 1); }

const mapping* router::decode(uint64_t addr, uint64_t span) const {
    // Accesses go to a few windows in turn (an interrupt handler: GICH, GICC,
    // GICV): try the window last found in the same 64 KiB slot first. Checked
    // like a searched one; windows do not overlap, so a hit is the window the
    // search below would find.
    uint32_t& hint = recent_[(addr >> 16) % recent_.size()];
    if (hint < map_.size()) {
        const mapping& m = map_[hint];
        if (m.contains(addr) && span - 1 <= m.last() - addr)
            return &m;
    }
    auto pos = std::upper_bound(map_.begin(), map_.end(), addr,
                                [](uint64_t a, const mapping& e) { return a < e.base; });
    if (pos == map_.begin())
        return nullptr;
    --pos;
    if (!pos->contains(addr) || span - 1 > pos->last() - addr)
        return nullptr;
    hint = uint32_t(pos - map_.begin());
    return &*pos;
}

void router::report_unmapped(uint64_t addr, const char* what) {
    if (!vp::log::first(report_type, std::string(name()) + ":" + std::to_string(addr)))
        return;
    vp::log::warning(report_type, std::string(name()) + ": " + what + " at " + hex(addr) +
                                      " is not (entirely) inside a mapped window: address error");
}

void router::b_transport(int port, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const uint64_t addr = trans.get_address();
    const mapping* m = decode(addr, access_span(trans));
    if (!m) {
        report_unmapped(addr, trans.is_write() ? "write" : "read");
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    address_restore restore(trans);
    cpu_tag tag(trans, unsigned(port));
    trans.set_address(addr - m->base + m->offset);
    delay += latency_;
    initiator_socket[m->target]->b_transport(trans, delay);
}

unsigned router::transport_dbg(int port, tlm::tlm_generic_payload& trans) {
    const uint64_t addr = trans.get_address();
    const mapping* m = decode(addr, 1);
    if (!m) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return 0;
    }
    // Clip a span that runs past the window: the caller sees the short count.
    const unsigned length = trans.get_data_length();
    const uint64_t room = m->last() - addr + 1; // >= 1
    const unsigned clipped = room < length ? unsigned(room) : length;
    address_restore restore(trans);
    cpu_tag tag(trans, unsigned(port));
    trans.set_address(addr - m->base + m->offset);
    trans.set_data_length(clipped);
    const unsigned done = initiator_socket[m->target]->transport_dbg(trans);
    trans.set_data_length(length);
    return done;
}

void router::deny_hole(uint64_t addr, tlm::tlm_dmi& dmi) const {
    uint64_t start = 0, end = ~uint64_t(0);
    auto next = std::upper_bound(map_.begin(), map_.end(), addr,
                                 [](uint64_t a, const mapping& e) { return a < e.base; });
    if (next != map_.end())
        end = next->base - 1;
    if (next != map_.begin())
        start = std::prev(next)->last() + 1;
    dmi.init();
    dmi.set_start_address(start);
    dmi.set_end_address(end);
}

bool router::get_direct_mem_ptr(int port, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
    const uint64_t addr = trans.get_address();
    const mapping* m = decode(addr, 1);
    if (!m) {
        deny_hole(addr, dmi);
        return false;
    }
    bool granted;
    {
        address_restore restore(trans);
        cpu_tag tag(trans, unsigned(port));
        trans.set_address(addr - m->base + m->offset);
        granted = initiator_socket[m->target]->get_direct_mem_ptr(trans, dmi);
    }
    // Target-relative [start, end] -> the window's part of it, in the
    // initiator's address space.
    uint64_t start = dmi.get_start_address(), end = dmi.get_end_address();
    const uint64_t win_first = m->offset, win_last = m->offset + (m->size - 1);
    if (end < win_first || start > win_last || start > end) {
        // The target answered with a region outside this window: trust nothing
        // beyond the address asked for.
        start = end = addr - m->base + m->offset;
        granted = false;
    }
    if (start < win_first) {
        if (granted)
            dmi.set_dmi_ptr(dmi.get_dmi_ptr() + (win_first - start));
        start = win_first;
    }
    if (end > win_last)
        end = win_last;
    dmi.set_start_address(start - m->offset + m->base);
    dmi.set_end_address(end - m->offset + m->base);
    if (granted) {
        dmi.set_read_latency(dmi.get_read_latency() + latency_);
        dmi.set_write_latency(dmi.get_write_latency() + latency_);
    }
    return granted;
}

void router::invalidate_direct_mem_ptr(int target, sc_dt::uint64 start, sc_dt::uint64 end) {
    for (const mapping& m : map_) {
        if (m.target != unsigned(target))
            continue;
        const uint64_t win_first = m.offset, win_last = m.offset + (m.size - 1);
        if (end < win_first || start > win_last)
            continue;
        const uint64_t s = std::max<uint64_t>(start, win_first) - m.offset + m.base;
        const uint64_t e = std::min<uint64_t>(end, win_last) - m.offset + m.base;
        for (unsigned i = 0; i < target_socket.size(); ++i)
            target_socket[i]->invalidate_direct_mem_ptr(s, e);
    }
}

tlm::tlm_sync_enum router::nb_transport_fw(int port, tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase,
                                           sc_core::sc_time& delay) {
    auto it = in_flight_.find(&trans);
    if (it == in_flight_.end()) {
        if (phase != tlm::BEGIN_REQ) {
            SC_REPORT_ERROR(report_type, (std::string(name()) + ": nb_transport_fw with phase " +
                                          phase.get_name() + " for a transaction that never began").c_str());
            return tlm::TLM_COMPLETED;
        }
        const uint64_t addr = trans.get_address();
        const mapping* m = decode(addr, access_span(trans));
        if (!m) {
            report_unmapped(addr, trans.is_write() ? "write" : "read");
            trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return tlm::TLM_COMPLETED; // the base protocol lets a target complete at once
        }
        nb_route r{unsigned(port), m->target, addr, addr - m->base + m->offset, false};
        if (!trans.get_extension<cpu_index_extension>()) {
            trans.set_extension(port_extensions_.at(unsigned(port)).get());
            r.tagged = true;
        }
        it = in_flight_.emplace(&trans, r).first;
        delay += latency_;
    }
    const nb_route r = it->second;
    if (phase == tlm::BEGIN_REQ)
        trans.set_address(r.offset); // the target may read it until it responds
    const bool last = phase == tlm::END_RESP;
    const tlm::tlm_sync_enum status = initiator_socket[r.target]->nb_transport_fw(trans, phase, delay);
    if (status == tlm::TLM_COMPLETED || last)
        nb_finish(trans);
    else if (phase == tlm::BEGIN_RESP)
        trans.set_address(r.address); // the response reaches the initiator
    return status;
}

tlm::tlm_sync_enum router::nb_transport_bw(int target, tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase,
                                           sc_core::sc_time& delay) {
    auto it = in_flight_.find(&trans);
    if (it == in_flight_.end()) {
        SC_REPORT_ERROR(report_type, (std::string(name()) + ": target " + std::to_string(target) +
                                      " sent nb_transport_bw for a transaction the router did not forward").c_str());
        return tlm::TLM_COMPLETED;
    }
    const unsigned port = it->second.port;
    if (phase == tlm::BEGIN_RESP)
        trans.set_address(it->second.address);
    const tlm::tlm_sync_enum status = target_socket[port]->nb_transport_bw(trans, phase, delay);
    if (status == tlm::TLM_COMPLETED)
        nb_finish(trans);
    return status;
}

void router::nb_finish(tlm::tlm_generic_payload& trans) {
    auto it = in_flight_.find(&trans);
    if (it == in_flight_.end())
        return;
    if (it->second.tagged)
        trans.clear_extension(port_extensions_.at(it->second.port).get());
    trans.set_address(it->second.address);
    in_flight_.erase(it);
}

} // namespace vp::bus
