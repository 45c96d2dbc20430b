#include "program_runner.h"

#include <unicorn/unicorn.h>

#include <ctime>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "cpu/core.h"
#include "ram_only_env.h"
#include "unicorn_el1.h"

namespace vp::xcheck {

namespace {

// Host CPU time of this thread: the benchmark figure that a busy shared
// machine disturbs least (wall time counts other processes' time slices).
struct clock_type {
    using time_point = double;
    static double now() {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
    }
};
double since(double t0) { return clock_type::now() - t0; }
double wall_now() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

} // namespace

std::vector<uint8_t> read_image(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

const char* mmu_mode_name(mmu_mode m) {
    switch (m) {
    case mmu_mode::off: return "mmu_off";
    case mmu_mode::identity_4k: return "identity_4k";
    case mmu_mode::remap_4k: return "remap_4k";
    case mmu_mode::remap_64k: return "remap_64k";
    }
    return "?";
}

uint64_t mmu_prologue(std::vector<uint8_t>& ram, mmu_mode mode) {
    constexpr uint64_t va = program_layout::ram_base, size = program_layout::ram_size;
    const uint64_t pa = ram_pa(mode);
    auto put64 = [&](uint64_t addr, uint64_t v) { std::memcpy(ram.data() + (addr - pa), &v, 8); };
    auto put32 = [&](uint64_t addr, uint32_t v) { std::memcpy(ram.data() + (addr - pa), &v, 4); };
    static_assert(program_layout::ram_size == (2u << 20), "one level 3 table (4 KiB), one 2 MiB block");
    // Page/block descriptor attributes: AttrIndx 0 (MAIR Attr0), SH inner shareable, AF.
    constexpr uint64_t attrs = (3u << 8) | (1u << 10);
    const uint64_t code = pa + size - 0x8000;
    uint64_t tcr, ttbr;
    if (mode == mmu_mode::remap_64k) {
        // 64 KiB granule, 39-bit VA: the walk starts at level 2 (512 MiB
        // per entry, 8192 entries), level 3 maps 64 KiB pages.
        const uint64_t l2 = pa + 0x180000, l3 = pa + 0x190000;
        static_assert((program_layout::ram_base >> 29) == (remap_pa >> 29), "one level 3 table for both ranges");
        put64(l2 + 8 * ((va >> 29) & 8191), l3 | 3);
        for (uint64_t i = 0; i < size >> 16; ++i) {
            put64(l3 + 8 * (((va >> 16) & 8191) + i), (pa + (i << 16)) | 3 | attrs);
            put64(l3 + 8 * (((pa >> 16) & 8191) + i), (pa + (i << 16)) | 3 | attrs);
        }
        ttbr = l2;
        tcr = 25 | (1u << 14); // T0SZ 25, TG0 = 64 KiB
    } else {
        const uint64_t l1 = pa + size - 0x10000, l2 = l1 + 0x1000, l3 = l1 + 0x2000;
        static_assert((program_layout::ram_base >> 30) == (remap_pa >> 30), "one level 2 table for both ranges");
        put64(l1 + 8 * (va >> 30), l2 | 3);
        put64(l2 + 8 * ((va >> 21) & 511), l3 | 3);
        for (uint64_t i = 0; i < size >> 12; ++i) put64(l3 + 8 * i, (pa + (i << 12)) | 3 | attrs);
        if (pa != va) put64(l2 + 8 * ((pa >> 21) & 511), pa | 1 | attrs); // 2 MiB block, identity
        ttbr = l1;
        tcr = 25; // T0SZ 25: 39-bit VA, the walk starts at level 1; TG0 = 4 KiB
    }
    const uint64_t mair = 0xff; // Attr0 = Normal write-back
    // IRGN0/ORGN0 WB, SH0 inner, EPD1 (no TTBR1 walks), IPS 40 bits.
    tcr |= (1u << 8) | (1u << 10) | (3u << 12) | (1u << 23) | (2ull << 32);
    const uint32_t insns[] = {
        0x580001c9, // ldr x9, mair
        0xd518a209, // msr mair_el1, x9
        0x580001c9, // ldr x9, tcr
        0xd5182049, // msr tcr_el1, x9
        0x580001c9, // ldr x9, ttbr
        0xd5182009, // msr ttbr0_el1, x9
        0xd5033fdf, // isb
        0xd5381009, // mrs x9, sctlr_el1
        0xb2400129, // orr x9, x9, #1 (M)
        0xd5181009, // msr sctlr_el1, x9
        0xd5033fdf, // isb
        0x58000129, // ldr x9, entry
        0xd61f0120, // br x9
    };
    for (unsigned i = 0; i < sizeof insns / 4; ++i) put32(code + 4 * i, insns[i]);
    put64(code + 56, mair);
    put64(code + 64, tcr);
    put64(code + 72, ttbr);
    put64(code + 80, va);
    return code;
}

program_outcome run_on_core(const std::vector<uint8_t>& image, uint64_t arg, uint64_t limit, mmu_mode mode) {
    program_outcome o;
    o.ram.assign(program_layout::ram_size, 0);
    std::memcpy(o.ram.data(), image.data(), image.size());
    const uint64_t entry = mode != mmu_mode::off ? mmu_prologue(o.ram, mode) : program_layout::ram_base;
    ram_only_env env;
    cpu::core core(cpu::core_config{}, &env);
    core.map_ram(o.ram.data(), ram_pa(mode), program_layout::ram_size);
    core.reset(entry);
    core.set_el(1, true); // Unicorn's AArch64 CPU runs at EL1
    core.state().sys.cpacr_el1 = 3ull << 20; // SIMD&FP enabled (CPACR_EL1.FPEN), as on Unicorn
    core.set_x(0, arg);
    // Our copy has a WFI at the stop address (nothing can wake it: no lines)
    // so that run() returns there with an exact instruction count; the
    // branch-to-self is put back afterwards for the RAM comparison.
    const uint64_t stop_off = program_layout::stop - program_layout::ram_base;
    uint32_t stop_insn;
    std::memcpy(&stop_insn, o.ram.data() + stop_off, 4);
    const uint32_t wfi = 0xd503207f;
    std::memcpy(o.ram.data() + stop_off, &wfi, 4);
    const double t0 = clock_type::now(), w0 = wall_now();
    cpu::run_result r{cpu::stop_reason::limit, 0};
    while (core.instructions() < limit) {
        r = core.run(limit - core.instructions());
        if (r.reason != cpu::stop_reason::limit) break;
    }
    o.host_seconds = since(t0);
    o.wall_seconds = wall_now() - w0;
    std::memcpy(o.ram.data() + stop_off, &stop_insn, 4);
    o.finished = r.reason == cpu::stop_reason::wfi && core.pc() == program_layout::stop + 4;
    if (o.finished) core.set_pc(program_layout::stop);
    if (!o.finished) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "did not reach the stop address: PC=0x%llx ESR_EL1=0x%llx",
                      static_cast<unsigned long long>(core.pc()), static_cast<unsigned long long>(core.state().esr[1]));
        o.error = buf;
    }
    for (unsigned i = 0; i < 31; ++i) o.regs[i] = core.x(i);
    o.regs[31] = core.sp();
    o.regs[32] = core.pc();
    o.regs[33] = core.nzcv();
    for (unsigned v = 0; v < 32; ++v) {
        o.vregs[2 * v] = core.v(v).d[0];
        o.vregs[2 * v + 1] = core.v(v).d[1];
    }
    o.vregs[64] = core.fpcr();
    o.vregs[65] = core.fpsr();
    o.instructions = core.instructions() - (o.finished ? 1 : 0); // not the WFI
    o.exceptions = core.exceptions_taken(1) + core.exceptions_taken(2);
    core.unmap_ram();
    return o;
}

