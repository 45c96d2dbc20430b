// The core's environment for cross-check runs: RAM only (no devices, so any
// bus access is an external abort), no timer, console to stdout.
#pragma once

#include <cstdio>

#include "cpu/core.h"

namespace vp::xcheck {

class ram_only_env final : public cpu::core_env {
public:
    bool bus_read(uint64_t, void*, unsigned, bool) override { return false; }
    bool bus_write(uint64_t, const void*, unsigned) override { return false; }
    void console_write(const char* data, std::size_t size) override { std::fwrite(data, 1, size, stdout); }
    uint64_t elapsed_ns() const override { return 0; }
    void warn(const char* message) override { std::printf("[core] %s\n", message); }
};

} // namespace vp::xcheck
