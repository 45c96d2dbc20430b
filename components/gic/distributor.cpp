#include "gic/distributor.h"

#include <cassert>

#include "common/log.h"

namespace vp::gic {

namespace {
constexpr const char* report_type = "gic/distributor";

// GIC-400 peripheral and component ID registers, GICD_PIDR4..7, PIDR0..3,
// CIDR0..3 at 0xFD0-0xFFC (DDI 0471B 3.2, Table 3-2).
constexpr uint32_t id_registers[12] = {0x04, 0x00, 0x00, 0x00, 0x90, 0xB4, 0x2B, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

constexpr const char* id_register_names[12] = {"GICD_PIDR4", "GICD_PIDR5", "GICD_PIDR6", "GICD_PIDR7",
                                                "GICD_PIDR0", "GICD_PIDR1", "GICD_PIDR2", "GICD_PIDR3",
                                                "GICD_CIDR0", "GICD_CIDR1", "GICD_CIDR2", "GICD_CIDR3"};
} // namespace

distributor::distributor(sc_core::sc_module_name name, const gic_params& params)
    : sc_module(name), params_(params), num_intids_(params.implemented_intids()),
      cpu_mask_(uint8_t((1u << params.num_cpus) - 1)), bank_(report_type, gicd::frame_size) {
    params_.validate();
    bank_.declare_timeless_reads(true); // no GICD read has a side effect or depends on time
    banked_.resize(params_.num_cpus);
    sgi_sources_.resize(params_.num_cpus);
    for (auto& bank : banked_) {
        for (unsigned i = 0; i < num_sgis; ++i) {
            bank[i].enabled = true; // SGIs permanently enabled (GIC-400)
            bank[i].edge = true;    // SGIs are edge-triggered (IHI 0048B 4.3.13)
        }
    }
    for (auto& src : sgi_sources_)
        src.fill(0);
    spis_.resize(num_intids_ - first_spi);
    spi_targets_.assign(num_intids_ - first_spi, 0);
    spi_candidates_.assign((num_intids_ - first_spi + 31) / 32, 0);
    static_assert((max_intid - first_spi + 31) / 32 <= 32, "one bit of spi_candidate_words_ per word");
    banked_candidates_.assign(params_.num_cpus, 0);
    best_.resize(params_.num_cpus);
    build_registers();
}

// ---------------------------------------------------------------------------
// State access

distributor::irq_state& distributor::state(unsigned intid, unsigned cpu) {
    assert(intid < num_intids_ && cpu < params_.num_cpus);
    return intid < first_spi ? banked_[cpu][intid] : spis_[intid - first_spi];
}

const distributor::irq_state& distributor::state(unsigned intid, unsigned cpu) const {
    assert(intid < num_intids_ && cpu < params_.num_cpus);
    return intid < first_spi ? banked_[cpu][intid] : spis_[intid - first_spi];
}

// IHI 0048B 3.2.4/4.3.8: a level-sensitive interrupt is pending while its line
// is asserted or its latch (GICD_ISPENDR) is set; an edge-triggered one while
// its latch is set. An SGI is pending while any source has it pending.
bool distributor::is_pending(const irq_state& s, unsigned intid, unsigned cpu) const {
    if (intid < num_sgis)
        return sgi_sources_[cpu][intid] != 0;
    return s.latch || (!s.edge && s.line);
}

bool distributor::targets_cpu(unsigned intid, unsigned cpu) const {
    if (intid < first_spi || params_.num_cpus == 1)
        return true; // banked, or uniprocessor (IHI 0048B 4.3.12)
    return (spi_targets_[intid - first_spi] >> cpu) & 1;
}

bool distributor::line_level(unsigned intid, unsigned cpu) const {
    if (!implemented(intid) || intid < num_sgis || cpu >= params_.num_cpus)
        return false;
    return state(intid, cpu).line;
}

bool distributor::pending(unsigned intid, unsigned cpu) const {
    if (!implemented(intid) || cpu >= params_.num_cpus)
        return false;
    return is_pending(state(intid, cpu), intid, cpu);
}

bool distributor::active(unsigned intid, unsigned cpu) const {
    return implemented(intid) && cpu < params_.num_cpus && state(intid, cpu).active;
}

bool distributor::enabled(unsigned intid, unsigned cpu) const {
    return implemented(intid) && cpu < params_.num_cpus && state(intid, cpu).enabled;
}

bool distributor::group1(unsigned intid, unsigned cpu) const {
    return implemented(intid) && cpu < params_.num_cpus && state(intid, cpu).group1;
}

bool distributor::edge_triggered(unsigned intid, unsigned cpu) const {
    return implemented(intid) && cpu < params_.num_cpus && state(intid, cpu).edge;
}

uint8_t distributor::priority(unsigned intid, unsigned cpu) const {
    return implemented(intid) && cpu < params_.num_cpus ? state(intid, cpu).priority : 0;
}

uint8_t distributor::targets(unsigned intid, unsigned cpu) const {
    if (!implemented(intid) || cpu >= params_.num_cpus || params_.num_cpus == 1)
        return 0;
    return intid < first_spi ? uint8_t(1u << cpu) : spi_targets_[intid - first_spi];
}

uint8_t distributor::sgi_sources(unsigned sgi, unsigned cpu) const {
    return sgi < num_sgis && cpu < params_.num_cpus ? sgi_sources_[cpu][sgi] : 0;
}

void distributor::changed(uint8_t cpus) {
    ++change_count_;
    for (unsigned c = 0; c < params_.num_cpus; ++c)
        if ((cpus >> c) & 1)
            best_[c].valid = false;
    if (state_events_)
        state_changed.notify(sc_core::SC_ZERO_TIME);
    for (auto* l : listeners_)
        l->distributor_changed(cpus);
}

void distributor::warn_once(const std::string& key, const std::string& msg) {
    vp::log::warning_once(report_type, std::string(name()) + key, std::string(name()) + ": " + msg);
}

// ---------------------------------------------------------------------------
// Inputs

// IHI 0048B 3.2.4: an edge-triggered interrupt latches pending on a rising
// edge; a level-sensitive one follows the line (is_pending()).
void distributor::set_line(unsigned intid, unsigned cpu, bool level) {
    irq_state& s = state(intid, cpu);
    if (s.line == level)
        return;
    if (level && s.edge)
        s.latch = true;
    s.line = level;
    refresh(intid, cpu);
    changed(affected(intid, cpu));
}

void distributor::refresh(unsigned intid, unsigned cpu) {
    const irq_state& s = state(intid, cpu);
    const bool candidate = s.enabled && !s.active && is_pending(s, intid, cpu);
    if (intid < first_spi) {
        const uint32_t bit = 1u << intid;
        banked_candidates_[cpu] = candidate ? (banked_candidates_[cpu] | bit) : (banked_candidates_[cpu] & ~bit);
        return;
    }
    const unsigned w = (intid - first_spi) / 32;
    const uint32_t bit = 1u << ((intid - first_spi) % 32);
    uint32_t& word = spi_candidates_[w];
    word = candidate ? (word | bit) : (word & ~bit);
    spi_candidate_words_ = word ? (spi_candidate_words_ | (1u << w)) : (spi_candidate_words_ & ~(1u << w));
}

void distributor::refresh_range(unsigned first, unsigned count, unsigned cpu) {
    for (unsigned intid = first; intid < first + count && intid < num_intids_; ++intid)
        refresh(intid, cpu);
}

void distributor::set_ppi_line(unsigned cpu, unsigned intid, bool level) {
    assert(cpu < params_.num_cpus && intid >= first_ppi && intid < first_spi);
    set_line(intid, cpu, level);
}

void distributor::set_spi_line(unsigned intid, bool level) {
    assert(intid >= first_spi && intid < num_intids_);
    set_line(intid, 0, level);
}

// ---------------------------------------------------------------------------
// CPU interface side

pending_irq distributor::highest_pending(unsigned cpu, bool grp0, bool grp1) const {
    pending_irq best;
    const bool en0 = grp0 && group_enabled(false);
    const bool en1 = grp1 && group_enabled(true);
    if (cpu >= params_.num_cpus || (!en0 && !en1))
        return best;
    best_cache& cache = best_[cpu];
    if (cache.valid && cache.grp0 == grp0 && cache.grp1 == grp1)
        return cache.best;
    auto consider = [&](unsigned intid) {
        const irq_state& s = state(intid, cpu);
        if (!s.enabled || s.active || !(s.group1 ? en1 : en0))
            return;
        if (!is_pending(s, intid, cpu) || !targets_cpu(intid, cpu))
            return;
        // Strictly higher priority wins; at equal priority the lower INTID
        // found first stays (IMPLEMENTATION DEFINED, IHI 0048B 3.3).
        if (best.valid() && s.priority >= best.priority)
            return;
        best.intid = intid;
        best.priority = s.priority;
        best.group1 = s.group1;
        best.source_cpu = intid < num_sgis ? unsigned(__builtin_ctz(sgi_sources_[cpu][intid])) : 0;
    };
    // Only the candidates, in ascending INTID order (as a full scan).
    for (uint32_t bits = banked_candidates_[cpu]; bits; bits &= bits - 1)
        consider(unsigned(__builtin_ctz(bits)));
    for (uint32_t words = spi_candidate_words_; words; words &= words - 1) {
        const unsigned w = unsigned(__builtin_ctz(words));
        for (uint32_t bits = spi_candidates_[w]; bits; bits &= bits - 1)
            consider(first_spi + w * 32 + unsigned(__builtin_ctz(bits)));
    }
    cache.valid = true;
    cache.grp0 = grp0;
    cache.grp1 = grp1;
    cache.best = best;
    return best;
}

void distributor::acknowledge(unsigned cpu, const pending_irq& irq) {
    assert(irq.valid() && implemented(irq.intid) && cpu < params_.num_cpus);
    irq_state& s = state(irq.intid, cpu);
    s.active = true;
    if (irq.intid < num_sgis)
        sgi_sources_[cpu][irq.intid] &= uint8_t(~(1u << irq.source_cpu));
    else
        s.latch = false; // a level interrupt stays pending while its line is high
    refresh(irq.intid, cpu);
    changed(affected(irq.intid, cpu));
}

bool distributor::deactivate_interrupt(unsigned intid, unsigned cpu) {
    if (!implemented(intid) || cpu >= params_.num_cpus)
        return false;
    irq_state& s = state(intid, cpu);
    if (!s.active)
        return false;
    s.active = false;
    refresh(intid, cpu);
    changed(affected(intid, cpu));
    return true;
}

void distributor::deactivate(unsigned intid, unsigned cpu) {
    if (intid < first_ppi || !implemented(intid) || cpu >= params_.num_cpus) {
        warn_once("hwdeact" + std::to_string(intid),
                  "HW deactivation of INTID " + std::to_string(intid) + " by CPU " + std::to_string(cpu) +
                      " ignored: not an implemented PPI or SPI (GICH_LRn.PhysicalID)");
        return;
    }
    if (!deactivate_interrupt(intid, cpu))
        warn_once("hwdeact-inactive" + std::to_string(intid),
                  "HW deactivation of INTID " + std::to_string(intid) + " that is not active (ignored)");
}

// ---------------------------------------------------------------------------
// Bus side

// An access naming a CPU interface that does not exist has no bank to act on.
void distributor::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay, unsigned cpu) {
    if (cpu >= params_.num_cpus) {
        warn_once("bad-cpu", "access with CPU index " + std::to_string(cpu) + " >= num_cpus: error response");
        trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    bank_.b_transport(trans, delay, cpu);
}

unsigned distributor::transport_dbg(tlm::tlm_generic_payload& trans, unsigned cpu) {
    if (cpu >= params_.num_cpus) {
        trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return 0;
    }
    return bank_.transport_dbg(trans, cpu);
}

uint32_t distributor::read_bits(unsigned index, unsigned cpu,
                                bool (distributor::*get)(unsigned, unsigned) const) const {
    uint32_t v = 0;
    for (unsigned bit = 0; bit < 32; ++bit) {
        const unsigned intid = index * 32 + bit;
        if (implemented(intid) && (this->*get)(intid, cpu))
            v |= 1u << bit;
    }
    return v;
}

template <typename F> static void for_each_set_bit(uint32_t value, unsigned index, unsigned limit, F f) {
    for (unsigned bit = 0; bit < 32; ++bit)
        if ((value >> bit) & 1 && index * 32 + bit < limit)
            f(index * 32 + bit);
}

void distributor::write_group(unsigned index, uint32_t value, unsigned cpu) {
    for (unsigned bit = 0; bit < 32; ++bit) {
        const unsigned intid = index * 32 + bit;
        if (implemented(intid))
            state(intid, cpu).group1 = (value >> bit) & 1;
    }
    changed(affected(index * 32, cpu));
}

// IHI 0048B 4.3.5/4.3.6.
void distributor::write_enable(unsigned index, uint32_t value, unsigned cpu, bool set) {
    for_each_set_bit(value, index, num_intids_, [&](unsigned intid) {
        if (intid >= num_sgis) // SGI enables are RAO/WI (GIC-400)
            state(intid, cpu).enabled = set;
    });
    refresh_range(index * 32, 32, cpu);
    changed(affected(index * 32, cpu));
}

// IHI 0048B 4.3.7/4.3.8: SGI bits are WI here (GICD_SPENDSGIR/CPENDSGIR set
// and clear SGI pending state); for others the write sets/clears the latch.
void distributor::write_pending(unsigned index, uint32_t value, unsigned cpu, bool set) {
    for_each_set_bit(value, index, num_intids_, [&](unsigned intid) {
        if (intid >= num_sgis)
            state(intid, cpu).latch = set;
    });
    refresh_range(index * 32, 32, cpu);
    changed(affected(index * 32, cpu));
}

// IHI 0048B 4.3.9/4.3.10: the same active bits IAR/EOIR/DIR change, in the
// accessing CPU's bank for SGIs and PPIs.
void distributor::write_active(unsigned index, uint32_t value, unsigned cpu, bool set) {
    for_each_set_bit(value, index, num_intids_, [&](unsigned intid) { state(intid, cpu).active = set; });
    refresh_range(index * 32, 32, cpu);
    changed(affected(index * 32, cpu));
}

// IHI 0048B 4.3.11: unimplemented low-order priority bits are RAZ/WI.
uint32_t distributor::read_priority(unsigned index, unsigned cpu) const {
    uint32_t v = 0;
    for (unsigned byte = 0; byte < 4; ++byte)
        if (implemented(index * 4 + byte))
            v |= uint32_t(state(index * 4 + byte, cpu).priority) << (8 * byte);
    return v;
}

void distributor::write_priority(unsigned index, uint32_t value, uint32_t mask, unsigned cpu) {
    for (unsigned byte = 0; byte < 4; ++byte)
        if ((mask >> (8 * byte)) & 0xFF && implemented(index * 4 + byte))
            state(index * 4 + byte, cpu).priority =
                uint8_t(value >> (8 * byte)) & implemented_priority_mask(params_.priority_bits);
    changed(affected(index * 4, cpu));
}

// IHI 0048B 4.3.12: SGI/PPI bytes read the accessing CPU's own mask; SPI bits
// for unimplemented CPU interfaces are RAZ/WI; all RAZ/WI with one CPU.
uint32_t distributor::read_targets(unsigned index, unsigned cpu) const {
    uint32_t v = 0;
    for (unsigned byte = 0; byte < 4; ++byte)
        v |= uint32_t(targets(index * 4 + byte, cpu)) << (8 * byte);
    return v;
}

void distributor::write_targets(unsigned index, uint32_t value, uint32_t mask) {
    if (params_.num_cpus == 1)
        return;
    for (unsigned byte = 0; byte < 4; ++byte) {
        const unsigned intid = index * 4 + byte;
        if ((mask >> (8 * byte)) & 0xFF && intid >= first_spi && implemented(intid))
            spi_targets_[intid - first_spi] = uint8_t(value >> (8 * byte)) & cpu_mask_;
    }
    changed(cpu_mask_);
}

// IHI 0048B 4.3.13: two bits per interrupt, Int_config[1] = edge.
uint32_t distributor::read_config(unsigned index, unsigned cpu) const {
    uint32_t v = 0;
    for (unsigned field = 0; field < 16; ++field) {
        const unsigned intid = index * 16 + field;
        if (!implemented(intid))
            continue;
        if (intid < num_sgis)
            v |= 2u << (2 * field); // 0b10 per SGI: 0xAAAAAAAA
        else
            v |= ((state(intid, cpu).edge ? 2u : 0u) | 1u) << (2 * field);
    }
    return v;
}

void distributor::write_config(unsigned index, uint32_t value, unsigned cpu) {
    if (index == 0)
        return; // SGIs: read-only (cannot happen: entry is read-only)
    if (index == 1 && !params_.ppi_trigger_programmable) {
        warn_once("icfgr1", "GICD_ICFGR1 is read-only (PPI trigger mode not programmable)");
        return;
    }
    for (unsigned field = 0; field < 16; ++field) {
        const unsigned intid = index * 16 + field;
        if (implemented(intid))
            state(intid, cpu).edge = (value >> (2 * field + 1)) & 1;
    }
    refresh_range(index * 16, 16, cpu);
    changed(affected(index * 16, cpu));
}

// IHI 0048B 4.3.15, Table 4-21.
void distributor::write_sgir(uint32_t value, unsigned cpu) {
    const unsigned filter = (value >> 24) & 3;
    const unsigned sgi = value & 0xF;
    uint8_t target_list = 0;
    switch (filter) {
    case 0: target_list = uint8_t(value >> 16); break;          // CPUTargetList
    case 1: target_list = uint8_t(cpu_mask_ & ~(1u << cpu)); break; // all but the requester
    case 2: target_list = uint8_t(1u << cpu); break;             // the requester only
    default:
        warn_once("sgir-filter", "GICD_SGIR write with reserved TargetListFilter 0b11 ignored");
        return;
    }
    if (target_list & ~cpu_mask_)
        warn_once("sgir-target", "GICD_SGIR targets CPU interfaces that are not implemented (ignored)");
    target_list &= cpu_mask_;
    for (unsigned t = 0; t < params_.num_cpus; ++t)
        if ((target_list >> t) & 1) {
            sgi_sources_[t][sgi] |= uint8_t(1u << cpu);
            refresh(sgi, t);
        }
    changed(target_list);
}

// IHI 0048B 4.3.16/4.3.17: byte n of register i = SGI 4i+n, a bit per source CPU,
// in the accessing CPU's bank.
uint32_t distributor::read_sgi_pending(unsigned index, unsigned cpu) const {
    uint32_t v = 0;
    for (unsigned byte = 0; byte < 4; ++byte)
        v |= uint32_t(sgi_sources_[cpu][index * 4 + byte]) << (8 * byte);
    return v;
}

void distributor::write_sgi_pending(unsigned index, uint32_t value, uint32_t mask, unsigned cpu, bool set) {
    for (unsigned byte = 0; byte < 4; ++byte) {
        if (!((mask >> (8 * byte)) & 0xFF))
            continue;
        const uint8_t bits = uint8_t(value >> (8 * byte)) & cpu_mask_;
        uint8_t& src = sgi_sources_[cpu][index * 4 + byte];
        src = set ? uint8_t(src | bits) : uint8_t(src & ~bits);
    }
    refresh_range(index * 4, 4, cpu);
    changed(uint8_t(1u << cpu));
}

// GIC-400 GICD_PPISR / GICD_SPISRn (DDI 0471B 3.2.x): input line status.
uint32_t distributor::read_ppisr(unsigned cpu) const {
    uint32_t v = 0;
    for (unsigned intid = first_ppi; intid < first_spi; ++intid)
        if (banked_[cpu][intid].line)
            v |= 1u << (intid - first_ppi);
    return v;
}

uint32_t distributor::read_spisr(unsigned index) const {
    uint32_t v = 0;
    for (unsigned bit = 0; bit < 32; ++bit) {
        const unsigned intid = first_spi + index * 32 + bit;
        if (implemented(intid) && spis_[intid - first_spi].line)
            v |= 1u << bit;
    }
    return v;
}

// ---------------------------------------------------------------------------
// The register table (IHI 0048B Table 4-1). Byte-accessible: IPRIORITYR,
// ITARGETSR, CPENDSGIR, SPENDSGIR (4.1.4); everything else word-only.

void distributor::build_registers() {
    using acc = bus_access;
    const unsigned words = (num_intids_ + 31) / 32;  // one bit per interrupt
    const unsigned bytes4 = (num_intids_ + 3) / 4;   // one byte per interrupt
    const unsigned fields = (num_intids_ + 15) / 16; // two bits per interrupt
    auto bits_rw = [this](const char* name, uint64_t off, unsigned count, auto get, auto set) {
        bank_.add({name, off, 4, count, SIZES_32,
                   [this, get](unsigned i, const acc& a) { return uint64_t(read_bits(i, a.cpu, get)); },
                   [set](unsigned i, uint64_t v, uint64_t, const acc& a) { set(i, uint32_t(v), a.cpu); }});
    };

    bank_.add({"GICD_CTLR", gicd::CTLR, 4, 1, SIZES_32, [this](unsigned, const acc&) { return uint64_t(ctlr_); },
               [this](unsigned, uint64_t v, uint64_t, const acc&) {
                   ctlr_ = uint32_t(v) & 3u;
                   changed(cpu_mask_);
               }});
    bank_.add({"GICD_TYPER", gicd::TYPER, 4, 1, SIZES_32,
               [this](unsigned, const acc&) {
                   // ITLinesNumber [4:0], CPUNumber [7:5], SecurityExtn [10] = 0, LSPI = 0.
                   return uint64_t(params_.it_lines_number() | ((params_.num_cpus - 1) << 5));
               },
               nullptr});
    bank_.add({"GICD_IIDR", gicd::IIDR, 4, 1, SIZES_32, [](unsigned, const acc&) { return uint64_t(gicd_iidr_gic400); },
               nullptr});
    bits_rw("GICD_IGROUPR", gicd::IGROUPR, words, &distributor::group1,
            [this](unsigned i, uint32_t v, unsigned c) { write_group(i, v, c); });
    bits_rw("GICD_ISENABLER", gicd::ISENABLER, words, &distributor::enabled,
            [this](unsigned i, uint32_t v, unsigned c) { write_enable(i, v, c, true); });
    bits_rw("GICD_ICENABLER", gicd::ICENABLER, words, &distributor::enabled,
            [this](unsigned i, uint32_t v, unsigned c) { write_enable(i, v, c, false); });
    bits_rw("GICD_ISPENDR", gicd::ISPENDR, words, &distributor::pending,
            [this](unsigned i, uint32_t v, unsigned c) { write_pending(i, v, c, true); });
    bits_rw("GICD_ICPENDR", gicd::ICPENDR, words, &distributor::pending,
            [this](unsigned i, uint32_t v, unsigned c) { write_pending(i, v, c, false); });
    bits_rw("GICD_ISACTIVER", gicd::ISACTIVER, words, &distributor::active,
            [this](unsigned i, uint32_t v, unsigned c) { write_active(i, v, c, true); });
    bits_rw("GICD_ICACTIVER", gicd::ICACTIVER, words, &distributor::active,
            [this](unsigned i, uint32_t v, unsigned c) { write_active(i, v, c, false); });

    bank_.add({"GICD_IPRIORITYR", gicd::IPRIORITYR, 4, bytes4, SIZES_8 | SIZES_32,
               [this](unsigned i, const acc& a) { return uint64_t(read_priority(i, a.cpu)); },
               [this](unsigned i, uint64_t v, uint64_t m, const acc& a) {
                   write_priority(i, uint32_t(v), uint32_t(m), a.cpu);
               }});
    // GICD_ITARGETSR0-7 (SGIs/PPIs) are read-only (4.3.12).
    bank_.add({"GICD_ITARGETSR", gicd::ITARGETSR, 4, 8, SIZES_8 | SIZES_32,
               [this](unsigned i, const acc& a) { return uint64_t(read_targets(i, a.cpu)); }, nullptr});
    if (bytes4 > 8)
        bank_.add({"GICD_ITARGETSR", gicd::ITARGETSR + 32, 4, bytes4 - 8, SIZES_8 | SIZES_32,
                   [this](unsigned i, const acc& a) { return uint64_t(read_targets(i + 8, a.cpu)); },
                   [this](unsigned i, uint64_t v, uint64_t m, const acc&) {
                       write_targets(i + 8, uint32_t(v), uint32_t(m));
                   }});
    bank_.add({"GICD_ICFGR0", gicd::ICFGR, 4, 1, SIZES_32,
               [this](unsigned, const acc& a) { return uint64_t(read_config(0, a.cpu)); }, nullptr});
    bank_.add({"GICD_ICFGR", gicd::ICFGR + 4, 4, fields - 1, SIZES_32,
               [this](unsigned i, const acc& a) { return uint64_t(read_config(i + 1, a.cpu)); },
               [this](unsigned i, uint64_t v, uint64_t, const acc& a) { write_config(i + 1, uint32_t(v), a.cpu); }});
    bank_.add({"GICD_PPISR", gicd::PPISR, 4, 1, SIZES_32,
               [this](unsigned, const acc& a) { return uint64_t(read_ppisr(a.cpu)); }, nullptr});
    if (num_intids_ > first_spi)
        bank_.add({"GICD_SPISR", gicd::SPISR, 4, (num_intids_ - first_spi + 31) / 32, SIZES_32,
                   [this](unsigned i, const acc&) { return uint64_t(read_spisr(i)); }, nullptr});
    bank_.add({"GICD_SGIR", gicd::SGIR, 4, 1, SIZES_32, nullptr,
               [this](unsigned, uint64_t v, uint64_t, const acc& a) { write_sgir(uint32_t(v), a.cpu); }});
    bank_.add({"GICD_CPENDSGIR", gicd::CPENDSGIR, 4, 4, SIZES_8 | SIZES_32,
               [this](unsigned i, const acc& a) { return uint64_t(read_sgi_pending(i, a.cpu)); },
               [this](unsigned i, uint64_t v, uint64_t m, const acc& a) {
                   write_sgi_pending(i, uint32_t(v), uint32_t(m), a.cpu, false);
               }});
    bank_.add({"GICD_SPENDSGIR", gicd::SPENDSGIR, 4, 4, SIZES_8 | SIZES_32,
               [this](unsigned i, const acc& a) { return uint64_t(read_sgi_pending(i, a.cpu)); },
               [this](unsigned i, uint64_t v, uint64_t m, const acc& a) {
                   write_sgi_pending(i, uint32_t(v), uint32_t(m), a.cpu, true);
               }});
    for (unsigned i = 0; i < 12; ++i)
        bank_.add({id_register_names[i], gicd::PIDR4 + 4 * i, 4, 1, SIZES_32,
                   [i](unsigned, const acc&) { return uint64_t(id_registers[i]); }, nullptr});
}

} // namespace vp::gic
