// vp::cpu::core — an AArch64 (A64 base integer) instruction set simulator
// with EL0/EL1/EL2, no EL3, independent of SystemC so that it can be driven
// directly (unit tests, the Unicorn differential test, benchmarks).
//
// Scope (DDI 0487):
//  * A64 base integer instructions, CRC32/CRC32C, SIMD&FP (FP, Advanced SIMD,
//    Crypto AES/SHA1/SHA256/PMULL) with the CPACR_EL1/CPTR_EL2 traps; SVE and
//    LSE atomics are not implemented and are UNDEFINED.
//  * VMSAv8-64 translation (translation.h): stage 1 of EL1&0 and EL2, stage 2
//    of EL1&0. With translation off data accesses are Device memory, so a
//    misaligned data access takes an Alignment fault (D5.2.9 / B2.5.2); with
//    it on the memory type of the page decides. A soft TLB per EL caches
//    translations of 4 KiB pages; the decode cache stays keyed by physical
//    page, so code runs as fast with the MMU on as off.
//  * Memory: one RAM window reached through a host pointer (DMI), and one
//    read-only window (map_rom: boot flash) that code runs from; everything
//    else, and data accesses to the read-only window, go through
//    core_env::bus_read/bus_write. A bus error becomes a synchronous
//    external abort.
//  * Decode cache: decoded instructions are cached per 4 KiB page of RAM (and
//    of the read-only window) and run by blocks (straight-line code up to a branch, docs/iss-dispatch.md);
//    a store to a 64-byte line that holds decoded code (or invalidate_code())
//    sends the instructions it overlaps back through the decoder, stores to
//    other lines of a code page cost nothing more.
//  * One instruction = one cycle; `instructions()` counts executed
//    instructions (an instruction that takes a synchronous exception counts).
//  * The local exclusive monitor only (no global monitor across cores).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>
#include <vector>

#include "cpu/decode/insn.h"
#include "cpu/state.h"
#include "cpu/translation.h"

namespace vp::cpu {

// What the core needs from its environment (the SystemC wrapper, or a test).
// Every call may block in the SystemC wrapper (it synchronises time there).
class core_env {
public:
    virtual ~core_env() = default;
    // Non-RAM accesses. Return false for a bus error (-> external abort).
    virtual bool bus_read(uint64_t addr, void* data, unsigned size, bool fetch) = 0;
    virtual bool bus_write(uint64_t addr, const void* data, unsigned size) = 0;

    // System registers owned by another block (the generic timer).
    enum class sysreg_result { ok, undefined, trap_el1, trap_el2 };
    virtual bool ext_sysreg_implements(uint32_t /*key*/) const { return false; }
    virtual sysreg_result ext_sysreg_read(uint32_t /*key*/, unsigned /*el*/, bool /*tge*/, uint64_t& /*value*/) {
        return sysreg_result::undefined;
    }
    virtual sysreg_result ext_sysreg_write(uint32_t /*key*/, unsigned /*el*/, bool /*tge*/, uint64_t /*value*/) {
        return sysreg_result::undefined;
    }
    // Called around a write that changes the interrupt picture from inside
    // the core (HCR_EL2.VI/VF): synchronise before, let lines settle after.
    virtual void interaction_begin() {}
    virtual void interaction_end() {}

    // Semihosting console output and the simulated time (SYS_CLOCK/SYS_TIME).
    virtual void console_write(const char* data, std::size_t size) = 0;
    virtual uint64_t elapsed_ns() const = 0;

    // A guest mistake worth a log line (unknown system register, bad
    // semihosting call ...). Called once per distinct cause.
    virtual void warn(const char* message) = 0;

    // PSTATE.EL changed (exception entry or return), for tracing.
    virtual void el_changed(unsigned /*el*/) {}

    // The PMU overflow interrupt request (cpu/pmu.h) changed level. Called
    // between instructions, after the instruction whose count overflowed.
    virtual void pmu_interrupt(bool /*level*/) {}

    // An SMC or HVC that the platform may answer as firmware (PSCI, the QEMU
    // virt arrangement). Called after the instruction's own traps, with the
    // PC already past it; return true when handled (the core then goes on at
    // the PC, with the registers the call left). false: the architectural
    // behaviour (SMC UNDEFINED without EL3, HVC taken to EL2).
    enum class conduit { smc, hvc };
    virtual bool firmware_call(conduit /*via*/) { return false; }
};

// The four interrupt inputs (a virtual line is ORed with HCR_EL2.VI/VF).
struct interrupt_lines {
    bool irq = false, fiq = false, virq = false, vfiq = false;
};

enum class stop_reason {
    limit,      // executed the requested number of instructions
    wfi,        // WFI with no wake-up condition: wait for a line change, then run again
    exited,     // semihosting SYS_EXIT / SYS_EXIT_EXTENDED
    requested,  // request_stop() was called (from the environment)
    debug,      // the observer stopped before an instruction or a data access
};

struct run_result {
    stop_reason reason;
    uint64_t executed; // instructions executed by this call
};

struct core_config {
    unsigned cpu_index = 0;
    uint64_t midr = 0x410fd034;  // Cortex-A53 r0p4 style identification
    uint64_t mpidr = 0x80000000; // bit 31 RES1; Aff0 = cpu index by default
    uint64_t clock_hz = 1000000000;
};

// Observation for debuggers and traces (components/debug, platform tracing).
// Nothing here costs anything while no observer is set: per-instruction
// calls ride on the run loop's attention flag, data-access calls on the
// memory slow path (the fast path is turned off while accesses are watched).
class core_observer {
public:
    virtual ~core_observer() = default;
    // Before each instruction (set_observer(..., each_instruction)): true
    // stops run() before the instruction at `pc` (stop_reason::debug).
    virtual bool before_instruction(uint64_t /*pc*/) { return false; }
    // Before each data access (set_observer(..., data_accesses)): true stops
    // run() before the instruction making it; the instruction has no effect
    // and is not counted (it runs again on resume).
    virtual bool before_access(uint64_t /*addr*/, unsigned /*size*/, bool /*write*/) { return false; }
    // After an exception entry (vector kind: 0 sync, 1 irq, 2 fiq, 3 serror;
    // the ESR/ELR/SPSR/FAR of the target EL hold the new values).
    virtual void exception_entered(unsigned /*from_el*/, unsigned /*kind*/) {}
    // After ERET (legal or not) from `from_el`.
    virtual void exception_returned(unsigned /*from_el*/) {}
    // After MRS/MSR (register form) of `key`; `done` false when it trapped
    // or was UNDEFINED.
    virtual void sysreg_accessed(uint32_t /*key*/, bool /*read*/, uint64_t /*value*/, bool /*done*/) {}
};

// Interrupt types, for counters.
enum class irq_kind : unsigned { irq, fiq, virq, vfiq, count };

class core {
public:
    // vp::log category of the ISS's messages (common/log.h).
    static constexpr const char* log_category = "cpu/aarch64";

