// Decoder: loads and stores of SIMD&FP registers (C4.1.4 with V = 1):
// LDR/STR of B/H/S/D/Q in every addressing form, LDR literal, LDP/STP/LDNP/
// STNP, and the Advanced SIMD structure loads/stores (LD1-LD4, ST1-ST4,
// LD1R-LD4R, multiple and single structure, with and without post-index).
#include "cpu/decode/fields.h"
#include "cpu/execute/simd_structure.h"

namespace vp::cpu::decoding {
namespace {

using namespace exec;

// Access size in bytes from size:opc<1> (0 for unallocated).
unsigned access_bytes(unsigned size, unsigned opc) {
    if (opc & 2) return size == 0 ? 16 : 0;
    return 1u << size;
}

template <unsigned MODE, bool SP> insn_handler single_imm_sp(unsigned bytes, bool load) {
    switch (bytes) {
    case 1: return load ? &vldst_imm<1, true, MODE, SP> : &vldst_imm<1, false, MODE, SP>;
    case 2: return load ? &vldst_imm<2, true, MODE, SP> : &vldst_imm<2, false, MODE, SP>;
    case 4: return load ? &vldst_imm<4, true, MODE, SP> : &vldst_imm<4, false, MODE, SP>;
    case 8: return load ? &vldst_imm<8, true, MODE, SP> : &vldst_imm<8, false, MODE, SP>;
    case 16: return load ? &vldst_imm<16, true, MODE, SP> : &vldst_imm<16, false, MODE, SP>;
    default: return nullptr;
    }
}

template <bool EXTEND, bool SP> insn_handler single_reg_sp(unsigned bytes, bool load) {
    switch (bytes) {
    case 1: return load ? &vldst_reg<1, true, EXTEND, SP> : &vldst_reg<1, false, EXTEND, SP>;
    case 2: return load ? &vldst_reg<2, true, EXTEND, SP> : &vldst_reg<2, false, EXTEND, SP>;
    case 4: return load ? &vldst_reg<4, true, EXTEND, SP> : &vldst_reg<4, false, EXTEND, SP>;
    case 8: return load ? &vldst_reg<8, true, EXTEND, SP> : &vldst_reg<8, false, EXTEND, SP>;
    case 16: return load ? &vldst_reg<16, true, EXTEND, SP> : &vldst_reg<16, false, EXTEND, SP>;
    default: return nullptr;
    }
}

// The handlers for a base register Rn (SP: the ones that check its alignment).
template <unsigned MODE> insn_handler single_imm(unsigned bytes, bool load, unsigned rn) {
    return rn == reg_sp ? single_imm_sp<MODE, true>(bytes, load) : single_imm_sp<MODE, false>(bytes, load);
}
template <bool EXTEND> insn_handler single_reg(unsigned bytes, bool load, unsigned rn) {
    return rn == reg_sp ? single_reg_sp<EXTEND, true>(bytes, load) : single_reg_sp<EXTEND, false>(bytes, load);
}

unsigned log2_bytes(unsigned bytes) { return bytes == 16 ? 4 : bytes == 8 ? 3 : bytes == 4 ? 2 : bytes == 2 ? 1 : 0; }

void single_register(uint32_t raw, insn& out) {
    const unsigned opc = bits(raw, 23, 22);
    const unsigned bytes = access_bytes(bits(raw, 31, 30), opc);
    const bool load = opc & 1;
    out.rd = uint8_t(bits(raw, 4, 0));
    out.rn = reg_or_sp(bits(raw, 9, 5));
    if (!bytes) return decode_undefined(raw, out);
    if (bit(raw, 24)) { // unsigned offset, scaled
        out.imm = uint64_t(bits(raw, 21, 10)) << log2_bytes(bytes);
        out.fn = single_imm<offset>(bytes, load, out.rn);
    } else if (!bit(raw, 21)) {
        out.imm = sext(bits(raw, 20, 12), 9);
        switch (bits(raw, 11, 10)) {
        case 0: out.fn = single_imm<offset>(bytes, load, out.rn); break; // LDUR/STUR
        case 1: out.fn = single_imm<post_index>(bytes, load, out.rn); break;
        case 3: out.fn = single_imm<pre_index>(bytes, load, out.rn); break;
        default: break; // no unprivileged SIMD&FP form
        }
    } else if (bits(raw, 11, 10) == 2 && (bits(raw, 15, 13) & 2)) { // register offset
        out.rm = src_zr(bits(raw, 20, 16));
        out.b = uint8_t(bits(raw, 15, 13));
        out.a = uint8_t(bit(raw, 12) ? log2_bytes(bytes) : 0);
        out.fn = (out.b & 3) == 3 ? single_reg<false>(bytes, load, out.rn) : single_reg<true>(bytes, load, out.rn); // UXTX/SXTX: no extension
    }
    if (!out.fn) decode_undefined(raw, out);
}

void literal(uint32_t raw, insn& out) {
    out.imm = sext(uint64_t(bits(raw, 23, 5)) << 2, 21);
    out.rd = uint8_t(bits(raw, 4, 0));
    switch (bits(raw, 31, 30)) {
    case 0: out.fn = &vldr_literal<4>; return;
    case 1: out.fn = &vldr_literal<8>; return;
    case 2: out.fn = &vldr_literal<16>; return;
    default: return decode_undefined(raw, out);
    }
}

template <unsigned MODE> insn_handler pair_handler(unsigned opc, bool load) {
    switch (opc) {
    case 0: return load ? &vldst_pair<4, true, MODE> : &vldst_pair<4, false, MODE>;
    case 1: return load ? &vldst_pair<8, true, MODE> : &vldst_pair<8, false, MODE>;
    case 2: return load ? &vldst_pair<16, true, MODE> : &vldst_pair<16, false, MODE>;
    default: return nullptr;
    }
}

void pair(uint32_t raw, insn& out) {
    const unsigned opc = bits(raw, 31, 30);
    const bool load = bit(raw, 22);
    out.imm = sext(bits(raw, 21, 15), 7) << (2 + opc);
    out.rn = reg_or_sp(bits(raw, 9, 5));
    out.rd = uint8_t(bits(raw, 4, 0));
    out.ra = uint8_t(bits(raw, 14, 10));
    switch (bits(raw, 24, 23)) {
    case 0: case 2: out.fn = pair_handler<offset>(opc, load); break; // LDNP/STNP behave as LDP/STP
    case 1: out.fn = pair_handler<post_index>(opc, load); break;
    default: out.fn = pair_handler<pre_index>(opc, load); break;
    }
    if (!out.fn) decode_undefined(raw, out);
}

// LD1-LD4/ST1-ST4 (multiple structures): opcode -> (selem, rpt).
bool multiple_layout(unsigned opcode, unsigned& selem, unsigned& rpt) {
    switch (opcode) {
    case 0x0: selem = 4; rpt = 1; return true; // LD4/ST4
    case 0x2: selem = 1; rpt = 4; return true; // LD1/ST1, 4 registers
    case 0x4: selem = 3; rpt = 1; return true; // LD3/ST3
    case 0x6: selem = 1; rpt = 3; return true; // LD1/ST1, 3 registers
    case 0x7: selem = 1; rpt = 1; return true; // LD1/ST1, 1 register
    case 0x8: selem = 2; rpt = 1; return true; // LD2/ST2
    case 0xa: selem = 1; rpt = 2; return true; // LD1/ST1, 2 registers
    default: return false;
    }
}

// Advanced SIMD load/store multiple structures (post-indexed) and single
// structure (post-indexed), C4.1.4.
void structure(uint32_t raw, insn& out) {
    const bool q = bit(raw, 30), load = bit(raw, 22), post = bit(raw, 23), single = bit(raw, 24);
    const unsigned rm = bits(raw, 20, 16), size = bits(raw, 11, 10);
    out.rd = uint8_t(bits(raw, 4, 0));
    out.rn = reg_or_sp(bits(raw, 9, 5));
    out.rm = uint8_t(rm);
    out.d = uint8_t((q ? st_q : 0) | (post ? st_post : 0) | (post && rm != 31 ? st_post_reg : 0));
    if (!post && rm != 0) return decode_undefined(raw, out);
    unsigned selem, total;
    if (!single) {
        unsigned rpt;
        if (bit(raw, 21) || !multiple_layout(bits(raw, 15, 12), selem, rpt)) return decode_undefined(raw, out);
        if (size == 3 && !q && selem > 1) return decode_undefined(raw, out); // .1D only for LD1/ST1
        out.a = uint8_t(selem);
        out.b = uint8_t(rpt);
        out.c = uint8_t(size);
        total = (q ? 16 : 8) * selem * rpt;
        out.fn = load ? &simd_ldst_multiple<true> : &simd_ldst_multiple<false>;
    } else {
        const unsigned opcode = bits(raw, 15, 13), s = bit(raw, 12);
        selem = ((opcode & 1) << 1 | bit(raw, 21)) + 1;
        unsigned scale = opcode >> 1, index = 0;
        switch (scale) {
        case 0: index = (q << 3) | (s << 2) | size; break;
        case 1:
            if (size & 1) return decode_undefined(raw, out);
            index = (q << 2) | (s << 1) | (size >> 1);
            break;
        case 2:
            if (size & 2) return decode_undefined(raw, out);
            if (size & 1) {
                if (s) return decode_undefined(raw, out);
                scale = 3;
                index = q;
            } else {
                index = (q << 1) | s;
            }
            break;
        default: // LD1R-LD4R
            if (!load || s) return decode_undefined(raw, out);
            scale = size;
            out.d |= st_replicate;
            break;
        }
        out.a = uint8_t(selem);
        out.b = uint8_t(index);
        out.c = uint8_t(scale);
        total = selem << scale;
        out.fn = load ? &simd_ldst_single<true> : &simd_ldst_single<false>;
    }
    out.imm = total;
}

} // namespace

void decode_load_store_simd(uint32_t raw, insn& out) {
    switch (bits(raw, 29, 27)) {
    case 1: // 0b001: Advanced SIMD load/store multiple/single structure(s)
        if (!bit(raw, 31)) return structure(raw, out);
        return decode_undefined(raw, out);
    case 3: // 0b011: load literal
        if (!bit(raw, 24)) return literal(raw, out);
        return decode_undefined(raw, out);
    case 5: return pair(raw, out);
    case 7: return single_register(raw, out);
    default: return decode_undefined(raw, out);
    }
}

} // namespace vp::cpu::decoding
