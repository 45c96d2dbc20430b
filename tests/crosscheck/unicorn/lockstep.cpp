#include "lockstep.h"
#include "unicorn_el1.h"

#include <sys/mman.h>
#include <unicorn/unicorn.h>

#include <cassert>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "cpu/core.h"
#include "ram_only_env.h"
#include "stage2_identity.h"

namespace vp::xcheck {

namespace {

uint8_t* map_window() {
    void* p = mmap(nullptr, layout::ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED) throw std::runtime_error("mmap of the RAM window failed");
    return static_cast<uint8_t*>(p);
}

constexpr unsigned n_int = 34;           // X0..X30, SP, PC, NZCV
constexpr unsigned n_state = n_int + 66; // + V0..V31 (low, high halves), FPCR, FPSR
const char* const int_name[n_int] = {
    "X0",  "X1",  "X2",  "X3",  "X4",  "X5",  "X6",  "X7",  "X8",  "X9",  "X10", "X11",
    "X12", "X13", "X14", "X15", "X16", "X17", "X18", "X19", "X20", "X21", "X22", "X23",
    "X24", "X25", "X26", "X27", "X28", "X29", "X30", "SP",  "PC",  "NZCV"};
constexpr unsigned i_fpcr = n_int + 64, i_fpsr = n_int + 65;

std::string state_name(unsigned i) {
    if (i < n_int) return int_name[i];
    if (i == i_fpcr) return "FPCR";
    if (i == i_fpsr) return "FPSR";
    const unsigned v = (i - n_int) / 2;
    return "V" + std::to_string(v) + ((i - n_int) & 1 ? ".D[1]" : ".D[0]");
}

constexpr std::size_t max_messages = 12;

} // namespace

struct lockstep::impl {
    uint8_t* ours_ram = nullptr;
    uint8_t* uc_ram = nullptr;
    ram_only_env env;
    cpu::core core;
    uc_engine* uc = nullptr;
    uc_hook hook{};
    int uc_ids[n_int];

    // The block being run.
    const std::vector<step>* steps = nullptr;
    std::size_t calls = 0; // hook calls so far = instructions Unicorn has executed + 1
    bool compare_mem = false;
    bool failed = false;
    mismatch_report* report = nullptr;

    impl() : core(cpu::core_config{}, &env) {
        ours_ram = map_window();
        uc_ram = map_window();
        core.map_ram(ours_ram, layout::ram_base, layout::ram_size);
        if (uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &uc) != UC_ERR_OK) throw std::runtime_error("uc_open failed");
        uc_ctl_set_cpu_model(uc, UC_CPU_ARM64_A53);
        if (uc_mem_map_ptr(uc, layout::ram_base, layout::ram_size, UC_PROT_ALL, uc_ram) != UC_ERR_OK)
            throw std::runtime_error("uc_mem_map_ptr failed");
        for (unsigned i = 0; i < 29; ++i) uc_ids[i] = UC_ARM64_REG_X0 + static_cast<int>(i);
        uc_ids[29] = UC_ARM64_REG_X29;
        uc_ids[30] = UC_ARM64_REG_X30;
        uc_ids[31] = UC_ARM64_REG_SP;
        uc_ids[32] = UC_ARM64_REG_PC;
        uc_ids[33] = UC_ARM64_REG_NZCV;
        uc_hook_add(uc, &hook, UC_HOOK_CODE, reinterpret_cast<void*>(&on_code), this, 1, 0);
        // SIMD&FP enabled at EL0/EL1 on both (CPACR_EL1.FPEN = 0b11).
        const uint64_t cpacr = 3ull << 20;
        uc_reg_write(uc, UC_ARM64_REG_CPACR_EL1, &cpacr);

        // Same starting point: EL1 with SP_EL1 (Unicorn's reset state), DAIF
        // masked, and identical random data around the code ring.
        core.reset(layout::ring_base);
        core.set_el(1, true);
        core.state().sys.cpacr_el1 = 3ull << 20;
        rng r(0x11ce5eed);
        for (uint64_t a = layout::lit_lo; a < layout::ring_base; a += 8) put64(a, r.next());
        for (uint64_t a = layout::lit_hi; a < layout::lit_hi + (1u << 20); a += 8) put64(a, r.next());
    }