    explicit core(const core_config& cfg = {}, core_env* env = nullptr);
    ~core();
    core(const core&) = delete;
    core& operator=(const core&) = delete;

    void set_env(core_env* env) { env_ = env; forget_ext_sysregs(); }
    const core_config& config() const { return cfg_; }

    // RAM reached through a host pointer (DMI). `host` must stay valid until
    // unmap_ram()/another map_ram(). Base and size must be 4 KiB aligned.
    // Drops the decode cache.
    void map_ram(uint8_t* host, uint64_t base, uint64_t size);
    void unmap_ram();
    // Another master wrote RAM: drop decoded code in [addr, addr+len).
    void invalidate_code(uint64_t addr, uint64_t len);
    // Read-only memory reached through a host pointer (a boot flash's
    // read-only DMI): code in it runs from decoded pages and blocks like RAM
    // code (data accesses still go through core_env::bus_read). The core
    // only reads it and nothing may change it while mapped: its owner calls
    // unmap_rom() first. Base and size must be 4 KiB aligned; RAM wins where
    // both would cover an address. map_rom() only between run() calls (it
    // frees the decoded pages of a previous mapping). unmap_rom() at any
    // time, also from the environment inside a running instruction: the
    // core never reads `host` again, and before the next instruction its
    // decoded code of the region is gone (the next fetch there goes to the
    // environment, until map_rom()).
    void map_rom(const uint8_t* host, uint64_t base, uint64_t size);
    void unmap_rom();
    bool rom_mapped() const { return rom_size_ != 0; }

    // Reset: EL2h, DAIF masked, PC = entry, registers zero (D1.9 reset).
    void reset(uint64_t entry);

    // Run up to `max_instructions`; interrupts are taken at instruction
    // boundaries. step() = run(1).
    run_result run(uint64_t max_instructions);
    run_result step() { return run(1); }
    // Ask run() to return at the next instruction boundary.
    void request_stop() { stop_requested_ = true; raise_attention(); }

    // The PMU overflow interrupt (cpu/pmu.h): how many instructions may run
    // before a counter of instructions or cycles whose interrupt is enabled
    // can overflow (~0 when none can), so that the environment stops there;
    // asked again then, it brings the counters up to date, and a changed
    // request reaches pmu_interrupt() before the next instruction. While the
    // interrupt is armed, an EL change or a PMU register write stops run()
    // (the distance changed). A MEM_ACCESS counter needs no stop: the access
    // that overflows it changes the request, seen before the next instruction.
    uint64_t pmu_instructions_to_overflow();

    // Installs (or with nullptr removes) the observer. `each_instruction`:
    // call before_instruction() at every instruction boundary;
    // `data_accesses`: call before_access() for every data access.
    void set_observer(core_observer* o, bool each_instruction, bool data_accesses);
    core_observer* observer() const { return observer_; }

    // Interrupt inputs; a change is seen at the next instruction boundary.
    void set_interrupt_lines(const interrupt_lines& l);
    const interrupt_lines& lines() const { return lines_; }
    // WFI wake-up condition: an interrupt that could be taken at the current
    // level ignoring PSTATE masks (physical always; virtual when routed).
    bool wakeup_pending() const;

    // Register access (n = 0..30; x(31) reads 0).
    uint64_t x(unsigned n) const { return n < 31 ? st_.r[n] : 0; }
    void set_x(unsigned n, uint64_t v) { if (n < 31) st_.r[n] = v; }
    uint64_t sp() const { return st_.r[reg_sp]; }
    void set_sp(uint64_t v) { st_.r[reg_sp] = v; }
    uint64_t pc() const { return st_.pc; }
    void set_pc(uint64_t v) { st_.pc = v; }
    // SIMD&FP registers (V0-V31: d[0] = bits 63:0, d[1] = bits 127:64), FPCR, FPSR.
    const vreg& v(unsigned n) const { return st_.v[n & 31]; }
    void set_v(unsigned n, uint64_t lo, uint64_t hi) { st_.v[n & 31].d[0] = lo; st_.v[n & 31].d[1] = hi; }
    uint32_t fpcr() const { return st_.fpcr; }
    void set_fpcr(uint32_t v) { st_.fpcr = v & fpcr_writable; }
    uint32_t fpsr() const { return st_.fpsr; }
    void set_fpsr(uint32_t v) { st_.fpsr = v & fpsr_writable; }
    uint32_t nzcv() const { return st_.nzcv.value(); } // bits 31:28
    void set_nzcv(uint32_t v) { st_.nzcv.set(v); }
    uint32_t daif() const { return st_.daif; }        // bits 9:6
    void set_daif(uint32_t v) { st_.daif = v & 0x3c0u; raise_attention(); }
    unsigned el() const { return st_.el; }
    bool spsel() const { return st_.spsel; }
    // Move to `el` with `spsel` (banks SP). For tests and harnesses.
    void set_el(unsigned el, bool spsel);
    // PSTATE as an SPSR value (M[3:0], DAIF, NZCV, IL).
    uint64_t pstate() const;

