// A gtest fixture around one core harness (core_harness or a class derived
// from it) for tests that write their instructions into RAM by hand: where
// the code and the vectors are (VBAR_EL1/EL2 set), and the helpers those
// tests all need: place words, fill NOPs, run one instruction, change EL,
// access system registers as a debugger does.
#pragma once

#include <cstdint>
#include <initializer_list>

#include <gtest/gtest.h>

#include "core_harness.h"

namespace vp::test {

template <class Harness> struct program_fixture : ::testing::Test {
    static constexpr uint64_t code = ram_base + 0x1000, vbar1 = ram_base + 0x10000, vbar2 = ram_base + 0x20000;
    Harness h;
    cpu::arch_state& s = h.cpu.state();

    void SetUp() override {
        s.sys.vbar_el1 = vbar1;
        s.sys.vbar_el2 = vbar2;
    }
    void put(uint64_t addr, std::initializer_list<uint32_t> words) {
        for (uint32_t w : words) {
            h.write32(addr, w);
            addr += 4;
        }
    }
    // `n` NOPs from `code`, and the PC there.
    void nops_at_code(unsigned n) {
        for (unsigned i = 0; i < n; ++i) h.write32(code + 4 * i, 0xd503201f);
        h.cpu.set_pc(code);
    }
    // Executes `insn` once at `code` with X0 = x0; true when it completed
    // (an exception leaves the PC at a vector).
    bool exec(uint32_t insn, uint64_t x0) {
        h.write32(code, insn);
        h.cpu.set_x(0, x0);
        h.cpu.set_pc(code);
        h.cpu.step();
        return h.cpu.pc() == code + 4;
    }
    // At `el` (EL0 with SP_EL0), interrupts unmasked.
    void at(unsigned el) {
        h.cpu.set_el(el, el != 0);
        h.cpu.set_daif(0);
    }
    uint64_t rd(uint32_t k) {
        uint64_t v = 0;
        EXPECT_TRUE(h.cpu.read_sysreg(k, v));
        return v;
    }
    void wr(uint32_t k, uint64_t v) { EXPECT_TRUE(h.cpu.write_sysreg(k, v)); }
};

} // namespace vp::test