program_outcome run_on_unicorn(const std::vector<uint8_t>& image, uint64_t arg, uint64_t limit, mmu_mode mode) {
    program_outcome o;
    o.ram.assign(program_layout::ram_size, 0);
    std::memcpy(o.ram.data(), image.data(), image.size());
    const uint64_t entry = mode != mmu_mode::off ? mmu_prologue(o.ram, mode) : program_layout::ram_base;
    uc_engine* uc = nullptr;
    if (uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &uc) != UC_ERR_OK) {
        o.error = "uc_open failed";
        return o;
    }
    uc_ctl_set_cpu_model(uc, UC_CPU_ARM64_A53);
    uc_mem_map_ptr(uc, ram_pa(mode), program_layout::ram_size, UC_PROT_ALL, o.ram.data());
    // Unicorn 2.0.1 looks a load's or store's *virtual* address up in its
    // memory map before translating it (fixed in 2.1.0, commit 4b327baa):
    // with VA != PA the VA range must be mapped too. It is never accessed.
    std::vector<uint8_t> va_shadow;
    if (ram_pa(mode) != program_layout::ram_base) {
        va_shadow.assign(program_layout::ram_size, 0);
        uc_mem_map_ptr(uc, program_layout::ram_base, program_layout::ram_size, UC_PROT_ALL, va_shadow.data());
    }
    vp::xcheck::unicorn_aarch64_el1(uc);
    uc_reg_write(uc, UC_ARM64_REG_X0, &arg);
    const uint64_t cpacr = 3ull << 20; // SIMD&FP enabled at EL1
    uc_reg_write(uc, UC_ARM64_REG_CPACR_EL1, &cpacr);
    const double t0 = clock_type::now(), w0 = wall_now();
    // `limit` bounds a runaway program (Unicorn counts only when asked,
    // which costs a hook per instruction: the benchmark passes 0).
    const uc_err err = uc_emu_start(uc, entry, program_layout::stop, 0, limit);
    o.host_seconds = since(t0);
    o.wall_seconds = wall_now() - w0;
    int ids[34];
    void* ptrs[34];
    for (unsigned i = 0; i < 29; ++i) ids[i] = UC_ARM64_REG_X0 + static_cast<int>(i);
    ids[29] = UC_ARM64_REG_X29;
    ids[30] = UC_ARM64_REG_X30;
    ids[31] = UC_ARM64_REG_SP;
    ids[32] = UC_ARM64_REG_PC;
    ids[33] = UC_ARM64_REG_NZCV;
    for (unsigned i = 0; i < 34; ++i) ptrs[i] = &o.regs[i];
    uc_reg_read_batch(uc, ids, ptrs, 34);
    o.regs[33] &= 0xf0000000u;
    for (unsigned v = 0; v < 32; ++v) uc_reg_read(uc, UC_ARM64_REG_Q0 + static_cast<int>(v), &o.vregs[2 * v]);
    uc_reg_read(uc, UC_ARM64_REG_FPCR, &o.vregs[64]);
    uc_reg_read(uc, UC_ARM64_REG_FPSR, &o.vregs[65]);
    o.finished = err == UC_ERR_OK && o.regs[32] == program_layout::stop;
    if (!o.finished) {
        uint64_t esr = 0, far = 0;
        uc_reg_read(uc, UC_ARM64_REG_ESR_EL1, &esr);
        uc_reg_read(uc, UC_ARM64_REG_FAR_EL1, &far);
        char buf[128];
        std::snprintf(buf, sizeof buf, " at PC=0x%llx (ESR_EL1=0x%llx FAR_EL1=0x%llx)",
                      static_cast<unsigned long long>(o.regs[32]), static_cast<unsigned long long>(esr),
                      static_cast<unsigned long long>(far));
        o.error = std::string("Unicorn: ") + uc_strerror(err) + buf;
    }
    uc_close(uc);
    return o;
}

} // namespace vp::xcheck