    arch_state& state() { return st_; }
    const arch_state& state() const { return st_; }

    // System register access by encoding (vp::sysreg_key layout), as MRS at
    // EL2 would see it, without side effects on time. False if unknown.
    bool read_sysreg(uint32_t key, uint64_t& value);
    bool write_sysreg(uint32_t key, uint64_t value);
    // The environment's ext_sysreg_implements() answers changed (another
    // system-register target was bound): ask it again.
    void forget_ext_sysregs() { std::memset(ext_owned_.get(), ext_unknown, size_t(1) << 16); }

    // MDSCR_EL1, a DBGBCR/DBGWCR, the OS Lock or MDCR_EL2 changed (MSR and
    // write_sysreg() call it; a harness that writes state() directly must):
    // re-evaluates which debug checks run (debug_exceptions.cpp).
    void debug_config_changed();

    // Counters.
    uint64_t instructions() const { return icount_; }
    uint64_t interrupts_taken(irq_kind k, unsigned target_el) const {
        return irq_counts_[static_cast<unsigned>(k)][target_el];
    }
    uint64_t exceptions_taken(unsigned target_el) const { return exc_counts_[target_el]; }

    // Semihosting exit.
    bool exited() const { return exited_; }
    int exit_code() const { return exit_code_; }

    // Exception-loop detection: the same synchronous exception (target EL,
    // ELR, ESR, FAR) taken `limit` times in a row with no forward progress
    // (at most the faulting instruction itself executed since the previous
    // exception entry or ERET: a vector that faults, a handler that returns to
    // the faulting instruction unchanged) stops the core as exited() with
    // exception_loop() set. 0 disables it.
    struct loop_signature {
        unsigned el = 0;
        uint64_t elr = 0, esr = 0, far = 0;
        bool operator==(const loop_signature& o) const {
            return el == o.el && elr == o.elr && esr == o.esr && far == o.far;
        }
    };
    static constexpr uint64_t default_exception_loop_limit = 100000;
    void set_exception_loop_limit(uint64_t repeats) { loop_limit_ = repeats; }
    bool exception_loop() const { return loop_stopped_; }
    const loop_signature& last_sync_exception() const { return loop_last_; } // el 0: none yet
    // The last one different from it: when a guest ends up in an exception
    // loop (vectors not set up), usually the real cause. el 0: none.
    const loop_signature& previous_sync_exception() const { return loop_cause_; }

    // Number of distinct decoded instructions created (for tests of the cache).
    uint64_t decode_count() const { return decodes_; }

    // ---- Interface for the execute handlers (components/cpu/execute/) ----
    arch_state st_;

    // A conditional branch (B.cond, CBZ/CBNZ, TBZ/TBNZ) may sit inside a
    // block: when taken it ends the running block here (the PC is no longer
    // the block start + 4 * position). No effect outside a block.
    void end_block() { block_end_ = nullptr; }
    void keep_block() {
        const insn* e = block_end_;
        asm("" : "+r"(e)); // a real store of the same value (execute/branch.h)
        block_end_ = e;
    }

    // Data accesses. Return false when an exception was taken (the handler
    // must then return without side effects). `iss` is the data-abort
    // syndrome part (ISV/SAS/SSE/SRT/SF/AR) that describes the access.
    template <typename T> bool load(uint64_t addr, T& value, uint32_t iss);
    template <typename T> bool store(uint64_t addr, T value, uint32_t iss);
    // The inline fast paths alone (always inlined: the handlers' fast paths
    // must stay call-free whatever the compiler's inlining budget of a
    // decoder file with many handlers) (RAM, aligned, no watch, TLB hit; stores:
    // not to a line that holds code): false when the access needs load() or
    // store(), with nothing done. For handlers that keep their fast path
    // free of calls (execute/load_store.h).
    template <typename T> bool load_fast(uint64_t addr, T& value) const;
    template <typename T> bool store_fast(uint64_t addr, T value);
    // The host address of two adjacent elements of T at `addr` (LDP/STP), the
    // caller having checked that both lie in one page: one range or TLB check
    // for both, true under the same conditions as two load_fast/store_fast
    // calls succeeding. nullptr: take the full path.
    template <typename T, bool WRITE> uint8_t* pair_fast(uint64_t addr);
    // Alignment check for accesses with a stricter requirement (pairs,
    // exclusives use the access size).
    bool check_alignment(uint64_t addr, unsigned align, bool write, uint32_t iss);
    // SP alignment check when SP is the base register (D1.8.2).
    bool check_sp_alignment(uint64_t sp);

