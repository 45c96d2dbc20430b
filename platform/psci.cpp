#include "psci.h"

namespace vp::platform {

namespace {
constexpr uint64_t mpidr_affinity = 0xff00ffffffull; // Aff3, Aff2, Aff1, Aff0
}

psci::psci(psci_conduit conduit, std::vector<cpu::aarch64_cpu*> cpus) : conduit_(conduit), cpus_(std::move(cpus)) {}

bool psci::call(cpu::aarch64_cpu& caller, cpu::core_env::conduit via) {
    const bool ours = (conduit_ == psci_conduit::smc && via == cpu::core_env::conduit::smc) ||
                      (conduit_ == psci_conduit::hvc && via == cpu::core_env::conduit::hvc);
    const uint32_t fn = uint32_t(caller.core().x(0));
    // The PSCI range of the Standard Secure Service calls (SMCCC): 0x84000000-1F, 0xC4000000-1F.
    if (!ours || (fn & ~(1u << 30) & ~0x1fu) != 0x84000000u)
        return false;
    const bool smc64 = fn & (1u << 30);
    const int64_t r = dispatch(caller, fn & ~(1u << 30), smc64);
    // Sign-extended in X0 for both forms, as QEMU writes it (an SMC32 caller reads W0).
    caller.core().set_x(0, uint64_t(r));
    return true;
}

bool psci::implemented(uint32_t fn) const {
    switch (fn & ~(1u << 30)) {
    case fn_version: case fn_cpu_suspend: case fn_cpu_off: case fn_cpu_on: case fn_affinity_info:
    case fn_migrate_info_type: case fn_system_off: case fn_system_reset: case fn_features:
        return true;
    default:
        return false;
    }
}

int64_t psci::dispatch(cpu::aarch64_cpu& caller, uint32_t fn, bool smc64) {
    const cpu::core& c = caller.core();
    auto arg = [&](unsigned n) { return smc64 ? c.x(n) : uint64_t(uint32_t(c.x(n))); };
    switch (fn) {
    case fn_version:
        return version;
    case fn_features: {
        const uint32_t queried = uint32_t(c.x(1));
        // Only the 32-bit IDs of VERSION, OFF, SYSTEM_* and FEATURES exist in one form.
        const bool only32 = queried == fn_version || queried == fn_cpu_off || queried == fn_system_off ||
                            queried == fn_system_reset || queried == fn_features ||
                            queried == fn_migrate_info_type;
        if ((queried & ~(1u << 30) & ~0x1fu) != 0x84000000u || !implemented(queried) ||
            (only32 && (queried & (1u << 30))))
            return not_supported;
        return success; // CPU_SUSPEND: original power_state format, no OS-initiated mode
    }
    case fn_cpu_suspend:
        return success; // a standby state: the core may be woken at any time
    case fn_cpu_off:
        caller.power_off();
        return success; // not seen: the CPU stops
    case fn_cpu_on:
        return cpu_on(caller, arg(1), arg(2), arg(3));
    case fn_affinity_info:
        return affinity_info(arg(1), arg(2));
    case fn_migrate_info_type:
        return 2; // Trusted OS not present or does not require migration
    case fn_system_off:
        end_simulation(caller, request::system_off);
        return success;
    case fn_system_reset:
        end_simulation(caller, request::system_reset);
        return success;
    default:
        return not_supported;
    }
}

cpu::aarch64_cpu* psci::find(uint64_t mpidr) const {
    for (auto* cpu : cpus_)
        if ((cpu->core().config().mpidr & mpidr_affinity) == (mpidr & mpidr_affinity))
            return cpu;
    return nullptr;
}

int64_t psci::cpu_on(cpu::aarch64_cpu& caller, uint64_t mpidr, uint64_t entry, uint64_t context) {
    cpu::aarch64_cpu* target = find(mpidr);
    if (!target)
        return invalid_parameters;
    if (target->powered())
        return already_on;
    if (entry & 3)
        return invalid_address;
    // DEN0022 6.4.3: the target starts in the highest EL implemented and
    // enabled (EL2 here, whatever the caller's; QEMU does the same), so a
    // kernel that boots at EL2 finds every CPU at EL2 (else KVM is disabled).
    (void)caller;
    target->power_on(entry, context, 2);
    return success;
}

int64_t psci::affinity_info(uint64_t mpidr, uint64_t level) const {
    if (level > 0) {
        // One cluster: ON when any CPU of it is on (levels above 0 are optional).
        if (level > 3)
            return invalid_parameters;
        for (auto* cpu : cpus_)
            if (cpu->powered())
                return 0;
        return 1;
    }
    const cpu::aarch64_cpu* target = find(mpidr);
    if (!target)
        return invalid_parameters;
    return target->powered() ? 0 : 1; // ON, OFF
}

void psci::end_simulation(cpu::aarch64_cpu& caller, request r) {
    request_ = r;
    for (auto* cpu : cpus_)
        if (cpu == &caller)
            cpu->power_off();
    sc_core::sc_stop();
}

} // namespace vp::platform
