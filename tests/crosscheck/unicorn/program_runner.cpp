#include "program_runner.h"

#include <unicorn/unicorn.h>

#include <ctime>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "cpu/core.h"
#include "ram_only_env.h"

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

program_outcome run_on_core(const std::vector<uint8_t>& image, uint64_t arg, uint64_t limit) {
    program_outcome o;
    o.ram.assign(program_layout::ram_size, 0);
    std::memcpy(o.ram.data(), image.data(), image.size());
    ram_only_env env;
    cpu::core core(cpu::core_config{}, &env);
    core.map_ram(o.ram.data(), program_layout::ram_base, program_layout::ram_size);
    core.reset(program_layout::ram_base);
    core.set_el(1, true); // Unicorn's AArch64 CPU runs at EL1
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
    o.instructions = core.instructions() - (o.finished ? 1 : 0); // not the WFI
    o.exceptions = core.exceptions_taken(1) + core.exceptions_taken(2);
    core.unmap_ram();
    return o;
}

program_outcome run_on_unicorn(const std::vector<uint8_t>& image, uint64_t arg, uint64_t limit) {
    program_outcome o;
    o.ram.assign(program_layout::ram_size, 0);
    std::memcpy(o.ram.data(), image.data(), image.size());
    uc_engine* uc = nullptr;
    if (uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &uc) != UC_ERR_OK) {
        o.error = "uc_open failed";
        return o;
    }
    uc_ctl_set_cpu_model(uc, UC_CPU_ARM64_A53);
    uc_mem_map_ptr(uc, program_layout::ram_base, program_layout::ram_size, UC_PROT_ALL, o.ram.data());
    uc_reg_write(uc, UC_ARM64_REG_X0, &arg);
    const double t0 = clock_type::now(), w0 = wall_now();
    // `limit` bounds a runaway program (Unicorn counts only when asked,
    // which costs a hook per instruction: the benchmark passes 0).
    const uc_err err = uc_emu_start(uc, program_layout::ram_base, program_layout::stop, 0, limit);
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
    o.finished = err == UC_ERR_OK && o.regs[32] == program_layout::stop;
    if (!o.finished) o.error = std::string("Unicorn: ") + uc_strerror(err);
    uc_close(uc);
    return o;
}

} // namespace vp::xcheck
