// vp::cpu::core: the soft TLB and the memory paths with translation on
// (translation.h does the walks). Every entry covers one 4 KiB VA page of the
// current EL: its physical page, whether it is Device memory, and the
// permissions at that EL; 4,096 of them per EL, direct-mapped by VA[23:12].
// Invalidation is whole-TLB (any TLBI, any write to a translation register
// or HCR_EL2), except a TLBI by VA: it drops only the entries that the stage
// 1 descriptor of that VA maps (invalidate_tlb_va), and finds them without
// a scan of the TLB (tlb_wide_index in core.h).
// Over-invalidation is always allowed (D5.10): ASIDs and VMIDs are not
// tracked, since every write to TTBRn/VTTBR empties the TLB anyway.
#include <algorithm>
#include <cstring>

#include "cpu/core.h"
#include "cpu/exceptions.h"

namespace vp::cpu {

using namespace exceptions;

namespace {
constexpr uint64_t hcr_vm = 1ull << 0, hcr_ptw = 1ull << 2, hcr_dc = 1ull << 12;
constexpr uint64_t sctlr_m = 1ull << 0, sctlr_wxn = 1ull << 19;
} // namespace

// Descriptor reads of the walker: RAM directly, anything else over the bus.
class core::walker_memory final : public mmu::phys_reader {
public:
    explicit walker_memory(core& c) : c_(c) {}
    bool read64(uint64_t pa, uint64_t& value) override {
        if (c_.in_ram(pa, 8)) {
            std::memcpy(&value, c_.ram_ptr(pa), 8);
            return true;
        }
        return c_.env_ && c_.env_->bus_read(pa, &value, 8, false);
    }

private:
    core& c_;
};

mmu::context core::translation_context(unsigned el) const {
    const auto& s = st_.sys;
    mmu::context c;
    c.pa_bits = 48; // ID_AA64MMFR0_EL1.PARange
    if (el == 2) {
        c.el2_regime = true;
        c.s1_enabled = s.sctlr_el2 & sctlr_m;
        c.wxn = s.sctlr_el2 & sctlr_wxn;
        c.tcr = s.tcr_el2;
        c.ttbr0 = s.ttbr0_el2;
        c.mair = s.mair_el2;
        return c;
    }
    const uint64_t hcr = s.hcr_el2;
    // HCR_EL2.TGE and .DC: stage 1 of EL1&0 behaves as disabled (D13.2.47);
    // DC also makes stage 2 behave as enabled and memory Normal.
    c.dc = hcr & hcr_dc;
    c.s1_enabled = (s.sctlr_el1 & sctlr_m) && !(hcr & (exceptions::hcr::tge | hcr_dc));
    c.wxn = s.sctlr_el1 & sctlr_wxn;
    c.tcr = s.tcr_el1;
    c.ttbr0 = s.ttbr0_el1;
    c.ttbr1 = s.ttbr1_el1;
    c.mair = s.mair_el1;
    c.s2_enabled = hcr & (hcr_vm | hcr_dc);
    c.ptw = hcr & hcr_ptw;
    c.vtcr = s.vtcr_el2;
    c.vttbr = s.vttbr_el2;
    return c;
}

bool core::regime_translates(unsigned el) const {
    const auto& s = st_.sys;
    if (el == 2) return s.sctlr_el2 & sctlr_m;
    return (s.sctlr_el1 & sctlr_m) || (s.hcr_el2 & (hcr_vm | hcr_dc));
}

// Only the slots filled since the last flush (tlb_wide_index::used) can hold
// an entry, so a flush costs what was filled, not the size of the TLB.
void core::flush_tlb() {
    links_changed();
    for (unsigned el = 0; el < 3; ++el) {
        tlb_wide_index& wi = tlb_wide_[el];
        for (unsigned w = 0; w < tlb_entries / 64; ++w) {
            for (uint64_t bits = wi.used[w]; bits; bits &= bits - 1)
                tlb_[el][w * 64 + unsigned(__builtin_ctzll(bits))] = tlb_entry{};
            wi.used[w] = wi.wide[w] = 0;
        }
        for (unsigned i = 0; i < wi.sizes; ++i)
            for (auto& f : wi.filter[i]) f = 0;
        wi.sizes = 0;
        wi.max_span = 12;
        wi.any_va = false;
    }
}

// TLBI VAE1/VAAE1/VALE1/VAALE1 (regime_el 1: the EL0 and EL1 tables) and
// VAE2/VALE2 (regime_el 2), Inner Shareable or not. The operand holds
// VA[55:12] in bits 43:0 (DDI 0487 C5.5, "TLBI VAE1"), the ASID above, ignored. An
// entry goes when the VA lies in the range of the stage 1 descriptor it came
// from (tlbi_mask): a 4 KiB entry cut from a 2 MiB block goes with a TLBI of
// any address in the block, as the block's TLB entry would. Entries with
// stage 1 off are stage 2 or flat translations, not stage 1 entries; they go
// too (over-invalidation). The current decode page is left as on any change
// of translation (select_regime()): its VA->PA mapping may be one that went.
//
// Where such entries can be: one whose descriptor maps 2^span bytes at VA
// lies in a slot (VA >> 12) mod tlb_entries that differs from the TLBI VA's
// slot only in its low span - 12 bits. A 4 KiB page's entry is thus in the
// VA's own slot; the wider ones are marked in tlb_wide_ and searched within
// the aligned window of 2^(max_span - 12) slots around the VA's slot (all of
// them for a range as large as the TLB's reach, e.g. stage 1 off), and only
// when the filter of a range size has the bit of the VA's range of that size
// set (Linux's linear map is 2 MiB blocks, its TLBIs are mostly for pages
// elsewhere: the filter saves the search of about 400 block entries).
void core::invalidate_tlb_va(unsigned regime_el, uint64_t operand) {
    const uint64_t va = (operand & ((uint64_t(1) << 44) - 1)) << 12; // VA[55:12]
    const unsigned slot = unsigned(va >> 12) & (tlb_entries - 1);
    constexpr unsigned index_bits = __builtin_ctz(tlb_entries);
    for (unsigned el = regime_el == 2 ? 2 : 0; el <= regime_el; ++el) {
        tlb_entry* const t = tlb_[el];
        tlb_wide_index& wi = tlb_wide_[el];
        // An empty entry (va all ones) may match too: clearing it changes nothing.
        if (((t[slot].va ^ va) & t[slot].tlbi_mask) == 0) {
            t[slot] = tlb_entry{};
            wi.wide[slot / 64] &= ~(uint64_t(1) << (slot % 64));
        }
        if (wi.max_span == 12) continue;
        bool search = wi.any_va;
        for (unsigned i = 0; i < wi.sizes && !search; ++i) {
            const unsigned h = tlb_wide_index::hash(va >> wi.span[i]);
            search = (wi.filter[i][h / 64] >> (h % 64)) & 1;
        }
        if (!search) continue;
        const unsigned window_bits = std::min(wi.max_span - 12, index_bits);
        const unsigned first = slot & ~((1u << window_bits) - 1);
        const unsigned last = first + (1u << window_bits); // exclusive
        for (unsigned w = first / 64; w * 64 < last; ++w) {
            uint64_t bits = wi.wide[w];
            if (window_bits < 6) bits &= ((uint64_t(1) << (1u << window_bits)) - 1) << (first % 64);
            while (bits) {
                const unsigned b = unsigned(__builtin_ctzll(bits));
                bits &= bits - 1;
                tlb_entry& e = t[w * 64 + b];
                if (((e.va ^ va) & e.tlbi_mask) == 0) {
                    e = tlb_entry{};
                    wi.wide[w] &= ~(uint64_t(1) << b);
                }
            }
        }
    }
    select_regime();
}

void core::translation_changed() {
    flush_tlb();
    select_regime();
}

// The EL changed (or the registers did): pick the TLB of the EL and leave the
// decode page (its VA->PA mapping belongs to the previous context).
void core::select_regime() {
    links_changed();
    translating_ = regime_translates(st_.el);
    access_el_ = st_.el;
    tlb_cur_ = tlb_[st_.el];
    cur_page_ = miss_page_.get();
    cur_page_base_ = 0;
}

const core::tlb_entry* core::translate_page(uint64_t va, mmu::access acc, uint32_t iss, bool misaligned) {
    tlb_entry& e = tlb_cur_[(va >> 12) & (tlb_entries - 1)];
    const uint64_t page = va & ~uint64_t(0xfff);
    if (e.va == page && (acc == mmu::access::read ? e.r : acc == mmu::access::write ? e.w : e.x) &&
        !(misaligned && e.device))
        return &e;
    // A miss, a permission the entry lacks, or a misaligned access to Device
    // memory: the walk reports the fault in its architected priority.
    mmu::result r;
    mmu::fault f;
    walker_memory mem(*this);
    if (!mmu::translate(translation_context(st_.el), va, acc, access_el_ == 0, mem, r, f, misaligned)) {
        translation_abort(va, f, acc, iss);
        return nullptr;
    }
    const int p = access_el_ == 0 ? 0 : 1;
    tlb_wide_index& wi = tlb_wide_[access_el_]; // tlb_cur_ is tlb_[access_el_]
    const unsigned slot = unsigned(&e - tlb_cur_);
    const uint64_t slot_bit = uint64_t(1) << (slot % 64);
    wi.used[slot / 64] |= slot_bit;
    if (r.span > 12) {
        wi.wide[slot / 64] |= slot_bit;
        wi.max_span = std::max<unsigned>(wi.max_span, r.span);
        unsigned i = 0;
        while (i < wi.sizes && wi.span[i] != r.span) ++i;
        if (r.span >= 56 || i == tlb_wide_index::max_sizes) {
            wi.any_va = true;
        } else {
            if (i == wi.sizes) wi.span[wi.sizes++] = r.span;
            const unsigned h = tlb_wide_index::hash((page & ((uint64_t(1) << 56) - 1)) >> r.span);
            wi.filter[i][h / 64] |= uint64_t(1) << (h % 64);
        }
    } else {
        wi.wide[slot / 64] &= ~slot_bit;
    }
    // The slot may have held the entry a page link was made from: the link of
    // a VA page reads only its own slot, (VA >> 12) mod tlb_entries, so only
    // the link of the same index (mod page_links, which divides tlb_entries)
    // can depend on this slot.
    static_assert(tlb_entries % page_links == 0, "a link index covers whole TLB slots");
    links_[(va >> 12) & (page_links - 1)].va = ~uint64_t(0);
    e.va = page;
    e.pa = r.pa & ~uint64_t(0xfff);
    e.r = r.r[p];
    e.w = r.w[p];
    e.x = r.x[p];
    e.device = r.device;
    constexpr uint64_t va_bits = (uint64_t(1) << 56) - 1;
    e.tlbi_mask = r.span >= 56 ? 0 : va_bits & ~((uint64_t(1) << r.span) - 1);
    const bool ram = in_ram(e.pa, 4096);
    e.host = ram ? ram_ptr(e.pa) : nullptr;
    // Watched accesses (an observer, a watchpoint) and those MEM_ACCESS
    // counts take the slow path.
    const bool fast = ram && !r.device && !data_slow_path();
    e.tag_r = fast && e.r ? page : ~0ull;
    e.tag_w = fast && e.w ? page : ~0ull;
    return &e;
}

// D13.2.37/D13.2.40: DFSC/IFSC from the fault; stage 2 faults go to EL2 with
// HPFAR_EL2 = IPA[47:12] (in FIPA, bits 43:4). A stage 2 fault on a stage 1
// table walk has S1PTW = 1 and no instruction syndrome (ISV = 0), but keeps
// CM/WnR when a cache maintenance or AT instruction caused it. A stage 1
// fault has no instruction syndrome either, to EL1 or to EL2 ("ISV is 0 for
// all faults reported in ESR_EL1", and in ESR_EL2 but for stage 2 aborts).
void core::translation_abort(uint64_t va, const mmu::fault& f, mmu::access acc, uint32_t iss) {
    const bool fetch = acc == mmu::access::fetch;
    const unsigned target = f.stage2 ? 2 : sync_target_el();
    uint32_t syn = f.fsc();
    // HPFAR_EL2 is valid for stage 2 translation, access flag, permission
    // and address size faults, not for an Alignment fault (IPAValid()).
    if (f.stage2 && f.kind != mmu::fault_kind::alignment) st_.sys.hpfar_el2 = (f.ipa >> 12) << 4;
    constexpr uint32_t iss_cm = 1u << 8; // cache maintenance / AT: CM = 1 and WnR = 1 (D13.2.40)
    if (f.s1ptw) syn |= (1u << 7) | (iss & (iss_cm | iss_wnr));
    else if (!fetch) syn |= (f.stage2 ? iss : iss & ~iss_instruction_syndrome) | (acc == mmu::access::write ? iss_wnr : 0);
    const bool lower = target > st_.el;
    if (fetch) take_sync(lower ? ec_iabt_lower : ec_iabt_same, syn, target, va, true);
    else take_sync(lower ? ec_dabt_lower : ec_dabt_same, syn, target, va, true);
}

bool core::check_data_alignment(uint64_t va, unsigned align, bool write, uint32_t iss) {
    if ((va & (align - 1)) == 0) return true;
    sync_icount(); // the walk below may read tables over the bus, which reads the local time
    // SCTLR_ELx.A: every misaligned data access faults, before translation
    // (AArch64.CheckAlignment precedes the translation in Mem[]).
    if (!translating_ || alignment_check_enabled()) { // translation off: Device-nGnRnE (D5.2.9)
        data_abort(va, fsc_alignment, write, iss);
        return false;
    }
    return translate_page(va, write ? mmu::access::write : mmu::access::read, iss, true) != nullptr;
}

// One part of an access inside one physical page.
bool core::access_phys(uint64_t va, uint64_t pa, void* data, unsigned size, bool write, uint32_t iss) {
    if (in_ram(pa, size)) {
        if (write) {
            code_written(pa, size);
            std::memcpy(ram_ptr(pa), data, size);
        } else {
            std::memcpy(data, ram_ptr(pa), size);
        }
        return true;
    }
    const bool ok = env_ && (write ? env_->bus_write(pa, data, size) : env_->bus_read(pa, data, size, false));
    if (!ok) data_abort(va, fsc_sync_external, write, iss);
    return ok;
}

// An access with translation on that missed the inline fast path: Device
// pages, devices, misaligned accesses (which may cross a page), permission
// or translation faults.
bool core::access_translated(uint64_t va, void* data, unsigned size, bool write, uint32_t iss) {
    const mmu::access acc = write ? mmu::access::write : mmu::access::read;
    const unsigned first = std::min<unsigned>(size, unsigned(4096 - (va & 0xfff)));
    const bool misaligned = va & (size - 1);
    const tlb_entry* a = translate_page(va, acc, iss, misaligned);
    if (!a) return false;
    const uint64_t pa_a = a->pa | (va & 0xfff);
    const bool device_a = a->device;
    uint64_t pa_b = 0;
    bool device_b = false;
    if (first < size) {
        const tlb_entry* b = translate_page(va + first, acc, iss, misaligned);
        if (!b) return false;
        pa_b = b->pa;
        device_b = b->device;
    }
    if (misaligned && (device_a || device_b)) { // B2.5.2: Device memory
        data_abort(va, fsc_alignment, write, iss);
        return false;
    }
    // D2.10: a watchpoint after the translation and alignment faults.
    if (debug_watchpoints_ && debug_watchpoint(va, size, write)) return false;
    if (!access_phys(va, pa_a, data, first, write, iss)) return false;
    return first == size || access_phys(va + first, pa_b, static_cast<uint8_t*>(data) + first, size - first, write, iss);
}

bool core::address_translate(uint64_t va, unsigned el, bool stage1_only, mmu::access acc, bool el0, mmu::result& r,
                             mmu::fault& f) {
    walker_memory mem(*this);
    const mmu::context ctx = translation_context(el);
    if (!stage1_only) return mmu::translate(ctx, va, acc, el0, mem, r, f);
    if (!mmu::translate_stage1(ctx, va, acc, mem, r, f)) return false;
    const int p = el0 ? 0 : 1;
    if (acc == mmu::access::read ? r.r[p] : acc == mmu::access::write ? r.w[p] : r.x[p]) return true;
    f = {mmu::fault_kind::permission, r.level, false, false, 0};
    return false;
}

bool core::debug_translate(uint64_t va, uint64_t& pa) {
    pa = va;
    if (!translating_) return true;
    mmu::result r;
    mmu::fault f;
    if (!address_translate(va, st_.el, false, mmu::access::read, st_.el == 0, r, f)) return false;
    pa = r.pa;
    return true;
}

bool core::debug_read(uint64_t va, void* out, unsigned size) {
    auto* dst = static_cast<uint8_t*>(out);
    while (size) {
        const unsigned part = std::min<unsigned>(size, unsigned(4096 - (va & 0xfff)));
        uint64_t pa = va;
        if (translating_) {
            mmu::result r;
            mmu::fault f;
            if (!address_translate(va, st_.el, false, mmu::access::read, st_.el == 0, r, f)) return false;
            pa = r.pa;
        }
        if (in_ram(pa, part)) std::memcpy(dst, ram_ptr(pa), part);
        else if (!env_ || !env_->bus_read(pa, dst, part, false)) return false;
        va += part;
        dst += part;
        size -= part;
    }
    return true;
}

} // namespace vp::cpu