    // CheckFPAdvSIMDEnabled64() (DDI 0487 D1.x / pseudocode
    // AArch64.CheckFPAdvSIMDEnabled): every SIMD&FP instruction, and MRS/MSR of
    // FPCR/FPSR, calls this first. CPACR_EL1.FPEN traps EL0/EL1 to EL1 (EC 0x07;
    // with HCR_EL2.TGE = 1 to EL2 as EC 0x00), then CPTR_EL2.TFP traps EL0-EL2
    // to EL2 (EC 0x07). Returns false when the trap was taken.
    // The answer only changes with the EL, CPACR_EL1 or CPTR_EL2, so it is
    // kept in fp_enabled_ (fp_enables_changed()); when that says no, the
    // registers decide again (fp_access_slow).
    bool fp_access_check() {
        if (__builtin_expect(fp_enabled_, 1)) return true;
        return fp_access_slow();
    }
    // The same for a handler whose first act is this check: when
    // fp_enabled_ says no, fp_access_retry() decides and either runs `i`
    // again from the start (enabled after all) or takes the trap. Nothing
    // follows the call, so it is a tail call and the handler needs no stack
    // frame for it.
    bool fp_access_check(const insn& i) {
        if (__builtin_expect(fp_enabled_, 1)) return true;
        fp_access_retry(i);
        return false;
    }
    void fp_access_retry(const insn& i);
    // The same test without the trap (handlers whose fast path calls nothing).
    bool fp_access_ok() const { return fp_enabled_; }
    bool fp_cpacr_ok() const {
        const unsigned fpen = unsigned(st_.sys.cpacr_el1 >> 20) & 3;
        return st_.el == 2 || fpen == 3 || (fpen == 1 && st_.el == 1);
    }
    bool fp_access_allowed() const { return fp_cpacr_ok() && !(st_.sys.cptr_el2 & (1u << 10)); }
    // After a change of the EL, CPACR_EL1 or CPTR_EL2 (and at every
    // attention point, for harnesses that write state() directly).
    void fp_enables_changed() { fp_enabled_ = fp_access_allowed(); }
    bool fp_access_slow();
    void fp_access_trap(bool by_cpacr);
    bool fp_enabled_ = false;

    // Exceptions raised by handlers.
    void undefined();                              // EC 0x00
    void take_sync(unsigned ec, uint32_t iss, unsigned target_el, uint64_t far = 0, bool far_valid = false);
    void data_abort(uint64_t addr, unsigned dfsc, bool write, uint32_t iss);
    unsigned sync_target_el() const;               // EL1/EL2 for a "normal" sync exception from here
    void exception_return();                       // ERET
    void pstate_changed() { raise_attention(); }   // DAIF/EL/HCR changed: re-evaluate interrupts
    void stop_for_wfi() { wfi_stop_ = true; raise_attention(); }
    void semihosting_call();
    void sysreg_access(const insn& i, bool read);  // MRS/MSR (register)
    void sys_instruction(const insn& i);           // SYS (DC/IC/TLBI/AT)
    void address_translation(const insn& i, unsigned op1, unsigned op2); // AT
    uint64_t sp_select_bank(unsigned el, bool spsel) const;
    void clear_exclusive() { excl_valid_ = false; }
    void set_exclusive(uint64_t addr, unsigned size) { excl_valid_ = true; excl_addr_ = addr; excl_size_ = size; }
    bool check_exclusive(uint64_t addr, unsigned size) const {
        return excl_valid_ && excl_addr_ == addr && excl_size_ == size;
    }
    void dc_zva(uint64_t addr, uint32_t iss);
    // DC ZVA inside a block (docs/iss-dispatch.md, "DC ZVA in blocks"): the
    // short path zeroes the DCZID_EL0-sized block and returns true when the
    // full path would do only that; false with nothing done otherwise
    // (execute/system.h). The full path: the count first, then SYS as before.
    inline bool dc_zva_fast(uint64_t addr);
    void dc_zva_full(const insn& i);
    // The EL that DC ZVA traps to from here, 0 when it does not trap
    // (execute/system.h): the one test of the full and the short path.
    inline unsigned dc_zva_trap_el() const;
    // Alignment of a data access of `align` bytes at `va` that is not itself
    // one load()/store() of that size (SIMD&FP Q registers, pairs, structure
    // elements): true when aligned, or when SCTLR_ELx.A = 0 and the memory
    // type of the translated page is Normal. Otherwise takes the Alignment
    // fault (DFSC 0b100001; B2.5.2), or whatever fault of higher priority the
    // translation of `va` has, and returns false. With translation off data
    // is Device-nGnRnE (D5.2.9). load()/store() apply the same rule to their
    // own size.
    bool check_data_alignment(uint64_t va, unsigned align, bool write, uint32_t iss);
    // True when `len` bytes at `va` are known to be Normal memory without
    // SCTLR_ELx.A checks (TLB entries present): accesses may then be split
    // differently from the architected elements without a visible change.
    bool data_known_normal(uint64_t va, unsigned len) const {
        if (!translating_ || alignment_check_enabled()) return false;
        const tlb_entry& a = tlb_cur_[(va >> 12) & (tlb_entries - 1)];
        const uint64_t last = va + len - 1;
        const tlb_entry& b = tlb_cur_[(last >> 12) & (tlb_entries - 1)];
        return a.va == (va & ~uint64_t(0xfff)) && !a.device && b.va == (last & ~uint64_t(0xfff)) && !b.device;
    }
    // SCTLR_ELx.A of the regime of the current EL (EL0 and EL1: SCTLR_EL1).
    bool alignment_check_enabled() const {
        return ((st_.el == 2 ? st_.sys.sctlr_el2 : st_.sys.sctlr_el1) >> 1) & 1;
    }
    // Unprivileged accesses (LDTR/STTR, D1.6.4): permission checks as at EL0
    // while EL1 executes them.
    void begin_unprivileged() {
        if (st_.el == 1) { access_el_ = 0; tlb_cur_ = tlb_[0]; }
    }
    void end_unprivileged() { access_el_ = st_.el; tlb_cur_ = tlb_[st_.el]; }
    // Translation registers, HCR_EL2, the EL or the ASID/VMID changed, or a
    // TLBI: drop cached translations and re-evaluate whether to translate.
    void translation_changed();
    // Reads guest memory at a virtual address of the current regime without
    // side effects (semihosting, debuggers). False if unmapped or a bus error.
    bool debug_read(uint64_t va, void* out, unsigned size);
    // The physical address of `va` in the current regime, without side
    // effects (debuggers, traces); `va` itself with translation off.
    bool debug_translate(uint64_t va, uint64_t& pa);
    // Address translation for AT (no TLB, no exception but stage 2 faults on
    // the stage 1 walk): `el` selects the regime, `el0` the permissions.
    bool address_translate(uint64_t va, unsigned el, bool stage1_only, mmu::access acc, bool el0,
                           mmu::result& r, mmu::fault& f);
    // Logs through env_->warn once per cause (bounded: common/log.h).
    void warn_once(uint64_t cause, const char* message);
    core_env* env() const { return env_; }
    // MRS/MSR with the observer told (execute handlers).
    void observed_sysreg_access(const insn& i, bool read);
    // The full MRS/MSR path for a handler resolved at decode time: the count
    // first (an MRS may run inside a block, docs/iss-dispatch.md), then the
    // observed or plain access.
    void sysreg_full(const insn& i, bool read);
    // MRS of a register the environment owns (a timer's counter polled in a
    // loop) with no observer: straight to the environment with the exact
    // count; false when not such a read (execute/system.h, which defines it).
    inline bool ext_sysreg_read_direct(const insn& i);
    // The environment's answer to an MRS/MSR of its register `key`: the value
    // or the exception, then the next instruction (execute/system.h).
    inline void ext_sysreg_complete(const insn& i, uint32_t key, bool read);
    // Whether a decode-time resolved MRS/MSR (execute/system.h) may complete
    // without the full path: no observer, the environment known not to own
    // the register, the EL at least the one it serves (insn.b) and, below
    // EL2, its HCR_EL2 trap bit (insn.c, TRAP handlers only) clear. The full
    // path makes the finer decisions (HCR_EL2.TGE, UNDEFINED, the trap).
    template <bool TRAP> bool sysreg_fast_allowed(const insn& i) const {
        const unsigned el = st_.el;
        if (observer_ != nullptr || ext_owned_[(i.raw >> 5) & 0xffff] != ext_no || el < i.b) return false;
        return !TRAP || el == 2 || !((st_.sys.hcr_el2 >> i.c) & 1);
    }
    // env_->ext_sysreg_implements(key), asked once per 16-bit key (ext_unknown
    // not asked yet): every MRS/MSR needs it first. Forgotten when the
    // environment changes (set_env, forget_ext_sysregs).
    enum : uint8_t { ext_unknown = 0, ext_no = 1, ext_yes = 2 };
    std::unique_ptr<uint8_t[]> ext_owned_{new uint8_t[size_t(1) << 16]()};
    bool ext_sysreg(uint32_t key) { // inline: every counter read asks first
        const uint8_t known = key <= 0xffff ? ext_owned_[key] : uint8_t(ext_unknown);
        return __builtin_expect(known != ext_unknown, 1) ? known == ext_yes : ext_sysreg_ask(key);
    }
    bool ext_sysreg_ask(uint32_t key);
    void own_sysreg_access(const insn& i, bool read); // sysreg_access() of a register not the environment's
    void ext_sysreg_refused(const insn& i, bool read, core_env::sysreg_result res);

