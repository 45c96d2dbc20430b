// Execute handlers: Advanced SIMD structure loads/stores (C7 LD1-LD4,
// ST1-ST4 multiple and single structure, LD1R-LD4R), following the shared
// pseudocode of "Advanced SIMD load/store multiple/single structures": the
// memory block is contiguous, elements are (de)interleaved across the
// registers Vt..Vt+selem-1 (mod 32).
#pragma once

#include "cpu/execute/load_store_simd.h"

namespace vp::cpu::exec {

// Flags in insn::d of a structure access.
enum : uint8_t { st_q = 1, st_post = 2, st_post_reg = 4, st_replicate = 8 };

// Transfers `len` contiguous bytes between memory and `buf`. The pseudocode
// accesses element by element (Mem[address, ebytes]): alignment (Device
// memory, SCTLR_ELx.A) is checked per element of `esize` bytes, not for the
// whole structure. 64-bit pieces when aligned (every element then is) or
// when the memory is known Normal without SCTLR_ELx.A, else elements.
template <bool LOAD> inline bool vmem_block(core& c, uint64_t addr, unsigned len, unsigned esize, uint8_t* buf) {
    const unsigned unit = (len & 7) == 0 && ((addr & 7) == 0 || c.data_known_normal(addr, len)) ? 8 : esize;
    for (unsigned off = 0; off < len; off += unit) {
        bool ok;
        switch (unit) {
        case 1: ok = LOAD ? vmem_read<1>(c, addr + off, buf + off) : vmem_write<1>(c, addr + off, buf + off); break;
        case 2: ok = LOAD ? vmem_read<2>(c, addr + off, buf + off) : vmem_write<2>(c, addr + off, buf + off); break;
        case 4: ok = LOAD ? vmem_read<4>(c, addr + off, buf + off) : vmem_write<4>(c, addr + off, buf + off); break;
        default: ok = LOAD ? vmem_read<8>(c, addr + off, buf + off) : vmem_write<8>(c, addr + off, buf + off); break;
        }
        if (!ok) return false;
    }
    return true;
}

inline void structure_writeback(core& c, const insn& i, uint64_t base) {
    if (i.d & st_post) c.st_.r[i.rn] = base + ((i.d & st_post_reg) ? c.st_.r[i.rm] : i.imm);
}

// LD1-LD4/ST1-ST4 (multiple structures): rd = Vt, a = selem, b = rpt,
// c = log2(element bytes), d = flags, imm = post-index immediate.
template <bool LOAD> void simd_ldst_multiple(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    uint64_t base;
    if (!base_address(c, i, base)) return;
    const unsigned selem = i.a, rpt = i.b, ebytes = 1u << i.c, regbytes = (i.d & st_q) ? 16 : 8;
    const unsigned elements = regbytes >> i.c;
    const unsigned len = rpt * selem * regbytes;
    uint8_t buf[64];
    if constexpr (LOAD) {
        if (!vmem_block<true>(c, base, len, ebytes, buf)) return;
        for (unsigned r = 0; r < rpt; ++r) {
            for (unsigned s = 0; s < selem; ++s) {
                vreg v{};
                const uint8_t* src = buf + r * selem * regbytes + s * ebytes;
                if (selem == 1) std::memcpy(vbytes(v), src, regbytes);
                else
                    for (unsigned e = 0; e < elements; ++e)
                        std::memcpy(vbytes(v) + e * ebytes, src + e * selem * ebytes, ebytes);
                vr(c, (i.rd + r + s) & 31) = v;
            }
        }
    } else {
        for (unsigned r = 0; r < rpt; ++r) {
            for (unsigned s = 0; s < selem; ++s) {
                const vreg& v = vr(c, (i.rd + r + s) & 31);
                uint8_t* dst = buf + r * selem * regbytes + s * ebytes;
                if (selem == 1) std::memcpy(dst, vbytes(v), regbytes);
                else
                    for (unsigned e = 0; e < elements; ++e)
                        std::memcpy(dst + e * selem * ebytes, vbytes(v) + e * ebytes, ebytes);
            }
        }
        if (!vmem_block<false>(c, base, len, ebytes, buf)) return;
    }
    structure_writeback(c, i, base);
    next(c);
}

// LD1-LD4/ST1-ST4 (single structure) and LD1R-LD4R: rd = Vt, a = selem,
// b = lane index, c = log2(element bytes), d = flags.
template <bool LOAD> void simd_ldst_single(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    uint64_t base;
    if (!base_address(c, i, base)) return;
    const unsigned selem = i.a, ebytes = 1u << i.c;
    uint8_t buf[32];
    if constexpr (LOAD) {
        if (!vmem_block<true>(c, base, selem * ebytes, ebytes, buf)) return;
        for (unsigned s = 0; s < selem; ++s) {
            vreg& v = vr(c, (i.rd + s) & 31);
            if (i.d & st_replicate) {
                const unsigned regbytes = (i.d & st_q) ? 16 : 8;
                vreg n{};
                for (unsigned off = 0; off < regbytes; off += ebytes) std::memcpy(vbytes(n) + off, buf + s * ebytes, ebytes);
                v = n;
            } else {
                std::memcpy(vbytes(v) + i.b * ebytes, buf + s * ebytes, ebytes);
            }
        }
    } else {
        for (unsigned s = 0; s < selem; ++s) std::memcpy(buf + s * ebytes, vbytes(vr(c, (i.rd + s) & 31)) + i.b * ebytes, ebytes);
        if (!vmem_block<false>(c, base, selem * ebytes, ebytes, buf)) return;
    }
    structure_writeback(c, i, base);
    next(c);
}

} // namespace vp::cpu::exec
