// vp::cpu::aarch64_cpu — the AArch64 core (core.h) as a SystemC module.
//
// Timing (docs/architecture.md section 4): loosely timed, one instruction per
// clock cycle, running ahead of SystemC time by up to `quantum`.
//  * RAM through DMI (fetch and data), everything else through b_transport.
//  * Before a device access, a timer system-register write or an HCR_EL2
//    write that changes VI/VF/IMO/FMO/AMO/TGE, the CPU synchronises (waits for
//    its local offset), so the access happens at its exact simulated time.
//    An instruction fetch outside RAM (code in flash) does not: it has no
//    side effect and goes with its local offset as the annotated delay.
//  * Read-only DMI regions (the boot flash's loaded image, windows of erased
//    flash; two are kept): fetches and reads copy from them; with no read
//    latency (and no mmio trace) the core also decodes the code region once
//    and runs it by blocks (core::map_rom), with the same counts and times
//    as the per-fetch path.
//  * After such an interaction it yields two delta cycles (timer -> GIC
//    input -> irq) and samples irq/fiq/virq/vfiq before the next instruction;
//    after a device access whose effect on its lines a line_view_if already
//    knows (a GIC register), it takes the levels from there and runs on
//    (common/line_view_if.h: same values at the same simulated times).
//  * Otherwise the lines are sampled at the end of each quantum.
//  * WFI waits on the lines' value-changed events (no host time).
//  * While `current_el` is observed (set_el_observed, on by default), an
//    exception entry or return synchronises too, so that it changes at the
//    right simulated time in a VCD; unobserved, it is not driven and costs
//    nothing (the board turns it off unless it traces it).
// Every transaction carries a vp::cpu_index_extension with the CPU index.
#pragma once

#include <cstdint>
#include <functional>
#include <iostream>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "common/access_timing_if.h"
#include "common/line_view_if.h"
#include "common/sysreg_if.h"
#include "cpu/core.h"

namespace vp::cpu {

class aarch64_cpu;

// A debugger attached to CPUs (components/debug/gdb_stub). Every call comes
// from the CPU's own SystemC thread, between instructions; a call that holds
// the simulation (to talk to the user) blocks that thread, so no simulated
// time passes and no other process runs meanwhile.
class cpu_debugger {
public:
    virtual ~cpu_debugger() = default;
    // Before the first instruction (a debugger may hold the CPU at reset).
    virtual void started(aarch64_cpu& cpu) = 0;
    // Between two runs of the core, at least once per quantum while running.
    virtual void poll(aarch64_cpu& cpu) = 0;
    // While set_debug_checks() asks for them: true stops the CPU before the
    // instruction at `pc` / before the instruction making this data access.
    virtual bool break_before(aarch64_cpu& cpu, uint64_t pc) = 0;
    virtual bool watch(aarch64_cpu& cpu, uint64_t addr, unsigned size, bool write) = 0;
    // The CPU stopped because break_before() or watch() said so.
    virtual void halted(aarch64_cpu& cpu) = 0;
};

// A trace of what a CPU does (components/debug/trace). Called from the CPU's
// thread; `cpu.local_time()` is the simulated time of the event.
class cpu_tracer {
public:
    virtual ~cpu_tracer() = default;
    virtual void instruction(aarch64_cpu& cpu, uint64_t pc) = 0; // before it executes
    virtual void exception_entered(aarch64_cpu& cpu, unsigned from_el, unsigned kind) = 0;
    virtual void exception_returned(aarch64_cpu& cpu, unsigned from_el) = 0;
    virtual void sysreg_accessed(aarch64_cpu& cpu, uint32_t key, bool read, uint64_t value, bool done) = 0;
    virtual void device_access(aarch64_cpu& cpu, bool write, uint64_t addr, const void* data, unsigned size,
                               bool ok) = 0;
};

// What a tracer is told (each category costs nothing while off).
struct trace_categories {
    bool exec = false, interrupts = false, mmio = false, sysreg = false;
    bool any() const { return exec || interrupts || mmio || sysreg; }
};

class aarch64_cpu : public sc_core::sc_module, private core_env, private core_observer {
public:
    struct params {
        unsigned cpu_index = 0;
        sc_core::sc_time clock_period = sc_core::sc_time(1, sc_core::SC_NS); // 1 GHz
        sc_core::sc_time quantum = sc_core::sc_time(1, sc_core::SC_US);
        uint64_t mpidr = 0;          // 0: 0x80000000 | cpu_index (Aff0 = index)
        uint64_t midr = 0x410fd034;  // MIDR_EL1 (and VPIDR_EL2 reset value)
        uint64_t entry = 0;          // reset PC
        std::ostream* console = &std::cout; // semihosting output
        bool stop_simulation_on_exit = true; // sc_stop() on SYS_EXIT
        bool start_powered_off = false;      // wait for power_on() (a PSCI secondary)
    };

