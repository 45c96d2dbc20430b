#include "gic/cpu_interface.h"

#include <algorithm>
#include <cassert>

#include "common/log.h"

namespace vp::gic {

namespace {
constexpr const char* report_type = "gic/cpu_interface";

unsigned apr_word_count(unsigned priority_bits) {
    const unsigned levels = preemption_levels(priority_bits);
    return levels < 32 ? 1 : levels / 32;
}

// Implemented bits of GICC_APRn word `w`: one per preemption level.
uint32_t apr_word_mask(unsigned priority_bits, unsigned w) {
    const unsigned levels = preemption_levels(priority_bits);
    if (levels >= 32 * (w + 1))
        return 0xFFFFFFFFu;
    return levels > 32 * w ? (1u << (levels - 32 * w)) - 1 : 0;
}
} // namespace

cpu_interface::cpu_interface(sc_core::sc_module_name name, distributor& dist, unsigned cpu)
    : sc_module(name), irq("irq"), fiq("fiq"), dist_(dist), cpu_(cpu),
      priority_bits_(dist.params().priority_bits), apr_words_(apr_word_count(priority_bits_)),
      bpr_(min_bpr(priority_bits_)), abpr_(min_abpr(priority_bits_)), bank_(report_type, gicc::frame_size) {
    assert(cpu < dist.params().num_cpus);
    dist_.add_listener(this);
    build_registers();
    SC_HAS_PROCESS(cpu_interface);
    SC_METHOD(drive_outputs);
    sensitive << drive_event_;
    dont_initialize();
}

void cpu_interface::warn_once(const std::string& key, const std::string& msg) {
    vp::log::warning_once(report_type, std::string(name()) + key, std::string(name()) + ": " + msg);
}

// ---------------------------------------------------------------------------
// Priorities

uint8_t cpu_interface::running_priority() const {
    uint32_t combined[4] = {};
    for (unsigned w = 0; w < apr_words_; ++w)
        combined[w] = apr_[0][w] | apr_[1][w];
    return vp::gic::running_priority(combined, apr_words_, priority_bits_);
}

// IHI 0048B 3.3.3: the group priority field selected by the binary point of
// the interrupt's group (GICC_BPR, or GICC_ABPR for Group 1 unless CBPR).
uint8_t cpu_interface::group_priority(uint8_t priority, bool group1) const {
    return priority & group_priority_mask(group1, ctlr_.cbpr(), bpr_, abpr_);
}

// IHI 0048B 3.3.1/3.3.2: signalled only if its priority is higher than the
// priority mask and its group priority higher than the running priority.
bool cpu_interface::can_signal(const pending_irq& p) const {
    return p.priority < pmr_ && group_priority(p.priority, p.group1) < running_priority();
}

// Priority drop (IHI 0048B 3.2.1): clears the highest-priority active bit,
// from the interrupt's group if that group holds it.
bool cpu_interface::drop_priority(bool group1) {
    for (unsigned w = 0; w < apr_words_; ++w) {
        const uint32_t combined = apr_[0][w] | apr_[1][w];
        if (!combined)
            continue;
        const uint32_t bit = combined & -combined;
        if (apr_[group1][w] & bit)
            apr_[group1][w] &= ~bit;
        else
            apr_[!group1][w] &= ~bit;
        return true;
    }
    return false;
}

// ---------------------------------------------------------------------------
// Outputs

void cpu_interface::update() {
    const pending_irq best = dist_.highest_pending(cpu_, ctlr_.enable_grp0(), ctlr_.enable_grp1());
    bool new_irq = false, new_fiq = false;
    if (best.valid() && can_signal(best)) {
        // IHI 0048B 4.4.1 FIQEn: Group 0 is signalled as FIQ.
        if (!best.group1 && ctlr_.fiq_en())
            new_fiq = true;
        else
            new_irq = true;
    }
    if (new_irq == irq_level_ && new_fiq == fiq_level_)
        return;
    irq_level_ = new_irq;
    fiq_level_ = new_fiq;
    ++output_changes_;
    switch (sc_core::sc_get_status()) {
    case sc_core::SC_RUNNING:
        // Same evaluation phase as the cause: the output changes one delta later.
        drive_event_.notify();
        break;
    case sc_core::SC_PAUSED:
        // Called from sc_main between sc_start calls: no process to wake.
        drive_outputs();
        break;
    default:
        drive_event_.notify(sc_core::SC_ZERO_TIME);
        break;
    }
}

void cpu_interface::drive_outputs() {
    irq.write(irq_level_);
    fiq.write(fiq_level_);
}

// ---------------------------------------------------------------------------
// Register side effects

// GICC_IAR / GICC_AIAR (IHI 0048B 4.4.4, 4.4.9; special INTIDs 3.2.5).
uint32_t cpu_interface::acknowledge(bool alias, bool debug) {
    const pending_irq best = dist_.highest_pending(cpu_, ctlr_.enable_grp0(), ctlr_.enable_grp1());
    if (!best.valid() || !can_signal(best))
        return spurious_intid;
    if (alias) {
        if (!best.group1)
            return spurious_intid; // Group 1 view: a Group 0 interrupt is invisible
    } else if (best.group1 && !ctlr_.ack_ctl()) {
        return spurious_group1_intid;
    }
    const uint32_t id = best.intid | (best.intid < num_sgis ? best.source_cpu << 10 : 0);
    if (debug)
        return id;
    const unsigned bit = apr_bit(group_priority(best.priority, best.group1), priority_bits_);
    apr_[best.group1][bit / 32] |= 1u << (bit % 32);
    dist_.acknowledge(cpu_, best); // notifies the listeners: update()
    return id;
}

bool cpu_interface::valid_eoi_intid(unsigned intid, const char* reg) {
    if (intid >= max_intid)
        return false; // special INTIDs 1020-1023: no effect (IHI 0048B 4.4.5)
    if (!dist_.implemented(intid)) {
        warn_once(std::string(reg) + "-unimpl", std::string(reg) + " write of unimplemented INTID " +
                                                     std::to_string(intid) + " ignored");
        return false;
    }
    return true;
}

// GICC_EOIR / GICC_AEOIR (IHI 0048B 4.4.5, 4.4.10; priority drop 3.2.1).
void cpu_interface::end_of_interrupt(uint32_t value, bool alias) {
    const char* reg = alias ? "GICC_AEOIR" : "GICC_EOIR";
    const unsigned intid = value & 0x3FF;
    if (!valid_eoi_intid(intid, reg))
        return;
    const bool g1 = dist_.group1(intid, cpu_);
    if (alias && !g1) {
        warn_once("aeoir-grp0", "GICC_AEOIR of Group 0 INTID " + std::to_string(intid) + " ignored");
        return;
    }
    if (!drop_priority(g1)) {
        warn_once(std::string(reg) + "-idle", std::string(reg) + " of INTID " + std::to_string(intid) +
                                                  " with no active priority ignored");
        return;
    }
    if (!ctlr_.eoi_mode() && !dist_.deactivate_interrupt(intid, cpu_))
        warn_once(std::string(reg) + "-inactive", std::string(reg) + " of INTID " + std::to_string(intid) +
                                                      " that is not active: priority drop only");
    update();
}

// GICC_DIR (IHI 0048B 4.4.15).
void cpu_interface::deactivate(uint32_t value) {
    if (!ctlr_.eoi_mode()) {
        warn_once("dir-eoimode0", "GICC_DIR write while GICC_CTLR.EOImode == 0 ignored (UNPREDICTABLE)");
        return;
    }
    const unsigned intid = value & 0x3FF;
    if (!valid_eoi_intid(intid, "GICC_DIR"))
        return;
    if (!dist_.deactivate_interrupt(intid, cpu_))
        warn_once("dir-inactive", "GICC_DIR of INTID " + std::to_string(intid) + " that is not active ignored");
}

// GICC_HPPIR / GICC_AHPPIR (IHI 0048B 4.4.7, 4.4.11).
uint32_t cpu_interface::highest_pending_id(bool alias) const {
    const pending_irq best = dist_.highest_pending(cpu_, true, true);
    if (!best.valid())
        return spurious_intid;
    if (alias && !best.group1)
        return spurious_intid;
    if (!alias && best.group1 && !ctlr_.ack_ctl())
        return spurious_group1_intid;
    return best.intid | (best.intid < num_sgis ? best.source_cpu << 10 : 0);
}

// ---------------------------------------------------------------------------
// Bus side

void cpu_interface::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    bank_.b_transport(trans, delay, cpu_);
}