    // Whether RAM covers [addr, addr+size).
    bool in_ram(uint64_t addr, uint64_t size) const {
        return addr - ram_base_ < ram_size_ && size <= ram_size_ - (addr - ram_base_);
    }
    uint8_t* ram_ptr(uint64_t addr) const { return ram_ + (addr - ram_base_); }
    // Whether the read-only window (map_rom) covers [addr, addr+size).
    bool in_rom(uint64_t addr, uint64_t size) const {
        return addr - rom_base_ < rom_size_ && size <= rom_size_ - (addr - rom_base_);
    }

private:
    struct code_page;
    friend void decode_stub(core&, const insn&);
    friend void page_miss(core&, const insn&);
    template <insn_handler F> friend void threaded(core&, const insn&);
    friend void threaded_plain(core&, const insn&);
    // Reads or writes the value behind a table entry (no permission checks).
    void sysreg_value(const void* desc, bool read, uint64_t& value);

    bool handle_attention(stop_reason& why, bool before_instruction);
    bool enter_page();
    bool next_page_fast();
    bool next_page_lookup(uint64_t pc);
    // Page links (docs/iss-dispatch.md, "DC ZVA in blocks; page links"): the
    // answers next_page_fast() found for a VA page, valid while link_gen_ is
    // the generation they were made in. link_gen_ moves on at every event
    // that could change an answer: a TLB flush or TLBI (which ends in
    // select_regime), a regime change (select_regime: EL, translation
    // registers, translating_), a decoded page allocated or dropped, a RAM or
    // ROM window (un)mapped. A TLB fill only clears the link of its slot.
    struct page_link {
        uint64_t va = ~uint64_t(0); // VA page; never matches an unaligned PC
        uint64_t gen = 0;
        code_page* page = nullptr;
        uint64_t pa = 0;         // physical page base
        uint8_t* mark = nullptr; // code_pages_ byte of a RAM page, link_sink_ for ROM
    };
    static constexpr unsigned page_links = 64;
    page_link links_[page_links];
    uint64_t link_gen_ = 1;
    uint8_t link_sink_ = 0;
    void links_changed() { ++link_gen_; }
    bool check_interrupts();
    void take_interrupt(irq_kind k, unsigned target_el);
    void enter_exception(unsigned target_el, unsigned vector_kind);
    bool watch_hit(uint64_t addr, unsigned size, bool write);
    // Self-hosted debug exceptions (debug_exceptions.cpp, DDI 0487 D2). All
    // off, and never asked, while debug_configured_ is clear: MDSCR_EL1.SS
    // = 0 and no breakpoint or watchpoint enabled with MDSCR_EL1.MDE. The
    // boundary checks run from handle_attention() and keep attention_ raised
    // (instruction by instruction) only while they can fire at this EL;
    // watchpoints turn the data fast paths off like an observer of accesses.
    bool debug_configured_ = false;
    bool debug_breakpoints_ = false; // MDE and a DBGBCR<n>_EL1.E set
    bool debug_watchpoints_ = false; // MDE and a DBGWCR<n>_EL1.E set
    bool ss_stepping_ = false;       // an instruction started in the active-not-pending state
    bool ss_stepped_ = false;        // the previous instruction was stepped (ISV of the step exception)
    uint64_t ss_icount_ = 0, ss_pc_ = 0;
    void debug_step_boundary(bool before_instruction);
    void debug_breakpoint_boundary(bool before_instruction);
    bool debug_watchpoint(uint64_t va, unsigned size, bool write);
    bool debug_return_ss(uint64_t spsr, unsigned dest_el) const;
    unsigned debug_exception_target() const;
    template <typename T> bool load_slow(uint64_t addr, T& value, uint32_t iss);
    template <typename T> bool store_slow(uint64_t addr, T value, uint32_t iss);
    // A store of `size` bytes at `addr` (inside one page): the decoded
    // instructions it overlaps go back through the decoder. Only those
    // entries, and only when its 64-byte line holds code: data often shares
    // a page with code. code_written_aligned: an aligned access (one line).
    void code_written_aligned(uint64_t addr, unsigned size) {
        const uint64_t off = addr - ram_base_;
        if (__builtin_expect(code_lines_[off >> 6] != 0, 0)) drop_entries(off, size);
    }
    void code_written(uint64_t addr, unsigned size) {
        const uint64_t off = addr - ram_base_;
        for (uint64_t l = off >> 6; l <= (off + size - 1) >> 6; ++l)
            if (code_lines_[l]) return drop_entries(off, size);
    }
    void drop_entries(uint64_t ram_offset, unsigned size);
    void drop_page(uint64_t page);
    void drop_all_code();

