// Priority arithmetic shared by the physical CPU interface (GICC) and the
// virtual CPU interface (GICV): IHI 0048B 3.3 (priority grouping, binary
// point), 4.4.2/4.4.3 (GICC_BPR/GICC_ABPR), 4.3.11 (implemented priority bits)
// and 4.4.10/5.3.x (active priorities registers).
//
// The CPU interface keeps one active-priority bit per preemption level (group
// priority at the minimum binary point); the running priority is the lowest
// numbered level whose bit is set, or idle (0xFF).
#pragma once

#include <cstdint>

namespace vp::gic {

constexpr uint8_t idle_priority = 0xFF;

// Bits of an 8-bit priority field that are implemented (4..8 bits, upper).
constexpr uint8_t implemented_priority_mask(unsigned priority_bits) {
    return uint8_t(0xFF << (8 - priority_bits));
}

// Smallest binary point a CPU interface accepts (IHI 0048B 3.3.3, Table 3-2;
// GIC-400 with 5 bits: GICC_BPR resets to 2, GICC_ABPR to 3).
constexpr unsigned min_bpr(unsigned priority_bits) { return priority_bits >= 8 ? 0 : 7 - priority_bits; }
constexpr unsigned min_abpr(unsigned priority_bits) { return min_bpr(priority_bits) + 1; }

// Mask selecting the group-priority field. Group 0 uses BPR (field [7:BPR+1]);
// Group 1 uses ABPR (field [7:ABPR]), or BPR as for Group 0 when CBPR == 1
// (IHI 0048B 4.4.2, "Binary point for Group 1 interrupts").
constexpr uint8_t group_priority_mask(bool group1, bool cbpr, unsigned bpr, unsigned abpr) {
    if (group1 && !cbpr)
        return uint8_t(0xFF << abpr);
    return uint8_t(0xFF << (bpr + 1));
}

// Number of preemption levels = distinct group priorities at the minimum
// binary point: 2^(bits) for bits <= 7, 128 for 8 bits.
constexpr unsigned preemption_levels(unsigned priority_bits) {
    return 1u << (priority_bits >= 8 ? 7 : priority_bits);
}

// Active-priority bit index of a (group) priority.
constexpr unsigned apr_bit(uint8_t priority, unsigned priority_bits) {
    return priority >> (8 - (priority_bits >= 8 ? 7 : priority_bits));
}

// Priority of an active-priority bit index (inverse of apr_bit).
constexpr uint8_t apr_priority(unsigned bit, unsigned priority_bits) {
    return uint8_t(bit << (8 - (priority_bits >= 8 ? 7 : priority_bits)));
}

// Running priority from active-priority words (lowest set bit wins).
inline uint8_t running_priority(const uint32_t* apr, unsigned words, unsigned priority_bits) {
    for (unsigned w = 0; w < words; ++w)
        if (apr[w])
            return apr_priority(w * 32 + unsigned(__builtin_ctz(apr[w])), priority_bits);
    return idle_priority;
}

} // namespace vp::gic
