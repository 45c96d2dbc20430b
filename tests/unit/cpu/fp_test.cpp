// Unit tests of the floating-point semantics (components/cpu/fp) on the
// cases a differential test meets rarely or where Arm differs from IEEE 754
// defaults: tininess before rounding, flush-to-zero, default NaN, NaN
// propagation order, alternative half precision, the estimate tables, round
// to odd, saturating conversions. Expected values from DDI 0487 pseudocode
// worked by hand (commented where not obvious).
#include <gtest/gtest.h>

#include "cpu/fp/arith.h"
#include "cpu/fp/convert.h"
#include "cpu/fp/estimate.h"

namespace fp = vp::cpu::fp;

namespace {

constexpr uint32_t fz = 1u << 24, dn = 1u << 25, ahp = 1u << 26;
constexpr uint32_t rm(fp::rounding r) { return uint32_t(r) << 22; }

struct res {
    uint64_t v;
    uint32_t exc;
};

template <typename F> res run(uint32_t fpcr, F f) {
    fp::ctl c{fpcr};
    const uint64_t v = f(c);
    return {v, c.exc};
}

constexpr uint64_t snan32 = 0x7f800001, qnan32 = 0x7fc00002, one32 = 0x3f800000;
constexpr uint64_t snan64 = 0x7ff0000000000001ull, qnan64 = 0x7ff8000000000002ull;

} // namespace

TEST(fp_estimate, recip_table_ends_and_frecpe_of_one) {
    // RecipEstimate(256): 2^19 DIV 513 = 1022, (1022+1) DIV 2 = 511.
    EXPECT_EQ(fp::recip_estimate_table(256), 511u);
    EXPECT_EQ(fp::recip_estimate_table(511), 256u);
    const res r = run(0, [](fp::ctl& c) { return fp::recip_estimate<32>(one32, c); });
    EXPECT_EQ(r.v, 0x3f7f8000u); // 0.998046875
    EXPECT_EQ(r.exc, 0u);
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::recip_estimate<64>(0x4000000000000000ull, c); }).v,
              0x3fdff00000000000ull); // FRECPE(2.0) = 0.4990234375
}

TEST(fp_estimate, frsqrte_of_one_and_four_and_table) {
    EXPECT_EQ(fp::rsqrt_estimate_table(128), 511u);
    const res r = run(0, [](fp::ctl& c) { return fp::rsqrt_estimate<32>(one32, c); });
    EXPECT_EQ(r.v, 0x3f7f8000u); // 0.998046875
    // 4.0: exponent even -> [0.5, 1) branch, estimate 1/sqrt(0.5) ~ 1.41 * 2^-2... = 0.5 region
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::rsqrt_estimate<32>(0x40800000, c); }).v, 0x3eff8000u);
    // negative: default NaN, InvalidOp; zero: infinity, DivideByZero
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::rsqrt_estimate<32>(0xbf800000, c); }).v, 0x7fc00000u);
    const res z = run(0, [](fp::ctl& c) { return fp::rsqrt_estimate<32>(0x80000000, c); });
    EXPECT_EQ(z.v, 0xff800000u);
    EXPECT_EQ(z.exc, uint32_t(fp::dzc));
}

TEST(fp_estimate, frecpe_tiny_overflows_by_rounding_mode_and_huge_flushes_with_fz) {
    const res a = run(0, [](fp::ctl& c) { return fp::recip_estimate<32>(0x00000001, c); });
    EXPECT_EQ(a.v, 0x7f800000u);
    EXPECT_EQ(a.exc, uint32_t(fp::ofc | fp::ixc));
    EXPECT_EQ(run(rm(fp::zero), [](fp::ctl& c) { return fp::recip_estimate<32>(0x00000001, c); }).v, 0x7f7fffffu);
    const res b = run(fz, [](fp::ctl& c) { return fp::recip_estimate<32>(0x7e800000, c); }); // 2^126
    EXPECT_EQ(b.v, 0u);
    EXPECT_EQ(b.exc, uint32_t(fp::ufc));
    // without FZ: a denormal result (result exponent 0 path): 0.998 * 2^-126
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::recip_estimate<32>(0x7e800000, c); }).v, 0x007fc000u);
}