    // Soft TLB: one direct-mapped table per EL (EL0 and EL1 share a regime
    // but not permissions). tag_r/tag_w hold the VA page when the page is
    // Normal RAM readable/writable at this EL (the inline fast paths); va
    // holds it whenever the entry is valid (slow paths, fetch).
    struct tlb_entry {
        uint64_t tag_r = ~0ull, tag_w = ~0ull;
        uint8_t* host = nullptr;
        uint64_t va = ~0ull, pa = 0;
        bool r = false, w = false, x = false, device = true;
        // VA[55:12] bits that a TLBI by VA compares: those above the range of
        // the stage 1 descriptor it came from (0 with stage 1 off: any VA).
        uint64_t tlbi_mask = 0;
    };
    static constexpr unsigned tlb_entries = 4096;
    tlb_entry tlb_[3][tlb_entries];
    tlb_entry* tlb_cur_ = tlb_[2];
    bool translating_ = false;   // the current regime has stage 1 or stage 2 on
    unsigned access_el_ = 2;     // privilege of data accesses (0 inside LDTR/STTR at EL1)
    uint64_t cur_page_pa_ = 0;   // physical page of cur_page_
    class walker_memory;
    mmu::context translation_context(unsigned el) const;
    bool regime_translates(unsigned el) const;
    void select_regime();
    // The PMU (cpu/pmu.h, pmu.cpp): the cycle counter and the event counters
    // that count instructions advance with the instruction count while
    // enabled and not filtered out at the current EL. They hold their values
    // as of icount_ == pmu_base_: pmu_sync() adds the instructions since,
    // before anything that reads them or changes what they count (an EL
    // change, a PMU register access, MDCR_EL2).
    void pmu_sync();
    static bool pmu_filtered(uint64_t filter, unsigned el);
    void pmu_control_changed();
    bool pmu_counter_enabled(unsigned n) const;
    unsigned pmu_accessible_counters() const;
    void pmu_add(unsigned n, uint64_t count);
    void pmu_software_increment(uint64_t mask);
    void pmu_access(const void* descriptor, bool read, uint64_t& v); // MRS/MSR of a PMU register, MDCR_EL2
    bool pmu_access_undefined(const void* descriptor) const;
    bool pmu_el0_allowed(const void* descriptor, bool read) const; // PMUSERENR_EL0
    void pmu_update_interrupt();
    bool pmu_interrupt_level_ = false;  // the request the environment last saw
    bool pmu_interrupt_changed_ = false; // to tell it at the next instruction boundary
    bool pmu_interrupt_armed_ = false;   // a counter that counts instructions may raise it
    bool pmu_counting_ = false;    // the cycle counter or an event counter counts instructions
    bool pmu_cycle_on_ = false;    // PMCR_EL0.E && PMCNTENSET_EL0.C
    uint32_t pmu_insn_counters_ = 0; // event counters enabled on INST_RETIRED or CPU_CYCLES
    uint64_t pmu_base_ = 0;     // icount_ when the counters were last brought up to date
    uint64_t pmu_frac_ = 0;     // cycles short of the next count with PMCR_EL0.D (1 per 64)
    // MEM_ACCESS (pmu_mem_access.cpp): counted in the memory slow paths, at
    // the access, which every data access takes while an enabled counter
    // counts it (data_slow_path()); nothing is tested on the fast paths.
    // (The members are at the end of the class: the hot ones keep their offsets.)
    void pmu_access_counters_changed(uint32_t counters);
    void pmu_count_access(bool write);
    // A load_slow/store_slow access completed: true, after MEM_ACCESS counted it.
    bool data_access_made(bool write) {
        if (__builtin_expect(pmu_access_counters_ != 0, 0)) pmu_count_access(write);
        return true;
    }
    void flush_tlb();
    void invalidate_tlb_va(unsigned regime_el, uint64_t operand); // TLBI by VA
    // Translates `va` (TLB, then the walk). On a fault takes the exception
    // (abort syndrome `iss` for data) and returns nullptr.
    // `misaligned`: a misaligned data access, for which Device memory is an
    // Alignment fault (mmu::translate).
    const tlb_entry* translate_page(uint64_t va, mmu::access acc, uint32_t iss, bool misaligned = false);
    void translation_abort(uint64_t va, const mmu::fault& f, mmu::access acc, uint32_t iss);
    bool access_translated(uint64_t va, void* data, unsigned size, bool write, uint32_t iss);
    bool access_phys(uint64_t va, uint64_t pa, void* data, unsigned size, bool write, uint32_t iss);

