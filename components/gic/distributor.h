// GICv2 Distributor (GICD), IHI 0048B chapter 4.3; register reset values and
// ID registers as the GIC-400 (DDI 0471B 3.2).
//
// The distributor is the ONE owner of per-interrupt state: enable, group,
// priority, trigger configuration, CPU targets, the pending latch (set by an
// edge or GICD_ISPENDR), the input line level, the active bit, and for SGIs
// the pending bit per source CPU. SGI/PPI state (INTID 0-31) is banked per
// CPU. CPU interfaces, the virtual interface and tracing read it through the
// side-effect-free queries below and change it only through acknowledge()
// and the deactivate functions.
//
// Scope and choices (IMPLEMENTATION DEFINED or UNPREDICTABLE in the spec):
// - No Security Extensions (GICD_TYPER.SecurityExtn = 0); Group 0/1 via
//   GICD_IGROUPR and GICD_CTLR.EnableGrp0/EnableGrp1 (IHI 0048B 4.3.1).
// - SGIs are permanently enabled (GICD_ISENABLER0[15:0] RAO/WI, as GIC-400).
// - SGI active state is per SGI in each CPU's bank; pending is per source.
// - GICD_ICFGR bit [2F] reads 1 for PPIs/SPIs (GIC-400 reset 0x55555555).
// - A change of state notifies every listener synchronously and the
//   `state_changed` event (delta notification) for tracing.
#pragma once

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>

#include "common/register_bank.h"
#include "gic/gic_params.h"
#include "gic/physical_gic_if.h"
#include "gic/priority.h"

namespace vp::gic {

// GIC-400 identification (DDI 0471B Table 3-2 and 3.2.x).
constexpr uint32_t gicd_iidr_gic400 = 0x0200143B;

// Register offsets in the distributor frame (IHI 0048B Table 4-1).
namespace gicd {
constexpr uint64_t CTLR = 0x000, TYPER = 0x004, IIDR = 0x008, IGROUPR = 0x080, ISENABLER = 0x100,
                   ICENABLER = 0x180, ISPENDR = 0x200, ICPENDR = 0x280, ISACTIVER = 0x300, ICACTIVER = 0x380,
                   IPRIORITYR = 0x400, ITARGETSR = 0x800, ICFGR = 0xC00, PPISR = 0xD00, SPISR = 0xD04,
                   SGIR = 0xF00, CPENDSGIR = 0xF10, SPENDSGIR = 0xF20, PIDR4 = 0xFD0, PIDR0 = 0xFE0,
                   CIDR0 = 0xFF0;
constexpr uint64_t frame_size = 0x1000;
} // namespace gicd

// The best interrupt a distributor can forward to a CPU interface.
struct pending_irq {
    unsigned intid = spurious_intid;
    unsigned source_cpu = 0;        // SGIs: the requesting CPU (GICC_IAR.CPUID)
    uint8_t priority = idle_priority;
    bool group1 = false;
    bool valid() const { return intid != spurious_intid; }
};

// Told synchronously after any change of distributor state. `cpus` has a
// bit per CPU whose view may have changed (a banked change touches one CPU).
class distributor_listener {
public:
    virtual ~distributor_listener() = default;
    virtual void distributor_changed(uint8_t cpus) = 0;
};

class distributor : public sc_core::sc_module, public physical_gic_if {
public:
    distributor(sc_core::sc_module_name name, const gic_params& params);

    // --- bus side: the 4 KiB GICD frame; `cpu` is the accessing CPU ----------
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay, unsigned cpu);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans, unsigned cpu);
    register_bank& registers() { return bank_; }

    // --- interrupt inputs -----------------------------------------------------
    // Level of a PPI (16..31) input of `cpu`, or of an SPI input (32..).
    void set_ppi_line(unsigned cpu, unsigned intid, bool level);
    void set_spi_line(unsigned intid, bool level);

    // --- physical_gic_if: HW list register deactivation -----------------------
    // As a GICC_DIR of `intid` by `cpu`; INTIDs < 16 or unimplemented are
    // ignored with a log line (IHI 0048B GICH_LRn.PhysicalID: a PPI or SPI).
    void deactivate(unsigned intid, unsigned cpu) override;

    // --- for the CPU interfaces -------------------------------------------
    // Highest-priority interrupt that is enabled, pending, not active,
    // targeted at `cpu`, whose group is enabled in GICD_CTLR and in `grp0` /
    // `grp1` (the CPU interface's enables). Ties: lowest INTID, then lowest
    // source CPU. Invalid (1023) if none.
    pending_irq highest_pending(unsigned cpu, bool grp0, bool grp1) const;
    // GICC_IAR side effect: pending -> active (or active and pending for a
    // level interrupt whose line is still high, or an SGI from other sources).
    void acknowledge(unsigned cpu, const pending_irq& irq);
    // GICC_EOIR (EOImode 0) / GICC_DIR: clears the active bit. Returns false
    // (and changes nothing) if the interrupt was not active.
    bool deactivate_interrupt(unsigned intid, unsigned cpu);

    // --- side-effect-free queries (virtual interface, tracing, tests) ---------
    // `cpu` selects the bank for INTID 0-31 and is ignored for SPIs.
    bool implemented(unsigned intid) const { return intid < num_intids_; }
    bool line_level(unsigned intid, unsigned cpu) const;
    bool pending(unsigned intid, unsigned cpu) const;
    bool active(unsigned intid, unsigned cpu) const;
    bool enabled(unsigned intid, unsigned cpu) const;
    bool group1(unsigned intid, unsigned cpu) const;
    bool edge_triggered(unsigned intid, unsigned cpu) const;
    uint8_t priority(unsigned intid, unsigned cpu) const;
    uint8_t targets(unsigned intid, unsigned cpu) const; // CPU target mask (GICD_ITARGETSR view)
    uint8_t sgi_sources(unsigned sgi, unsigned cpu) const;
    bool group_enabled(bool group1) const { return (ctlr_ >> (group1 ? 1 : 0)) & 1; }
    const gic_params& params() const { return params_; }

    // --- observing state changes ------------------------------------------
    void add_listener(distributor_listener* l) { listeners_.push_back(l); }
    // Delta-notified after every change (for tracing; listeners are synchronous).
    sc_core::sc_event state_changed;
    // Whether changes notify `state_changed` (default on). A board without an
    // observer turns it off: the notification alone would cost every access
    // that changes state a delta cycle in the accessing CPU (settle()).
    void set_state_events(bool on) { state_events_ = on; }
    // Number of state changes so far (cheap "did anything change" check).
    uint64_t change_count() const { return change_count_; }

