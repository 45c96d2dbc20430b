// Helpers shared by the SIMD&FP execute handlers: lane access to the V
// registers and the SIMD&FP enable check (DDI 0487 C1.2.5, D1 pseudocode
// CheckFPAdvSIMDEnabled64).
#pragma once

#include <cstdint>
#include <cstring>

#include "cpu/execute/common.h"

namespace vp::cpu::exec {

inline vreg& vr(core& c, unsigned n) { return c.st_.v[n]; }
inline uint8_t* vbytes(vreg& v) { return reinterpret_cast<uint8_t*>(v.d); }
inline const uint8_t* vbytes(const vreg& v) { return reinterpret_cast<const uint8_t*>(v.d); }

// Lane `i` of element type T (little-endian lane order).
template <typename T> inline T lane(const vreg& v, unsigned i) {
    T x;
    std::memcpy(&x, vbytes(v) + i * sizeof(T), sizeof(T));
    return x;
}
template <typename T> inline void set_lane(vreg& v, unsigned i, T x) {
    std::memcpy(vbytes(v) + i * sizeof(T), &x, sizeof(T));
}

// A write of a 64-bit vector or of a scalar clears the bits above it.
inline void clear_high(vreg& v, unsigned bytes) {
    if (bytes < 16) std::memset(vbytes(v) + bytes, 0, 16 - bytes);
}

// Every SIMD&FP handler starts with this: false when the access trapped or
// the instruction ran again (core::fp_access_retry); the handler then
// returns without side effects.
inline bool fp_enabled(core& c, const insn& i) { return c.fp_access_check(i); }

} // namespace vp::cpu::exec
