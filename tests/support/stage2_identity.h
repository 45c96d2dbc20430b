// An identity stage 2 translation for tests that want flat Normal memory at
// EL1&0: HCR_EL2.DC = 1 makes stage 1 behave as disabled with Normal
// write-back memory, but also turns stage 2 on (DDI 0487 D13.2.47), so the
// core needs stage 2 tables. One level-1 table of 512 1 GiB blocks (4 KiB
// granule, 39-bit IPA, SL0 = 1) maps IPA = PA, read/write/execute, Normal WB.
#pragma once

#include <cstdint>
#include <cstring>

#include "cpu/state.h"

namespace vp::test {

constexpr uint64_t hcr_dc = 1ull << 12;

// `table` is the host view of 4 KiB at physical `table_pa` (4 KiB aligned).
inline void identity_stage2(uint8_t* table, uint64_t table_pa, cpu::system_registers& s) {
    for (uint64_t i = 0; i < 512; ++i) {
        // block | MemAttr 0b1111 | S2AP RW | SH inner | AF
        const uint64_t desc = (i << 30) | 1 | (0xfu << 2) | (3u << 6) | (3u << 8) | (1u << 10);
        std::memcpy(table + 8 * i, &desc, 8);
    }
    s.vtcr_el2 = 25 | (1u << 6) | (1u << 8) | (1u << 10) | (3u << 12) | (5ull << 16); // T0SZ 25, SL0 1, WB, IS, 48-bit PS
    s.vttbr_el2 = table_pa;
}

} // namespace vp::test
