// Self-hosted debug exceptions (DDI 0487 D2): breakpoints (DBGBVR/DBGBCR,
// EC 0x30/0x31), watchpoints (DBGWVR/DBGWCR, EC 0x34/0x35, FAR), software
// step (MDSCR_EL1.SS with PSTATE.SS, EC 0x32/0x33), and when they are
// enabled: MDSCR_EL1.MDE/KDE, PSTATE.D, the OS Lock and OS Double Lock, the
// debug target EL (MDCR_EL2.TDE, HCR_EL2.TGE), never to a lower EL.
#include <gtest/gtest.h>

#include "core_harness.h"
#include "cpu/exceptions.h"
#include "cpu/sysregs.h"
#include "stage2_identity.h"

using namespace vp::cpu;
using sysregs::key;
using vp::test::core_harness;
using vp::test::ram_base;

namespace {

constexpr uint32_t k_mdscr = key(2, 0, 0, 2, 2), k_oslar = key(2, 0, 1, 0, 4), k_osdlr = key(2, 0, 1, 3, 4);
constexpr uint32_t k_oslsr = key(2, 0, 1, 1, 4);
constexpr uint32_t k_mdcr_el2 = key(3, 4, 1, 1, 1), k_hcr_el2 = key(3, 4, 1, 1, 0);
constexpr uint32_t k_vbar_el1 = key(3, 0, 12, 0, 0), k_vbar_el2 = key(3, 4, 12, 0, 0);
constexpr uint32_t k_contextidr = key(3, 0, 13, 0, 1), k_dfr0 = key(3, 0, 0, 5, 0);
constexpr uint32_t bvr(unsigned n) { return key(2, 0, 0, n, 4); }
constexpr uint32_t bcr(unsigned n) { return key(2, 0, 0, n, 5); }
constexpr uint32_t wvr(unsigned n) { return key(2, 0, 0, n, 6); }
constexpr uint32_t wcr(unsigned n) { return key(2, 0, 0, n, 7); }

constexpr uint64_t SS = 1, KDE = 1u << 13, MDE = 1u << 15, TDE = 1u << 8, TGE = 1ull << 27;
// DBGBCR: E, PMC (bit 1 EL1, bit 2 EL0), HMC; BT and LBN.
constexpr uint64_t E = 1, PMC_EL1 = 2, PMC_EL0 = 4, HMC = 1u << 13;
constexpr uint64_t bt(unsigned t) { return uint64_t(t) << 20; }
constexpr uint64_t lbn(unsigned n) { return uint64_t(n) << 16; }
// DBGWCR: E, PAC, LSC (bit 3 load, bit 4 store), BAS, MASK.
constexpr uint64_t LOAD = 1u << 3, STORE = 2u << 3;
constexpr uint64_t bas(unsigned b) { return uint64_t(b) << 5; }
constexpr uint64_t mask(unsigned m) { return uint64_t(m) << 24; }

constexpr uint32_t nop = 0xd503201f, b_self = 0x14000000, eret = 0xd69f03e0;
constexpr uint32_t add_x2 = 0x91000442;    // ADD X2, X2, #1
constexpr uint32_t daifclr_d = 0xd50348ff; // MSR DAIFClr, #8
constexpr uint32_t ldr_x1 = 0xf9400001, str_x1 = 0xf9000001; // LDR/STR X1, [X0]
constexpr uint32_t ldrb_w1 = 0x39400001, strb_w1 = 0x39000001, ldr_w1 = 0xb9400001;
constexpr uint32_t ldtr_x1 = 0xf8400801, ldxr_x1 = 0xc85f7c01, svc0 = 0xd4000001;

constexpr uint32_t iss_debug = 0x22, isv = 1u << 24, ex = 1u << 6, wnr = 1u << 6;
constexpr uint64_t esr(unsigned ec, uint32_t iss) { return (uint64_t(ec) << 26) | (1u << 25) | iss; }
constexpr uint64_t spsr_ss = 1u << 21, spsr_d = 1u << 9;

struct debug_exc : ::testing::Test {
    static constexpr uint64_t code = ram_base + 0x1000, data = ram_base + 0x8000;
    static constexpr uint64_t vbar1 = ram_base + 0x10000, vbar2 = ram_base + 0x20000;
    static constexpr uint64_t far_unset = 0xfa5efa5e;
    core_harness h;