TEST(fp_estimate, frecpx_and_unsigned_estimates) {
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::recpx<32>(0x40400000, c); }).v, 0x3f800000u); // NOT(exp)
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::recpx<32>(0x80000001, c); }).v, 0xff000000u); // denormal
    EXPECT_EQ(fp::unsigned_recip_estimate(0x7fffffff), 0xffffffffu);
    EXPECT_EQ(fp::unsigned_recip_estimate(0x80000000), 511u << 23);
    EXPECT_EQ(fp::unsigned_rsqrt_estimate(0x3fffffff), 0xffffffffu);
}

TEST(fp_convert, half_precision_with_and_without_ahp) {
    // IEEE half: exponent 31 is infinity; AHP: a normal number (2^16).
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::convert<16, 32>(0x7c00, c, c.mode()); }).v, 0x7f800000u);
    EXPECT_EQ(run(ahp, [](fp::ctl& c) { return fp::convert<16, 32>(0x7c00, c, c.mode()); }).v, 0x47800000u);
    EXPECT_EQ(run(ahp, [](fp::ctl& c) { return fp::convert<16, 32>(0xffff, c, c.mode()); }).v, 0xc7ffe000u);
    // To AHP: overflow saturates with InvalidOp (not Overflow), NaN -> zero, infinity -> max.
    const res o = run(ahp, [](fp::ctl& c) { return fp::convert<32, 16>(0x49742400, c, c.mode()); }); // 1e6
    EXPECT_EQ(o.v, 0x7fffu);
    EXPECT_EQ(o.exc, uint32_t(fp::ioc));
    const res n = run(ahp, [](fp::ctl& c) { return fp::convert<32, 16>(0xffc00000, c, c.mode()); });
    EXPECT_EQ(n.v, 0x8000u);
    EXPECT_EQ(n.exc, uint32_t(fp::ioc));
    const res i = run(ahp, [](fp::ctl& c) { return fp::convert<64, 16>(0xfff0000000000000ull, c, c.mode()); });
    EXPECT_EQ(i.v, 0xffffu);
    EXPECT_EQ(i.exc, uint32_t(fp::ioc));
    // IEEE half: 65520 rounds to infinity.
    const res h = run(0, [](fp::ctl& c) { return fp::convert<32, 16>(0x477ff000, c, c.mode()); });
    EXPECT_EQ(h.v, 0x7c00u);
    EXPECT_EQ(h.exc, uint32_t(fp::ofc | fp::ixc));
    // Half denormals are not flushed (no FZ16 in Armv8.0) even with FZ.
    EXPECT_EQ(run(fz, [](fp::ctl& c) { return fp::convert<16, 32>(0x0001, c, c.mode()); }).v, 0x33800000u);
}

TEST(fp_convert, nan_conversion_keeps_payload_top_bits_and_quietens) {
    const res r = run(0, [](fp::ctl& c) { return fp::convert<64, 32>(0xfff4000020000001ull, c, c.mode()); });
    EXPECT_EQ(r.v, 0xffe00001u);
    EXPECT_EQ(r.exc, uint32_t(fp::ioc));
    EXPECT_EQ(run(dn, [](fp::ctl& c) { return fp::convert<32, 64>(0xff800001, c, c.mode()); }).v,
              0x7ff8000000000000ull);
}

TEST(fp_convert, round_to_odd_fcvtxn) {
    const res r = run(0, [](fp::ctl& c) { return fp::convert<64, 32>(0x3ff0000010000000ull, c, fp::odd); });
    EXPECT_EQ(r.v, 0x3f800001u); // 1 + 2^-24 -> 1 + 2^-23 (round to nearest would give 1.0)
    EXPECT_EQ(r.exc, uint32_t(fp::ixc));
}