    ~impl() {
        uc_close(uc);
        munmap(ours_ram, layout::ram_size);
        munmap(uc_ram, layout::ram_size);
    }

    void put64(uint64_t addr, uint64_t v) {
        std::memcpy(ours_ram + (addr - layout::ram_base), &v, 8);
        std::memcpy(uc_ram + (addr - layout::ram_base), &v, 8);
    }

    void read_ours(uint64_t (&s)[n_state]) const {
        for (unsigned i = 0; i < 31; ++i) s[i] = core.x(i);
        s[31] = core.sp();
        s[32] = core.pc();
        s[33] = core.nzcv();
        for (unsigned v = 0; v < 32; ++v) {
            s[n_int + 2 * v] = core.v(v).d[0];
            s[n_int + 2 * v + 1] = core.v(v).d[1];
        }
        s[i_fpcr] = core.fpcr();
        s[i_fpsr] = core.fpsr();
    }
    void read_uc(uint64_t (&s)[n_state]) {
        void* ptrs[n_int];
        for (unsigned i = 0; i < n_int; ++i) ptrs[i] = &s[i];
        uc_reg_read_batch(uc, uc_ids, ptrs, n_int);
        s[33] &= 0xf0000000u;
        for (unsigned v = 0; v < 32; ++v) {
            uint64_t q[2];
            uc_reg_read(uc, UC_ARM64_REG_Q0 + static_cast<int>(v), q);
            s[n_int + 2 * v] = q[0];
            s[n_int + 2 * v + 1] = q[1];
        }
        uint64_t fpcr = 0, fpsr = 0;
        uc_reg_read(uc, UC_ARM64_REG_FPCR, &fpcr);
        uc_reg_read(uc, UC_ARM64_REG_FPSR, &fpsr);
        s[i_fpcr] = fpcr;
        s[i_fpsr] = fpsr;
    }
    void write_vreg(unsigned n, uint64_t lo, uint64_t hi) {
        core.set_v(n, lo, hi);
        const uint64_t q[2] = {lo, hi};
        uc_reg_write(uc, UC_ARM64_REG_Q0 + static_cast<int>(n), q);
    }
    void write_fp_control(uint32_t fpcr, uint32_t fpsr) {
        core.set_fpcr(fpcr);
        core.set_fpsr(fpsr);
        uint64_t c = core.fpcr(), s = core.fpsr();
        uc_reg_write(uc, UC_ARM64_REG_FPCR, &c);
        uc_reg_write(uc, UC_ARM64_REG_FPSR, &s);
    }

    void write_reg(uint8_t reg, uint64_t v) {
        if (reg == setup_sp) {
            core.set_sp(v);
            uc_reg_write(uc, UC_ARM64_REG_SP, &v);
        } else {
            core.set_x(reg, v);
            uc_reg_write(uc, uc_ids[reg], &v);
        }
    }
    void apply(const step& s) {
        for (unsigned i = 0; i < s.nset; ++i) write_reg(s.set[i].reg, s.set[i].value);
        for (unsigned i = 0; i < s.nvset; ++i) write_vreg(s.vset[i].reg, s.vset[i].lo, s.vset[i].hi);
        if (s.set_flags) {
            core.set_nzcv(s.nzcv);
            uint64_t v = s.nzcv;
            uc_reg_write(uc, UC_ARM64_REG_NZCV, &v);
        }
    }

