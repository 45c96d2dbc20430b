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
// B.cond: one handler per condition (it reads only the flags it tests).
template <unsigned COND> void b_cond(core& c, const insn& i) {
    c.st_.pc += condition_holds<COND>(c.st_.nzcv) ? i.imm : 4;
}

// CBZ/CBNZ: rd = Rt slot.
template <bool SF, bool NZ> void cbz(core& c, const insn& i) {
    const bool zero = width<SF>(c.st_.r[i.rd]) == 0;
    c.st_.pc += (zero != NZ) ? i.imm : 4;
}
// TBZ/TBNZ: a = bit number.
template <bool NZ> void tbz(core& c, const insn& i) {
    const bool set = (c.st_.r[i.rd] >> i.a) & 1;
    c.st_.pc += (set == NZ) ? i.imm : 4;
}

inline void br(core& c, const insn& i) { c.st_.pc = c.st_.r[i.rn]; }
inline void blr(core& c, const insn& i) {
    const uint64_t target = c.st_.r[i.rn]; // read before X30 is written (BLR X30)
    c.st_.r[30] = c.st_.pc + 4;
    c.st_.pc = target;
}

} // namespace vp::cpu::exec