    tlm_utils::simple_initiator_socket<aarch64_cpu> socket;
    sc_core::sc_in<bool> irq, fiq, virq, vfiq;
    // Current exception level, written only when it changes (trace it).
    sc_core::sc_signal<unsigned> current_el;
    // The PMU overflow interrupt request (Cortex-A57 nPMUIRQ, active high
    // here), driven by this CPU: wire it to its PPI (23 on QEMU virt).
    sc_core::sc_signal<bool> pmu_irq;

    aarch64_cpu(sc_core::sc_module_name name, const params& p);
    explicit aarch64_cpu(sc_core::sc_module_name name) : aarch64_cpu(name, params{}) {}
    ~aarch64_cpu() override;

    // Platform set-up (before sc_start): reset PC and X0 (a boot protocol's
    // argument, e.g. the DTB address for Linux).
    void set_entry(uint64_t pc, uint64_t x0 = 0) {
        params_.entry = pc;
        boot_x0_ = x0;
    }
    void set_start_powered_off(bool off) { params_.start_powered_off = off; }

    // Power, driven by the platform's firmware (PSCI). A CPU that is off runs
    // nothing and costs nothing until power_on().
    using firmware_handler = std::function<bool(aarch64_cpu&, core_env::conduit)>;
    void set_firmware(firmware_handler h) { firmware_ = std::move(h); }
    bool powered() const { return powered_; }
    // Warm reset at `entry` in EL`el` (1 or 2, h stack), MMU off, DAIF masked,
    // X0 = `context` (PSCI CPU_ON). Called from another CPU's thread.
    void power_on(uint64_t entry, uint64_t context, unsigned el);
    // Called from this CPU's own firmware call (CPU_OFF, SYSTEM_OFF): the CPU
    // stops when the call returns.
    void power_off();
    void set_sysreg_target(vp::sysreg_target_if* target) {
        sysregs_ = target;
        core_.forget_ext_sysregs();
    }
    // Device reads that need no synchronisation when no event falls before
    // the CPU's local time (none without it: every device access synchronises).
    void set_access_timing(vp::access_timing_if* timing) { timing_ = timing; }
    // The levels of this CPU's inputs after a device access, where known
    // without delta cycles (none without it: every access lets them run).
    void set_line_view(vp::line_view_if* view) { view_ = view; }
    void set_el_observed(bool on) { el_observed_ = on; }

    // Results and counters.
    bool exited() const { return core_.exited(); }
    int exit_code() const { return core_.exit_code(); }
    uint64_t instructions() const { return core_.instructions(); }
    uint64_t interrupts_taken(irq_kind k, unsigned el) const { return core_.interrupts_taken(k, el); }
    uint64_t wfi_count() const { return wfi_count_; }
    uint64_t device_accesses() const { return device_accesses_; }
    // The CPU's local time (SystemC time + the offset it runs ahead).
    sc_core::sc_time local_time() const;
    uint64_t local_time_value() const; // the same in resolution units (sc_time::value())

    cpu::core& core() { return core_; }
    const params& parameters() const { return params_; }

    // ---- debugging and tracing (before sc_start) ----
    void set_debugger(cpu_debugger* d) { debugger_ = d; }
    void set_tracer(cpu_tracer* t, const trace_categories& c);
    // What the debugger needs checked from now on (any time; cheap when off).
    void set_debug_checks(bool instructions, bool data_accesses);
    // Debug transport (transport_dbg) at a virtual address of the current
    // regime: no side effects on devices, no time. A write also drops
    // decoded code it overlaps. Returns bytes done (stops at an unmapped page).
    unsigned debug_read(uint64_t va, void* data, unsigned size);
    unsigned debug_write(uint64_t va, const void* data, unsigned size);

private:
    class quantum_keeper : public tlm_utils::tlm_quantumkeeper {
    public:
        sc_core::sc_time quantum;
        sc_core::sc_time next_sync_point() const { return m_next_sync_point; }

    protected:
        sc_core::sc_time compute_local_quantum() override {
            // Next multiple of the quantum (as tlm_global_quantum does).
            const sc_core::sc_time now = sc_core::sc_time_stamp();
            if (quantum == sc_core::SC_ZERO_TIME) return sc_core::SC_ZERO_TIME;
            const sc_dt::uint64 qv = quantum.value(), nv = now.value();
            return sc_core::sc_time::from_value(qv - nv % qv);
        }
    };

    void start_of_simulation() override;
    void run_thread();
    void wait_power_on();      // while off: wait, then reset at the requested entry
    void account();            // fold executed instructions into the quantum keeper
    void sync();               // wait for the local offset
    void settle();             // let line changes propagate, then sample the lines
    void sample_lines();
    void wait_for_interrupt();
    void acquire_dmi(uint64_t addr, bool code); // code: asked for a fetch (or at the PC)
    void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);
    bool transport(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned size, bool fetch = false);
    bool quiet_until_local_time();
    bool read_ahead_allowed(uint64_t addr, unsigned size);