    // Steps our core over instruction `k` of the block and compares.
    void step_and_compare(std::size_t k) {
        const step& s = (*steps)[k];
        uint64_t before[n_state];
        read_ours(before);
        const uint64_t exc_before = core.exceptions_taken(1) + core.exceptions_taken(2);
        core.step();
        ++report->compared;
        uint64_t a[n_state], b[n_state];
        read_ours(a);
        read_uc(b);
        std::string diffs;
        char buf[400];
        for (unsigned i = 0; i < n_state; ++i) {
            if (a[i] == b[i]) continue;
            std::snprintf(buf, sizeof buf, " %s ours=0x%" PRIx64 " unicorn=0x%" PRIx64 ";", state_name(i).c_str(), a[i],
                          b[i]);
            diffs += buf;
        }
        if (compare_mem) {
            const uint64_t off = layout::data_base - layout::ram_base;
            if (std::memcmp(ours_ram + off, uc_ram + off, layout::data_size) != 0) {
                for (uint64_t i = 0; i < layout::data_size; ++i) {
                    if (ours_ram[off + i] == uc_ram[off + i]) continue;
                    std::snprintf(buf, sizeof buf, " mem[0x%" PRIx64 "] ours=0x%02x unicorn=0x%02x;",
                                  layout::data_base + i, ours_ram[off + i], uc_ram[off + i]);
                    diffs += buf;
                    break;
                }
            }
        }
        if (core.exceptions_taken(1) + core.exceptions_taken(2) != exc_before) {
            std::snprintf(buf, sizeof buf, " ours took an exception: ESR_EL1=0x%" PRIx64 " FAR_EL1=0x%" PRIx64 ";",
                          core.state().esr[1], core.state().far[1]);
            diffs += buf;
        }
        if (diffs.empty()) return;
        failed = true;
        ++report->mismatches;
        if (report->messages.size() >= max_messages) return;
        // The operands as they were: the registers the usual fields name.
        const unsigned rd = s.raw & 31, rn = (s.raw >> 5) & 31, ra = (s.raw >> 10) & 31, rm = (s.raw >> 16) & 31;
        std::snprintf(buf, sizeof buf,
                      "%s 0x%08x at 0x%" PRIx64 " (block step %zu); before: [Rd/t]=0x%" PRIx64 " [Rn]=0x%" PRIx64
                      " [Ra/t2]=0x%" PRIx64 " [Rm/s]=0x%" PRIx64 " SP=0x%" PRIx64 " NZCV=0x%" PRIx64 ";",
                      s.what, s.raw, before[32], k, before[rd], before[rn], before[ra], before[rm], before[31],
                      before[33] >> 28);
        report->messages.push_back(std::string(buf) + diffs);
    }

    static void on_code(uc_engine* uc, uint64_t, uint32_t, void* user) {
        auto* self = static_cast<impl*>(user);
        const std::size_t k = self->calls++;
        if (k == 0) return; // before the first instruction: its setup is applied
        self->step_and_compare(k - 1);
        if (self->failed || k == self->steps->size()) {
            uc_emu_stop(uc);
            return;
        }
        self->apply((*self->steps)[k]);
    }
};

lockstep::lockstep() : p_(new impl) { p_->report = &report_; }
lockstep::~lockstep() = default;

cpu::core& lockstep::ours() { return p_->core; }
uint8_t* lockstep::ours_mem(uint64_t addr) { return p_->ours_ram + (addr - layout::ram_base); }
uint8_t* lockstep::uc_mem(uint64_t addr) { return p_->uc_ram + (addr - layout::ram_base); }

void lockstep::use_normal_memory() {
    const uint64_t table = layout::ram_base + layout::ram_size - 4096;
    auto& s = ours().state().sys;
    test::identity_stage2(ours_mem(table), table, s);
    std::memcpy(uc_mem(table), ours_mem(table), 4096);
    s.hcr_el2 |= test::hcr_dc;
}