TEST(fp_convert, saturating_integer_conversions) {
    const res a = run(0, [](fp::ctl& c) { return fp::to_fixed<64>(0x43e0000000000000ull, 0, false, 64, c, fp::zero); });
    EXPECT_EQ(a.v, 0x7fffffffffffffffull); // 2^63
    EXPECT_EQ(a.exc, uint32_t(fp::ioc));
    const res b = run(0, [](fp::ctl& c) { return fp::to_fixed<64>(0xc3e0000000000000ull, 0, false, 64, c, fp::zero); });
    EXPECT_EQ(b.v, 0x8000000000000000ull); // -2^63 exactly
    EXPECT_EQ(b.exc, 0u);
    const res u = run(0, [](fp::ctl& c) { return fp::to_fixed<32>(0xbf000000, 0, true, 32, c, fp::zero); });
    EXPECT_EQ(u.v, 0u); // -0.5 -> 0, Inexact only
    EXPECT_EQ(u.exc, uint32_t(fp::ixc));
    const res v = run(0, [](fp::ctl& c) { return fp::to_fixed<32>(0xbf800000, 0, true, 32, c, fp::zero); });
    EXPECT_EQ(v.exc, uint32_t(fp::ioc)); // -1.0 unsigned
    const res n = run(0, [](fp::ctl& c) { return fp::to_fixed<32>(qnan32, 0, false, 32, c, fp::zero); });
    EXPECT_EQ(n.v, 0u);
    EXPECT_EQ(n.exc, uint32_t(fp::ioc));
    // ties away from zero, and fixed point: 2.5 * 2^4 = 40
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::to_fixed<64>(0xc004000000000000ull, 0, false, 32, c, fp::tieaway); }).v,
              0xfffffffdu);
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::to_fixed<64>(0x4004000000000000ull, 4, false, 32, c, fp::zero); }).v, 40u);
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::from_fixed<64>(0x80000000, 32, 0, false, c, c.mode()); }).v,
              0xc1e0000000000000ull); // SCVTF of INT32_MIN
}

TEST(fp_convert, round_to_integral) {
    const res x = run(0, [](fp::ctl& c) { return fp::round_int<64>(0x4004000000000000ull, c, c.mode(), true); });
    EXPECT_EQ(x.v, 0x4000000000000000ull); // FRINTX 2.5 -> 2.0, Inexact
    EXPECT_EQ(x.exc, uint32_t(fp::ixc));
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::round_int<64>(0xc004000000000000ull, c, fp::tieaway, false); }).v,
              0xc008000000000000ull); // FRINTA -2.5 -> -3.0
    const res z = run(0, [](fp::ctl& c) { return fp::round_int<32>(0xbe99999a, c, fp::tieeven, false); });
    EXPECT_EQ(z.v, 0x80000000u); // FRINTN -0.3 -> -0.0, no Inexact
    EXPECT_EQ(z.exc, 0u);
}

TEST(fp_arith, underflow_is_detected_before_rounding) {
    // (1 - 2^-24) * 2^-126 rounds up to the smallest normal, but is tiny
    // before rounding: Underflow and Inexact (x86 SSE would not set UE).
    const res r = run(0, [](fp::ctl& c) { return fp::mul<32>(0x3f7fffff, 0x00800000, c); });
    EXPECT_EQ(r.v, 0x00800000u);
    EXPECT_EQ(r.exc, uint32_t(fp::ufc | fp::ixc));
}

TEST(fp_arith, flush_to_zero_inputs_and_outputs) {
    const res in = run(fz, [](fp::ctl& c) { return fp::add<32>(0x00000001, 0x80000000, c); });
    EXPECT_EQ(in.v, 0u); // denormal + -0 -> +0 (zeros of opposite sign, round to nearest)
    EXPECT_EQ(in.exc, uint32_t(fp::idc));
    const res out = run(fz, [](fp::ctl& c) { return fp::mul<32>(0x00c00000, 0x3f000000, c); });
    EXPECT_EQ(out.v, 0u); // 1.5 * 2^-126 * 0.5: tiny -> +0, Underflow without Inexact
    EXPECT_EQ(out.exc, uint32_t(fp::ufc));
}

