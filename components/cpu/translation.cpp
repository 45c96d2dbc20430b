// VMSAv8-64 translation table walks (DDI 0487 D5.2 - D5.5; the pseudocode
// AArch64.FullTranslate / FirstStageTranslate / SecondStageTranslate /
// TranslationTableWalk is the reference for the order of the checks).
#include "cpu/translation.h"

namespace vp::cpu::mmu {

namespace {

constexpr uint64_t bit(uint64_t v, unsigned n) { return (v >> n) & 1; }
constexpr uint64_t bits(uint64_t v, unsigned hi, unsigned lo) { return (v >> lo) & ((2ull << (hi - lo)) - 1); }
constexpr uint64_t low_mask(unsigned n) { return n >= 64 ? ~0ull : (1ull << n) - 1; }

// TCR.{IPS,PS} / VTCR.PS encodings (D17.2.131).
unsigned pa_size(uint64_t ps, unsigned max_bits) {
    static const unsigned sizes[8] = {32, 36, 40, 42, 44, 48, 52, 52};
    const unsigned b = sizes[ps & 7];
    return b < max_bits ? b : max_bits;
}

// Granule from TG0 (00 4K, 01 64K, 10 16K) and TG1 (01 16K, 10 4K, 11 64K).
// Reserved values select 4 KiB (IMPLEMENTATION DEFINED choice, D5.2.4).
unsigned granule_tg0(uint64_t tg) { return tg == 1 ? 16 : tg == 2 ? 14 : 12; }
unsigned granule_tg1(uint64_t tg) { return tg == 1 ? 14 : tg == 3 ? 16 : 12; }

// Armv8.0 limits of TxSZ (no FEAT_LVA / FEAT_TTST): 16..39. Out-of-range
// values are treated as the nearest limit (one of the architected options).
unsigned input_bits(uint64_t txsz) {
    if (txsz < 16) txsz = 16;
    if (txsz > 39) txsz = 39;
    return unsigned(64 - txsz);
}

// Block descriptors allowed (no FEAT_LPA): 4K at levels 1 and 2, 16K and 64K
// at level 2 only.
bool block_allowed(unsigned granule, unsigned level) { return granule == 12 ? (level == 1 || level == 2) : level == 2; }

struct walk_cfg {
    unsigned granule;    // log2 of the granule size
    unsigned in_bits;    // input address size
    unsigned start_level;
    unsigned oa_bits;    // output address size (address size faults)
    uint64_t base;       // table base (PA for stage 2, IPA for stage 1)
    bool stage2;
};

struct walk_out {
    uint64_t oa = 0;      // output address of the input address
    uint64_t desc = 0;    // final (block or page) descriptor
    unsigned level = 0;
    uint64_t table = 0;   // stage 1 hierarchical bits 63:59 ORed over the table descriptors
};

constexpr uint64_t oa_field = 0x0000fffffffff000ull; // descriptor bits 47:12

bool s2_walk(const context& ctx, uint64_t ipa, phys_reader& mem, walk_out& w, fault& f);

// Stage 2 attributes (MemAttr[3:0], D5.5.5) in MAIR format.
uint8_t s2_attr(uint64_t desc) {
    const unsigned m = unsigned(bits(desc, 5, 2));
    if ((m >> 2) == 0) return uint8_t((m & 3) << 2); // Device-nGnRnE..GRE
    // Normal: outer = m[3:2], inner = m[1:0] (01 NC, 10 WT, 11 WB); as MAIR nibbles.
    auto nib = [](unsigned c) -> unsigned { return c == 1 ? 0x4 : c == 2 ? 0xa : 0xf; };
    return uint8_t((nib(m >> 2) << 4) | nib(m & 3));
}
bool attr_device(uint8_t a) { return (a & 0xf0) == 0; }

// Stage 2 translation of a stage 1 table address (reads only): faults are
// reported with s1ptw. HCR_EL2.PTW: a table in stage 2 Device memory is a
// stage 2 Permission fault (D5.5.7).
bool table_address(const context& ctx, bool stage2, uint64_t ipa, phys_reader& mem, uint64_t& pa, fault& f) {
    if (stage2 || !ctx.s2_enabled) { pa = ipa; return true; }
    walk_out w;
    if (!s2_walk(ctx, ipa, mem, w, f)) { f.s1ptw = true; return false; }
    const bool readable = bit(w.desc, 6);
    if (!readable || (ctx.ptw && attr_device(s2_attr(w.desc)))) {
        f = {fault_kind::permission, w.level, true, true, ipa};
        return false;
    }
    pa = w.oa;
    return true;
}

// TranslationTableWalk: levels from cfg.start_level down to the block/page.
bool walk(const context& ctx, const walk_cfg& cfg, uint64_t ia, phys_reader& mem, walk_out& out, fault& f) {
    const unsigned stride = cfg.granule - 3;
    auto fail = [&](fault_kind k, unsigned level) {
        f = {k, level, cfg.stage2, false, cfg.stage2 ? ia : 0};
        return false;
    };
    if (cfg.base & ~low_mask(cfg.oa_bits)) return fail(fault_kind::address_size, cfg.start_level);
    uint64_t table = cfg.base;
    uint64_t hier = 0;
    for (unsigned level = cfg.start_level;; ++level) {
        const unsigned shift = cfg.granule + (3 - level) * stride;
        // The start level resolves every remaining input bit (more than a
        // stride: concatenated stage 2 tables, D5.2.6).
        const unsigned width = level == cfg.start_level ? cfg.in_bits - shift : stride;
        const uint64_t index = (ia >> shift) & low_mask(width);
        uint64_t desc_pa;
        if (!table_address(ctx, cfg.stage2, table + index * 8, mem, desc_pa, f)) return false;
        uint64_t desc;
        if (!mem.read64(desc_pa, desc)) return fail(fault_kind::walk_external, level);
        if (!(desc & 1)) return fail(fault_kind::translation, level);
        const bool is_table = (desc & 2) && level < 3;
        if (level == 3 && !(desc & 2)) return fail(fault_kind::translation, level); // reserved at level 3
        if (!is_table && level < 3 && !block_allowed(cfg.granule, level)) return fail(fault_kind::translation, level);
        const uint64_t addr = desc & oa_field & ~low_mask(is_table ? cfg.granule : shift);
        if (addr & ~low_mask(cfg.oa_bits)) return fail(fault_kind::address_size, level);
        if (is_table) {
            if (!cfg.stage2) hier |= desc & (0x1full << 59);
            table = addr;
            continue;
        }
        if (!bit(desc, 10)) return fail(fault_kind::access_flag, level); // AF = 0, no hardware update
        out.oa = addr | (ia & low_mask(shift));
        out.desc = desc;
        out.level = level;
        out.table = hier;
        return true;
    }
}

// Stage 2 walk set-up from VTCR_EL2 (D17.2.165): SL0 gives the start level;
// an inconsistent SL0/T0SZ pair or an IPA beyond T0SZ is a stage 2
// Translation fault at level 0.
bool s2_walk(const context& ctx, uint64_t ipa, phys_reader& mem, walk_out& w, fault& f) {
    walk_cfg cfg;
    cfg.stage2 = true;
    cfg.granule = granule_tg0(bits(ctx.vtcr, 15, 14));
    cfg.in_bits = input_bits(bits(ctx.vtcr, 5, 0));
    cfg.oa_bits = pa_size(bits(ctx.vtcr, 18, 16), ctx.pa_bits);
    cfg.base = ctx.vttbr & 0x0000fffffffffffeull;
    const unsigned sl0 = unsigned(bits(ctx.vtcr, 7, 6));
    const unsigned stride = cfg.granule - 3;
    const int start = cfg.granule == 12 ? 2 - int(sl0) : 3 - int(sl0);
    const int below = 3 - start;
    const int top_bits = int(cfg.in_bits) - int(cfg.granule) - below * int(stride);
    if (sl0 == 3 || start < 0 || top_bits < 1 || top_bits > int(stride) + 4 || (ipa >> cfg.in_bits) != 0) {
        f = {fault_kind::translation, 0, true, false, ipa};
        return false;
    }
    cfg.start_level = unsigned(start);
    return walk(ctx, cfg, ipa, mem, w, f);
}

uint8_t combine_device(uint8_t a, uint8_t b) { return uint8_t(((a >> 2) & 3) < ((b >> 2) & 3) ? a : b); }

} // namespace

unsigned fault::fsc() const {
    switch (kind) {
    case fault_kind::address_size: return 0x00 | level;
    case fault_kind::translation: return 0x04 | level;
    case fault_kind::access_flag: return 0x08 | level;
    case fault_kind::permission: return 0x0c | level;
    case fault_kind::walk_external: return 0x14 | level;
    case fault_kind::alignment: return 0x21;
    case fault_kind::none: break;
    }
    return 0;
}

bool translate_stage1(const context& ctx, uint64_t va, access acc, phys_reader& mem, result& out, fault& f) {
    out = result{};
    f = fault{};
    if (!ctx.s1_enabled) {
        // D5.2.9: flat, all accesses permitted; data is Device-nGnRnE (Normal
        // write-back with HCR_EL2.DC), instruction fetches Normal.
        if (va & ~low_mask(ctx.pa_bits)) {
            f = {fault_kind::address_size, 0, false, false, 0};
            return false;
        }
        out.pa = va;
        out.device = acc != access::fetch && !ctx.dc;
        out.attr = out.device ? 0x00 : 0xff;
        out.sh = out.device ? 2 : 0;
        for (int p = 0; p < 2; ++p) out.r[p] = out.w[p] = out.x[p] = true;
        return true;
    }
    const uint64_t tcr = ctx.tcr;
    walk_cfg cfg;
    cfg.stage2 = false;
    bool upper = false, tbi, epd;
    if (ctx.el2_regime) { // TCR_EL2 (E2H = 0): T0SZ, TG0, PS[18:16], TBI[20]
        cfg.granule = granule_tg0(bits(tcr, 15, 14));
        cfg.in_bits = input_bits(bits(tcr, 5, 0));
        cfg.oa_bits = pa_size(bits(tcr, 18, 16), ctx.pa_bits);
        tbi = bit(tcr, 20);
        epd = false;
        cfg.base = ctx.ttbr0;
    } else {              // TCR_EL1: T0SZ/T1SZ, EPD0/1, TG0/1, IPS[34:32], TBI0/1
        upper = bit(va, 55);
        cfg.granule = upper ? granule_tg1(bits(tcr, 31, 30)) : granule_tg0(bits(tcr, 15, 14));
        cfg.in_bits = input_bits(upper ? bits(tcr, 21, 16) : bits(tcr, 5, 0));
        cfg.oa_bits = pa_size(bits(tcr, 34, 32), ctx.pa_bits);
        tbi = upper ? bit(tcr, 38) : bit(tcr, 37);
        epd = upper ? bit(tcr, 23) : bit(tcr, 7);
        cfg.base = upper ? ctx.ttbr1 : ctx.ttbr0;
    }
    cfg.base &= 0x0000fffffffffffeull; // BADDR (ASID and CnP excluded)
    // D5.2.5: the bits above the VA size (above bit 55 ignored with TBI) must
    // all equal the range-select bit; otherwise Translation fault, level 0.
    const unsigned top = tbi ? 56 : 64;
    const uint64_t high = (va & low_mask(top)) >> cfg.in_bits;
    const uint64_t ones = low_mask(top - cfg.in_bits);
    if (high != (upper ? ones : 0) || epd) {
        f = {fault_kind::translation, 0, false, false, 0};
        return false;
    }
    const unsigned stride = cfg.granule - 3;
    cfg.start_level = 4 - (cfg.in_bits - cfg.granule + stride - 1) / stride;
    walk_out w;
    if (!walk(ctx, cfg, va, mem, w, f)) return false;

    const uint64_t d = w.desc;
    out.pa = w.oa;
    out.level = uint8_t(w.level);
    out.span = uint8_t(cfg.granule + (3 - w.level) * stride);
    out.attr = uint8_t(ctx.mair >> (8 * bits(d, 4, 2)));
    out.device = attr_device(out.attr);
    out.sh = out.device ? 2 : uint8_t(bits(d, 9, 8));
    out.global = !bit(d, 11) || ctx.el2_regime;
    // D5.4 access permissions with the hierarchical APTable/XNTable bits.
    unsigned ap = unsigned(bits(d, 7, 6));
    if (bit(w.table, 62)) ap |= 2;           // APTable[1]: no write at any level
    if (bit(w.table, 61)) ap &= ~1u;         // APTable[0]: no EL0 access
    if (ctx.el2_regime) {
        // One privilege level: AP[2] selects read-only, XN is bit 54 (D5.4.5).
        const bool xn = bit(d, 54) || bit(w.table, 60);
        out.r[1] = true;
        out.w[1] = !(ap & 2);
        out.x[1] = !xn && !(ctx.wxn && out.w[1]);
    } else {
        out.r[1] = true;
        out.w[1] = !(ap & 2);
        out.r[0] = ap & 1;
        out.w[0] = ap == 1;
        const bool uxn = bit(d, 54) || bit(w.table, 60);
        const bool pxn = bit(d, 53) || bit(w.table, 59);
        out.x[0] = !uxn && !(ctx.wxn && out.w[0]);
        // Memory writable at EL0 is never executable at EL1 (D5.4.6).
        out.x[1] = !pxn && !out.w[0] && !(ctx.wxn && out.w[1]);
    }
    return true;
}

namespace {
bool permitted(const result& r, access acc, bool el0) {
    const int p = el0 ? 0 : 1;
    return acc == access::read ? r.r[p] : acc == access::write ? r.w[p] : r.x[p];
}
} // namespace

bool translate(const context& ctx, uint64_t va, access acc, bool el0, phys_reader& mem, result& out, fault& f,
               bool misaligned) {
    if (!translate_stage1(ctx, va, acc, mem, out, f)) return false;
    const bool data = acc != access::fetch;
    if (misaligned && data && out.device) {
        f = {fault_kind::alignment, 0, false, false, 0};
        return false;
    }
    if (!permitted(out, acc, el0)) {
        f = {fault_kind::permission, out.level, false, false, 0};
        return false;
    }
    if (!ctx.s2_enabled || ctx.el2_regime) return true;
    walk_out w;
    if (!s2_walk(ctx, out.pa, mem, w, f)) return false;
    const unsigned s2ap = unsigned(bits(w.desc, 7, 6));
    const bool s2x = !bit(w.desc, 54);
    for (int p = 0; p < 2; ++p) {
        out.r[p] = out.r[p] && (s2ap & 1);
        out.w[p] = out.w[p] && (s2ap & 2);
        out.x[p] = out.x[p] && s2x;
    }
    const uint64_t ipa = out.pa;
    out.pa = w.oa;
    // D5.5.5 combining: Device wins over Normal, the stricter Device type wins.
    const uint8_t a2 = s2_attr(w.desc);
    if (misaligned && data && attr_device(a2)) {
        f = {fault_kind::alignment, 0, true, false, ipa};
        return false;
    }
    if (attr_device(a2)) out.attr = out.device ? combine_device(out.attr, a2) : a2;
    out.device = attr_device(out.attr);
    if (out.device) out.sh = 2;
    if (!permitted(out, acc, el0)) {
        f = {fault_kind::permission, w.level, true, false, ipa};
        return false;
    }
    return true;
}

uint64_t par_value(bool ok, const result& r, const fault& f) {
    if (!ok) // F = 1, FST[6:1], PTW[8], S[9]; bit 11 RES1
        return 1ull | (uint64_t(f.fsc()) << 1) | (uint64_t(f.s1ptw) << 8) | (uint64_t(f.stage2) << 9) | (1ull << 11);
    // F = 0, SH[8:7], NS[9] (Non-secure: no Secure state here), PA[47:12], ATTR[63:56]; bit 11 RES1
    return (uint64_t(r.attr) << 56) | (r.pa & oa_field) | (1ull << 11) | (1ull << 9) | (uint64_t(r.sh) << 7);
}

} // namespace vp::cpu::mmu
