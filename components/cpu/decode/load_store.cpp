// Decoder: loads and stores (C4.1.4) of general-purpose registers. SIMD&FP
// forms (V = 1) go to load_store_simd.cpp. LSE atomics, LOR, RCpc, MTE and
// PAC forms are UNDEFINED.
#include "cpu/decode/fields.h"
#include "cpu/execute/load_store.h"
#include "cpu/execute/system.h"

namespace vp::cpu::decoding {
namespace {

using namespace exec;

// Handler for (size, opc) of a single-register access in a given mode.
// Returns nullptr for unallocated combinations; PRFM handled by the caller.
template <unsigned MODE, bool SP> insn_handler single_imm_sp(unsigned size, unsigned opc) {
    switch ((size << 2) | opc) {
    case 0x0: return &ldst_imm<uint8_t, st, MODE, SP>;
    case 0x1: return &ldst_imm<uint8_t, ld, MODE, SP>;
    case 0x2: return &ldst_imm<uint8_t, ld_s64, MODE, SP>;
    case 0x3: return &ldst_imm<uint8_t, ld_s32, MODE, SP>;
    case 0x4: return &ldst_imm<uint16_t, st, MODE, SP>;
    case 0x5: return &ldst_imm<uint16_t, ld, MODE, SP>;
    case 0x6: return &ldst_imm<uint16_t, ld_s64, MODE, SP>;
    case 0x7: return &ldst_imm<uint16_t, ld_s32, MODE, SP>;
    case 0x8: return &ldst_imm<uint32_t, st, MODE, SP>;
    case 0x9: return &ldst_imm<uint32_t, ld, MODE, SP>;
    case 0xa: return &ldst_imm<uint32_t, ld_s64, MODE, SP>;
    case 0xc: return &ldst_imm<uint64_t, st, MODE, SP>;
    case 0xd: return &ldst_imm<uint64_t, ld, MODE, SP>;
    default: return nullptr;
    }
}

template <bool EXTEND, bool SP> insn_handler single_reg_sp(unsigned size, unsigned opc) {
    switch ((size << 2) | opc) {
    case 0x0: return &ldst_reg<uint8_t, st, EXTEND, SP>;
    case 0x1: return &ldst_reg<uint8_t, ld, EXTEND, SP>;
    case 0x2: return &ldst_reg<uint8_t, ld_s64, EXTEND, SP>;
    case 0x3: return &ldst_reg<uint8_t, ld_s32, EXTEND, SP>;
    case 0x4: return &ldst_reg<uint16_t, st, EXTEND, SP>;
    case 0x5: return &ldst_reg<uint16_t, ld, EXTEND, SP>;
    case 0x6: return &ldst_reg<uint16_t, ld_s64, EXTEND, SP>;
    case 0x7: return &ldst_reg<uint16_t, ld_s32, EXTEND, SP>;
    case 0x8: return &ldst_reg<uint32_t, st, EXTEND, SP>;
    case 0x9: return &ldst_reg<uint32_t, ld, EXTEND, SP>;
    case 0xa: return &ldst_reg<uint32_t, ld_s64, EXTEND, SP>;
    case 0xc: return &ldst_reg<uint64_t, st, EXTEND, SP>;
    case 0xd: return &ldst_reg<uint64_t, ld, EXTEND, SP>;
    default: return nullptr;
    }
}

// The handlers for a base register Rn (SP: the ones that check its alignment).
template <unsigned MODE> insn_handler single_imm(unsigned size, unsigned opc, unsigned rn) {
    return rn == reg_sp ? single_imm_sp<MODE, true>(size, opc) : single_imm_sp<MODE, false>(size, opc);
}
template <bool EXTEND> insn_handler single_reg(unsigned size, unsigned opc, unsigned rn) {
    return rn == reg_sp ? single_reg_sp<EXTEND, true>(size, opc) : single_reg_sp<EXTEND, false>(size, opc);
}

bool is_prefetch(unsigned size, unsigned opc) { return size == 3 && opc == 2; }

void set_rt(uint32_t raw, insn& out, bool store) {
    out.rd = store ? src_zr(bits(raw, 4, 0)) : dst_zr(bits(raw, 4, 0));
}

// LDR/STR with an immediate: unsigned offset, unscaled, pre/post-index, and
// the unprivileged forms (LDTR/STTR: EL0 permissions at EL1, D1.6.4).
void single_immediate(uint32_t raw, insn& out) {
    const unsigned size = bits(raw, 31, 30), opc = bits(raw, 23, 22);
    out.rn = reg_or_sp(bits(raw, 9, 5));
    set_rt(raw, out, opc == 0);
    if (bit(raw, 24)) { // unsigned offset, scaled
        out.imm = uint64_t(bits(raw, 21, 10)) << size;
        if (is_prefetch(size, opc)) { out.fn = &prfm; return; }
        out.fn = single_imm<offset>(size, opc, out.rn);
    } else {
        out.imm = sext(bits(raw, 20, 12), 9);
        const unsigned idx = bits(raw, 11, 10);
        if (is_prefetch(size, opc)) {
            if (idx == 0) { out.fn = &prfm; return; } // PRFUM
            return decode_undefined(raw, out);
        }
        switch (idx) {
        case 0: out.fn = single_imm<offset>(size, opc, out.rn); break;       // unscaled (LDUR/STUR)
        case 2: out.fn = single_imm<unprivileged>(size, opc, out.rn); break; // LDTR/STTR
        case 1: out.fn = single_imm<post_index>(size, opc, out.rn); break;
        default: out.fn = single_imm<pre_index>(size, opc, out.rn); break;
        }
    }
    if (!out.fn) decode_undefined(raw, out);
}

void single_register(uint32_t raw, insn& out) {
    const unsigned size = bits(raw, 31, 30), opc = bits(raw, 23, 22), option = bits(raw, 15, 13);
    if (!(option & 2)) return decode_undefined(raw, out); // option<1> = 0 is reserved
    out.rm = src_zr(bits(raw, 20, 16));
    out.rn = reg_or_sp(bits(raw, 9, 5));
    out.b = uint8_t(option);
    out.a = uint8_t(bit(raw, 12) ? size : 0);
    set_rt(raw, out, opc == 0);
    if (is_prefetch(size, opc)) { out.fn = &prfm; return; }
    // UXTX/SXTX (option 0b011/0b111): the offset register needs no extension.
    out.fn = (option & 3) == 3 ? single_reg<false>(size, opc, out.rn) : single_reg<true>(size, opc, out.rn);
    if (!out.fn) decode_undefined(raw, out);
}

void literal(uint32_t raw, insn& out) {
    out.imm = sext(uint64_t(bits(raw, 23, 5)) << 2, 21);
    out.rd = dst_zr(bits(raw, 4, 0));
    switch (bits(raw, 31, 30)) {
    case 0: out.fn = &ldr_literal<uint32_t, ld>; return;
    case 1: out.fn = &ldr_literal<uint64_t, ld>; return;
    case 2: out.fn = &ldr_literal<uint32_t, ld_s64>; return;
    default: out.fn = &prfm; return;
    }
}

template <unsigned MODE, bool SP> insn_handler pair_handler_sp(unsigned opc, bool load) {
    switch ((opc << 1) | unsigned(load)) {
    case 0: return &ldst_pair<uint32_t, st, MODE, SP>;
    case 1: return &ldst_pair<uint32_t, ld, MODE, SP>;
    case 3: return &ldst_pair<uint32_t, ld_s64, MODE, SP>; // LDPSW
    case 4: return &ldst_pair<uint64_t, st, MODE, SP>;
    case 5: return &ldst_pair<uint64_t, ld, MODE, SP>;
    default: return nullptr; // STGP (MTE), opc = 11
    }
}

template <unsigned MODE> insn_handler pair_handler(unsigned opc, bool load, unsigned rn) {
    return rn == reg_sp ? pair_handler_sp<MODE, true>(opc, load) : pair_handler_sp<MODE, false>(opc, load);
}

void pair(uint32_t raw, insn& out) {
    const unsigned opc = bits(raw, 31, 30), mode = bits(raw, 24, 23);
    const bool load = bit(raw, 22);
    if (mode == 0 && opc == 1) return decode_undefined(raw, out); // no LDNPSW
    const unsigned scale = opc == 2 ? 3 : 2;
    out.imm = sext(bits(raw, 21, 15), 7) << scale;
    out.rn = reg_or_sp(bits(raw, 9, 5));
    out.rd = load ? dst_zr(bits(raw, 4, 0)) : src_zr(bits(raw, 4, 0));
    out.ra = load ? dst_zr(bits(raw, 14, 10)) : src_zr(bits(raw, 14, 10));
    switch (mode) {
    case 0: case 2: out.fn = pair_handler<offset>(opc, load, out.rn); break; // LDNP/STNP behave as LDP/STP
    case 1: out.fn = pair_handler<post_index>(opc, load, out.rn); break;
    default: out.fn = pair_handler<pre_index>(opc, load, out.rn); break;
    }
    if (!out.fn) decode_undefined(raw, out);
}

void exclusive(uint32_t raw, insn& out) {
    const unsigned size = bits(raw, 31, 30);
    const bool o2 = bit(raw, 23), load = bit(raw, 22), o1 = bit(raw, 21), o0 = bit(raw, 15);
    out.rn = reg_or_sp(bits(raw, 9, 5));
    out.rm = dst_zr(bits(raw, 20, 16)); // Ws, the status register of a store-exclusive
    out.rd = load ? dst_zr(bits(raw, 4, 0)) : src_zr(bits(raw, 4, 0));
    out.ra = load ? dst_zr(bits(raw, 14, 10)) : src_zr(bits(raw, 14, 10));
    insn_handler h = nullptr;
    if (!o2 && !o1) { // LDXR/LDAXR/STXR/STLXR
        switch (size) {
        case 0: h = load ? &load_exclusive<uint8_t> : &store_exclusive<uint8_t>; break;
        case 1: h = load ? &load_exclusive<uint16_t> : &store_exclusive<uint16_t>; break;
        case 2: h = load ? &load_exclusive<uint32_t> : &store_exclusive<uint32_t>; break;
        default: h = load ? &load_exclusive<uint64_t> : &store_exclusive<uint64_t>; break;
        }
    } else if (!o2 && o1 && size >= 2) { // LDXP/LDAXP/STXP/STLXP
        h = size == 2 ? (load ? &load_exclusive_pair<uint32_t> : &store_exclusive_pair<uint32_t>)
                      : (load ? &load_exclusive_pair<uint64_t> : &store_exclusive_pair<uint64_t>);
    } else if (o2 && !o1 && o0) { // LDAR/STLR (o0 = 0: LDLAR/STLLR, FEAT_LOR, not implemented)
        switch (size) {
        case 0: h = load ? &load_acquire<uint8_t> : &store_release<uint8_t>; break;
        case 1: h = load ? &load_acquire<uint16_t> : &store_release<uint16_t>; break;
        case 2: h = load ? &load_acquire<uint32_t> : &store_release<uint32_t>; break;
        default: h = load ? &load_acquire<uint64_t> : &store_release<uint64_t>; break;
        }
    }
    // CAS/CASP (o1 = 1 with o2 = 1, or size < 2): FEAT_LSE not implemented.
    if (!h) return decode_undefined(raw, out);
    out.fn = h;
}

} // namespace

void decode_load_store(uint32_t raw, insn& out) {
    if (bit(raw, 26)) return decode_load_store_simd(raw, out);
    const unsigned op = bits(raw, 29, 27);
    switch (op) {
    case 1: // 0b001: exclusive / ordered (bits 29:24 = 001000)
        if (bits(raw, 25, 24) == 0) return exclusive(raw, out);
        return decode_undefined(raw, out);
    case 3: // 0b011: load literal
        if (!bit(raw, 24)) return literal(raw, out);
        return decode_undefined(raw, out);
    case 5: // 0b101: pairs
        return pair(raw, out);
    case 7: // 0b111: single register
        if (bit(raw, 24)) return single_immediate(raw, out);
        if (!bit(raw, 21)) return single_immediate(raw, out);
        if (bits(raw, 11, 10) == 2) return single_register(raw, out);
        return decode_undefined(raw, out); // LSE atomics, PAC loads
    default:
        return decode_undefined(raw, out);
    }
}

} // namespace vp::cpu::decoding