    void SetUp() override {
        for (unsigned i = 0; i < 1024; ++i) h.write32(code + 4 * i, add_x2);
        for (unsigned i = 0; i < 512; ++i) { // every vector: B . (the PC stays at the vector)
            h.write32(vbar1 + 4 * i, b_self);
            h.write32(vbar2 + 4 * i, b_self);
        }
        wr(k_vbar_el1, vbar1);
        wr(k_vbar_el2, vbar2);
        h.cpu.state().far[1] = h.cpu.state().far[2] = far_unset;
        wr(k_oslar, 0); // the OS Lock is locked after reset
        h.cpu.set_x(0, data);
        h.write64(data, 0x1122334455667788ull);
    }
    uint64_t rd(uint32_t k) {
        uint64_t v = 0;
        EXPECT_TRUE(h.cpu.read_sysreg(k, v));
        return v;
    }
    void wr(uint32_t k, uint64_t v) { EXPECT_TRUE(h.cpu.write_sysreg(k, v)); }
    void at(unsigned el, bool d_masked) {
        h.cpu.set_el(el, el != 0);
        h.cpu.set_daif(d_masked ? daif_d : 0);
        h.cpu.set_pc(code);
    }
    // Runs n instructions; the exceptions taken meanwhile (both ELs).
    uint64_t run(uint64_t n) {
        const uint64_t before = h.cpu.exceptions_taken(1) + h.cpu.exceptions_taken(2);
        h.cpu.run(n);
        return h.cpu.exceptions_taken(1) + h.cpu.exceptions_taken(2) - before;
    }
    uint64_t x2() const { return h.cpu.x(2); }
    const arch_state& st() { return h.cpu.state(); }
    // Breakpoint 0 on code + 8 for EL1 (MDE, KDE).
    void bp_on_third(uint64_t ctrl = E | PMC_EL1, uint64_t mdscr = MDE | KDE) {
        wr(bvr(0), code + 8);
        wr(bcr(0), ctrl);
        wr(k_mdscr, mdscr);
    }
};

// ---- identification and registers ----

TEST_F(debug_exc, AdvertisesSixBreakpointsFourWatchpoints) {
    const uint64_t dfr0 = rd(k_dfr0);
    EXPECT_EQ((dfr0 >> 12) & 15, 5u) << "BRPs: 6 breakpoints";
    EXPECT_EQ((dfr0 >> 20) & 15, 3u) << "WRPs: 4 watchpoints";
    EXPECT_EQ((dfr0 >> 28) & 15, 1u) << "CTX_CMPs: 2 context-aware";
    wr(bcr(5), 0xffffffff);
    EXPECT_EQ(rd(bcr(5)), 0x00ffe1e7u) << "BT, LBN, SSC, HMC, BAS (RES1), PMC, E";
    wr(bcr(5), 0);
    EXPECT_EQ(rd(bcr(5)), 0x1e0u) << "BAS is RES1 without AArch32";
    wr(wcr(3), 0xffffffff);
    EXPECT_EQ(rd(wcr(3)), 0x1f1fffffu);
    wr(wvr(3), ~0ull);
    EXPECT_EQ(rd(wvr(3)), ~3ull);
    uint64_t v;
    EXPECT_FALSE(h.cpu.read_sysreg(bcr(6), v)) << "no 7th breakpoint";
    EXPECT_FALSE(h.cpu.read_sysreg(wcr(4), v)) << "no 5th watchpoint";
}

// ---- breakpoints ----

TEST_F(debug_exc, BreakpointFiresBeforeTheInstruction) {
    at(1, false);
    bp_on_third();
    EXPECT_EQ(run(5), 1u);
    EXPECT_EQ(x2(), 2u) << "the two instructions before ran, the third did not";
    EXPECT_EQ(st().esr[1], esr(0x31, iss_debug)) << "same EL, IFSC debug exception";
    EXPECT_EQ(st().elr[1], code + 8);
    EXPECT_EQ(st().far[1], far_unset) << "FAR is UNKNOWN for a breakpoint: left alone";
    EXPECT_EQ(h.cpu.pc(), vbar1 + 0x200);
    EXPECT_EQ(st().spsr[1] & 0x3cf, 0x5u) << "EL1h, D was clear";
}

TEST_F(debug_exc, BreakpointIgnoredWhenDisabled) {
    struct variant {
        const char* why;
        uint64_t mdscr;
        bool d_masked;
        uint32_t extra_key;
        uint64_t extra_value;
    } variants[] = {
        {"MDE = 0", KDE, false, 0, 0},
        {"KDE = 0 at the debug target EL", MDE, false, 0, 0},
        {"PSTATE.D masks at the debug target EL", MDE | KDE, true, 0, 0},
        {"OS Lock locked", MDE | KDE, false, k_oslar, 1},
        {"OS Double Lock locked", MDE | KDE, false, k_osdlr, 1},
    };
    for (const auto& v : variants) {
        SCOPED_TRACE(v.why);
        h.cpu.reset(code);
        SetUp();
        at(1, v.d_masked);
        bp_on_third(E | PMC_EL1, v.mdscr);
        if (v.extra_key) wr(v.extra_key, v.extra_value);
        EXPECT_EQ(run(5), 0u);
        EXPECT_EQ(x2(), 5u);
    }
}

TEST_F(debug_exc, OsLockIsLockedAfterReset) {
    h.cpu.reset(code);
    EXPECT_EQ(rd(k_oslsr), 0xau) << "OSLM = 0b10, OSLK = 1 after a Cold reset";
    SetUp(); // writes OSLAR_EL1 = 0 after setting up the vectors
    EXPECT_EQ(rd(k_oslsr), 0x8u);
    h.cpu.reset(code);
    wr(k_vbar_el1, vbar1);
    at(1, false);
    bp_on_third();
    EXPECT_EQ(run(5), 0u) << "locked: no breakpoint";
    EXPECT_EQ(x2(), 5u);
}

TEST_F(debug_exc, BreakpointFiresAgainOnceTheOsLockIsReleased) {
    at(1, false);
    bp_on_third();
    wr(k_oslar, 1);
    EXPECT_EQ(rd(k_oslsr) & 2, 2u) << "OSLSR_EL1.OSLK";
    run(3);
    EXPECT_EQ(x2(), 3u);
    wr(k_oslar, 0);
    h.cpu.set_pc(code);
    EXPECT_EQ(run(3), 1u);
    EXPECT_EQ(st().elr[1], code + 8);
}

TEST_F(debug_exc, BreakpointFromEl0IgnoresPstateDAndKde) {
    // EL0 is below the debug target EL1: enabled whatever PSTATE.D and KDE.
    at(0, true);
    bp_on_third(E | PMC_EL0, MDE);
    EXPECT_EQ(run(5), 1u);
    EXPECT_EQ(st().esr[1], esr(0x30, iss_debug)) << "lower EL";
    EXPECT_EQ(st().elr[1], code + 8);
    EXPECT_EQ(h.cpu.pc(), vbar1 + 0x400);
}

TEST_F(debug_exc, BreakpointPrivilegeControl) {
    at(1, false);
    bp_on_third(E | PMC_EL0); // EL0 only
    EXPECT_EQ(run(5), 0u);
    h.cpu.reset(code);
    SetUp();
    at(0, false);
    bp_on_third(E | PMC_EL1); // EL1 only
    EXPECT_EQ(run(5), 0u);
}

TEST_F(debug_exc, BreakpointRoutedToEl2ByTdeAndTge) {
    at(1, false);
    bp_on_third(E | PMC_EL1, MDE); // KDE and D do not matter below the target
    wr(k_mdcr_el2, TDE);
    h.cpu.set_daif(daif_d);
    EXPECT_EQ(run(5), 1u);
    EXPECT_EQ(st().esr[2], esr(0x30, iss_debug));
    EXPECT_EQ(st().elr[2], code + 8);
    EXPECT_EQ(h.cpu.pc(), vbar2 + 0x400);

    h.cpu.reset(code);
    SetUp();
    at(0, false);
    bp_on_third(E | PMC_EL0, MDE);
    wr(k_hcr_el2, TGE | (1ull << 31));
    EXPECT_EQ(run(5), 1u);
    EXPECT_EQ(st().esr[2], esr(0x30, iss_debug)) << "HCR_EL2.TGE: EL0 debug exceptions go to EL2";
}

TEST_F(debug_exc, BreakpointNeverTakenToALowerEl) {
    at(2, false); // reset state: EL2, debug target EL1
    bp_on_third(E | HMC, MDE | KDE);
    EXPECT_EQ(run(5), 0u);
    // With MDCR_EL2.TDE, EL2 is the target: KDE and PSTATE.D decide.
    wr(k_mdcr_el2, TDE);
    h.cpu.set_pc(code);
    EXPECT_EQ(run(5), 1u);
    EXPECT_EQ(st().esr[2], esr(0x31, iss_debug));
}

TEST_F(debug_exc, ContextIdBreakpoints) {
    at(1, false);
    wr(k_mdscr, MDE | KDE);
    // Breakpoint 4 (context-aware): unlinked CONTEXTIDR_EL1 match.
    wr(bvr(4), 0x42);
    wr(bcr(4), E | PMC_EL1 | bt(0b0010));
    wr(k_contextidr, 0x43);
    EXPECT_EQ(run(3), 0u);
    wr(k_contextidr, 0x42);
    h.cpu.set_pc(code);
    EXPECT_EQ(run(3), 1u);
    EXPECT_EQ(st().elr[1], code);

    // Breakpoint 0 linked to breakpoint 4 (linked CONTEXTIDR_EL1 match): the
    // address matches only in that context.
    h.cpu.reset(code);
    SetUp();
    at(1, false);
    wr(bvr(4), 0x42);
    wr(bcr(4), E | bt(0b0011));
    wr(bvr(0), code + 8);
    wr(bcr(0), E | PMC_EL1 | bt(0b0001) | lbn(4));
    wr(k_mdscr, MDE | KDE);
    wr(k_contextidr, 0x43);
    EXPECT_EQ(run(5), 0u) << "other context";
    wr(k_contextidr, 0x42);
    h.cpu.set_pc(code);
    EXPECT_EQ(run(5), 1u);
    EXPECT_EQ(st().elr[1], code + 8);

    // A context type on a breakpoint that is not context-aware is reserved:
    // it behaves as disabled.
    h.cpu.reset(code);
    SetUp();
    at(1, false);
    wr(bvr(0), 0x42);
    wr(bcr(0), E | PMC_EL1 | bt(0b0010));
    wr(k_contextidr, 0x42);
    wr(k_mdscr, MDE | KDE);
    EXPECT_EQ(run(3), 0u);
}

// ---- watchpoints ----

TEST_F(debug_exc, WatchpointOnStoreTakesFarAndLeavesMemory) {
    at(1, false);
    h.write32(code, str_x1);
    h.cpu.set_x(1, 0xdead);
    wr(wvr(0), data);
    wr(wcr(0), E | PMC_EL1 | STORE | bas(0xff));
    wr(k_mdscr, MDE | KDE);
    EXPECT_EQ(run(2), 1u);
    EXPECT_EQ(st().esr[1], esr(0x35, iss_debug | wnr));
    EXPECT_EQ(st().far[1], data);
    EXPECT_EQ(st().elr[1], code);
    EXPECT_EQ(h.read64(data), 0x1122334455667788ull) << "the store was not made";
}

TEST_F(debug_exc, WatchpointLoadStoreControl) {
    at(1, false);
    h.write32(code, str_x1);
    h.write32(code + 4, ldr_x1);
    wr(wvr(1), data);
    wr(wcr(1), E | PMC_EL1 | LOAD | bas(0xff));
    wr(k_mdscr, MDE | KDE);
    EXPECT_EQ(run(2), 1u) << "the store passes, the load fires";
    EXPECT_EQ(st().esr[1], esr(0x35, iss_debug));
    EXPECT_EQ(st().elr[1], code + 4);
    EXPECT_EQ(st().far[1], data);
}

TEST_F(debug_exc, WatchpointByteAddressSelect) {
    at(1, false);
    wr(wvr(0), data);
    wr(wcr(0), E | PMC_EL1 | LOAD | STORE | bas(0x08)); // byte 3 of the doubleword only
    wr(k_mdscr, MDE | KDE);
    h.write32(code, strb_w1);
    h.cpu.set_x(0, data + 2);
    EXPECT_EQ(run(1), 0u) << "byte 2";
    h.cpu.set_pc(code);
    h.cpu.set_x(0, data + 3);
    EXPECT_EQ(run(1), 1u) << "byte 3";
    EXPECT_EQ(st().far[1], data + 3);

    // A word load that covers byte 3.
    h.cpu.reset(code);
    SetUp();
    at(1, false);
    wr(wvr(0), data);
    wr(wcr(0), E | PMC_EL1 | LOAD | bas(0x08));
    wr(k_mdscr, MDE | KDE);
    h.write32(code, ldr_w1);
    EXPECT_EQ(run(1), 1u);
    EXPECT_EQ(st().far[1], data);

    // DBGWVR bit 2 set: a word; BAS bit 0 is then the byte at data + 4.
    h.cpu.reset(code);
    SetUp();
    at(1, false);
    wr(wvr(2), data + 4);
    wr(wcr(2), E | PMC_EL1 | LOAD | bas(0x1));
    wr(k_mdscr, MDE | KDE);
    h.write32(code, ldrb_w1);
    EXPECT_EQ(run(1), 0u) << "byte 0 of the doubleword";
    h.cpu.set_pc(code);
    h.cpu.set_x(0, data + 4);
    EXPECT_EQ(run(1), 1u);
    EXPECT_EQ(st().far[1], data + 4);
}

TEST_F(debug_exc, WatchpointAddressMask) {
    at(1, false);
    const uint64_t page = data & ~uint64_t(0xfff);
    wr(wvr(3), page);
    wr(wcr(3), E | PMC_EL1 | LOAD | bas(0xff) | mask(12)); // the whole 4 KiB block
    wr(k_mdscr, MDE | KDE);
    h.write32(code, ldr_x1);
    h.cpu.set_x(0, page + 0x1000);
    EXPECT_EQ(run(1), 0u) << "next block";
    h.cpu.set_pc(code);
    h.cpu.set_x(0, page + 0xff8);
    EXPECT_EQ(run(1), 1u);
    EXPECT_EQ(st().far[1], page + 0xff8);
}

TEST_F(debug_exc, WatchpointPrivilegeOfUnprivilegedAccess) {
    // LDTR at EL1 is an EL0 access: PAC selects it with the EL0 bit.
    at(1, false);
    h.write32(code, ldtr_x1);
    h.write32(code + 4, ldr_x1);
    wr(wvr(0), data);
    wr(wcr(0), E | PMC_EL1 | LOAD | bas(0xff));
    wr(k_mdscr, MDE | KDE);
    EXPECT_EQ(run(1), 0u) << "LDTR with PAC = EL1";
    wr(wcr(0), E | PMC_EL0 | LOAD | bas(0xff));
    h.cpu.set_pc(code);
    EXPECT_EQ(run(1), 1u) << "LDTR with PAC = EL0";
    EXPECT_EQ(st().elr[1], code);
    at(1, false);
    h.cpu.set_pc(code + 4);
    EXPECT_EQ(run(1), 0u) << "LDR at EL1 with PAC = EL0";
}

TEST_F(debug_exc, WatchpointMaskedByPstateDOnlyAtTheTargetEl) {
    at(1, true);
    h.write32(code, ldr_x1);
    wr(wvr(0), data);
    wr(wcr(0), E | PMC_EL1 | PMC_EL0 | LOAD | bas(0xff));
    wr(k_mdscr, MDE | KDE);
    EXPECT_EQ(run(1), 0u);
    at(0, true);
    EXPECT_EQ(run(1), 1u);
    EXPECT_EQ(st().esr[1], esr(0x34, iss_debug));
}

TEST_F(debug_exc, WatchpointWithTranslation) {
    // Normal memory through an identity stage 2 (HCR_EL2.DC): the TLB path.
    auto& s = h.cpu.state().sys;
    vp::test::identity_stage2(h.ram.data() + 0x40000, ram_base + 0x40000, s);
    s.hcr_el2 |= vp::test::hcr_dc;
    h.cpu.translation_changed();
    at(1, false);
    h.write32(code, ldr_x1);
    h.write32(code + 4, str_x1);
    EXPECT_EQ(run(2), 0u);
    wr(wvr(0), data);
    wr(wcr(0), E | PMC_EL1 | STORE | bas(0xff));
    wr(k_mdscr, MDE | KDE);
    h.cpu.set_pc(code);
    EXPECT_EQ(run(2), 1u) << "the load passes, the store (now on the slow path) fires";
    EXPECT_EQ(st().esr[1], esr(0x35, iss_debug | wnr));
    EXPECT_EQ(st().far[1], data);
    // Disabled again: the fast path comes back and nothing fires.
    wr(wcr(0), 0);
    at(1, false);
    EXPECT_EQ(run(2), 0u);
    EXPECT_EQ(h.read64(data), h.cpu.x(1));
}

// ---- software step ----

struct step : debug_exc {
    static constexpr uint64_t handler = ram_base + 0x3000;
    // At EL1 with PSTATE.D set (stepping inactive there), ERET to `target`
    // at EL0 with SPSR.SS = `ss`.
    void eret_to_el0(uint64_t target, bool ss) {
        h.cpu.set_el(1, true);
        h.cpu.set_daif(daif_d);
        h.cpu.state().spsr[1] = ss ? spsr_ss : 0;
        h.cpu.state().elr[1] = target;
        h.write32(handler, eret);
        h.cpu.set_pc(handler);
    }
};

TEST_F(step, StepsOneInstructionThenTakesTheException) {
    wr(k_mdscr, SS);
    eret_to_el0(code, true);
    EXPECT_EQ(run(5), 1u);
    EXPECT_EQ(x2(), 1u) << "exactly one instruction stepped";
    EXPECT_EQ(st().esr[1], esr(0x32, iss_debug | isv)) << "lower EL, ISV = 1, EX = 0";
    EXPECT_EQ(st().elr[1], code + 4);
    EXPECT_EQ(st().spsr[1] & spsr_ss, 0u) << "taken from the active-pending state";
    EXPECT_EQ(st().far[1], far_unset);
    // Again: the handler returns with SPSR.SS = 1.
    eret_to_el0(st().elr[1], true);
    EXPECT_EQ(run(5), 1u);
    EXPECT_EQ(x2(), 2u);
    EXPECT_EQ(st().elr[1], code + 8);
}

TEST_F(step, ReturnWithSsClearTakesTheExceptionAtOnce) {
    wr(k_mdscr, SS);
    eret_to_el0(code, false);
    EXPECT_EQ(run(5), 1u);
    EXPECT_EQ(x2(), 0u) << "active-pending after the return: nothing executes";
    EXPECT_EQ(st().esr[1], esr(0x32, iss_debug)) << "ISV = 0: no instruction was stepped";
    EXPECT_EQ(st().elr[1], code);
}

TEST_F(step, InactiveWithoutMdscrSs) {
    eret_to_el0(code, true);
    EXPECT_EQ(run(5), 0u);
    EXPECT_EQ(x2(), 4u);
}

TEST_F(step, LoadExclusiveSetsEx) {
    wr(k_mdscr, SS);
    h.write32(code, ldxr_x1);
    eret_to_el0(code, true);
    EXPECT_EQ(run(5), 1u);
    EXPECT_EQ(st().esr[1], esr(0x32, iss_debug | isv | ex));
}

TEST_F(step, SteppedSvcReturnsActivePending) {
    wr(k_mdscr, SS);
    h.write32(code, svc0);
    eret_to_el0(code, true);
    EXPECT_EQ(run(2), 1u);
    EXPECT_EQ(st().esr[1] >> 26, 0x15u);
    EXPECT_EQ(st().elr[1], code + 4);
    EXPECT_EQ(st().spsr[1] & spsr_ss, 0u) << "SVC completed: SPSR.SS = 0, the step exception follows the return";
    // The SVC handler returns (SPSR.SS = 0): the step exception comes at once.
    const uint64_t spsr = st().spsr[1];
    eret_to_el0(code + 4, false);
    h.cpu.state().spsr[1] = spsr;
    EXPECT_EQ(run(3), 1u);
    EXPECT_EQ(st().esr[1] >> 26, 0x32u);
    EXPECT_EQ(st().elr[1], code + 4);
    EXPECT_EQ(x2(), 0u);
}

TEST_F(step, FaultingInstructionIsNotStepped) {
    wr(k_mdscr, SS);
    h.write32(code, ldr_x1);
    h.cpu.set_x(0, 0x100); // no memory there: a synchronous external abort
    eret_to_el0(code, true);
    EXPECT_EQ(run(2), 1u);
    EXPECT_EQ(st().esr[1] >> 26, 0x24u);
    EXPECT_EQ(st().elr[1], code);
    EXPECT_EQ(st().spsr[1] & spsr_ss, spsr_ss) << "the return re-executes it in the active-not-pending state";
}

TEST_F(step, UnmaskingAtTheTargetElMakesItActivePending) {
    // kvm-unit-tests debug "ss": MDSCR_EL1.SS and KDE at EL1 with PSTATE.D
    // set; MSR DAIFClr, #8 runs unstepped and leaves PSTATE.SS = 0.
    at(1, true);
    h.write32(code, daifclr_d);
    wr(k_mdscr, SS | KDE);
    EXPECT_EQ(run(3), 1u);
    EXPECT_EQ(st().esr[1], esr(0x33, iss_debug)) << "same EL, ISV = 0";
    EXPECT_EQ(st().elr[1], code + 4);
    EXPECT_EQ(x2(), 0u);
    EXPECT_EQ(st().spsr[1] & spsr_d, 0u);
    // The handler returns with SPSR.SS = 1 (debug exceptions masked in the
    // handler, enabled at the return): one instruction, then the exception.
    h.cpu.state().spsr[1] |= spsr_ss;
    h.write32(handler, eret);
    h.cpu.set_pc(handler);
    EXPECT_EQ(run(3), 1u);
    EXPECT_EQ(st().esr[1], esr(0x33, iss_debug | isv));
    EXPECT_EQ(st().elr[1], code + 8);
    EXPECT_EQ(x2(), 1u);
}

TEST_F(step, ReturnKeepsSsClearWhenDebugIsEnabledAtTheSource) {
    // An ERET executed where debug exceptions are enabled (EL1 is the target,
    // KDE set, PSTATE.D clear) does not take SPSR.SS: PSTATE.SS = 0 after it.
    wr(k_mdscr, KDE);
    h.cpu.set_el(1, true);
    h.cpu.set_daif(0);
    h.cpu.state().spsr[1] = spsr_ss; // EL0t
    h.cpu.state().elr[1] = code;
    h.write32(handler, eret);
    h.cpu.set_pc(handler);
    run(1);
    EXPECT_EQ(h.cpu.el(), 0u);
    EXPECT_EQ(h.cpu.pstate() & spsr_ss, 0u);
    // Now with the ERET at EL1 masked: SS comes from SPSR.
    eret_to_el0(code, true);
    run(1);
    EXPECT_EQ(h.cpu.pstate() & spsr_ss, spsr_ss);
}

TEST_F(step, RoutedToEl2WithTde) {
    wr(k_mdscr, SS);
    wr(k_mdcr_el2, TDE);
    // EL2 (D set, the target) returns to EL1 with SPSR.SS = 1.
    h.cpu.set_el(2, true);
    h.cpu.set_daif(daif_d);
    h.cpu.state().spsr[2] = spsr_ss | spsr_d | 0x5; // EL1h with D set: below the target, D does not mask
    h.cpu.state().elr[2] = code;
    h.write32(handler, eret);
    h.cpu.set_pc(handler);
    EXPECT_EQ(run(4), 1u);
    EXPECT_EQ(st().esr[2], esr(0x32, iss_debug | isv));
    EXPECT_EQ(st().elr[2], code + 4);
    EXPECT_EQ(x2(), 1u);
}

} // namespace