    core_config cfg_;
    core_env* env_ = nullptr;
    interrupt_lines lines_;

    uint8_t* ram_ = nullptr;
    uint64_t ram_base_ = 0, ram_size_ = 0;
    uint64_t data_ram_size_ = 0; // ram_size_, or 0 while data accesses take the slow path
    // Every data access takes the slow path (data_ram_size_ = 0, no fast-path
    // TLB tags) while an observer watches accesses, a watchpoint is enabled or
    // a PMU counter counts MEM_ACCESS.
    bool data_slow_path() const { return watch_accesses_ || debug_watchpoints_ || pmu_access_counters_ != 0; }
    std::vector<std::unique_ptr<code_page>> pages_; // per RAM page, allocated on first execution
    std::vector<uint8_t> code_pages_;               // 1 where pages_[i] holds decoded code
    // 1 per 64-byte line of RAM that holds decoded (or block-scanned) code;
    // calloc'ed, so the lines of a large RAM cost nothing until touched.
    struct free_deleter { void operator()(uint8_t* p) const { std::free(p); } };
    std::unique_ptr<uint8_t[], free_deleter> code_lines_;
    void mark_code_lines(uint64_t ram_offset, uint64_t size);
    // Block dispatch (run()): a run of instructions that can neither read
    // the instruction count nor reach the environment except through the
    // memory slow paths and exception entry executes without per-instruction
    // bookkeeping; those points call sync_icount() first.
    unsigned scan_block(unsigned index);
    bool blocks_ok_ = true;      // no observer watches instructions or accesses
    bool in_block_ = false;
    // The running block's end; nullptr once attention_ is raised, so that the
    // threaded handlers test one word per instruction, and whenever no block
    // runs (an instruction that runs alone must not go on to the next entry).
    const insn* block_end_ = nullptr;
    // Where the threaded handlers left the block: the entry after the last
    // one executed (cpu/threaded.h).
    const insn* chain_stop_ = nullptr;
    void raise_attention() {
        attention_ = true;
        block_end_ = nullptr;
    }
    // The count before entry 0 of the current page (modulo 2^64) while a
    // block of it runs: the instruction at PC is the
    // ((PC - cur_page_base_) / 4 + 1)-th since then (docs/iss-dispatch.md).
    uint64_t block_base_ = 0;
    void sync_icount() {
        if (in_block_) icount_ = block_base_ + ((st_.pc - cur_page_base_) >> 2) + 1;
    }
    code_page* cur_page_ = nullptr;                 // page the PC is in (miss_page_ when none)
    uint64_t cur_page_base_ = 0;
    std::unique_ptr<code_page> miss_page_;          // entries that re-enter page lookup
    bool bus_fetch_execute(uint64_t pa);