    // core_env
    bool bus_read(uint64_t addr, void* data, unsigned size, bool fetch) override;
    bool bus_write(uint64_t addr, const void* data, unsigned size) override;
    bool ext_sysreg_implements(uint32_t key) const override;
    sysreg_result ext_sysreg_read(uint32_t key, unsigned el, bool tge, uint64_t& value) override;
    sysreg_result ext_sysreg_write(uint32_t key, unsigned el, bool tge, uint64_t value) override;
    void interaction_begin() override { sync(); }
    void interaction_end() override { settle(); }
    void console_write(const char* data, std::size_t size) override;
    uint64_t elapsed_ns() const override;
    void warn(const char* message) override;
    void el_changed(unsigned el) override;
    void pmu_interrupt(bool level) override;
    bool firmware_call(core_env::conduit via) override { return firmware_ && firmware_(*this, via); }

    // core_observer: forwards to the debugger and the tracer.
    bool before_instruction(uint64_t pc) override;
    bool before_access(uint64_t addr, unsigned size, bool write) override;
    void exception_entered(unsigned from_el, unsigned kind) override;
    void exception_returned(unsigned from_el) override;
    void sysreg_accessed(uint32_t key, bool read, uint64_t value, bool done) override;
    void update_observer();
    unsigned debug_transport(tlm::tlm_command cmd, uint64_t pa, unsigned char* data, unsigned size);

    params params_;
    cpu::core core_;
    vp::sysreg_target_if* sysregs_ = nullptr;
    vp::access_timing_if* timing_ = nullptr;
    vp::line_view_if* view_ = nullptr;
    // Lines taken from view_ while their drives are still pending in this
    // time step: the signals lag until this thread next yields.
    bool lines_ahead_ = false;
    quantum_keeper qk_;
    uint64_t accounted_ = 0; // instructions already folded into qk_

    tlm::tlm_generic_payload trans_;
    // DMI window: requested between run() calls only (the decode cache must
    // not change under a running instruction).
    bool dmi_mapped_ = false;
    bool dmi_invalidated_ = false;
    bool dmi_wanted_ = false;
    bool dmi_tried_ = false;             // asked for DMI at the PC since the last invalidation
    uint64_t dmi_refused_addr_ = ~0ull;  // last address a DMI request was refused for
    uint64_t dmi_want_addr_ = 0;
    bool dmi_want_fetch_ = false; // the access that hinted DMI was a fetch
    uint64_t dmi_lo_ = 0, dmi_hi_ = 0;
    uint64_t other_lo_ = 1, other_hi_ = 0; // a read-write region granted while RAM was mapped (none: empty)
    // Read-only memory granted by DMI (boot flash): fetches and reads copy
    // from it without a transaction. It has no side effect on reads and its
    // contents change only after an invalidation, so reading it ahead of the
    // SystemC time gives what a transaction would. Dropped at once on
    // invalidation: nothing holds the pointer between accesses. Two grants
    // are kept, so that code in flash may read another part of it (erased
    // flash is granted by windows) without trading grants: a grant for code
    // takes the slot the core decodes from (rom_code_), a grant for data the
    // other one; with no code slot, the one used less recently goes.
    struct rom_region {
        const uint8_t* ptr = nullptr;
        uint64_t lo = 0, hi = 0; // inclusive
        sc_core::sc_time latency;
        bool holds(uint64_t addr, unsigned size) const {
            return ptr && addr >= lo && addr <= hi && size - 1 <= hi - addr;
        }
    };
    rom_region rom_[2];
    unsigned rom_used_ = 0; // the slot of the last hit
    int rom_code_ = -1;     // the slot the core decodes code from (map_rom_code), if any
    const rom_region* find_rom(uint64_t addr, unsigned size) {
        for (unsigned k = 0; k < 2; ++k)
            if (rom_[k].holds(addr, size)) {
                rom_used_ = k;
                return &rom_[k];
            }
        return nullptr;
    }
    bool in_rom(uint64_t addr, unsigned size) const { return rom_[0].holds(addr, size) || rom_[1].holds(addr, size); }
    void map_rom_code(); // gives the core rom_code_'s region to decode from, when nothing changes by it

    firmware_handler firmware_;
    bool powered_ = true;
    uint64_t boot_x0_ = 0;
    uint64_t on_entry_ = 0, on_context_ = 0;
    unsigned on_el_ = 2;
    sc_core::sc_event power_on_event_;
    // The four lines' change events, built once (a WFI waits on them).
    sc_core::sc_event_or_list line_events_;

    bool el_observed_ = true;
    uint64_t wfi_count_ = 0;
    uint64_t device_accesses_ = 0;

    cpu_debugger* debugger_ = nullptr;
    cpu_tracer* tracer_ = nullptr;
    trace_categories trace_;
    bool debug_instructions_ = false, debug_accesses_ = false;
};

} // namespace vp::cpu