private:
    struct irq_state {
        bool enabled = false;
        bool group1 = false;
        bool edge = false;    // GICD_ICFGR Int_config[1]: 1 = edge-triggered
        bool active = false;
        bool latch = false;   // pending latch: edge seen or GICD_ISPENDR
        bool line = false;    // input level
        uint8_t priority = 0;
    };

    irq_state& state(unsigned intid, unsigned cpu);
    const irq_state& state(unsigned intid, unsigned cpu) const;
    bool is_pending(const irq_state& s, unsigned intid, unsigned cpu) const;
    bool targets_cpu(unsigned intid, unsigned cpu) const;
    void set_line(unsigned intid, unsigned cpu, bool level);
    // Keeps the candidate sets (below) in step with INTID `intid` of `cpu`'s
    // bank; refresh_range for `count` INTIDs from `first`.
    void refresh(unsigned intid, unsigned cpu);
    void refresh_range(unsigned first, unsigned count, unsigned cpu);
    void changed(uint8_t cpus);
    // CPUs that see a change of INTID `intid` in `cpu`'s bank.
    uint8_t affected(unsigned intid, unsigned cpu) const {
        return intid < first_spi ? uint8_t(1u << cpu) : cpu_mask_;
    }
    void warn_once(const std::string& key, const std::string& msg);
    void build_registers();

    // Register side effects, one per spec register.
    uint32_t read_bits(unsigned index, unsigned cpu, bool (distributor::*get)(unsigned, unsigned) const) const;
    void write_group(unsigned index, uint32_t value, unsigned cpu);
    void write_enable(unsigned index, uint32_t value, unsigned cpu, bool set);
    void write_pending(unsigned index, uint32_t value, unsigned cpu, bool set);
    void write_active(unsigned index, uint32_t value, unsigned cpu, bool set);
    uint32_t read_priority(unsigned index, unsigned cpu) const;
    void write_priority(unsigned index, uint32_t value, uint32_t mask, unsigned cpu);
    uint32_t read_targets(unsigned index, unsigned cpu) const;
    void write_targets(unsigned index, uint32_t value, uint32_t mask);
    uint32_t read_config(unsigned index, unsigned cpu) const;
    void write_config(unsigned index, uint32_t value, unsigned cpu);
    void write_sgir(uint32_t value, unsigned cpu);
    uint32_t read_sgi_pending(unsigned index, unsigned cpu) const;
    void write_sgi_pending(unsigned index, uint32_t value, uint32_t mask, unsigned cpu, bool set);
    uint32_t read_ppisr(unsigned cpu) const;
    uint32_t read_spisr(unsigned index) const;

    const gic_params params_;
    const unsigned num_intids_;
    const uint8_t cpu_mask_;     // bit per implemented CPU interface
    uint32_t ctlr_ = 0;          // GICD_CTLR: EnableGrp0 [0], EnableGrp1 [1]

    std::vector<std::array<irq_state, 32>> banked_;   // [cpu][intid 0..31]
    std::vector<irq_state> spis_;                     // [intid - 32]
    std::vector<uint8_t> spi_targets_;                // [intid - 32] GICD_ITARGETSR byte
    // Candidates for highest_pending(), kept by refresh() on every change of
    // enable, pending or active state: enabled && pending && !active. Group
    // and target filters are applied at selection (usually 0-2 candidates).
    std::vector<uint32_t> banked_candidates_;         // [cpu] bit intid (0..31)
    std::vector<uint32_t> spi_candidates_;            // bit (intid - 32)
    // Bit w set while spi_candidates_[w] != 0 (at most 31 words: 988 SPIs),
    // so that a search skips the empty words.
    uint32_t spi_candidate_words_ = 0;
    // highest_pending() per CPU, valid until the next change that CPU sees.
    struct best_cache {
        bool valid = false;
        bool grp0 = false, grp1 = false; // the arguments it was computed for
        pending_irq best;
    };
    mutable std::vector<best_cache> best_;
    std::vector<std::array<uint8_t, num_sgis>> sgi_sources_; // [target cpu][sgi] source CPU mask

    register_bank bank_;
    std::vector<distributor_listener*> listeners_;
    uint64_t change_count_ = 0;
    bool state_events_ = true;
};

} // namespace vp::gic