    uint64_t icount_ = 0;
    uint64_t decodes_ = 0;
    bool attention_ = true;
    bool stop_requested_ = false;
    bool wfi_stop_ = false;
    core_observer* observer_ = nullptr;
    bool observe_instructions_ = false;
    bool watch_accesses_ = false;
    bool debug_stop_ = false;
    uint64_t observed_icount_ = ~0ull, observed_pc_ = 0; // last boundary the observer let pass
    bool exited_ = false;
    int exit_code_ = 0;
    void note_sync_exception(unsigned target_el);
    loop_signature loop_last_, loop_cause_;
    uint64_t loop_repeats_ = 0, loop_limit_ = default_exception_loop_limit;
    uint64_t progress_mark_ = 0; // icount_ at the last exception entry or ERET
    bool loop_stopped_ = false;
    bool excl_valid_ = false;
    uint64_t excl_addr_ = 0;
    unsigned excl_size_ = 0;
    uint64_t irq_counts_[static_cast<unsigned>(irq_kind::count)][3] = {};
    uint64_t exc_counts_[3] = {};
    uint32_t pmu_access_counters_ = 0; // event counters enabled on MEM_ACCESS
    uint64_t pmu_read_counted_ = ~0ull, pmu_write_counted_ = ~0ull; // icount_ of the last instruction counted
    // The read-only window (map_rom): its decoded pages, allocated on first
    // execution like pages_. No code_lines_ marks: nothing stores to it
    // through the core (a store goes to the environment, which cannot change
    // it without unmap_rom()). unmap_rom() keeps the pages (the running
    // handler may still read its entry) and sets rom_dropped_: the next
    // instruction boundary (handle_attention) leaves the current page, which
    // may be one of them, before anything decodes or scans it.
    const uint8_t* rom_ = nullptr;
    uint64_t rom_base_ = 0, rom_size_ = 0;
    std::vector<std::unique_ptr<code_page>> rom_pages_;
    bool rom_dropped_ = false;
    code_page* new_code_page();
    // The host address of the instruction word at `pa` of a decoded page (RAM or ROM).
    const uint8_t* code_ptr(uint64_t pa) const { return in_ram(pa, 4) ? ram_ptr(pa) : rom_ + (pa - rom_base_); }
    // Where a TLBI by VA must look (tlb.cpp, invalidate_tlb_va), per EL: an
    // entry whose descriptor maps just its own 4 KiB page can only be in the
    // slot of that VA; `wide` marks the slots whose entry came from a larger
    // range (a block, a 16/64 KiB page), `max_span` bounds those ranges (log2;
    // 12 while there is none) and `filter[i]` has a bit set for every range
    // of size 2^span[i] that entries were made from (a hash of VA[55:span]),
    // so that a TLBI searches only when its VA may lie in one, and only the
    // slots that range can reach. `used` lets a full flush visit only the
    // slots filled since the last one. `any_va`: an entry that every TLBI by VA
    // drops (stage 1 off), or more sizes than `span` holds. Bits are only
    // set between full flushes (a stale one costs a search, nothing else).
    struct tlb_wide_index {
        static constexpr unsigned filter_bits = 12, max_sizes = 4;
        uint64_t used[tlb_entries / 64] = {}; // slots filled since the last full flush
        uint64_t wide[tlb_entries / 64] = {};
        unsigned max_span = 12;
        bool any_va = false;
        unsigned sizes = 0;
        uint8_t span[max_sizes] = {};
        uint64_t filter[max_sizes][(1u << filter_bits) / 64] = {};
        static unsigned hash(uint64_t range) { return unsigned((range * 0x9e3779b97f4a7c15ull) >> (64 - filter_bits)); }
    };
    tlb_wide_index tlb_wide_[3];
};

// ---- inline fast paths ----

// The TLB tag an aligned access of T at `addr` must match: the page with the
// alignment bits kept, so a misaligned access misses.
template <typename T> constexpr uint64_t tlb_tag(uint64_t addr) { return addr & ~uint64_t(0xfff & ~(sizeof(T) - 1)); }

template <typename T> [[gnu::always_inline]] inline bool core::load_fast(uint64_t addr, T& value) const {
    if (__builtin_expect(!translating_, 1)) {
        if (__builtin_expect((addr & (sizeof(T) - 1)) == 0 && addr - ram_base_ < data_ram_size_, 1)) {
            std::memcpy(&value, ram_ + (addr - ram_base_), sizeof(T));
            return true;
        }
        return false;
    }
    const tlb_entry& e = tlb_cur_[(addr >> 12) & (tlb_entries - 1)];
    if (__builtin_expect(e.tag_r == tlb_tag<T>(addr), 1)) {
        std::memcpy(&value, e.host + (addr & 0xfff), sizeof(T));
        return true;
    }
    return false;
}

template <typename T> [[gnu::always_inline]] inline bool core::store_fast(uint64_t addr, T value) {
    if (__builtin_expect(!translating_, 1)) {
        const uint64_t off = addr - ram_base_;
        if (__builtin_expect((addr & (sizeof(T) - 1)) == 0 && off < data_ram_size_ && !code_lines_[off >> 6], 1)) {
            std::memcpy(ram_ + off, &value, sizeof(T));
            return true;
        }
        return false;
    }
    const tlb_entry& e = tlb_cur_[(addr >> 12) & (tlb_entries - 1)];
    if (__builtin_expect(e.tag_w == tlb_tag<T>(addr) && !code_lines_[((e.pa - ram_base_) | (addr & 0xfff)) >> 6], 1)) {
        std::memcpy(e.host + (addr & 0xfff), &value, sizeof(T));
        return true;
    }
    return false;
}

template <typename T, bool WRITE> [[gnu::always_inline]] inline uint8_t* core::pair_fast(uint64_t addr) {
    constexpr uint64_t last = 2 * sizeof(T) - 1; // offset of the last byte of the pair
    if (__builtin_expect(!translating_, 1)) {
        // RAM is made of whole pages: the second element is in RAM with the first.
        const uint64_t off = addr - ram_base_;
        if (__builtin_expect((addr & (sizeof(T) - 1)) == 0 && off < data_ram_size_ &&
                                 (!WRITE || (code_lines_[off >> 6] | code_lines_[(off + last) >> 6]) == 0),
                             1))
            return ram_ + off;
        return nullptr;
    }
    const tlb_entry& e = tlb_cur_[(addr >> 12) & (tlb_entries - 1)];
    if (__builtin_expect((WRITE ? e.tag_w : e.tag_r) == tlb_tag<T>(addr), 1)) {
        if constexpr (WRITE) {
            const uint64_t off = (e.pa - ram_base_) | (addr & 0xfff);
            if (code_lines_[off >> 6] | code_lines_[(off + last) >> 6]) return nullptr;
        }
        return e.host + (addr & 0xfff);
    }
    return nullptr;
}

template <typename T> inline bool core::load(uint64_t addr, T& value, uint32_t iss) {
    if (__builtin_expect(!translating_, 1)) {
        // RAM base and size are 4 KiB aligned: an aligned access that starts in RAM ends in it.
        if (__builtin_expect((addr & (sizeof(T) - 1)) == 0 && addr - ram_base_ < data_ram_size_, 1)) {
            std::memcpy(&value, ram_ + (addr - ram_base_), sizeof(T));
            return true;
        }
    } else {
        const tlb_entry& e = tlb_cur_[(addr >> 12) & (tlb_entries - 1)];
        if (__builtin_expect(e.tag_r == tlb_tag<T>(addr), 1)) {
            std::memcpy(&value, e.host + (addr & 0xfff), sizeof(T));
            return true;
        }
    }
    return load_slow(addr, value, iss);
}

template <typename T> inline bool core::store(uint64_t addr, T value, uint32_t iss) {
    if (__builtin_expect(!translating_, 1)) {
        if (__builtin_expect((addr & (sizeof(T) - 1)) == 0 && addr - ram_base_ < data_ram_size_, 1)) {
            code_written_aligned(addr, sizeof(T));
            std::memcpy(ram_ + (addr - ram_base_), &value, sizeof(T));
            return true;
        }
    } else {
        const tlb_entry& e = tlb_cur_[(addr >> 12) & (tlb_entries - 1)];
        if (__builtin_expect(e.tag_w == tlb_tag<T>(addr), 1)) {
            code_written_aligned(e.pa | (addr & 0xfff), sizeof(T));
            std::memcpy(e.host + (addr & 0xfff), &value, sizeof(T));
            return true;
        }
    }
    return store_slow(addr, value, iss);
}

} // namespace vp::cpu
