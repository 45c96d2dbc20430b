// The data of a bus access (1, 2, 4 or 8 bytes) copied with a constant size
// for each: one host move instead of a call of the library's memcpy, on a
// path every device register access takes (docs/performance.md, "Device
// access path").
#pragma once

#include <cstring>

namespace vp {

inline void copy_access_bytes(void* to, const void* from, unsigned size) {
    switch (size) {
    case 1: std::memcpy(to, from, 1); break;
    case 2: std::memcpy(to, from, 2); break;
    case 4: std::memcpy(to, from, 4); break;
    case 8: std::memcpy(to, from, 8); break;
    default: std::memcpy(to, from, size); break;
    }
}

} // namespace vp