unsigned cpu_interface::transport_dbg(tlm::tlm_generic_payload& trans) { return bank_.transport_dbg(trans, cpu_); }

// The register table (IHI 0048B Table 4-2); all registers word-only (4.1.4).
void cpu_interface::build_registers() {
    using acc = bus_access;
    const uint8_t prio_mask = implemented_priority_mask(priority_bits_);
    auto ro = [this](const char* name, uint64_t off, auto fn) {
        bank_.add({name, off, 4, 1, SIZES_32, [fn](unsigned, const acc& a) { return uint64_t(fn(a)); }, nullptr});
    };
    bank_.add({"GICC_CTLR", gicc::CTLR, 4, 1, SIZES_32, [this](unsigned, const acc&) { return uint64_t(ctlr_.value); },
               [this](unsigned, uint64_t v, uint64_t, const acc&) {
                   ctlr_.value = uint32_t(v) & gicc_ctlr::writable;
                   update();
               }});
    bank_.add({"GICC_PMR", gicc::PMR, 4, 1, SIZES_32, [this](unsigned, const acc&) { return uint64_t(pmr_); },
               [this, prio_mask](unsigned, uint64_t v, uint64_t, const acc&) {
                   pmr_ = uint8_t(v) & prio_mask; // IHI 0048B 4.4.2: unimplemented bits RAZ/WI
                   update();
               }});
    // IHI 0048B 4.4.3: a binary point below the minimum sets the minimum.
    bank_.add({"GICC_BPR", gicc::BPR, 4, 1, SIZES_32, [this](unsigned, const acc&) { return uint64_t(bpr_); },
               [this](unsigned, uint64_t v, uint64_t, const acc&) {
                   bpr_ = std::max(unsigned(v & 7), min_bpr(priority_bits_));
                   update();
               }});
    bank_.declare_timeless_reads(true); // all but the acknowledges below
    bank_.add({"GICC_IAR", gicc::IAR, 4, 1, SIZES_32,
               [this](unsigned, const acc& a) { return uint64_t(acknowledge(false, a.debug)); }, nullptr})
        .read_side_effects = true;
    bank_.add({"GICC_EOIR", gicc::EOIR, 4, 1, SIZES_32, nullptr,
               [this](unsigned, uint64_t v, uint64_t, const acc&) { end_of_interrupt(uint32_t(v), false); }});
    ro("GICC_RPR", gicc::RPR, [this](const acc&) { return running_priority(); });
    ro("GICC_HPPIR", gicc::HPPIR, [this](const acc&) { return highest_pending_id(false); });
    bank_.add({"GICC_ABPR", gicc::ABPR, 4, 1, SIZES_32, [this](unsigned, const acc&) { return uint64_t(abpr_); },
               [this](unsigned, uint64_t v, uint64_t, const acc&) {
                   abpr_ = std::max(unsigned(v & 7), min_abpr(priority_bits_));
                   update();
               }});
    bank_.add({"GICC_AIAR", gicc::AIAR, 4, 1, SIZES_32,
               [this](unsigned, const acc& a) { return uint64_t(acknowledge(true, a.debug)); }, nullptr})
        .read_side_effects = true;
    bank_.add({"GICC_AEOIR", gicc::AEOIR, 4, 1, SIZES_32, nullptr,
               [this](unsigned, uint64_t v, uint64_t, const acc&) { end_of_interrupt(uint32_t(v), true); }});
    ro("GICC_AHPPIR", gicc::AHPPIR, [this](const acc&) { return highest_pending_id(true); });
    // IHI 0048B 4.4.12/4.4.13: active priorities, one bit per preemption level;
    // written only to restore a saved value.
    for (unsigned group = 0; group < 2; ++group)
        bank_.add({group ? "GICC_NSAPR" : "GICC_APR", group ? gicc::NSAPR : gicc::APR, 4, apr_words_, SIZES_32,
                   [this, group](unsigned i, const acc&) { return uint64_t(apr_[group][i]); },
                   [this, group](unsigned i, uint64_t v, uint64_t, const acc&) {
                       apr_[group][i] = uint32_t(v) & apr_word_mask(priority_bits_, i);
                       update();
                   }});
    ro("GICC_IIDR", gicc::IIDR, [](const acc&) { return gicc_iidr_gic400; });
    bank_.add({"GICC_DIR", gicc::DIR, 4, 1, SIZES_32, nullptr,
               [this](unsigned, uint64_t v, uint64_t, const acc&) { deactivate(uint32_t(v)); }});
}

} // namespace vp::gic
