// vp::platform::psci — the Power State Coordination Interface (Arm DEN0022,
// PSCI 1.1) answered by the platform itself, as QEMU's virt machine does when
// it has no EL3 firmware: an SMC (or HVC, per --psci) whose function ID is in
// the PSCI range is handled here instead of executed; any other call keeps
// the architectural behaviour (SMC UNDEFINED, HVC taken to EL2).
//
// Functions: PSCI_VERSION, PSCI_FEATURES, CPU_SUSPEND (standby: returns at
// once, as a wake-up may come at any time), CPU_OFF, CPU_ON, AFFINITY_INFO,
// MIGRATE_INFO_TYPE (2: no Trusted OS), SYSTEM_OFF, SYSTEM_RESET; the rest
// of the range returns NOT_SUPPORTED. CPU_ON starts the target at EL2, the
// highest EL (as QEMU does, whatever the caller's EL), MMU off, X0 = context id.
// SYSTEM_OFF and SYSTEM_RESET end the simulation (vp then exits 0, as
// QEMU with -no-reboot).
#pragma once

#include <cstdint>
#include <vector>

#include "cpu/aarch64_cpu.h"

namespace vp::platform {

enum class psci_conduit { none, smc, hvc };

class psci {
public:
    // PSCI return codes (DEN0022 5.2.2).
    enum : int32_t {
        success = 0, not_supported = -1, invalid_parameters = -2, denied = -3, already_on = -4,
        on_pending = -5, internal_failure = -6, not_present = -7, disabled = -8, invalid_address = -9
    };
    // Function IDs (SMC32 form; the SMC64 form sets bit 30).
    enum : uint32_t {
        fn_version = 0x84000000, fn_cpu_suspend = 0x84000001, fn_cpu_off = 0x84000002, fn_cpu_on = 0x84000003,
        fn_affinity_info = 0x84000004, fn_migrate = 0x84000005, fn_migrate_info_type = 0x84000006,
        fn_migrate_info_up_cpu = 0x84000007, fn_system_off = 0x84000008, fn_system_reset = 0x84000009,
        fn_features = 0x8400000a
    };
    static constexpr uint32_t version = 0x00010001; // 1.1
    enum class request { none, system_off, system_reset };

    psci(psci_conduit conduit, std::vector<cpu::aarch64_cpu*> cpus);

    psci_conduit conduit() const { return conduit_; }
    // The core_env::firmware_call of `caller`: true when answered.
    bool call(cpu::aarch64_cpu& caller, cpu::core_env::conduit via);
    // What the guest asked of the system (SYSTEM_OFF/RESET), if anything.
    request system_request() const { return request_; }

private:
    int64_t dispatch(cpu::aarch64_cpu& caller, uint32_t fn, bool smc64);
    int64_t cpu_on(cpu::aarch64_cpu& caller, uint64_t mpidr, uint64_t entry, uint64_t context);
    int64_t affinity_info(uint64_t mpidr, uint64_t level) const;
    cpu::aarch64_cpu* find(uint64_t mpidr) const;
    bool implemented(uint32_t fn) const;
    void end_simulation(cpu::aarch64_cpu& caller, request r);

    psci_conduit conduit_;
    std::vector<cpu::aarch64_cpu*> cpus_;
    request request_ = request::none;
};

} // namespace vp::platform