void lockstep::use_stage1() {
    const uint64_t l1 = layout::ram_base + layout::ram_size - 0x10000, l2 = l1 + 0x1000, l3 = l1 + 0x2000;
    constexpr uint64_t normal = (3u << 8) | (1u << 10); // AttrIndx 0, SH inner, AF
    static_assert((layout::ram_base >> 30) == ((layout::ram_base + layout::ram_size - 1) >> 30), "one L2 table");
    p_->put64(l1 + 8 * (layout::ram_base >> 30), l2 | 3);
    const uint64_t data_2m = layout::data_base & ~uint64_t((2u << 20) - 1);
    for (uint64_t a = layout::ram_base; a < layout::ram_base + layout::ram_size; a += 2u << 20)
        p_->put64(l2 + 8 * ((a >> 21) & 511), a == data_2m ? (l3 | 3) : (a | 1 | normal));
    // AP = 0b01 (RW at EL0 too) for LDTR/STTR; never executable at EL1 then (no code there).
    for (uint64_t i = 0; i < 512; ++i) p_->put64(l3 + 8 * i, (data_2m + (i << 12)) | 3 | normal | (1u << 6));
    const uint64_t mair = 0xff; // Attr0 Normal write-back
    const uint64_t tcr = 25 | (1u << 8) | (1u << 10) | (3u << 12) | (1u << 23) | (2ull << 32); // EPD1, IPS 40
    auto& s = ours().state().sys;
    s.mair_el1 = mair;
    s.tcr_el1 = tcr;
    s.ttbr0_el1 = l1;
    s.sctlr_el1 |= 1;
    ours().translation_changed();
    unicorn_aarch64_el1(p_->uc);
    // uc_arm64_cp_reg: {CRn, CRm, op0, op1, op2, value}
    uc_arm64_cp_reg regs[] = {{10, 2, 3, 0, 0, mair}, {2, 0, 3, 0, 2, tcr}, {2, 0, 3, 0, 0, l1}, {1, 0, 3, 0, 0, 0}};
    uc_reg_read(p_->uc, UC_ARM64_REG_CP_REG, &regs[3]);
    regs[3].val |= 1; // SCTLR_EL1.M
    for (auto& r : regs) uc_reg_write(p_->uc, UC_ARM64_REG_CP_REG, &r);
    uc_ctl_flush_tlb(p_->uc);
}

void lockstep::begin_block(rng& r, bool fill_data) {
    // Under HCR_EL2.DC = 1 stage 2 is on (HCR_EL2.VM treated as 1): an
    // access outside the identity-mapped IPAs takes a stage 2 fault to EL2 on
    // ours, where Unicorn (no stage 2 at EL1) reports an unmapped access.
    // Both count as an abort; every block starts at EL1h again.
    if (p_->core.state().el != 1) p_->core.set_el(1, true);
    for (uint8_t i = 0; i < 31; ++i) p_->write_reg(i, r.operand());
    p_->write_reg(setup_sp, r.operand());
    const uint64_t nzcv = r.bits(4) << 28;
    p_->core.set_nzcv(static_cast<uint32_t>(nzcv));
    uc_reg_write(p_->uc, UC_ARM64_REG_NZCV, &nzcv);
    for (unsigned v = 0; v < 32; ++v) p_->write_vreg(v, r.operand(), r.operand());
    p_->write_fp_control(static_cast<uint32_t>(r.next()) & cpu::fpcr_writable,
                         static_cast<uint32_t>(r.next()) & cpu::fpsr_writable);
    if (fill_data)
        for (uint64_t a = layout::data_base; a < layout::data_base + layout::data_size; a += 8) p_->put64(a, r.next());
}

