// vp::cpu::core: run loop, decode cache, exception entry/return, memory slow
// paths. The exception rules themselves live in exceptions.cpp, the system
// register table in sysregs.cpp, the instruction semantics in execute/.
#include "cpu/core.h"

#include <cassert>
#include <cstdio>

#include "common/log.h"
#include "cpu/exceptions.h"
#include "cpu/execute/common.h"
#include "cpu/sysregs.h"
#include "cpu/threaded.h"

namespace vp::cpu {

using namespace exceptions;

struct core::code_page {
    insn e[1024];
    // Per entry: how many instructions from it on run as one block (the
    // last may be a branch), run_exact for one that runs alone with the
    // exact count, 0 not scanned yet.
    uint8_t run[1024] = {};
};

namespace {
constexpr uint8_t run_exact = 0xff;
constexpr unsigned run_max = 128;

// What an encoding needs from the run loop (DDI 0487 C4.1, op0 = bits 28:25).
// in_block: it can only reach the environment or the instruction count
// through the memory slow paths or exception entry (data processing,
// loads/stores, SIMD&FP), and the conditional branches (B.cond, CBZ/CBNZ,
// TBZ/TBNZ), which end the running block themselves when taken;
// and the system instructions of system_in_block();
// ends_block: a branch that always goes on at a computed PC and has no other
// effect on the loop (B, BL, BR, BLR, RET); everything else (system,
// exception generation, ERET, UNDEFINED) runs alone with the exact count.
enum class block_class { in_block, ends_block, alone };

// The system instructions that may run inside a block (C5.1, C6.2): they
// neither read the count nor reach the environment, or only through a path
// that brings the count up to date first, and whatever must be seen before
// the next instruction raises attention, which ends the block.
//  * MRS (register), any register: a read changes nothing the loop watches;
//    the full path (the environment, the observer, a trap, the PMU's counts)
//    starts with sync_icount() (core::sysreg_full). A timer's counter polled
//    in a loop (U-Boot's timeouts, udelay) no longer cuts the loop's block in
//    three.
//  * MSR (register) of a register the decoder resolved (sysregs::fast_form):
//    the short handler moves a value; its full path starts with
//    sync_icount() too; a DAIF write raises attention.
//  * MSR DAIFSet/DAIFClr: raises attention; at EL0 its trap goes through
//    take_sync(), which syncs the count.
//  * The hints the decoder runs as NOP (all but WFE and WFI) and the barriers
//    DSB, DMB, ISB (one core, in order, every write takes effect at once:
//    nothing to wait for) and CLREX (clears the local monitor).
//  * DC ZVA (exec::dc_zva): a store of 64 zero bytes; its short path calls
//    nothing, its full path (traps, walks, faults, code writes, which raise
//    attention) starts with sync_icount() (core::dc_zva_full). Linux zeroes
//    every page it allocates with it.
bool system_in_block(uint32_t raw) {
    if ((raw & 0xffffffe0u) == 0xd50b7420u) return true; // DC ZVA, Xt (SYS #3, C7, C4, #1)
    if ((raw & 0xffd00000u) == 0xd5100000u) // MRS/MSR (register), op0 = 2, 3
        return (raw & (1u << 21)) != 0 ||       // MRS
               sysregs::fast_form((raw >> 5) & 0xffff, false).kind != sysregs::fast_kind::none;
    if ((raw & 0xfffff0dfu) == 0xd50340dfu) return true; // MSR DAIFSet, DAIFClr
    if ((raw & 0xfffff01fu) == 0xd503201fu) {            // HINT: CRm:op2
        const unsigned op = (raw >> 5) & 0x7f;
        return op != 2 && op != 3; // WFE, WFI
    }
    if ((raw & 0xfffff01fu) == 0xd503301fu) { // barriers: op2
        const unsigned op2 = (raw >> 5) & 7;
        return op2 == 2 || op2 == 4 || op2 == 5 || op2 == 6; // CLREX, DSB, DMB, ISB
    }
    return false;
}

block_class classify(uint32_t raw) {
    switch ((raw >> 25) & 0xf) {
    case 0x8: case 0x9:                     // data processing, immediate
    case 0x5: case 0xd:                     // data processing, register
    case 0x4: case 0x6: case 0xc: case 0xe: // loads and stores
    case 0x7: case 0xf:                     // SIMD&FP
        return block_class::in_block;
    case 0xa: case 0xb:
        if ((raw & 0x7c000000u) == 0x14000000u) return block_class::ends_block; // B, BL
        if ((raw & 0x7c000000u) == 0x34000000u) return block_class::in_block;   // CBZ/CBNZ, TBZ/TBNZ
        if ((raw & 0xff000010u) == 0x54000000u) return block_class::in_block;   // B.cond
        switch (raw & 0xfffffc1fu) {
        case 0xd61f0000u: case 0xd63f0000u: case 0xd65f0000u: return block_class::ends_block; // BR, BLR, RET
        default: break;
        }
        return system_in_block(raw) ? block_class::in_block : block_class::alone;
    default: return block_class::alone;
    }
}
} // namespace

// First execution of a cache entry: decode in place, then execute (inside a
// block, its threaded form goes on with the rest of the block).
void decode_stub(core& c, const insn& i) {
    insn& e = const_cast<insn&>(i);
    const uint64_t pa = c.cur_page_pa_ | (c.st_.pc & 0xfff);
    uint32_t raw;
    if (c.in_ram(pa, 4)) {
        std::memcpy(&raw, c.ram_ptr(pa), 4);
        // The page holds decoded code again (drop_page cleared the mark while
        // the PC may have stayed in this page).
        c.code_pages_[(pa - c.ram_base_) >> 12] = 1;
        c.code_lines_[(pa - c.ram_base_) >> 6] = 1;
    } else {
        // A page of the read-only window: unmap_rom() leaves its pages before
        // the next instruction, so the window still holds `pa` here.
        assert(c.in_rom(pa, 4));
        std::memcpy(&raw, c.rom_ + (pa - c.rom_base_), 4);
    }
    decode(raw, e);
    thread_entry(e);
    ++c.decodes_;
    e.fn(c, e);
}

// The PC left the current page (or there is none): find the page and retry.
void page_miss(core& c, const insn&) {
    --c.icount_; // not an executed instruction
    c.enter_page();
}

core::core(const core_config& cfg, core_env* env) : cfg_(cfg), env_(env), miss_page_(new code_page) {
    for (auto& e : miss_page_->e) e.fn = &page_miss;
    std::memset(miss_page_->run, run_exact, sizeof miss_page_->run);
    cur_page_ = miss_page_.get();
    reset(0);
}

core::~core() = default;

void core::map_ram(uint8_t* host, uint64_t base, uint64_t size) {
    assert((base & 0xfff) == 0 && (size & 0xfff) == 0 && "RAM window must be 4 KiB aligned");
    drop_all_code();
    ram_ = host;
    ram_base_ = base;
    ram_size_ = host ? size : 0;
    data_ram_size_ = data_slow_path() ? 0 : ram_size_;
    pages_.clear();
    pages_.resize(ram_size_ >> 12);
    code_pages_.assign(ram_size_ >> 12, 0);
    code_lines_.reset(static_cast<uint8_t*>(std::calloc((ram_size_ >> 6) + 1, 1)));
    translation_changed(); // TLB entries hold host pointers
}

void core::unmap_ram() { map_ram(nullptr, 0, 0); }

void core::map_rom(const uint8_t* host, uint64_t base, uint64_t size) {
    assert((base & 0xfff) == 0 && (size & 0xfff) == 0 && "ROM window must be 4 KiB aligned");
    unmap_rom();
    // Between runs: no handler runs from the old pages, which may go now.
    rom_dropped_ = false;
    cur_page_ = miss_page_.get();
    cur_page_base_ = 0;
    rom_pages_.clear();
    rom_ = host;
    rom_base_ = base;
    rom_size_ = host ? size : 0;
    rom_pages_.resize(rom_size_ >> 12);
    links_changed();
}

void core::unmap_rom() {
    if (!rom_size_) return;
    rom_ = nullptr;
    rom_base_ = rom_size_ = 0;
    // Keep the pages (the running handler may still read its entry): send
    // every entry back through the decoder, and leave the current page at the
    // next boundary, before anything decodes or scans it (handle_attention).
    for (auto& p : rom_pages_) {
        if (!p) continue;
        for (auto& e : p->e) e.fn = &decode_stub;
        std::memset(p->run, 0, sizeof p->run);
    }
    rom_dropped_ = true;
    links_changed();
    raise_attention();
}

core::code_page* core::new_code_page() {
    code_page* p = new code_page;
    for (auto& e : p->e) e.fn = &decode_stub;
    return p;
}

void core::set_observer(core_observer* o, bool each_instruction, bool data_accesses) {
    observer_ = o;
    observe_instructions_ = o && each_instruction;
    observed_icount_ = ~0ull;
    if (watch_accesses_ != (o && data_accesses)) flush_tlb(); // TLB fast paths follow watch_accesses_
    watch_accesses_ = o && data_accesses;
    blocks_ok_ = !observe_instructions_ && !watch_accesses_;
    data_ram_size_ = data_slow_path() ? 0 : ram_size_;
    raise_attention();
    translation_changed(); // TLB fast-path tags are not set while accesses are watched
}

void core::invalidate_code(uint64_t addr, uint64_t len) {
    if (!ram_size_ || len == 0) return;
    const uint64_t lo = addr < ram_base_ ? ram_base_ : addr;
    const uint64_t end = addr + len;
    const uint64_t hi = end > ram_base_ + ram_size_ || end < addr ? ram_base_ + ram_size_ : end;
    for (uint64_t a = lo; a < hi;) {
        const uint64_t page_end = (a | 0xfff) + 1;
        const uint64_t end = hi < page_end ? hi : page_end;
        code_written(a, unsigned(end - a));
        a = end;
    }
}

void core::drop_entries(uint64_t ram_offset, unsigned size) {
    code_page& p = *pages_[ram_offset >> 12];
    const unsigned first = unsigned(ram_offset & 0xfff) >> 2;
    const unsigned last = unsigned((ram_offset & 0xfff) + size - 1) >> 2; // same page: callers split
    bool hit = false;
    // Keep the other fields: the running handler may still read its entry.
    for (unsigned e = first; e <= last; ++e) {
        if (p.e[e].fn != &decode_stub) {
            p.e[e].fn = &decode_stub;
            hit = true;
        }
    }
    // Blocks scanned over the old words end elsewhere now: scan them again.
    // A block reaches the written words if it covers one, or ends just
    // before the first at something else than an unconditional branch (the
    // new word may extend it). Blocks are at most run_max long, so only those
    // starting from first - (run_max - 1) on can (one from first - run_max
    // ended at the limit). Data that shares a line with code, written over and
    // over, so leaves the code's blocks alone. Branch-free: this runs on every
    // such write.
    bool extends = first > 0; // a block ending at first - 1 would go on
    if (extends) {
        uint32_t raw;
        std::memcpy(&raw, ram_ + (ram_offset & ~uint64_t(3)) - 4, 4);
        extends = classify(raw) != block_class::ends_block;
    }
    const unsigned reach = extends ? first : first + 1; // clear blocks with k + length >= reach
    uint8_t cleared = 0;
    unsigned k = first >= run_max - 1 ? first - (run_max - 1) : 0;
    if (k > 0) {
        // The usual case, as a fixed window of run_max - 1 entries before the
        // first written one and that one: entry j (k + j) reaches `reach`
        // when its length + j >= reach - k, all within 8 bits, so the
        // compiler can do it 16 entries at a time.
        uint8_t* const w = p.run + k;
        const uint8_t need = uint8_t(reach - k);
        for (unsigned j = 0; j < run_max; ++j) {
            const uint8_t r = w[j];
            const uint8_t n = r == run_exact ? 1 : r;
            const uint8_t clear = uint8_t(r != 0) & uint8_t(uint8_t(n + j) >= need);
            cleared |= clear;
            w[j] = clear ? 0 : r;
        }
        k += run_max;
    }
    for (; k <= last; ++k) {
        const unsigned r = p.run[k];
        const unsigned n = r == run_exact ? 1 : r;
        const uint8_t clear = (r != 0) & (k + n >= reach);
        cleared |= clear;
        p.run[k] = clear ? 0 : uint8_t(r);
    }
    hit |= cleared != 0;
    // A running block that holds a written word stops after this instruction
    // (its start entry was cleared above), so the new word is decoded even
    // if it is the next one.
    if (hit) raise_attention();
}

void core::mark_code_lines(uint64_t ram_offset, uint64_t size) {
    std::memset(&code_lines_[ram_offset >> 6], 1, ((ram_offset + size - 1) >> 6) - (ram_offset >> 6) + 1);
}

// Scans the block that starts at entry `index` of the current page: in-block
// instructions up to (and with) the first branch, within the page.
unsigned core::scan_block(unsigned index) {
    code_page& p = *cur_page_;
    const uint8_t* code = code_ptr(cur_page_pa_);
    unsigned n = 0;
    for (unsigned k = index; k < 1024 && n < run_max; ++k) {
        uint32_t raw;
        std::memcpy(&raw, code + 4 * k, 4);
        const block_class c = classify(raw);
        if (c == block_class::alone) break;
        ++n;
        if (c == block_class::ends_block) break;
    }
    if (n == 0) return p.run[index] = run_exact;
    // A store to any of these words must find them (drop_entries rescans).
    // The read-only window has no stores to watch.
    if (in_ram(cur_page_pa_, 4)) {
        mark_code_lines(cur_page_pa_ - ram_base_ + 4 * index, 4 * n);
        code_pages_[(cur_page_pa_ - ram_base_) >> 12] = 1;
    }
    // Every later entry of the run starts a (shorter) block that ends at the
    // same place: record it now, so that a branch into the middle of the run
    // (a loop head after its setup code) needs no scan of its own.
    for (unsigned k = 1; k < n; ++k)
        if (p.run[index + k] == 0) p.run[index + k] = uint8_t(n - k);
    return p.run[index] = uint8_t(n);
}

void core::drop_page(uint64_t page) {
    // Keep the page (the running handler may still read its entry): only
    // send every entry back through the decoder.
    for (auto& e : pages_[page]->e) e.fn = &decode_stub;
    std::memset(pages_[page]->run, 0, sizeof pages_[page]->run);
    std::memset(&code_lines_[page << 6], 0, 64);
    code_pages_[page] = 0;
    links_changed();
    raise_attention();
}

void core::drop_all_code() {
    for (std::size_t p = 0; p < pages_.size(); ++p)
        if (code_pages_[p]) drop_page(p);
    cur_page_ = miss_page_.get();
    cur_page_base_ = 0;
}

void core::reset(uint64_t entry) {
    st_ = arch_state{};
    st_.sys.vpidr_el2 = cfg_.midr;
    st_.sys.vmpidr_el2 = cfg_.mpidr;
    st_.sys.hcr_el2 = hcr::rw; // EL1 is AArch64 only: RW is RAO/WI
    st_.el = 2;
    st_.spsel = true;
    st_.daif = daif_d | daif_a | daif_i | daif_f;
    st_.pc = entry;
    excl_valid_ = false;
    exited_ = false;
    exit_code_ = 0;
    pmu_base_ = icount_;
    pmu_frac_ = 0;
    pmu_control_changed();
    fp_enables_changed();
    ss_stepping_ = ss_stepped_ = false;
    debug_config_changed();
    raise_attention();
    translation_changed();
}

void core::set_el(unsigned el, bool spsel) {
    assert(el <= 2);
    const unsigned old_el = st_.el;
    if (VP_CPU_UNLIKELY(pmu_counting_) && el != old_el) {
        pmu_sync(); // the cycles of the old EL
        if (pmu_interrupt_armed_) request_stop(); // the distance to an overflow changes with the filters
    }
    st_.sp_el[st_.spsel ? st_.el : 0] = st_.r[reg_sp];
    st_.el = el;
    st_.spsel = el == 0 ? false : spsel;
    st_.r[reg_sp] = st_.sp_el[st_.spsel ? st_.el : 0];
    raise_attention();
    if (old_el != el) select_regime();
    fp_enables_changed();
    if (old_el != el && env_) env_->el_changed(el);
}

uint64_t core::sp_select_bank(unsigned el, bool spsel) const {
    const unsigned bank = spsel ? el : 0;
    if (bank == (st_.spsel ? st_.el : 0)) return st_.r[reg_sp];
    return st_.sp_el[bank];
}

uint64_t core::pstate() const {
    return spsr_from_pstate(st_.nzcv.value(), st_.daif, st_.el, st_.spsel, st_.il) | (uint64_t(st_.ss) << 21);
}

// ---- run loop ----

run_result core::run(uint64_t max_instructions) {
    const uint64_t start = icount_;
    const uint64_t end = icount_ + max_instructions;
    stop_reason why = stop_reason::limit;
    raise_attention();
    while (icount_ < end) {
        if (VP_CPU_UNLIKELY(attention_)) {
            if (handle_attention(why, true)) return {why, icount_ - start};
            if (icount_ >= end) break; // an Illegal Execution state exception used the slot
        }
        // One test covers "outside the current page" and "misaligned".
        uint64_t off = st_.pc - cur_page_base_;
        if (VP_CPU_UNLIKELY(off & ~uint64_t(0xffc))) {
            // Find the page here rather than through a miss_page_ entry (one
            // trip of this loop less); when there is none (a fault, code
            // outside RAM) enter_page() took the exception or executed the
            // instruction, and the loop starts over.
            if (!enter_page()) continue;
            off = st_.pc - cur_page_base_;
        }
        code_page& page = (off & ~uint64_t(0xffc)) == 0 ? *cur_page_ : *miss_page_;
        const unsigned index = (off & ~uint64_t(0xffc)) == 0 ? unsigned(off >> 2) : 0;
        std::size_t n = page.run[index];
        if (VP_CPU_UNLIKELY(n == 0)) n = scan_block(index);
        const insn* i = &page.e[index];
        // Alone: an instruction that must see the exact count, any instruction
        // while an observer watches, and the first one after handle_attention()
        // left attention_ set (it runs alone, then attention is handled again).
        if (n == run_exact || !blocks_ok_ || attention_) {
            ++icount_;
            i->fn(*this, *i);
            continue;
        }
        // Blocks, chained: nothing in a block reads icount_ but through
        // sync_icount(), and anything that must be seen before the next
        // instruction (exception entry, a line change, a stop request, a code
        // write) sets attention_, which ends the block and the chain. While it
        // stays clear, the PC stays in this page and the budget lasts, the next
        // block starts here without going through the outer loop; the count is
        // kept in a local and stored when the chain ends.
        // The page changes inside the chain only through next_page_fast();
        // otherwise only enter_page() and map_ram() set it.
        code_page* cp = cur_page_;
        const insn* e = cp->e;
        uint64_t page_base = cur_page_base_;
        // Below `guard` no block (at most run_max long) can pass the budget:
        // one comparison per block instead of clamping every block.
        const uint64_t guard = end > run_max ? end - run_max : 0;
        uint64_t count = icount_;
        if (VP_CPU_UNLIKELY(count >= guard) && n > end - count) n = std::size_t(end - count);
        // While the chain runs, the count before entry k of the page is
        // base + k (modulo 2^64).
        uint64_t base = count - index;
        in_block_ = true;
        block_end_ = i + n;
        block_base_ = base;
        // The entries are threaded (cpu/threaded.h): the first one's handler
        // runs the block to its end, or to the instruction that ended it (a
        // taken branch, raise_attention()), and leaves the entry after the
        // last one executed in chain_stop_.
        for (;;) {
            i->fn(*this, *i);
            i = chain_stop_;
            count = base + uint64_t(i - e);
            if (attention_) break;
            uint64_t o = st_.pc - page_base;
            if (VP_CPU_UNLIKELY(o & ~uint64_t(0xffc))) { // another page, or misaligned
                if (!next_page_fast()) break;
                cp = cur_page_;
                e = cp->e;
                page_base = cur_page_base_;
                o = st_.pc - page_base;
            }
            const uint64_t next = o >> 2;
            n = cp->run[next];
            if (VP_CPU_UNLIKELY(n - 1 >= run_exact - 1)) { // not scanned yet, or runs alone
                if (n == 0) n = scan_block(unsigned(next));
                if (n == run_exact) break;
            }
            if (VP_CPU_UNLIKELY(count >= guard)) { // the budget
                if (count >= end) break;
                if (n > end - count) n = std::size_t(end - count);
            }
            base = count - next;
            i = e + next;
            block_end_ = i + n;
            block_base_ = base;
        }
        in_block_ = false;
        block_end_ = nullptr; // what runs alone runs alone
        icount_ = count;
    }
    // Interrupts that became pending are taken at this boundary too; the
    // Illegal Execution state exception waits for the next instruction.
    if (attention_ && handle_attention(why, false)) return {why, icount_ - start};
    return {stop_reason::limit, icount_ - start};
}

// Re-evaluates everything that is not checked per instruction. True when
// run() must return.
bool core::handle_attention(stop_reason& why, bool before_instruction) {
    attention_ = false;
    // unmap_rom() ran (maybe inside the last instruction): the current page
    // may be one of the dropped ROM pages; find the page again.
    if (VP_CPU_UNLIKELY(rom_dropped_)) {
        rom_dropped_ = false;
        cur_page_ = miss_page_.get();
        cur_page_base_ = 0;
    }
    // Harnesses may change the translation registers in state() directly.
    if (regime_translates(st_.el) != translating_) translation_changed();
    fp_enables_changed();
    if (exited_) { why = stop_reason::exited; raise_attention(); return true; }
    if (stop_requested_) { stop_requested_ = false; why = stop_reason::requested; return true; }
    if (wfi_stop_) { wfi_stop_ = false; why = stop_reason::wfi; return true; }
    if (debug_stop_) { debug_stop_ = false; why = stop_reason::debug; return true; }
    if (VP_CPU_UNLIKELY(pmu_interrupt_changed_)) {
        pmu_interrupt_changed_ = false;
        if (env_) env_->pmu_interrupt(pmu_interrupt_level_); // may change the lines: before the check
    }
    // Self-hosted debug (debug_exceptions.cpp): a pending Software Step
    // exception comes first, breakpoints match the instruction about to run.
    if (VP_CPU_UNLIKELY(debug_configured_)) debug_step_boundary(before_instruction);
    check_interrupts();
    if (VP_CPU_UNLIKELY(debug_configured_)) debug_breakpoint_boundary(before_instruction);
    // D1.4.4: an instruction executed with PSTATE.IL set takes the Illegal
    // Execution state exception instead.
    if (st_.il) {
        if (before_instruction) {
            ++icount_; // taken instead of executing the instruction
            take_sync(ec_illegal_state, 0, sync_target_el());
        }
        else raise_attention();
    }
    // The observer sees every instruction once, just before it executes
    // (after an interrupt was taken: the first instruction of the vector);
    // again only after it stopped there (a page change re-enters this point).
    if (VP_CPU_UNLIKELY(observe_instructions_)) {
        raise_attention();
        if (before_instruction && (icount_ != observed_icount_ || st_.pc != observed_pc_)) {
            if (observer_->before_instruction(st_.pc)) { why = stop_reason::debug; return true; }
            observed_icount_ = icount_;
            observed_pc_ = st_.pc;
        }
    }
    return false;
}

// Finds the decode page for the PC, or executes one instruction fetched over
// the bus. Takes the PC alignment fault or an instruction abort.
bool core::enter_page() {
    const uint64_t pc = st_.pc;
    cur_page_ = miss_page_.get();
    cur_page_base_ = 0;
    if (pc & 3) { // D1.8.1 PC alignment checking: on fetch, FAR = PC
        ++icount_; // the failed fetch takes a cycle
        take_sync(ec_pc_align, 0, sync_target_el(), pc, true);
        return false;
    }
    uint64_t pa = pc;
    if (translating_) {
        const tlb_entry* e = translate_page(pc, mmu::access::fetch, 0);
        if (!e) {
            ++icount_; // the failed fetch takes a cycle
            return false;
        }
        pa = e->pa | (pc & 0xfff);
    }
    if (in_ram(pa, 4)) {
        const uint64_t page = (pa - ram_base_) >> 12;
        if (!pages_[page]) {
            pages_[page].reset(new_code_page());
            links_changed();
        }
        code_pages_[page] = 1;
        cur_page_ = pages_[page].get();
    } else if (in_rom(pa, 4)) { // code in the read-only window: decoded like RAM code
        auto& p = rom_pages_[(pa - rom_base_) >> 12];
        if (!p) {
            p.reset(new_code_page());
            links_changed();
        }
        cur_page_ = p.get();
    } else {
        return bus_fetch_execute(pa);
    }
    cur_page_base_ = pc & ~uint64_t(0xfff);
    cur_page_pa_ = pa & ~uint64_t(0xfff);
    return true;
}

// The chain's page change (run()): what enter_page() does when it can
// neither fault nor fetch over the bus, nor allocate: the PC aligned, its
// translation in the TLB with execute permission (translate_page() would
// return that entry without a walk), the page in RAM (or the read-only
// window) and decoded before.
// False, with nothing changed, when enter_page() must decide.
bool core::next_page_fast() {
    const uint64_t pc = st_.pc;
    // A link of this generation: the same answer as the lookup below. The
    // compare keeps the PC's low two bits, so a misaligned PC never matches.
    const page_link& l = links_[(pc >> 12) & (page_links - 1)];
    if (VP_CPU_LIKELY(l.va == (pc & ~uint64_t(0xffc)) && l.gen == link_gen_)) {
        *l.mark = 1; // code_pages_, as below
        cur_page_ = l.page;
        cur_page_base_ = l.va;
        cur_page_pa_ = l.pa;
        return true;
    }
    return next_page_lookup(pc);
}

bool core::next_page_lookup(uint64_t pc) {
    if (pc & 3) return false;
    uint64_t pa = pc;
    if (translating_) {
        const tlb_entry& t = tlb_cur_[(pc >> 12) & (tlb_entries - 1)];
        if (t.va != (pc & ~uint64_t(0xfff)) || !t.x) return false;
        pa = t.pa | (pc & 0xfff);
    }
    code_page* p;
    uint8_t* mark = &link_sink_;
    if (VP_CPU_LIKELY(in_ram(pa, 4))) {
        const uint64_t page = (pa - ram_base_) >> 12;
        p = pages_[page].get();
        if (!p) return false;
        mark = &code_pages_[page];
        *mark = 1;
    } else if (in_rom(pa, 4)) {
        p = rom_pages_[(pa - rom_base_) >> 12].get();
        if (!p) return false;
    } else {
        return false;
    }
    cur_page_ = p;
    cur_page_base_ = pc & ~uint64_t(0xfff);
    cur_page_pa_ = pa & ~uint64_t(0xfff);
    links_[(pc >> 12) & (page_links - 1)] = page_link{cur_page_base_, link_gen_, p, cur_page_pa_, mark};
    return true;
}

// Code outside RAM and the read-only window: fetched and decoded on every
// execution (not cached).
bool core::bus_fetch_execute(uint64_t pa) {
    const uint64_t pc = st_.pc;
    uint32_t raw = 0;
    if (!env_ || !env_->bus_read(pa, &raw, 4, true)) {
        ++icount_; // the failed fetch takes a cycle
        char msg[96];
        std::snprintf(msg, sizeof msg, "instruction fetch at 0x%llx: bus error, instruction abort (EL%u)",
                      static_cast<unsigned long long>(pc), st_.el);
        warn_once((pc << 1) | 0x4000000000000000ull, msg);
        const unsigned target = sync_target_el();
        take_sync(target > st_.el ? ec_iabt_lower : ec_iabt_same, fsc_sync_external, target, pc, true);
        return false;
    }
    insn i;
    decode(raw, i);
    ++decodes_;
    ++icount_;
    i.fn(*this, i);
    return false;
}

// ---- interrupts ----

void core::set_interrupt_lines(const interrupt_lines& l) {
    if (l.irq != lines_.irq || l.fiq != lines_.fiq || l.virq != lines_.virq || l.vfiq != lines_.vfiq) {
        lines_ = l;
        raise_attention();
    }
}

namespace {
struct asserted {
    bool irq, fiq, virq, vfiq;
    bool any() const { return irq | fiq | virq | vfiq; }
};
asserted asserted_lines(const interrupt_lines& l, uint64_t hcr) {
    return {l.irq, l.fiq, l.virq || (hcr & hcr::vi), l.vfiq || (hcr & hcr::vf)};
}
} // namespace

bool core::wakeup_pending() const {
    const uint64_t hcr = st_.sys.hcr_el2;
    const asserted a = asserted_lines(lines_, hcr);
    if (!a.any()) return false;
    return (a.fiq && wakes_wfi(interrupt::fiq, st_.el, hcr)) || (a.irq && wakes_wfi(interrupt::irq, st_.el, hcr)) ||
           (a.vfiq && wakes_wfi(interrupt::vfiq, st_.el, hcr)) || (a.virq && wakes_wfi(interrupt::virq, st_.el, hcr));
}

// Takes the first interrupt that is routed and unmasked, in the order FIQ,
// IRQ, vFIQ, vIRQ (the relative priority is IMPLEMENTATION DEFINED, D1.3.7).
bool core::check_interrupts() {
    const uint64_t hcr = st_.sys.hcr_el2;
    const asserted a = asserted_lines(lines_, hcr);
    // Most boundaries that get here have no line asserted (the line just
    // fell, an ERET, a DAIF write while nothing is pending).
    if (!a.any()) return false;
    const auto take_if_routed = [&](interrupt kind, irq_kind counter) {
        const route r = route_interrupt(kind, st_.el, st_.daif, hcr);
        if (r.taken) take_interrupt(counter, r.target_el);
        return r.taken;
    };
    return (a.fiq && take_if_routed(interrupt::fiq, irq_kind::fiq)) ||
           (a.irq && take_if_routed(interrupt::irq, irq_kind::irq)) ||
           (a.vfiq && take_if_routed(interrupt::vfiq, irq_kind::vfiq)) ||
           (a.virq && take_if_routed(interrupt::virq, irq_kind::virq));
}

void core::take_interrupt(irq_kind k, unsigned target_el) {
    ++irq_counts_[static_cast<unsigned>(k)][target_el];
    const bool fiq = k == irq_kind::fiq || k == irq_kind::vfiq;
    enter_exception(target_el, unsigned(fiq ? vector_kind::fiq : vector_kind::irq));
}

// ---- exceptions ----

unsigned core::sync_target_el() const {
    if (st_.el == 2) return 2;
    if (st_.el == 1) return 1;
    return (st_.sys.hcr_el2 & hcr::tge) ? 2 : 1; // D1.10.4: TGE routes EL0 exceptions to EL2
}

// D1.10.2 exception entry: SPSR/ELR of the target, PSTATE.{EL,SPSel}=target,
// DAIF all set, IL cleared, PC = VBAR_ELx + vector offset.
void core::enter_exception(unsigned target_el, unsigned kind) {
    assert(target_el >= st_.el && target_el >= 1 && target_el <= 2);
    // take_sync() brought icount_ up to date; the PC leaves the block here.
    in_block_ = false;
    const unsigned from_el = st_.el;
    const uint64_t offset = vector_offset(st_.el, target_el, st_.spsel, static_cast<vector_kind>(kind));
    st_.spsr[target_el] = pstate();
    st_.elr[target_el] = st_.pc;
    st_.il = false;
    st_.ss = false; // D2.12: SPSR.SS keeps it
    ss_stepping_ = ss_stepped_ = false;
    set_el(target_el, true);
    st_.daif = daif_d | daif_a | daif_i | daif_f;
    st_.pc = (target_el == 2 ? st_.sys.vbar_el2 : st_.sys.vbar_el1) + offset;
    ++exc_counts_[target_el];
    progress_mark_ = icount_;
    raise_attention();
    if (VP_CPU_UNLIKELY(observer_ != nullptr)) observer_->exception_entered(from_el, kind);
}

void core::take_sync(unsigned ec_value, uint32_t iss, unsigned target_el, uint64_t far, bool far_valid) {
    sync_icount(); // before the exception-loop check and the observer
    // SSAdvance() of SVC and HVC: they complete by taking the exception, so a
    // stepped one returns to the active-pending state (SPSR.SS = 0).
    if (VP_CPU_UNLIKELY(st_.ss) && (ec_value == ec_svc64 || ec_value == ec_hvc64) &&
        (st_.sys.mdscr_el1 & 1))
        st_.ss = false;
    st_.esr[target_el] = esr(ec_value, iss);
    if (far_valid) st_.far[target_el] = far;
    note_sync_exception(target_el);
    enter_exception(target_el, unsigned(vector_kind::sync));
}

// Called before entry, so st_.pc is the ELR about to be saved.
void core::note_sync_exception(unsigned target_el) {
    const loop_signature now{target_el, st_.pc, st_.esr[target_el], st_.far[target_el]};
    const bool stuck = now == loop_last_ && icount_ - progress_mark_ <= 1;
    loop_repeats_ = stuck ? loop_repeats_ + 1 : 0;
    if (loop_last_.el && !(now == loop_last_))
        loop_cause_ = loop_last_;
    loop_last_ = now;
    if (loop_limit_ && loop_repeats_ >= loop_limit_) {
        loop_stopped_ = true;
        exited_ = true; // run() returns at the next boundary
    }
}

void core::undefined() { take_sync(ec_unknown, 0, sync_target_el()); }

// AArch64.AdvSIMDFPAccessTrap(): a CPACR_EL1 trap targets EL1, but with
// HCR_EL2.TGE = 1 it goes to EL2 reported as Uncategorized (EC 0x00);
// CPTR_EL2.TFP targets EL2 with EC 0x07.
bool core::fp_access_slow() {
    fp_enables_changed();
    if (fp_enabled_) return true;
    fp_access_trap(!fp_cpacr_ok());
    return false;
}

void core::fp_access_retry(const insn& i) {
    // The plain handler: the threaded form would go on with the block, and
    // the threaded form that called this goes on when it returns.
    if (fp_access_slow()) plain_handler(i)(*this, i);
}

void core::fp_access_trap(bool by_cpacr) {
    if (by_cpacr) {
        if (st_.sys.hcr_el2 & hcr::tge) return take_sync(ec_unknown, 0, 2);
        return take_sync(ec_fp_access, iss_fp_access, 1);
    }
    take_sync(ec_fp_access, iss_fp_access, 2);
}

void core::data_abort(uint64_t addr, unsigned dfsc, bool write, uint32_t iss) {
    sync_icount(); // warn_once may log the time
    if (dfsc == fsc_sync_external) { // a bus error is worth a log line (once per address)
        char msg[112];
        std::snprintf(msg, sizeof msg, "%s at 0x%llx: bus error, synchronous external abort (EL%u)",
                      write ? "write" : "read", static_cast<unsigned long long>(addr), st_.el);
        warn_once((addr << 1) | 0x8000000000000000ull | (write ? 1 : 0), msg);
    }
    const unsigned target = sync_target_el();
    // Alignment faults and external aborts are never stage 2 aborts: no
    // instruction syndrome (ISV = 0), D13.2.37.
    iss &= ~iss_instruction_syndrome;
    take_sync(target > st_.el ? ec_dabt_lower : ec_dabt_same, iss | (write ? iss_wnr : 0) | dfsc, target, addr, true);
}

// ERET (C6.2 ERET, D1.11): restore PSTATE from SPSR_ELx and PC from ELR_ELx;
// an illegal return keeps EL and SPSel and sets PSTATE.IL (D1.11.5).
void core::exception_return() {
    if (st_.el == 0) return undefined();
    const unsigned from_el = st_.el;
    const uint64_t spsr = st_.spsr[st_.el];
    const uint64_t elr = st_.elr[st_.el];
    const return_target t = exception_return_target(spsr, st_.el, st_.sys.hcr_el2);
    clear_exclusive(); // ERET clears the local monitor
    // DebugExceptionReturnSS() (D2.12): evaluated before PSTATE changes.
    const bool ss = VP_CPU_UNLIKELY((spsr >> 21) & 1) && debug_return_ss(spsr, t.legal ? t.el : st_.el);
    st_.nzcv.set(uint32_t(spsr));
    st_.daif = uint32_t(spsr) & 0x3c0u;
    if (t.legal) {
        st_.il = (spsr >> 20) & 1;
        set_el(t.el, t.spsel);
    } else {
        st_.il = true;
    }
    st_.ss = ss;
    st_.pc = elr;
    progress_mark_ = icount_;
    raise_attention();
    if (VP_CPU_UNLIKELY(observer_ != nullptr)) observer_->exception_returned(from_el);
}

// ---- memory ----

bool core::check_alignment(uint64_t addr, unsigned align, bool write, uint32_t iss) {
    if ((addr & (align - 1)) == 0) return true;
    data_abort(addr, fsc_alignment, write, iss);
    return false;
}

// D1.8.2: SCTLR_ELx.SA (EL1/EL2) or SCTLR_EL1.SA0 (EL0).
bool core::check_sp_alignment(uint64_t sp) {
    if ((sp & 15) == 0) return true;
    const uint64_t sctlr = st_.el == 2 ? st_.sys.sctlr_el2 : st_.sys.sctlr_el1;
    const bool enabled = st_.el == 0 ? (sctlr & (1u << 4)) : (sctlr & (1u << 3));
    if (!enabled) return true;
    take_sync(ec_sp_align, 0, sync_target_el());
    return false;
}

// A watched access: the instruction stops before it has any effect and is
// not counted; run() returns at once (its handler returns like after an
// exception, with the PC unchanged).
bool core::watch_hit(uint64_t addr, unsigned size, bool write) {
    if (!observer_->before_access(addr, size, write)) return false;
    --icount_;
    debug_stop_ = true;
    raise_attention();
    return true;
}

template <typename T> bool core::load_slow(uint64_t addr, T& value, uint32_t iss) {
    sync_icount(); // a bus access reads the CPU's local time
    if (VP_CPU_UNLIKELY(watch_accesses_) && watch_hit(addr, sizeof(T), false)) return false;
    // B2.5.2: SCTLR_ELx.A, or Device memory (always, with translation off).
    if ((addr & (sizeof(T) - 1)) && !check_data_alignment(addr, sizeof(T), false, iss)) return false;
    if (translating_) {
        T v = 0;
        if (!access_translated(addr, &v, sizeof(T), false, iss)) return false;
        value = v;
        return data_access_made(false);
    }
    if (VP_CPU_UNLIKELY(debug_watchpoints_) && debug_watchpoint(addr, sizeof(T), false)) return false;
    if (in_ram(addr, sizeof(T))) {
        std::memcpy(&value, ram_ptr(addr), sizeof(T));
        return data_access_made(false);
    }
    T v = 0;
    if (!env_ || !env_->bus_read(addr, &v, sizeof(T), false)) {
        data_abort(addr, fsc_sync_external, false, iss);
        return false;
    }
    value = v;
    return data_access_made(false);
}

template <typename T> bool core::store_slow(uint64_t addr, T value, uint32_t iss) {
    sync_icount();
    if (VP_CPU_UNLIKELY(watch_accesses_) && watch_hit(addr, sizeof(T), true)) return false;
    if ((addr & (sizeof(T) - 1)) && !check_data_alignment(addr, sizeof(T), true, iss)) return false;
    if (translating_) return access_translated(addr, &value, sizeof(T), true, iss) && data_access_made(true);
    if (VP_CPU_UNLIKELY(debug_watchpoints_) && debug_watchpoint(addr, sizeof(T), true)) return false;
    if (in_ram(addr, sizeof(T))) {
        // A misaligned (Normal memory) store may straddle two pages.
        const uint64_t first_part = 4096 - (addr & 0xfff);
        if (first_part >= sizeof(T)) {
            code_written(addr, sizeof(T));
        } else {
            code_written(addr, unsigned(first_part));
            code_written(addr + first_part, unsigned(sizeof(T) - first_part));
        }
        std::memcpy(ram_ptr(addr), &value, sizeof(T));
        return data_access_made(true);
    }
    if (!env_ || !env_->bus_write(addr, &value, sizeof(T))) {
        data_abort(addr, fsc_sync_external, true, iss);
        return false;
    }
    return data_access_made(true);
}

template bool core::load_slow<uint8_t>(uint64_t, uint8_t&, uint32_t);
template bool core::load_slow<uint16_t>(uint64_t, uint16_t&, uint32_t);
template bool core::load_slow<uint32_t>(uint64_t, uint32_t&, uint32_t);
template bool core::load_slow<uint64_t>(uint64_t, uint64_t&, uint32_t);
template bool core::store_slow<uint8_t>(uint64_t, uint8_t, uint32_t);
template bool core::store_slow<uint16_t>(uint64_t, uint16_t, uint32_t);
template bool core::store_slow<uint32_t>(uint64_t, uint32_t, uint32_t);
template bool core::store_slow<uint64_t>(uint64_t, uint64_t, uint32_t);

void core::warn_once(uint64_t cause, const char* message) {
    if (env_ && vp::log::first(log_category, cause)) env_->warn(message);
}

} // namespace vp::cpu
