// Decoder: Advanced SIMD integer classes (C4.1.6): three same, three
// different, two-register miscellaneous, across lanes, shift by immediate,
// vector x indexed element, and the scalar three same / two-register misc /
// pairwise / shift by immediate forms. Tables indexed by (U, opcode) give
// the operation and the element sizes it allows; floating-point opcodes of
// these classes belong to decode_fp() and are UNDEFINED here.
#include "cpu/decode/fields.h"
#include "cpu/decode/simd_classes.h"
#include "cpu/execute/simd_int.h"

namespace vp::cpu::decoding::simd {
namespace {

using namespace exec;
using maker = insn_handler (*)(unsigned size);

template <class OP> insn_handler same(unsigned size) {
    switch (size) {
    case 0: return &vec3<uint8_t, OP>;
    case 1: return &vec3<uint16_t, OP>;
    case 2: return &vec3<uint32_t, OP>;
    default: return &vec3<uint64_t, OP>;
    }
}
template <class OP> insn_handler pairwise(unsigned size) {
    switch (size) {
    case 0: return &vec3_pairwise<uint8_t, OP>;
    case 1: return &vec3_pairwise<uint16_t, OP>;
    case 2: return &vec3_pairwise<uint32_t, OP>;
    default: return &vec3_pairwise<uint64_t, OP>;
    }
}

void common(uint32_t raw, insn& out) {
    out.rd = uint8_t(bits(raw, 4, 0));
    out.rn = uint8_t(bits(raw, 9, 5));
    out.rm = uint8_t(bits(raw, 20, 16));
    out.a = bit(raw, 30) ? 16 : 8;
}
// Scalar forms operate on one element of `size`.
void scalar_width(insn& out, unsigned size) { out.a = uint8_t(1u << size); }

// A (U, opcode) row: operation per U, allowed vector sizes per U (bit per
// size), allowed scalar sizes.
struct row {
    maker m[2];
    uint8_t vsizes[2];
    uint8_t ssizes;
};

// ---- three same (opcode bits 15:11; 0b00011 logical handled apart) ----
const row three_same_rows[32] = {
    {{same<op_shadd>, same<op_uhadd>}, {7, 7}, 0},
    {{same<op_sqadd>, same<op_uqadd>}, {15, 15}, 15},
    {{same<op_srhadd>, same<op_urhadd>}, {7, 7}, 0},
    {{nullptr, nullptr}, {0, 0}, 0},
    {{same<op_shsub>, same<op_uhsub>}, {7, 7}, 0},
    {{same<op_sqsub>, same<op_uqsub>}, {15, 15}, 15},
    {{same<op_cmgt>, same<op_cmhi>}, {15, 15}, 8},
    {{same<op_cmge>, same<op_cmhs>}, {15, 15}, 8},
    {{same<op_sshl>, same<op_ushl>}, {15, 15}, 8},
    {{same<op_sqshl>, same<op_uqshl>}, {15, 15}, 15},
    {{same<op_srshl>, same<op_urshl>}, {15, 15}, 8},
    {{same<op_sqrshl>, same<op_uqrshl>}, {15, 15}, 15},
    {{same<op_smax>, same<op_umax>}, {7, 7}, 0},
    {{same<op_smin>, same<op_umin>}, {7, 7}, 0},
    {{same<op_sabd>, same<op_uabd>}, {7, 7}, 0},
    {{same<op_saba>, same<op_uaba>}, {7, 7}, 0},
    {{same<op_add>, same<op_sub>}, {15, 15}, 8},
    {{same<op_cmtst>, same<op_cmeq>}, {15, 15}, 8},
    {{same<op_mla>, same<op_mls>}, {7, 7}, 0},
    {{same<op_mul>, same<op_pmul>}, {7, 1}, 0},
    {{pairwise<op_smax>, pairwise<op_umax>}, {7, 7}, 0},
    {{pairwise<op_smin>, pairwise<op_umin>}, {7, 7}, 0},
    {{same<op_sqdmulh>, same<op_sqrdmulh>}, {6, 6}, 6},
    {{pairwise<op_add>, nullptr}, {15, 0}, 0},
};

insn_handler logical(unsigned u, unsigned size) {
    static constexpr insn_handler ops[2][4] = {
        {&vec3<uint64_t, op_and>, &vec3<uint64_t, op_bic>, &vec3<uint64_t, op_orr>, &vec3<uint64_t, op_orn>},
        {&vec3<uint64_t, op_eor>, &vec3<uint64_t, op_bsl>, &vec3<uint64_t, op_bit>, &vec3<uint64_t, op_bif>},
    };
    return ops[u][size];
}

// ---- two-register miscellaneous (opcode bits 16:12) ----
template <class OP> insn_handler narrow(unsigned size) {
    switch (size) {
    case 0: return &vec_narrow<uint8_t, OP>;
    case 1: return &vec_narrow<uint16_t, OP>;
    default: return &vec_narrow<uint32_t, OP>;
    }
}
template <class OP> insn_handler narrow_scalar(unsigned size) {
    switch (size) {
    case 0: return &scalar_narrow<uint8_t, OP>;
    case 1: return &scalar_narrow<uint16_t, OP>;
    default: return &scalar_narrow<uint32_t, OP>;
    }
}
template <bool SIGNED, bool ACC> insn_handler pair_long(unsigned size) {
    switch (size) {
    case 0: return &pairwise_long<uint8_t, SIGNED, ACC>;
    case 1: return &pairwise_long<uint16_t, SIGNED, ACC>;
    default: return &pairwise_long<uint32_t, SIGNED, ACC>;
    }
}
// REV16/REV32/REV64: only elements narrower than the container exist (the
// row's size mask makes the others unallocated); the wider ones are never
// instantiated, so no lane arithmetic divides by zero.
template <unsigned CONTAINER> insn_handler rev(unsigned size) {
    if (size == 0) return &vec_rev<uint8_t, CONTAINER>;
    if constexpr (CONTAINER > 2)
        if (size == 1) return &vec_rev<uint16_t, CONTAINER>;
    if constexpr (CONTAINER > 4) return &vec_rev<uint32_t, CONTAINER>;
    return nullptr;
}
insn_handler shll(unsigned size) { // SHLL: shift by the element size
    switch (size) {
    case 0: return &vec_shll<uint8_t, false>;
    case 1: return &vec_shll<uint16_t, false>;
    default: return &vec_shll<uint32_t, false>;
    }
}
insn_handler not_rbit(unsigned size) { return size == 0 ? &vec3<uint8_t, op_not> : &vec3<uint8_t, op_rbit>; }

const row two_misc_rows[2][32] = {
    { // U = 0
        {{rev<8>, nullptr}, {7, 0}, 0},                 // 00000 REV64
        {{rev<2>, nullptr}, {1, 0}, 0},                 // 00001 REV16
        {{pair_long<true, false>, nullptr}, {7, 0}, 0}, // 00010 SADDLP
        {{same<op_suqadd>, nullptr}, {15, 0}, 15},      // 00011 SUQADD
        {{same<op_cls>, nullptr}, {7, 0}, 0},           // 00100 CLS
        {{same<op_cnt>, nullptr}, {1, 0}, 0},           // 00101 CNT
        {{pair_long<true, true>, nullptr}, {7, 0}, 0},  // 00110 SADALP
        {{same<op_sqabs>, nullptr}, {15, 0}, 15},       // 00111 SQABS
        {{same<op_cmgt0>, nullptr}, {15, 0}, 8},        // 01000 CMGT #0
        {{same<op_cmeq0>, nullptr}, {15, 0}, 8},        // 01001 CMEQ #0
        {{same<op_cmlt0>, nullptr}, {15, 0}, 8},        // 01010 CMLT #0
        {{same<op_abs>, nullptr}, {15, 0}, 8},          // 01011 ABS
        {}, {}, {}, {}, {}, {},
        {{narrow<op_xtn>, nullptr}, {7, 0}, 0},         // 10010 XTN
        {},
        {{narrow<op_sqxtn>, nullptr}, {7, 0}, 7},       // 10100 SQXTN
    },
    { // U = 1
        {{rev<4>, nullptr}, {3, 0}, 0},                 // 00000 REV32
        {},
        {{pair_long<false, false>, nullptr}, {7, 0}, 0},// 00010 UADDLP
        {{same<op_usqadd>, nullptr}, {15, 0}, 15},      // 00011 USQADD
        {{same<op_clz>, nullptr}, {7, 0}, 0},           // 00100 CLZ
        {{not_rbit, nullptr}, {3, 0}, 0},               // 00101 NOT / RBIT
        {{pair_long<false, true>, nullptr}, {7, 0}, 0}, // 00110 UADALP
        {{same<op_sqneg>, nullptr}, {15, 0}, 15},       // 00111 SQNEG
        {{same<op_cmge0>, nullptr}, {15, 0}, 8},        // 01000 CMGE #0
        {{same<op_cmle0>, nullptr}, {15, 0}, 8},        // 01001 CMLE #0
        {},
        {{same<op_neg>, nullptr}, {15, 0}, 8},          // 01011 NEG
        {}, {}, {}, {}, {}, {},
        {{narrow<op_sqxtun>, nullptr}, {7, 0}, 7},      // 10010 SQXTUN
        {{shll, nullptr}, {7, 0}, 0},                   // 10011 SHLL
        {{narrow<op_uqxtn>, nullptr}, {7, 0}, 7},       // 10100 UQXTN
    },
};

// ---- three different (opcode bits 15:12) ----
template <bool SIGNED, class OP, bool WIDE_N> insn_handler longh(unsigned size) {
    switch (size) {
    case 0: return &vec_long<uint8_t, SIGNED, OP, WIDE_N>;
    case 1: return &vec_long<uint16_t, SIGNED, OP, WIDE_N>;
    default: return &vec_long<uint32_t, SIGNED, OP, WIDE_N>;
    }
}
insn_handler pmull(unsigned size) {
    return size == 0 ? &vec_long<uint8_t, false, op_pmul, false> : &pmull_1q; // 1Q: FEAT_PMULL (ID_AA64ISAR0.AES = 2)
}
const row three_diff_rows[16] = {
    {{longh<true, op_add, false>, longh<false, op_add, false>}, {7, 7}, 0},   // SADDL/UADDL
    {{longh<true, op_add, true>, longh<false, op_add, true>}, {7, 7}, 0},     // SADDW/UADDW
    {{longh<true, op_sub, false>, longh<false, op_sub, false>}, {7, 7}, 0},   // SSUBL/USUBL
    {{longh<true, op_sub, true>, longh<false, op_sub, true>}, {7, 7}, 0},     // SSUBW/USUBW
    {{narrow<op_addhn>, narrow<op_raddhn>}, {7, 7}, 0},                       // ADDHN/RADDHN
    {{longh<true, op_saba, false>, longh<false, op_uaba, false>}, {7, 7}, 0}, // SABAL/UABAL
    {{narrow<op_subhn>, narrow<op_rsubhn>}, {7, 7}, 0},                       // SUBHN/RSUBHN
    {{longh<true, op_sabd, false>, longh<false, op_uabd, false>}, {7, 7}, 0}, // SABDL/UABDL
    {{longh<true, op_mla, false>, longh<false, op_mla, false>}, {7, 7}, 0},   // SMLAL/UMLAL
    {{longh<true, op_sqdmlal, false>, nullptr}, {6, 0}, 0},                   // SQDMLAL
    {{longh<true, op_mls, false>, longh<false, op_mls, false>}, {7, 7}, 0},   // SMLSL/UMLSL
    {{longh<true, op_sqdmlsl, false>, nullptr}, {6, 0}, 0},                   // SQDMLSL
    {{longh<true, op_mul, false>, longh<false, op_mul, false>}, {7, 7}, 0},   // SMULL/UMULL
    {{longh<true, op_sqdmull, false>, nullptr}, {6, 0}, 0},                   // SQDMULL
    {{pmull, nullptr}, {9, 0}, 0},                                            // PMULL (8B/16B, 1D/2D)
};

// Picks the row's handler for a vector (or scalar) instruction.
void from_row(const row& r, unsigned u, unsigned size, bool q, bool scalar, uint32_t raw, insn& out, bool size3_needs_q = true) {
    const uint8_t sizes = scalar ? r.ssizes : r.vsizes[u];
    if (!r.m[u] || !(sizes & (1u << size)) || (!scalar && size3_needs_q && size == 3 && !q))
        return decode_undefined(raw, out);
    out.fn = r.m[u](size);
    if (!out.fn) decode_undefined(raw, out);
}

} // namespace

void three_same(uint32_t raw, insn& out) {
    common(raw, out);
    const unsigned u = bit(raw, 29), size = bits(raw, 23, 22), opcode = bits(raw, 15, 11);
    if (opcode == 3) { out.fn = logical(u, size); return; }
    if (opcode >= 24) return decode_undefined(raw, out); // FP
    from_row(three_same_rows[opcode], u, size, bit(raw, 30), false, raw, out);
}

void scalar_three_same(uint32_t raw, insn& out) {
    common(raw, out);
    const unsigned u = bit(raw, 29), size = bits(raw, 23, 22), opcode = bits(raw, 15, 11);
    if (opcode == 3 || (opcode >= 20 && opcode != 22)) return decode_undefined(raw, out);
    scalar_width(out, size);
    const row& r = three_same_rows[opcode];
    if (opcode == 19 || opcode == 18) return decode_undefined(raw, out); // MUL/MLA: no scalar form
    from_row(r, u, size, true, true, raw, out);
}

void two_misc(uint32_t raw, insn& out) {
    common(raw, out);
    const unsigned u = bit(raw, 29), size = bits(raw, 23, 22), opcode = bits(raw, 16, 12);
    const bool q = bit(raw, 30);
    const row& r = two_misc_rows[u][opcode];
    const bool is_narrow = opcode == 18 || opcode == 20 || (opcode == 19 && u == 1);
    if (is_narrow) out.b = q; // XTN2 etc. write the upper half; SHLL2 reads it
    if (opcode == 19 && u == 1) out.imm = 8u << size; // SHLL: by the element size
    // REV and CNT/NOT/RBIT accept Q = 0 with their small sizes; the
    // narrowing forms and SHLL have no Q restriction.
    from_row(r, 0, size, q, false, raw, out, !is_narrow);
}

void scalar_two_misc(uint32_t raw, insn& out) {
    common(raw, out);
    const unsigned u = bit(raw, 29), size = bits(raw, 23, 22), opcode = bits(raw, 16, 12);
    const row& r = two_misc_rows[u][opcode];
    scalar_width(out, size);
    if (!r.m[0] || !(r.ssizes & (1u << size))) return decode_undefined(raw, out);
    if (opcode == 20 || opcode == 18) { out.fn = (u == 0 ? narrow_scalar<op_sqxtn> : opcode == 18 ? narrow_scalar<op_sqxtun> : narrow_scalar<op_uqxtn>)(size); return; }
    out.fn = r.m[0](size);
}

void three_diff(uint32_t raw, insn& out) {
    common(raw, out);
    const unsigned u = bit(raw, 29), size = bits(raw, 23, 22), opcode = bits(raw, 15, 12);
    out.b = bit(raw, 30); // the "2" forms use the upper halves
    if (opcode == 15) return decode_undefined(raw, out);
    from_row(three_diff_rows[opcode], u, size, true, false, raw, out);
}

void scalar_pairwise(uint32_t raw, insn& out) {
    common(raw, out);
    // ADDP (scalar): Dd = Vn.D[0] + Vn.D[1]; the others are FP.
    if (bit(raw, 29) || bits(raw, 16, 12) != 0x1b || bits(raw, 23, 22) != 3) return decode_undefined(raw, out);
    out.fn = [](core& c, const insn& i) {
        if (!fp_enabled(c, i)) return;
        const vreg n = vr(c, i.rn);
        vreg r{};
        r.d[0] = n.d[0] + n.d[1];
        vr(c, i.rd) = r;
        next(c);
    };
}

void across_lanes(uint32_t raw, insn& out) {
    common(raw, out);
    const unsigned u = bit(raw, 29), size = bits(raw, 23, 22), opcode = bits(raw, 16, 12);
    const bool q = bit(raw, 30);
    if (size == 3 || (size == 2 && !q)) return decode_undefined(raw, out);
#define VP_ACROSS(T, R, S, OP) &across<T, R, S, OP>
    switch ((u << 5) | opcode) {
    case 0x03: out.fn = size == 0 ? VP_ACROSS(uint8_t, uint16_t, true, op_add) : size == 1 ? VP_ACROSS(uint16_t, uint32_t, true, op_add) : VP_ACROSS(uint32_t, uint64_t, true, op_add); break;
    case 0x23: out.fn = size == 0 ? VP_ACROSS(uint8_t, uint16_t, false, op_add) : size == 1 ? VP_ACROSS(uint16_t, uint32_t, false, op_add) : VP_ACROSS(uint32_t, uint64_t, false, op_add); break;
    case 0x0a: out.fn = size == 0 ? VP_ACROSS(uint8_t, uint8_t, false, op_smax) : size == 1 ? VP_ACROSS(uint16_t, uint16_t, false, op_smax) : VP_ACROSS(uint32_t, uint32_t, false, op_smax); break;
    case 0x2a: out.fn = size == 0 ? VP_ACROSS(uint8_t, uint8_t, false, op_umax) : size == 1 ? VP_ACROSS(uint16_t, uint16_t, false, op_umax) : VP_ACROSS(uint32_t, uint32_t, false, op_umax); break;
    case 0x1a: out.fn = size == 0 ? VP_ACROSS(uint8_t, uint8_t, false, op_smin) : size == 1 ? VP_ACROSS(uint16_t, uint16_t, false, op_smin) : VP_ACROSS(uint32_t, uint32_t, false, op_smin); break;
    case 0x3a: out.fn = size == 0 ? VP_ACROSS(uint8_t, uint8_t, false, op_umin) : size == 1 ? VP_ACROSS(uint16_t, uint16_t, false, op_umin) : VP_ACROSS(uint32_t, uint32_t, false, op_umin); break;
    case 0x1b: out.fn = size == 0 ? VP_ACROSS(uint8_t, uint8_t, false, op_add) : size == 1 ? VP_ACROSS(uint16_t, uint16_t, false, op_add) : VP_ACROSS(uint32_t, uint32_t, false, op_add); break;
    default: return decode_undefined(raw, out); // FMAXNMV etc.: decode_fp
    }
#undef VP_ACROSS
}

// ---- shift by immediate ----
namespace {

template <unsigned K> insn_handler shift_same(unsigned size) {
    switch (size) {
    case 0: return &vec_shift_imm<uint8_t, K>;
    case 1: return &vec_shift_imm<uint16_t, K>;
    case 2: return &vec_shift_imm<uint32_t, K>;
    default: return &vec_shift_imm<uint64_t, K>;
    }
}
template <bool SIGNED, bool ROUND, unsigned SAT, bool SCALAR> insn_handler shift_narrow_h(unsigned size) {
    switch (size) {
    case 0: return &shift_narrow<uint8_t, SIGNED, ROUND, SAT, SCALAR>;
    case 1: return &shift_narrow<uint16_t, SIGNED, ROUND, SAT, SCALAR>;
    default: return &shift_narrow<uint32_t, SIGNED, ROUND, SAT, SCALAR>;
    }
}
template <bool SIGNED> insn_handler shift_long(unsigned size) {
    switch (size) {
    case 0: return &vec_shll<uint8_t, SIGNED>;
    case 1: return &vec_shll<uint16_t, SIGNED>;
    default: return &vec_shll<uint32_t, SIGNED>;
    }
}

// kind: 0 same width shifting right, 1 same width shifting left, 2 narrow (right), 3 long (left).
struct shift_row {
    maker m[2];
    uint8_t kind;
    bool scalar_any_size; // scalar form for every size (else D only; narrow: B/H/S)
    bool no_scalar;
};
const shift_row shift_rows[32] = {
    {{shift_same<sk_sshr>, shift_same<sk_ushr>}, 0, false, false},   // 00000
    {},
    {{shift_same<sk_ssra>, shift_same<sk_usra>}, 0, false, false},   // 00010
    {},
    {{shift_same<sk_srshr>, shift_same<sk_urshr>}, 0, false, false}, // 00100
    {},
    {{shift_same<sk_srsra>, shift_same<sk_ursra>}, 0, false, false}, // 00110
    {},
    {{nullptr, shift_same<sk_sri>}, 0, false, false},                 // 01000 SRI
    {},
    {{shift_same<sk_shl>, shift_same<sk_sli>}, 1, false, false},     // 01010 SHL/SLI
    {},
    {{nullptr, shift_same<sk_sqshlu>}, 1, true, false},               // 01100 SQSHLU
    {},
    {{shift_same<sk_sqshl>, shift_same<sk_uqshl>}, 1, true, false},  // 01110 SQSHL/UQSHL
    {},
    {{shift_narrow_h<false, false, 0, false>, shift_narrow_h<true, false, 2, false>}, 2, true, false}, // SHRN/SQSHRUN
    {{shift_narrow_h<false, true, 0, false>, shift_narrow_h<true, true, 2, false>}, 2, true, false},   // RSHRN/SQRSHRUN
    {{shift_narrow_h<true, false, 1, false>, shift_narrow_h<false, false, 2, false>}, 2, true, false}, // SQSHRN/UQSHRN
    {{shift_narrow_h<true, true, 1, false>, shift_narrow_h<false, true, 2, false>}, 2, true, false},   // SQRSHRN/UQRSHRN
    {{shift_long<true>, shift_long<false>}, 3, false, true},         // 10100 SSHLL/USHLL
};
const maker scalar_narrow_rows[4][2] = {
    {nullptr, shift_narrow_h<true, false, 2, true>},                          // SQSHRUN
    {nullptr, shift_narrow_h<true, true, 2, true>},                           // SQRSHRUN
    {shift_narrow_h<true, false, 1, true>, shift_narrow_h<false, false, 2, true>}, // SQSHRN/UQSHRN
    {shift_narrow_h<true, true, 1, true>, shift_narrow_h<false, true, 2, true>},   // SQRSHRN/UQRSHRN
};

void shift_common(uint32_t raw, insn& out, bool scalar) {
    common(raw, out);
    const unsigned u = bit(raw, 29), immh = bits(raw, 22, 19), immhb = bits(raw, 22, 16), opcode = bits(raw, 15, 11);
    const bool q = bit(raw, 30);
    const unsigned size = immh >= 8 ? 3 : immh >= 4 ? 2 : immh >= 2 ? 1 : 0;
    const unsigned esize = 8u << size;
    const shift_row& r = shift_rows[opcode];
    if (!r.m[u]) return decode_undefined(raw, out); // incl. SCVTF/FCVTZS fixed-point: decode_fp
    const bool right = r.kind == 0 || r.kind == 2;
    out.imm = right ? 2 * esize - immhb : immhb - esize;
    if (r.kind >= 2) { // narrowing and long: element size is the narrow one
        if (size == 3) return decode_undefined(raw, out);
        out.b = q;
        if (scalar) {
            if (r.no_scalar || (opcode <= 17 && u == 0))
                return decode_undefined(raw, out);
            out.fn = scalar_narrow_rows[opcode - 16][u](size);
            if (!out.fn) decode_undefined(raw, out);
            return;
        }
        out.fn = r.m[u](size);
        return;
    }
    if (scalar) {
        if (!r.scalar_any_size && size != 3) return decode_undefined(raw, out);
        scalar_width(out, size);
    } else if (size == 3 && !q) {
        return decode_undefined(raw, out);
    }
    out.fn = r.m[u](size);
}

} // namespace

void shift_imm(uint32_t raw, insn& out) { shift_common(raw, out, false); }
void scalar_shift_imm(uint32_t raw, insn& out) { shift_common(raw, out, true); }

// ---- vector x indexed element (integer) ----
namespace {
template <class OP> insn_handler elem_same(unsigned size) {
    return size == 1 ? &vec3_elem<uint16_t, OP> : &vec3_elem<uint32_t, OP>;
}
template <bool SIGNED, class OP> insn_handler elem_long(unsigned size) {
    return size == 1 ? &vec_long<uint16_t, SIGNED, OP, false, true> : &vec_long<uint32_t, SIGNED, OP, false, true>;
}
} // namespace

// SQDMLAL/SQDMLSL/SQDMULL (scalar, three different and by element) and
// SQDMULH/SQRDMULH (scalar by element): sizes H and S only.
template <class OP, bool BY_ELEM> insn_handler scalar_long(unsigned size) {
    return size == 1 ? &vec_long<uint16_t, true, OP, false, BY_ELEM, true>
                     : &vec_long<uint32_t, true, OP, false, BY_ELEM, true>;
}

void scalar_three_diff(uint32_t raw, insn& out) {
    common(raw, out);
    const unsigned size = bits(raw, 23, 22);
    if (bit(raw, 29) || (size != 1 && size != 2)) return decode_undefined(raw, out);
    switch (bits(raw, 15, 12)) {
    case 9: out.fn = scalar_long<op_sqdmlal, false>(size); return;
    case 11: out.fn = scalar_long<op_sqdmlsl, false>(size); return;
    case 13: out.fn = scalar_long<op_sqdmull, false>(size); return;
    default: return decode_undefined(raw, out);
    }
}

void by_element(uint32_t raw, insn& out) {
    common(raw, out);
    const unsigned u = bit(raw, 29), size = bits(raw, 23, 22), opcode = bits(raw, 15, 12);
    const unsigned h = bit(raw, 11), l = bit(raw, 21), m = bit(raw, 20);
    if (size != 1 && size != 2) return decode_undefined(raw, out);
    unsigned index;
    if (size == 1) { index = (h << 2) | (l << 1) | m; out.rm = uint8_t(bits(raw, 19, 16)); }
    else { index = (h << 1) | l; }
    maker mk = nullptr;
    bool is_long = false;
    switch ((u << 4) | opcode) {
    case 0x08: mk = elem_same<op_mul>; break;
    case 0x10: mk = elem_same<op_mla>; break;
    case 0x14: mk = elem_same<op_mls>; break;
    case 0x0c: mk = elem_same<op_sqdmulh>; break;
    case 0x0d: mk = elem_same<op_sqrdmulh>; break;
    case 0x02: mk = elem_long<true, op_mla>; is_long = true; break;
    case 0x12: mk = elem_long<false, op_mla>; is_long = true; break;
    case 0x06: mk = elem_long<true, op_mls>; is_long = true; break;
    case 0x16: mk = elem_long<false, op_mls>; is_long = true; break;
    case 0x0a: mk = elem_long<true, op_mul>; is_long = true; break;
    case 0x1a: mk = elem_long<false, op_mul>; is_long = true; break;
    case 0x03: mk = elem_long<true, op_sqdmlal>; is_long = true; break;
    case 0x07: mk = elem_long<true, op_sqdmlsl>; is_long = true; break;
    case 0x0b: mk = elem_long<true, op_sqdmull>; is_long = true; break;
    default: return decode_undefined(raw, out); // FMLA/FMLS/FMUL/FMULX: decode_fp
    }
    if (is_long) { out.b = bit(raw, 30); out.c = uint8_t(index); }
    else out.b = uint8_t(index);
    out.fn = mk(size);
}

void scalar_by_element(uint32_t raw, insn& out) {
    common(raw, out);
    const unsigned size = bits(raw, 23, 22), opcode = bits(raw, 15, 12);
    const unsigned h = bit(raw, 11), l = bit(raw, 21), m = bit(raw, 20);
    if (bit(raw, 29) || (size != 1 && size != 2)) return decode_undefined(raw, out); // U = 1: FMULX only
    unsigned index;
    if (size == 1) { index = (h << 2) | (l << 1) | m; out.rm = uint8_t(bits(raw, 19, 16)); }
    else { index = (h << 1) | l; }
    out.a = uint8_t(1u << size);
    switch (opcode) {
    case 0x3: out.c = uint8_t(index); out.fn = scalar_long<op_sqdmlal, true>(size); return;
    case 0x7: out.c = uint8_t(index); out.fn = scalar_long<op_sqdmlsl, true>(size); return;
    case 0xb: out.c = uint8_t(index); out.fn = scalar_long<op_sqdmull, true>(size); return;
    case 0xc: out.b = uint8_t(index); out.fn = elem_same<op_sqdmulh>(size); return;
    case 0xd: out.b = uint8_t(index); out.fn = elem_same<op_sqrdmulh>(size); return;
    default: return decode_undefined(raw, out); // FMLA/FMLS/FMUL: decode_fp
    }
}

} // namespace vp::cpu::decoding::simd
