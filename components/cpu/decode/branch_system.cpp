// Decoder: branches, exception generation and system instructions (C4.1.3).
#include <array>
#include <utility>

#include "cpu/decode/fields.h"
#include "cpu/execute/branch.h"
#include "cpu/execute/system.h"
#include "cpu/sysregs.h"

namespace vp::cpu::decoding {
namespace {

template <std::size_t... C> constexpr std::array<insn_handler, 16> b_cond_table(std::index_sequence<C...>) {
    return {&exec::b_cond<C>...};
}
constexpr auto b_cond_handlers = b_cond_table(std::make_index_sequence<16>{});

void exception_generation(uint32_t raw, insn& out) {
    const unsigned opc = bits(raw, 23, 21), ll = bits(raw, 1, 0);
    out.imm = bits(raw, 20, 5);
    if (bits(raw, 4, 2) != 0) return decode_undefined(raw, out);
    switch ((opc << 2) | ll) {
    case 0x1: out.fn = &exec::svc; return;
    case 0x2: out.fn = &exec::hvc; return;
    case 0x3: out.fn = &exec::smc; return;
    case 0x4: out.fn = &exec::brk; return;
    case 0x8: out.fn = &exec::hlt; return;
    default: return decode_undefined(raw, out); // DCPS1-3: no Debug state
    }
}

void hint(uint32_t raw, insn& out) {
    switch (bits(raw, 11, 5)) { // CRm:op2
    case 2: out.fn = &exec::wfe; return;
    case 3: out.fn = &exec::wfi; return;
    default: out.fn = &exec::nop; return; // NOP, YIELD, SEV, SEVL and unallocated hints execute as NOP
    }
}

void barrier(uint32_t raw, insn& out) {
    switch (bits(raw, 7, 5)) {
    case 2: out.fn = &exec::clrex; return;
    case 4: // DSB
    case 5: // DMB
    case 6: // ISB: one core, in order, no caches: completes at once
        out.fn = &exec::nop;
        return;
    default: return decode_undefined(raw, out);
    }
}

void pstate_immediate(uint32_t raw, insn& out) {
    const unsigned op1 = bits(raw, 18, 16), op2 = bits(raw, 7, 5);
    out.imm = bits(raw, 11, 8); // CRm
    if (op1 == 3 && op2 == 6) { out.fn = &exec::msr_daif<true>; return; }
    if (op1 == 3 && op2 == 7) { out.fn = &exec::msr_daif<false>; return; }
    if (op1 == 0 && op2 == 5) { out.fn = &exec::msr_spsel; return; }
    decode_undefined(raw, out); // PAN, UAO, DIT, SSBS ... not implemented
}

// MRS/MSR: what can be resolved without the core (sysregs::fast_form) picks
// a short handler; the full access path (the environment's registers, traps,
// UNDEFINED, side effects) reads the encoding from raw. rd = Rt; for the short
// handlers a = byte offset / 8 in arch_state, b = lowest EL they serve,
// c = the HCR_EL2 trap bit, imm = constant or writable bits.
void register_move(uint32_t raw, bool read, insn& out) {
    using sysregs::fast_kind;
    const sysregs::fast_access f = sysregs::fast_form((raw >> 5) & 0xffff, read);
    static_assert(sizeof(arch_state) <= 8 * 256, "offset / 8 must fit in a byte");
    out.a = uint8_t(f.offset / 8);
    out.b = f.min_el;
    out.c = f.trap_bit;
    out.imm = f.value;
    const bool trap = f.trap_bit != sysregs::fast_access::no_trap;
    switch (f.kind) {
    case fast_kind::stored:
        if (read) out.fn = trap ? &exec::mrs_stored<true> : &exec::mrs_stored<false>;
        else out.fn = trap ? &exec::msr_stored<true, true> : &exec::msr_stored<false, true>;
        return;
    case fast_kind::replaced: out.fn = trap ? &exec::msr_stored<true, false> : &exec::msr_stored<false, false>; return;
    case fast_kind::sp_el0: out.fn = read ? &exec::mrs_sp_el0 : &exec::msr_sp_el0; return;
    case fast_kind::constant: out.fn = trap ? &exec::mrs_constant<true> : &exec::mrs_constant<false>; return;
    case fast_kind::midr: out.fn = &exec::mrs_id<false>; return;
    case fast_kind::mpidr: out.fn = &exec::mrs_id<true>; return;
    case fast_kind::daif: out.fn = read ? &exec::mrs_daif : &exec::msr_daif_register; return;
    case fast_kind::none: break;
    }
    out.fn = read ? &exec::mrs : &exec::msr;
}

// MRS/MSR/SYS/SYSL. SYS: a = op0, b = op1, c = CRn, d = CRm, imm = op2, rd = Rt.
void system_register(uint32_t raw, insn& out) {
    const bool read = bit(raw, 21);
    out.rd = read ? dst_zr(bits(raw, 4, 0)) : src_zr(bits(raw, 4, 0));
    if (bits(raw, 20, 19) != 1) return register_move(raw, read, out);
    if (read) return decode_undefined(raw, out); // SYSL: no implemented encodings
    out.a = uint8_t(bits(raw, 20, 19));
    out.b = uint8_t(bits(raw, 18, 16));
    out.c = uint8_t(bits(raw, 15, 12));
    out.d = uint8_t(bits(raw, 11, 8));
    out.imm = bits(raw, 7, 5);
    // DC ZVA (SYS #3, C7, C4, #1) has a handler of its own that runs inside
    // blocks (exec::dc_zva); every other SYS keeps the full path alone.
    const bool dc_zva = out.b == 3 && out.c == 7 && out.d == 4 && out.imm == 1;
    out.fn = dc_zva ? &exec::dc_zva : &exec::sys;
}

void system(uint32_t raw, insn& out) {
    // 1101010100 L op0 op1 CRn CRm op2 Rt
    const bool l = bit(raw, 21);
    const unsigned op0 = bits(raw, 20, 19), crn = bits(raw, 15, 12), rt = bits(raw, 4, 0);
    if (!l && op0 == 0) {
        if (rt != 31) return decode_undefined(raw, out);
        if (crn == 2 && bits(raw, 18, 16) == 3) return hint(raw, out);
        if (crn == 3 && bits(raw, 18, 16) == 3) return barrier(raw, out);
        if (crn == 4) return pstate_immediate(raw, out);
        return decode_undefined(raw, out);
    }
    if (op0 == 0) return decode_undefined(raw, out);
    system_register(raw, out);
}

void branch_register(uint32_t raw, insn& out) {
    const unsigned opc = bits(raw, 24, 21), op2 = bits(raw, 20, 16), op3 = bits(raw, 15, 10), op4 = bits(raw, 4, 0);
    if (op2 != 31 || op3 != 0 || op4 != 0) return decode_undefined(raw, out); // pointer authentication forms
    out.rn = src_zr(bits(raw, 9, 5));
    switch (opc) {
    case 0: out.fn = &exec::br; return;
    case 1: out.fn = &exec::blr; return;
    case 2: out.fn = &exec::br; return; // RET
    case 4: if (out.rn != 31) break; out.fn = &exec::eret; return;
    default: break; // DRPS: not in Debug state, UNDEFINED
    }
    decode_undefined(raw, out);
}

} // namespace

void decode_branch_system(uint32_t raw, insn& out) {
    const unsigned op0 = bits(raw, 31, 29);
    if ((op0 & 3) == 0) { // B, BL
        out.imm = sext(uint64_t(bits(raw, 25, 0)) << 2, 28);
        out.fn = bit(raw, 31) ? &exec::bl : &exec::b;
        return;
    }
    if ((op0 & 3) == 1) {
        out.rd = src_zr(bits(raw, 4, 0));
        if (!bit(raw, 25)) { // CBZ/CBNZ
            out.imm = sext(uint64_t(bits(raw, 23, 5)) << 2, 21);
            const bool sf = bit(raw, 31), nz = bit(raw, 24);
            out.fn = sf ? (nz ? &exec::cbz<true, true> : &exec::cbz<true, false>)
                        : (nz ? &exec::cbz<false, true> : &exec::cbz<false, false>);
        } else { // TBZ/TBNZ
            out.imm = sext(uint64_t(bits(raw, 18, 5)) << 2, 16);
            out.a = uint8_t((bit(raw, 31) << 5) | bits(raw, 23, 19));
            out.fn = bit(raw, 24) ? &exec::tbz<true> : &exec::tbz<false>;
        }
        return;
    }
    if (op0 == 2) { // B.cond
        if (bit(raw, 25) || bit(raw, 24) || bit(raw, 4)) return decode_undefined(raw, out); // BC.cond (v8.8)
        out.imm = sext(uint64_t(bits(raw, 23, 5)) << 2, 21);
        out.a = uint8_t(bits(raw, 3, 0));
        out.fn = b_cond_handlers[out.a];
        return;
    }
    if (op0 == 6) {
        if (bit(raw, 25)) return branch_register(raw, out);
        if (bit(raw, 24) == 0) return exception_generation(raw, out);
        if (bits(raw, 24, 22) == 4) return system(raw, out);
    }
    decode_undefined(raw, out);
}

} // namespace vp::cpu::decoding
