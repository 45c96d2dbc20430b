// Execute handlers: branches (DDI 0487 C4.1.3). A misaligned target is
// detected when the next instruction is fetched (PC alignment fault, D1.8.1).
#pragma once

#include "cpu/execute/common.h"

namespace vp::cpu::exec {

inline void b(core& c, const insn& i) { c.st_.pc += i.imm; }
inline void bl(core& c, const insn& i) {
    c.st_.r[30] = c.st_.pc + 4;
    c.st_.pc += i.imm;
}
// Conditional branches may be inside a block (docs/iss-dispatch.md): not
// taken, the PC advances by 4 like any instruction of the block; taken, the
// block ends after the branch.
// Two paths that share no code: the compiler would otherwise compute PC + 4
// first and replace it when taken (2 more host instructions either way).
// Both store the block end (not taken: unchanged, core::keep_block): the
// run loop reads it right after, and when only taken branches stored it,
// the host CPU predicted that read independent of the store and had to
// replay it at every taken one (sort_O2 with the MMU on: 222 -> 146 MIPS).
inline void cond_branch(core& c, const insn& i, bool taken) {
    if (taken) {
        c.st_.pc += i.imm;
        c.end_block();
        return;
    }
    asm("" ::: "memory"); // keeps the paths apart (no instruction)
    c.keep_block();
    c.st_.pc += 4;
}

// B.cond: one handler per condition (it reads only the flags it tests).
template <unsigned COND> void b_cond(core& c, const insn& i) { cond_branch(c, i, condition_holds<COND>(c.st_.nzcv)); }

// CBZ/CBNZ: rd = Rt slot.
template <bool SF, bool NZ> void cbz(core& c, const insn& i) {
    const bool zero = width<SF>(c.st_.r[i.rd]) == 0;
    cond_branch(c, i, zero != NZ);
}
// TBZ/TBNZ: a = bit number.
template <bool NZ> void tbz(core& c, const insn& i) {
    const bool set = (c.st_.r[i.rd] >> i.a) & 1;
    cond_branch(c, i, set == NZ);
}

inline void br(core& c, const insn& i) { c.st_.pc = c.st_.r[i.rn]; }
inline void blr(core& c, const insn& i) {
    const uint64_t target = c.st_.r[i.rn]; // read before X30 is written (BLR X30)
    c.st_.r[30] = c.st_.pc + 4;
    c.st_.pc = target;
}

} // namespace vp::cpu::exec
