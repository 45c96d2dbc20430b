// MRS/MSR resolved at decode time (docs/iss-dispatch.md "System registers"):
// the short handlers must behave exactly as the full access path whatever
// changed since the instruction was decoded (EL, HCR_EL2 traps, PSTATE.SPSel,
// the environment's ownership of a register, an observer). Each test runs the
// same cached instruction first where the short path applies (the first
// execution of a register also asks the environment whether it owns it), then
// again where it must not.
#include <gtest/gtest.h>

#include <set>

#include "core_harness.h"
#include "cpu/exceptions.h"
#include "cpu/sysregs.h"
#include "program_fixture.h"
#include "sysreg_encodings.h"

using namespace vp::cpu;
using namespace vp::cpu::exceptions;
using sysregs::key;
using vp::test::core_harness;
using vp::test::ram_base;

namespace {

constexpr uint32_t k_mpidr = key(3, 0, 0, 0, 5), k_midr = key(3, 0, 0, 0, 0), k_pfr0 = key(3, 0, 0, 4, 0);
constexpr uint32_t k_tpidr_el1 = key(3, 0, 13, 0, 4), k_contextidr = key(3, 0, 13, 0, 1);
constexpr uint32_t k_far_el1 = key(3, 0, 6, 0, 0), k_spsr_el1 = key(3, 0, 4, 0, 0), k_esr_el1 = key(3, 0, 5, 2, 0);
constexpr uint32_t k_sp_el0 = key(3, 0, 4, 1, 0), k_daif = key(3, 3, 4, 2, 1), k_tpidrro = key(3, 3, 13, 0, 3);
constexpr uint32_t k_csselr = key(3, 2, 0, 0, 0), k_sp_el1 = key(3, 4, 4, 1, 0), k_elr_el2 = key(3, 4, 4, 0, 1);
constexpr uint32_t k_cntv_cval = key(3, 3, 14, 3, 2);

using vp::test::mrs;
using vp::test::msr;
constexpr uint32_t add_x1_1 = 0x91000421, b_self = 0x14000000;

// An environment that owns the registers in `owned` (a timer, or a register
// another block claims after the core ran with it), recording what reaches it
// with the instruction count it saw.
struct owning_harness : core_harness {
    std::set<uint32_t> owned;
    struct access {
        uint32_t key;
        bool read;
        uint64_t value, icount;
    };
    std::vector<access> seen;
    uint64_t stored = 0x5eed;
    bool ext_sysreg_implements(uint32_t k) const override { return owned.count(k) != 0; }
    sysreg_result ext_sysreg_read(uint32_t k, unsigned, bool, uint64_t& v) override {
        v = stored;
        seen.push_back({k, true, v, cpu.instructions()});
        return sysreg_result::ok;
    }
    sysreg_result ext_sysreg_write(uint32_t k, unsigned, bool, uint64_t v) override {
        stored = v;
        seen.push_back({k, false, v, cpu.instructions()});
        return sysreg_result::ok;
    }
};

struct observer : core_observer {
    struct access {
        uint32_t key;
        bool read;
        uint64_t value;
        bool done;
    };
    std::vector<access> seen;
    void sysreg_accessed(uint32_t k, bool read, uint64_t value, bool done) override {
        seen.push_back({k, read, value, done});
    }
};

struct sysreg_fast : vp::test::program_fixture<owning_harness> {
    void at(unsigned el, bool spsel = true) {
        h.cpu.set_el(el, spsel);
        h.cpu.set_daif(0);
    }
    // Executes the instruction at `code` once; true when it completed.
    bool step() {
        h.cpu.set_pc(code);
        h.cpu.step();
        return h.cpu.pc() == code + 4;
    }
};

// HCR_EL2.TID3 set after the MRS already ran without it: the cached
// instruction traps to EL2 with the full syndrome.
TEST_F(sysreg_fast, IdRegisterReadTrapsOnceTid3IsSet) {
    put(code, {mrs(k_pfr0, 3)});
    at(1);
    ASSERT_TRUE(step());
    EXPECT_EQ(h.cpu.x(3), sysregs::id::aa64pfr0);
    const uint64_t decodes = h.cpu.decode_count();
    s.sys.hcr_el2 |= hcr::tid3;
    h.cpu.set_x(3, 77);
    at(1);
    EXPECT_FALSE(step());
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_EQ(s.esr[2], esr(ec_sysreg, iss_sysreg(3, 0, 0, 4, 0, 3, true)));
    EXPECT_EQ(s.elr[2], code);
    EXPECT_EQ(h.cpu.x(3), 77u);
    EXPECT_EQ(h.cpu.decode_count(), decodes) << "the same cached instruction";
    // At EL2 TID3 does not apply.
    at(2);
    ASSERT_TRUE(step());
    EXPECT_EQ(h.cpu.x(3), sysregs::id::aa64pfr0);
}

// HCR_EL2.TVM traps EL1 writes of the VM registers, TRVM their reads; with
// TGE set neither applies (the full path decides).
TEST_F(sysreg_fast, VmRegisterAccessTrapsOnceTvmOrTrvmIsSet) {
    put(code, {msr(k_contextidr, 2)});
    at(1);
    h.cpu.set_x(2, 0x1234);
    ASSERT_TRUE(step());
    EXPECT_EQ(s.sys.contextidr_el1, 0x1234u);
    s.sys.hcr_el2 |= hcr::tvm;
    h.cpu.set_x(2, 0x5678);
    at(1);
    EXPECT_FALSE(step());
    EXPECT_EQ(s.esr[2], esr(ec_sysreg, iss_sysreg(3, 0, 13, 0, 1, 2, false)));
    EXPECT_EQ(s.sys.contextidr_el1, 0x1234u);
    s.sys.hcr_el2 |= hcr::tge;
    at(1);
    ASSERT_TRUE(step());
    EXPECT_EQ(s.sys.contextidr_el1, 0x5678u);

    s.sys.hcr_el2 = hcr::rw;
    put(code, {mrs(k_far_el1, 4)});
    s.far[1] = 0xfa0;
    at(1);
    ASSERT_TRUE(step());
    EXPECT_EQ(h.cpu.x(4), 0xfa0u);
    s.sys.hcr_el2 |= hcr::tvm; // TVM alone does not trap reads
    at(1);
    ASSERT_TRUE(step());
    s.sys.hcr_el2 |= hcr::trvm;
    h.cpu.set_x(4, 0);
    at(1);
    EXPECT_FALSE(step());
    EXPECT_EQ(s.esr[2], esr(ec_sysreg, iss_sysreg(3, 0, 6, 0, 0, 4, true)));
    EXPECT_EQ(h.cpu.x(4), 0u);
}

// MSR DAIF that unmasks a pending IRQ: taken before the next instruction
// (ELR = the instruction after the MSR), not one instruction later.
TEST_F(sysreg_fast, MsrDaifTakesAPendingInterruptBeforeTheNextInstruction) {
    put(code, {msr(k_daif, 0), add_x1_1});
    at(1);
    h.cpu.set_x(0, daif_i);
    ASSERT_TRUE(step()); // decoded, and the core knows the register is its own
    EXPECT_EQ(h.cpu.daif(), daif_i);
    vp::cpu::interrupt_lines l;
    l.irq = true;
    h.cpu.set_interrupt_lines(l);
    h.cpu.set_x(0, 0);
    h.cpu.set_x(1, 0);
    EXPECT_FALSE(step());
    EXPECT_EQ(h.cpu.interrupts_taken(irq_kind::irq, 1), 1u);
    EXPECT_EQ(h.cpu.pc(), vbar1 + 0x280); // current EL with SP_EL1, IRQ
    EXPECT_EQ(s.elr[1], code + 4);
    EXPECT_EQ(h.cpu.x(1), 0u);
    EXPECT_EQ(s.spsr[1] & 0x3c0, 0u) << "the SPSR holds the new mask";
}

// MIDR_EL1 and MPIDR_EL1 read VPIDR_EL2 / VMPIDR_EL2 at EL1 and the core's
// values at EL2, for the same cached instruction; a VMPIDR_EL2 change shows.
TEST_F(sysreg_fast, IdRegistersAreVirtualisedAtEl1) {
    put(code, {mrs(k_mpidr, 5)});
    at(2);
    ASSERT_TRUE(step());
    EXPECT_EQ(h.cpu.x(5), h.cpu.config().mpidr);
    s.sys.vmpidr_el2 = 0x80000103;
    at(1);
    ASSERT_TRUE(step());
    EXPECT_EQ(h.cpu.x(5), 0x80000103u);
    s.sys.vmpidr_el2 = 0x80000104;
    at(1);
    ASSERT_TRUE(step());
    EXPECT_EQ(h.cpu.x(5), 0x80000104u);
    at(0);
    h.cpu.set_x(5, 9);
    EXPECT_FALSE(step()) << "EL1 register at EL0: UNDEFINED";
    EXPECT_EQ(s.esr[1], esr(ec_unknown, 0));
    EXPECT_EQ(h.cpu.x(5), 9u);

    put(code, {mrs(k_midr, 6)});
    s.sys.vpidr_el2 = 0x411fd071;
    at(1);
    ASSERT_TRUE(step());
    EXPECT_EQ(h.cpu.x(6), 0x411fd071u);
    at(2);
    ASSERT_TRUE(step());
    EXPECT_EQ(h.cpu.x(6), h.cpu.config().midr);
}

// SP_EL0 is UNDEFINED while it is the current SP (PSTATE.SPSel = 0, C5.2.15).
TEST_F(sysreg_fast, SpEl0WhileSelectedIsUndefined) {
    put(code, {mrs(k_sp_el0, 0)});
    s.sp_el[0] = 0x4000;
    at(1, true);
    ASSERT_TRUE(step());
    EXPECT_EQ(h.cpu.x(0), 0x4000u);
    at(1, false);
    h.cpu.set_x(0, 1);
    EXPECT_FALSE(step());
    EXPECT_EQ(s.esr[1], esr(ec_unknown, 0));
    EXPECT_EQ(h.cpu.x(0), 1u);

    put(code, {msr(k_sp_el0, 0)});
    at(1, true);
    h.cpu.set_x(0, 0x5000);
    ASSERT_TRUE(step());
    EXPECT_EQ(s.sp_el[0], 0x5000u);
    at(1, false);
    h.cpu.set_x(0, 0x6000);
    EXPECT_FALSE(step());
    EXPECT_EQ(s.esr[1], esr(ec_unknown, 0));
}

// The writable bits: SPSR keeps only its writable bits and ESR its low 32
// (the value is replaced, not merged); CSSELR_EL1 merges its mask.
TEST_F(sysreg_fast, WritesKeepOnlyTheWritableBits) {
    at(1);
    h.cpu.set_x(7, ~0ull);
    put(code, {msr(k_spsr_el1, 7)});
    ASSERT_TRUE(step());
    EXPECT_EQ(s.spsr[1], 0xf03003dfull);
    h.cpu.set_x(7, 0);
    s.spsr[1] = ~0ull; // bits no MSR could set
    ASSERT_TRUE(step());
    EXPECT_EQ(s.spsr[1], 0u);
    put(code, {msr(k_esr_el1, 7)});
    h.cpu.set_x(7, ~0ull);
    ASSERT_TRUE(step());
    EXPECT_EQ(s.esr[1], 0xffffffffull);
    put(code, {msr(k_csselr, 7)});
    ASSERT_TRUE(step());
    EXPECT_EQ(s.sys.csselr_el1, 0xfu);
    s.sys.csselr_el1 = 0x30; // bits outside the mask stay as they are
    h.cpu.set_x(7, 2);
    ASSERT_TRUE(step());
    EXPECT_EQ(s.sys.csselr_el1, 0x32u);
}

// EL0 controls: MRS DAIF traps without SCTLR_EL1.UMA; TPIDRRO_EL0 is
// read-only at EL0 and writable at EL1.
TEST_F(sysreg_fast, El0ControlsStillApply) {
    put(code, {mrs(k_daif, 1)});
    at(1);
    h.cpu.set_daif(daif_f);
    ASSERT_TRUE(step());
    EXPECT_EQ(h.cpu.x(1), daif_f);
    at(0);
    EXPECT_FALSE(step());
    EXPECT_EQ(s.esr[1], esr(ec_sysreg, iss_sysreg(3, 3, 4, 2, 1, 1, true)));

    put(code, {msr(k_tpidrro, 2)});
    at(1);
    h.cpu.set_x(2, 0x77);
    ASSERT_TRUE(step());
    EXPECT_EQ(s.sys.tpidrro_el0, 0x77u);
    at(0);
    h.cpu.set_x(2, 0x88);
    EXPECT_FALSE(step());
    EXPECT_EQ(s.esr[1], esr(ec_unknown, 0));
    EXPECT_EQ(s.sys.tpidrro_el0, 0x77u);
    put(code, {mrs(k_tpidrro, 3)});
    at(0);
    ASSERT_TRUE(step());
    EXPECT_EQ(h.cpu.x(3), 0x77u);
}

// EL2-only registers: plain storage at EL2 (SP_EL1 is never the live SP
// there), UNDEFINED at EL1.
TEST_F(sysreg_fast, El2RegistersAtEl2AndEl1) {
    put(code, {msr(k_sp_el1, 3)});
    at(2);
    h.cpu.set_x(3, 0x9000);
    ASSERT_TRUE(step());
    EXPECT_EQ(s.sp_el[1], 0x9000u);
    at(1);
    EXPECT_EQ(h.cpu.sp(), 0x9000u) << "EL1h runs on the SP_EL1 written at EL2";
    h.cpu.set_x(3, 0xa000);
    EXPECT_FALSE(step());
    EXPECT_EQ(s.esr[1], esr(ec_unknown, 0));
    put(code, {mrs(k_elr_el2, 4)});
    at(2);
    s.elr[2] = 0xe1e2;
    ASSERT_TRUE(step());
    EXPECT_EQ(h.cpu.x(4), 0xe1e2u);
}

// A register the environment owns reaches it, including one of the core's
// own table once the environment claims it (forget_ext_sysregs), after the
// instruction ran on the core's copy.
TEST_F(sysreg_fast, EnvironmentOwnedRegistersReachTheEnvironment) {
    h.owned.insert(k_cntv_cval);
    put(code, {msr(k_cntv_cval, 1)});
    at(1);
    h.cpu.set_x(1, 0xc0c0);
    ASSERT_TRUE(step());
    ASSERT_EQ(h.seen.size(), 1u);
    EXPECT_EQ(h.seen[0].key, k_cntv_cval);
    EXPECT_EQ(h.seen[0].value, 0xc0c0u);

    put(code, {mrs(k_tpidr_el1, 2)});
    s.sys.tpidr_el1 = 0x1111;
    at(1);
    ASSERT_TRUE(step());
    EXPECT_EQ(h.cpu.x(2), 0x1111u);
    EXPECT_EQ(h.seen.size(), 1u);
    h.owned.insert(k_tpidr_el1);
    h.cpu.forget_ext_sysregs();
    at(1);
    ASSERT_TRUE(step());
    EXPECT_EQ(h.cpu.x(2), h.stored);
    ASSERT_EQ(h.seen.size(), 2u);
    EXPECT_EQ(h.seen[1].key, k_tpidr_el1);
    // Forgotten again (the core keeps the list of the keys it asked): back
    // on the core's copy.
    h.owned.erase(k_tpidr_el1);
    h.cpu.forget_ext_sysregs();
    at(1);
    ASSERT_TRUE(step());
    EXPECT_EQ(h.cpu.x(2), 0x1111u);
    EXPECT_EQ(h.seen.size(), 2u);
}

// An MRS inside a block that reaches the environment: the environment sees
// the exact count (the MRS is the third instruction), as when it ran alone.
TEST_F(sysreg_fast, EnvironmentSeesTheExactCountInsideABlock) {
    put(code, {add_x1_1, add_x1_1, mrs(k_tpidr_el1, 2), add_x1_1, b_self});
    at(1);
    h.cpu.set_pc(code);
    h.cpu.run(5); // scanned and decoded, on the core's copy
    h.owned.insert(k_tpidr_el1);
    h.cpu.forget_ext_sysregs();
    h.cpu.set_pc(code);
    const uint64_t before = h.cpu.instructions();
    h.cpu.run(5);
    ASSERT_EQ(h.seen.size(), 1u);
    EXPECT_EQ(h.seen[0].icount, before + 3);
    EXPECT_EQ(h.cpu.x(2), h.stored);
    EXPECT_EQ(h.cpu.instructions(), before + 5);
}

// The same block with the MRS trapped (HCR_EL2.TID3): the exception is taken
// at the MRS, which counts, and nothing after it runs.
TEST_F(sysreg_fast, TrapInsideABlockIsExact) {
    put(code, {add_x1_1, add_x1_1, mrs(k_pfr0, 2), add_x1_1, b_self});
    at(1);
    h.cpu.set_x(1, 0);
    h.cpu.set_pc(code);
    h.cpu.run(5);
    EXPECT_EQ(h.cpu.x(1), 3u);
    EXPECT_EQ(h.cpu.x(2), sysregs::id::aa64pfr0);
    s.sys.hcr_el2 |= hcr::tid3;
    at(1);
    h.cpu.set_x(1, 0);
    h.cpu.set_x(2, 0);
    h.cpu.set_pc(code);
    const uint64_t before = h.cpu.instructions();
    h.cpu.run(3);
    EXPECT_EQ(h.cpu.instructions(), before + 3);
    EXPECT_EQ(h.cpu.el(), 2u);
    EXPECT_EQ(s.elr[2], code + 8);
    EXPECT_EQ(s.esr[2], esr(ec_sysreg, iss_sysreg(3, 0, 0, 4, 0, 2, true)));
    EXPECT_EQ(h.cpu.x(1), 2u);
    EXPECT_EQ(h.cpu.x(2), 0u);
}

// An observer of system-register accesses only (a --trace sysreg) leaves
// blocks on: it is told of an MRS inside one with the exact count.
TEST_F(sysreg_fast, ObserverInsideABlockSeesTheExactCount) {
    struct counting : observer {
        core* cpu = nullptr;
        std::vector<uint64_t> counts;
        void sysreg_accessed(uint32_t k, bool read, uint64_t value, bool done) override {
            observer::sysreg_accessed(k, read, value, done);
            counts.push_back(cpu->instructions());
        }
    } o;
    o.cpu = &h.cpu;
    put(code, {add_x1_1, mrs(k_mpidr, 2), add_x1_1, add_x1_1, b_self});
    at(2);
    h.cpu.set_pc(code);
    h.cpu.run(5);
    h.cpu.set_observer(&o, false, false);
    h.cpu.set_pc(code);
    const uint64_t before = h.cpu.instructions();
    h.cpu.run(5);
    ASSERT_EQ(o.counts.size(), 1u);
    EXPECT_EQ(o.counts[0], before + 2);
    EXPECT_EQ(o.seen[0].value, h.cpu.config().mpidr);
    EXPECT_EQ(h.cpu.instructions(), before + 5);
    h.cpu.set_observer(nullptr, false, false);
}

// With an observer the access is reported as before (traces, GDB), also for
// registers that have a short handler, and a trapped access as not done.
TEST_F(sysreg_fast, ObserverSeesEveryAccess) {
    put(code, {mrs(k_mpidr, 3)});
    at(2);
    ASSERT_TRUE(step()); // decoded, short path
    observer o;
    h.cpu.set_observer(&o, false, false);
    at(2);
    ASSERT_TRUE(step());
    ASSERT_EQ(o.seen.size(), 1u);
    EXPECT_EQ(o.seen[0].key, k_mpidr);
    EXPECT_TRUE(o.seen[0].read);
    EXPECT_EQ(o.seen[0].value, h.cpu.config().mpidr);
    EXPECT_TRUE(o.seen[0].done);
    put(code, {mrs(k_pfr0, 3)});
    s.sys.hcr_el2 |= hcr::tid3;
    at(1);
    EXPECT_FALSE(step());
    ASSERT_EQ(o.seen.size(), 2u);
    EXPECT_FALSE(o.seen[1].done);
    h.cpu.set_observer(nullptr, false, false);
}

} // namespace