void lockstep::run_block(const std::vector<step>& steps, uint64_t at, bool compare_mem, bool allow_undefined) {
    assert(!steps.empty() && (at & 3) == 0);
    const uint64_t len = 4 * steps.size();
    for (std::size_t i = 0; i < steps.size(); ++i) {
        std::memcpy(p_->ours_ram + (at - layout::ram_base) + 4 * i, &steps[i].raw, 4);
        std::memcpy(p_->uc_ram + (at - layout::ram_base) + 4 * i, &steps[i].raw, 4);
    }
    // The code was written behind both decoders' backs.
    p_->core.invalidate_code(at, len);
    uc_ctl_remove_cache(p_->uc, at, at + len);

    p_->steps = &steps;
    p_->calls = 0;
    p_->compare_mem = compare_mem;
    p_->failed = false;
    p_->core.set_pc(at);
    p_->apply(steps[0]);
    ++report_.blocks;
    // `until` is never reached (odd address): the hook stops the run after
    // the last instruction (calls == n + 1, everything compared). A fetch
    // error afterwards (a branch out of RAM) ends it too (calls == n); then
    // the last comparison is made here.
    const uc_err err = uc_emu_start(p_->uc, at, 1, 0, 0);
    if (p_->failed) return;
    char buf[300];
    if (err == UC_ERR_EXCEPTION && p_->calls >= 1 && p_->calls <= steps.size()) {
        // Unicorn refused instruction k (its hook ran, the instruction did
        // not): for the decode-space classes that is UNDEFINED, and our core
        // must take the Undefined exception (EC 0x00) on it too.
        const std::size_t k = p_->calls - 1;
        const step& s = steps[k];
        const uint64_t exc_before = p_->core.exceptions_taken(1) + p_->core.exceptions_taken(2);
        p_->core.step();
        ++report_.compared;
        const bool ours_undefined = p_->core.exceptions_taken(1) + p_->core.exceptions_taken(2) != exc_before &&
                                    (p_->core.state().esr[1] >> 26) == 0;
        if (allow_undefined && ours_undefined) {
            ++report_.undefined_agreed;
            return;
        }
        ++report_.mismatches;
        std::snprintf(buf, sizeof buf, "%s 0x%08x at 0x%" PRIx64 ": Unicorn raised an exception (UNDEFINED) but ours %s",
                      s.what, s.raw, at + 4 * k,
                      ours_undefined ? "too (not expected in this class)" : "executed it");
        if (report_.messages.size() < max_messages) report_.messages.push_back(buf);
    } else if ((err == UC_ERR_READ_UNMAPPED || err == UC_ERR_WRITE_UNMAPPED) && allow_undefined && p_->calls >= 1 &&
               p_->calls <= steps.size()) {
        // An access outside RAM: ours must take a synchronous external abort
        // (Data Abort, DFSC 0b010000) on the same instruction; beyond the PA
        // size an Address size fault (DFSC 0, D5.2.9), and with the identity
        // stage 2 of use_normal_memory() beyond its 39-bit IPA a stage 2
        // Translation fault at EL2.
        const std::size_t k = p_->calls - 1;
        const step& s = steps[k];
        const uint64_t el1_before = p_->core.exceptions_taken(1), el2_before = p_->core.exceptions_taken(2);
        p_->core.step();
        ++report_.compared;
        const uint64_t esr = p_->core.state().esr[1], esr2 = p_->core.state().esr[2];
        const bool el1_abort = p_->core.exceptions_taken(1) != el1_before && (esr >> 26) == 0x25 &&
                               ((esr & 0x3f) == 0x10 || (esr & 0x3f) == 0x00);
        const bool el2_abort = p_->core.exceptions_taken(2) != el2_before && (esr2 >> 26) == 0x24 &&
                               (esr2 & 0x3c) == 0x04;
        if (el1_abort || el2_abort) {
            ++report_.abort_agreed;
            return;
        }
        ++report_.mismatches;
        std::snprintf(buf, sizeof buf,
                      "%s 0x%08x at 0x%" PRIx64 ": Unicorn: access outside RAM (%s); ours: ESR_EL1=0x%" PRIx64
                      " (expected a synchronous external abort)",
                      s.what, s.raw, at + 4 * k, uc_strerror(err), esr);
        if (report_.messages.size() < max_messages) report_.messages.push_back(buf);
    } else if (p_->calls == steps.size()) {
        p_->step_and_compare(steps.size() - 1);
    } else if (p_->calls < steps.size()) {
        ++report_.mismatches;
        const step& s = steps[p_->calls ? p_->calls - 1 : 0];
        std::snprintf(buf, sizeof buf, "%s 0x%08x: Unicorn stopped after %zu of %zu instructions (%s)", s.what, s.raw,
                      p_->calls ? p_->calls - 1 : 0, steps.size(), uc_strerror(err));
        if (report_.messages.size() < max_messages) report_.messages.push_back(buf);
    }
}

void lockstep::print_summary(const char* cls, uint64_t seed) const {
    std::printf("[xcheck] %s: VP_XCHECK_SEED=0x%" PRIx64 " VP_XCHECK_SCALE=%" PRIu64 " (class seed 0x%" PRIx64
                ") compared=%" PRIu64 " instructions in %" PRIu64 " blocks (%" PRIu64 " UNDEFINED on both, %" PRIu64
                " aborts on both), mismatches=%" PRIu64 "\n",
                cls, env_seed(), env_scale(), seed, report_.compared, report_.blocks, report_.undefined_agreed,
                report_.abort_agreed, report_.mismatches);
    for (const auto& m : report_.messages) std::printf("[xcheck]   MISMATCH %s\n", m.c_str());
    std::fflush(stdout);
}

} // namespace vp::xcheck