TEST(fp_arith, nan_propagation_and_default_nan) {
    // A signalling NaN wins over an earlier quiet NaN; it is quietened.
    const res a = run(0, [](fp::ctl& c) { return fp::add<32>(qnan32, snan32, c); });
    EXPECT_EQ(a.v, 0x7fc00001u);
    EXPECT_EQ(a.exc, uint32_t(fp::ioc));
    EXPECT_EQ(run(dn, [](fp::ctl& c) { return fp::add<64>(qnan64, 0, c); }).v, 0x7ff8000000000000ull);
    // FPSub processes NaNs before negating op2: a NaN op2 keeps its sign
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::sub<32>(one32, qnan32, c); }).v, qnan32);
    // infinity - infinity: the positive default NaN (x86 would give 0xffc00000)
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::sub<32>(0x7f800000, 0x7f800000, c); }).v, 0x7fc00000u);
    // FPMulAdd: a quiet NaN addend does not hide infinity * 0
    const res m = run(0, [](fp::ctl& c) { return fp::muladd<64>(qnan64, 0x7ff0000000000000ull, 0, c); });
    EXPECT_EQ(m.v, 0x7ff8000000000000ull);
    EXPECT_EQ(m.exc, uint32_t(fp::ioc));
    // the addend's NaN comes first among quiet NaNs
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::muladd<64>(qnan64 | 4, qnan64, 0, c); }).v, qnan64 | 4);
}

TEST(fp_arith, fmaxnm_with_signalling_and_quiet_nans) {
    const res q = run(0, [](fp::ctl& c) { return fp::maxnum<32>(qnan32, one32, c); });
    EXPECT_EQ(q.v, one32);
    EXPECT_EQ(q.exc, 0u);
    const res s = run(0, [](fp::ctl& c) { return fp::maxnum<32>(snan32, one32, c); });
    EXPECT_EQ(s.v, 0x7fc00001u);
    EXPECT_EQ(s.exc, uint32_t(fp::ioc));
    const res t = run(0, [](fp::ctl& c) { return fp::minnum<32>(qnan32, snan32, c); });
    EXPECT_EQ(t.v, 0x7fc00001u);
    EXPECT_EQ(t.exc, uint32_t(fp::ioc));
    // max(+0, -0) = +0, min(+0, -0) = -0
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::max<32>(0x80000000, 0, c); }).v, 0u);
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::min<32>(0, 0x80000000, c); }).v, 0x80000000u);
}

TEST(fp_arith, step_functions_and_mulx) {
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::recip_step<32>(0x7f800000, 0, c); }).v, 0x40000000u);
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::rsqrt_step<32>(0, 0xff800000, c); }).v, 0x3fc00000u);
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::mulx<64>(0x8000000000000000ull, 0x7ff0000000000000ull, c); }).v,
              0xc000000000000000ull);
    // FRECPS negates op1 first: a NaN op1 comes back with its sign flipped
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::recip_step<32>(qnan32, one32, c); }).v, 0xffc00002u);
    // FRSQRTS(1, 1) = (3 - 1) / 2 = 1
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::rsqrt_step<32>(one32, one32, c); }).v, one32);
}

TEST(fp_arith, exact_zero_sign_follows_rounding_mode) {
    EXPECT_EQ(run(0, [](fp::ctl& c) { return fp::sub<64>(0x3ff0000000000000ull, 0x3ff0000000000000ull, c); }).v, 0u);
    EXPECT_EQ(run(rm(fp::neginf), [](fp::ctl& c) { return fp::sub<64>(0x3ff0000000000000ull, 0x3ff0000000000000ull, c); }).v,
              0x8000000000000000ull);
}

