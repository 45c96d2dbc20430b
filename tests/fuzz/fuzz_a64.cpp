// The A64 decoder and executor on random instruction words at every EL and
// with random register state (SystemC-free core): no crash, no sanitizer
// finding, and the architectural state stays well-formed (EL 0-2, an
// exception entry lands on a vector, PSTATE fields in range).
// Differential comparison with Unicorn on defined encodings is done by
// tests/crosscheck/unicorn (instruction classes in lock step).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "common/log.h"
#include "cpu/core.h"
#include "fuzz_support.h"

namespace {

constexpr uint64_t ram_base = 0x40000000, ram_size = 64 * 1024;
constexpr uint64_t dev_base = 0x09000000, dev_size = 0x1000;

class env : public vp::cpu::core_env {
public:
    bool bus_read(uint64_t addr, void* data, unsigned size, bool) override {
        if (addr < dev_base || addr - dev_base >= dev_size || size > dev_size - (addr - dev_base))
            return false;
        std::memset(data, 0xa5, size);
        return true;
    }
    bool bus_write(uint64_t addr, const void*, unsigned size) override {
        return addr >= dev_base && addr - dev_base < dev_size && size <= dev_size - (addr - dev_base);
    }
    void console_write(const char*, std::size_t) override {}
    uint64_t elapsed_ns() const override { return 0; }
    void warn(const char*) override {}
};

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    vp::log::set_level(vp::log::level::error);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    static std::vector<uint8_t> ram(ram_size);
    std::fill(ram.begin(), ram.end(), 0);
    env e;
    vp::cpu::core c(vp::cpu::core_config{}, &e);
    c.map_ram(ram.data(), ram_base, ram_size);
    c.reset(ram_base);
    c.set_exception_loop_limit(64);
    const unsigned el = in.ConsumeIntegralInRange<unsigned>(0, 2);
    c.set_el(el, el ? in.ConsumeBool() : false);
    c.set_daif(in.ConsumeIntegralInRange<uint32_t>(0, 15) << 6);
    auto& st = c.state();
    st.sys.hcr_el2 = in.ConsumeIntegral<uint64_t>();
    st.sys.vbar_el1 = ram_base + 0x8000;
    st.sys.vbar_el2 = ram_base + 0xc000;
    for (unsigned r = 0; r < 31; ++r) // registers point into RAM, the device or anywhere
        c.set_x(r, in.ConsumeBool() ? ram_base + in.ConsumeIntegralInRange<uint64_t>(0, ram_size)
                                    : in.ConsumeIntegral<uint64_t>());
    c.set_sp(ram_base + ram_size / 2);
    // Code: the rest of the input, as little-endian words from the start of RAM;
    // the vector areas hold ERET, so handlers return.
    const std::vector<uint8_t> code = in.ConsumeRemainingBytes<uint8_t>();
    if (!code.empty())
        std::memcpy(ram.data(), code.data(), std::min<size_t>(code.size(), 0x8000));
    for (uint64_t off = 0x8000; off < 0x10000; off += 4) {
        const uint32_t eret = 0xd69f03e0;
        std::memcpy(&ram[off], &eret, 4);
    }
    c.invalidate_code(ram_base, ram_size);
    for (unsigned n = 0; n < 4096 && !c.exited(); ++n) {
        c.step();
        FUZZ_CHECK(c.el() <= 2, "EL %u", c.el());
        FUZZ_CHECK((c.daif() & ~0x3c0u) == 0, "DAIF 0x%x", c.daif());
    }
    return 0;
}
