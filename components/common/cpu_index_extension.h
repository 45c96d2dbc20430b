// A TLM-2.0 extension that carries the index of the CPU that issued a
// transaction. Banked registers (GICD SGI/PPI registers, GICC, GICH, GICV
// "accessing CPU" frames) need it. An interconnect sets it from the initiator
// it received the transaction from; a CPU model may set it itself.
#pragma once

#include <tlm>

namespace vp {

class cpu_index_extension : public tlm::tlm_extension<cpu_index_extension> {
public:
    explicit cpu_index_extension(unsigned cpu = 0) : cpu(cpu) {}

    tlm::tlm_extension_base* clone() const override { return new cpu_index_extension(cpu); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        cpu = static_cast<const cpu_index_extension&>(other).cpu;
    }

    unsigned cpu;
};

// The CPU index of a transaction, or `fallback` when no extension is attached
// (e.g. a debugger access or a single-CPU system without an interconnect).
inline unsigned initiator_cpu(const tlm::tlm_generic_payload& trans, unsigned fallback = 0) {
    const auto* ext = trans.get_extension<cpu_index_extension>();
    return ext ? ext->cpu : fallback;
}

} // namespace vp