TEST(fp_arith, compare_signals_as_specified) {
    const res q = run(0, [](fp::ctl& c) { return uint64_t(fp::compare<32>(qnan32, one32, false, c)); });
    EXPECT_EQ(q.v, 0x30000000u);
    EXPECT_EQ(q.exc, 0u);
    EXPECT_EQ(run(0, [](fp::ctl& c) { return uint64_t(fp::compare<32>(qnan32, one32, true, c)); }).exc, uint32_t(fp::ioc));
    EXPECT_EQ(run(0, [](fp::ctl& c) { return uint64_t(fp::compare<32>(0x80000000, 0, false, c)); }).v, 0x60000000u);
    EXPECT_EQ(run(0, [](fp::ctl& c) { return uint64_t(fp::compare_eq<32>(qnan32, qnan32, c)); }).exc, 0u);
    EXPECT_EQ(run(0, [](fp::ctl& c) { return uint64_t(fp::compare_ge<32>(qnan32, one32, c)); }).exc, uint32_t(fp::ioc));
}

// The host-FPU shortcut (host.h) must give the pseudocode's result whenever
// it is taken: random operands near the edges of the normal range (tiny,
// huge, cancelling), every function, both precisions. Flags: the soft path
// may only add Inexact, which the shortcut requires to be set already.
TEST(fp_host, shortcut_agrees_with_the_pseudocode) {
    uint64_t s = 0x1234567;
    auto next = [&] {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        return s ^ (s >> 29);
    };
    auto value64 = [&] {
        static const uint64_t exps[] = {1, 2, 3, 0x3ff, 0x400, 0x3fe, 0x7fd, 0x7fe, 0x200, 0x5ff};
        const uint64_t e = (next() & 1) ? exps[next() % 10] : 1 + next() % 0x7fe;
        return (next() & (1ull << 63)) | (e << 52) | (next() & ((1ull << 52) - 1));
    };
    unsigned taken = 0;
    for (int k = 0; k < 200000; ++k) {
        const uint64_t a = value64(), b = value64(), d = value64();
        const uint32_t a32 = uint32_t(a >> 32), b32 = uint32_t(b >> 32), d32 = uint32_t(d >> 32);
        for (unsigned op = 0; op < 6; ++op) {
            fp::ctl h(0, fp::ixc), soft(0, fp::ixc);
            soft.host_ok = false;
            uint64_t rh, rs, rh32, rs32;
            switch (op) {
            case 0: rh = fp::add<64>(a, b, h); rs = fp::add<64>(a, b, soft); rh32 = fp::add<32>(a32, b32, h); rs32 = fp::add<32>(a32, b32, soft); break;
            case 1: rh = fp::sub<64>(a, b, h); rs = fp::sub<64>(a, b, soft); rh32 = fp::sub<32>(a32, b32, h); rs32 = fp::sub<32>(a32, b32, soft); break;
            case 2: rh = fp::mul<64>(a, b, h); rs = fp::mul<64>(a, b, soft); rh32 = fp::mul<32>(a32, b32, h); rs32 = fp::mul<32>(a32, b32, soft); break;
            case 3: rh = fp::div<64>(a, b, h); rs = fp::div<64>(a, b, soft); rh32 = fp::div<32>(a32, b32, h); rs32 = fp::div<32>(a32, b32, soft); break;
            case 4: rh = fp::sqrt<64>(a, h); rs = fp::sqrt<64>(a, soft); rh32 = fp::sqrt<32>(a32, h); rs32 = fp::sqrt<32>(a32, soft); break;
            default: rh = fp::muladd<64>(d, a, b, h); rs = fp::muladd<64>(d, a, b, soft); rh32 = fp::muladd<32>(d32, a32, b32, h); rs32 = fp::muladd<32>(d32, a32, b32, soft); break;
            }
            ASSERT_EQ(rh, rs) << "op " << op << std::hex << " a=" << a << " b=" << b << " d=" << d;
            ASSERT_EQ(rh32, rs32) << "op " << op << std::hex << " a=" << a32 << " b=" << b32 << " d=" << d32;
            ASSERT_EQ(h.exc | fp::ixc, soft.exc | fp::ixc) << "op " << op;
            taken += h.exc == 0;
        }
    }
    EXPECT_GT(taken, 100000u) << "the shortcut was hardly ever taken";
}
