// The Performance Monitors Extension (PMUv3, DDI 0487 D7 and D13.4) as the
// core models it: the cycle counter PMCCNTR_EL0 and six 32-bit event counters
// (PMCR_EL0.N = 6, as on Cortex-A57). The core runs one cycle per
// instruction, so CPU_CYCLES and INST_RETIRED count the same; SW_INCR counts
// writes to PMSWINC_EL0, CHAIN the overflows of the even counter below, and
// MEM_ACCESS the data memory operations of loads and stores (pmu_mem_access.cpp
// says which). Other event numbers may be programmed (PMEVTYPER<n>_EL0 keeps
// them) and count nothing; PMCEID0_EL0 lists the five that count.
// core::pmu_sync() (pmu.cpp) brings the instruction counters up to date,
// lazily; MEM_ACCESS counts at the access. The overflow interrupt request goes
// to core_env::pmu_interrupt() (aarch64_cpu::pmu_irq).
#pragma once

#include <cstdint>

namespace vp::cpu::pmu {

constexpr unsigned counters = 6;                            // PMCR_EL0.N
constexpr uint64_t counter_bits = (1ull << counters) - 1;   // PMCNTENSET_EL0.P<n> and friends
constexpr uint64_t cycle_bit = 1ull << 31;                  // ... .C
constexpr uint64_t all_bits = counter_bits | cycle_bit;

// Common event numbers (DDI 0487 D7.10).
constexpr unsigned sw_incr = 0x00, inst_retired = 0x08, cpu_cycles = 0x11, mem_access = 0x13, chain = 0x1e;
constexpr uint64_t pmceid0 =
    (1ull << sw_incr) | (1ull << inst_retired) | (1ull << cpu_cycles) | (1ull << mem_access) | (1ull << chain);

// PMEVTYPER<n>_EL0 and PMCCFILTR_EL0: P[31], U[30], NSH[27] (NSK, NSU and M
// are RES0 without EL3); evtCount[9:0] (PMUv3 for Armv8.0: 10 bits).
constexpr uint64_t filter_bits = 0xc8000000ull;
constexpr uint64_t evtcount_bits = 0x3ff;

// PMCR_EL0: E[0], P[1] and C[2] (write-only actions), D[3], X[4], DP[5], LC[6]; N[15:11].
constexpr uint64_t pmcr_e = 1, pmcr_p = 2, pmcr_c = 4, pmcr_d = 8, pmcr_lc = 64;
constexpr uint64_t pmcr_stored = 0x79;
constexpr unsigned pmcr_n_shift = 11;

// MDCR_EL2: HPMN[4:0] (event counters below it belong to EL1 and EL0),
// TPMCR[5], HPME[7] (enables the counters from HPMN up).
constexpr uint64_t mdcr_hpmn = 0x1f, mdcr_tpmcr = 1u << 5, mdcr_hpme = 1u << 7;

// PMUSERENR_EL0: EN (everything at EL0), SW (PMSWINC_EL0), CR (read
// PMCCNTR_EL0), ER (read the event counters, PMSELR_EL0).
constexpr uint64_t userenr_en = 1, userenr_sw = 2, userenr_cr = 4, userenr_er = 8;

} // namespace vp::cpu::pmu
