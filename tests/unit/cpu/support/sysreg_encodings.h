// Encodings the CPU unit tests share: MRS/MSR of a system register named by
// its sysregs::key (op0:op1:CRn:CRm:op2, DDI 0487 C5.2), and the PMU's keys.
#pragma once

#include <cstdint>

#include "cpu/sysregs.h"

namespace vp::test {

constexpr uint32_t mrs(uint32_t k, unsigned rt) { return 0xd5300000u | (k << 5) | rt; }
constexpr uint32_t msr(uint32_t k, unsigned rt) { return 0xd5100000u | (k << 5) | rt; }

namespace pmu_keys {
using cpu::sysregs::key;
constexpr uint32_t pmcr = key(3, 3, 9, 12, 0), pmcntenset = key(3, 3, 9, 12, 1), pmcntenclr = key(3, 3, 9, 12, 2);
constexpr uint32_t pmovsclr = key(3, 3, 9, 12, 3), pmswinc = key(3, 3, 9, 12, 4), pmselr = key(3, 3, 9, 12, 5);
constexpr uint32_t pmceid0 = key(3, 3, 9, 12, 6), pmccntr = key(3, 3, 9, 13, 0), pmxevtyper = key(3, 3, 9, 13, 1);
constexpr uint32_t pmxevcntr = key(3, 3, 9, 13, 2), pmuserenr = key(3, 3, 9, 14, 0), pmovsset = key(3, 3, 9, 14, 3);
constexpr uint32_t pmccfiltr = key(3, 3, 14, 15, 7), pmintenset = key(3, 0, 9, 14, 1), pmintenclr = key(3, 0, 9, 14, 2);
constexpr uint32_t mdcr_el2 = key(3, 4, 1, 1, 1);
constexpr uint32_t pmevcntr(unsigned n) { return key(3, 3, 14, 8 + (n >> 3), n & 7); }
constexpr uint32_t pmevtyper(unsigned n) { return key(3, 3, 14, 12 + (n >> 3), n & 7); }
} // namespace pmu_keys

} // namespace vp::test
