// Configuration of a GICv2 (GIC-400 class) model: the parameters a SoC
// integrator chooses, checked once at construction.
#pragma once

#include <string>

namespace vp::gic {

// INTID ranges (IHI 0048B 2.2.1).
constexpr unsigned num_sgis = 16;        // SGIs: INTID 0-15
constexpr unsigned first_ppi = 16;       // PPIs: INTID 16-31
constexpr unsigned first_spi = 32;       // SPIs: INTID 32-1019
constexpr unsigned max_intid = 1020;     // 1020-1023 are special
constexpr unsigned spurious_intid = 1023;
constexpr unsigned spurious_group1_intid = 1022; // IHI 0048B 3.2.5
constexpr unsigned max_cpus = 8;
constexpr unsigned maintenance_ppi = 25; // virtual interface maintenance (GIC-400)

struct gic_params {
    unsigned num_cpus = 1;          // CPU interfaces, 1..8 (GICD_TYPER.CPUNumber + 1)
    unsigned num_interrupts = 288;  // INTIDs incl. SGIs/PPIs: multiple of 32 in 32..1024 (1020 and
                                    // 1024 both mean 0-1019); GICD_TYPER.ITLinesNumber = n/32 - 1
    unsigned priority_bits = 5;     // implemented priority bits, 4..8 (GIC-400: 5)
    bool ppi_trigger_programmable = false; // GICD_ICFGR1 writable (else level, read-only)
    unsigned num_list_registers = 4;       // GICH_LRn, 1..64 (GIC-400: 4)

    // Number of implemented INTIDs (at most 1020).
    unsigned implemented_intids() const { return num_interrupts > max_intid ? max_intid : num_interrupts; }
    // GICD_TYPER.ITLinesNumber.
    unsigned it_lines_number() const { return (num_interrupts + 31) / 32 - 1; }

    // Empty when valid, else a message naming the bad parameter.
    std::string check() const;
    // SC_REPORT_ERROR("gic/params", ...) when invalid.
    void validate() const;
};

} // namespace vp::gic
