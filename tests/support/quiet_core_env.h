// A core_env for unit tests of the bare core: no devices (every bus access
// is an external abort), output and warnings dropped, time frozen at 0.
#pragma once

#include <cstddef>
#include <cstdint>

#include "cpu/core.h"

namespace vp::test {

class quiet_core_env : public vp::cpu::core_env {
public:
    bool bus_read(uint64_t, void*, unsigned, bool) override { return false; }
    bool bus_write(uint64_t, const void*, unsigned) override { return false; }
    void console_write(const char*, std::size_t) override {}
    uint64_t elapsed_ns() const override { return 0; }
    void warn(const char*) override {}
};

} // namespace vp::test
