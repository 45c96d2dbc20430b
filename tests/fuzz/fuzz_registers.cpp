// Every register bank of the board — GICD, GICC, GICH (accessing-CPU and
// alias frames), GICV, PL011, CNTControlBase/CNTReadBase — driven by random
// sequences of accesses (every size, alignment, command, byte enables,
// streaming widths, CPU indices incl. ones that do not exist) and interrupt
// line changes, on a GIC of random shape. After every step the invariants
// below are checked; ASan/UBSan catch accesses outside the models' arrays.
//
// Modules are built fresh for every input (SystemC elaboration is never
// ended, so no simulation time passes; the register behaviour is synchronous),
// so a crash reproduces from its input alone.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <sstream>

#include <systemc>
#include <tlm>

#include "common/cpu_index_extension.h"
#include "common/log.h"
#include "fuzz_support.h"
#include "gic/gic400.h"
#include "timer/system_counter.h"
#include "uart/pl011.h"

namespace {

using fw_if = tlm::tlm_fw_transport_if<>;

// The forward interface behind a target socket (its operator-> is the backward one).
template <class Socket> fw_if& fw(Socket& s) { return *s.get_base_export().operator->(); }

struct bench {
    vp::gic::gic_params params;
    std::unique_ptr<vp::gic::gic400> gic;
    std::unique_ptr<vp::uart::pl011> uart;
    std::unique_ptr<vp::timer::system_counter> counter;
    std::ostringstream console;
};

// One access; returns the response.
tlm::tlm_response_status access(fw_if& target, unsigned cpu, tlm::tlm_command cmd, uint64_t addr, uint8_t* data,
                                unsigned len, uint8_t* be, unsigned be_len, unsigned width, bool debug) {
    tlm::tlm_generic_payload t;
    vp::cpu_index_extension ext(cpu);
    t.set_extension(&ext);
    t.set_command(cmd);
    t.set_address(addr);
    t.set_data_ptr(data);
    t.set_data_length(len);
    t.set_streaming_width(width);
    t.set_byte_enable_ptr(be);
    t.set_byte_enable_length(be_len);
    t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    if (debug) {
        target.transport_dbg(t);
    } else {
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        target.b_transport(t, delay);
    }
    t.clear_extension(&ext);
    return t.get_response_status();
}

uint32_t debug_read32(fw_if& target, unsigned cpu, uint64_t addr) {
    uint32_t v = 0;
    access(target, cpu, tlm::TLM_READ_COMMAND, addr, reinterpret_cast<uint8_t*>(&v), 4, nullptr, 0, 4, true);
    return v;
}

void check_gic(bench& b) {
    auto& dist = b.gic->dist();
    const unsigned ncpu = b.params.num_cpus;
    const unsigned nirq = b.params.implemented_intids();
    for (unsigned c = 0; c < ncpu; ++c) {
        // Register view == model state, for the pending and active bits.
        for (unsigned w = 0; w < (nirq + 31) / 32; ++w) {
            const uint32_t pend = debug_read32(fw(b.gic->gicd), c, 0x200 + 4 * w);
            const uint32_t act = debug_read32(fw(b.gic->gicd), c, 0x300 + 4 * w);
            for (unsigned bit = 0; bit < 32 && w * 32 + bit < nirq; ++bit) {
                const unsigned id = w * 32 + bit;
                FUZZ_CHECK(bool((pend >> bit) & 1) == dist.pending(id, c), "GICD_ISPENDR cpu %u INTID %u", c, id);
                FUZZ_CHECK(bool((act >> bit) & 1) == dist.active(id, c), "GICD_ISACTIVER cpu %u INTID %u", c, id);
            }
        }
        // What the CPU interface would be signalled is pending, enabled, not active.
        const auto hp = dist.highest_pending(c, true, true);
        if (hp.intid < nirq) {
            FUZZ_CHECK(dist.pending(hp.intid, c) && dist.enabled(hp.intid, c), "highest pending %u", hp.intid);
        }
        // List registers and the registers derived from them (IHI 0048B 5.3).
        const uint64_t alias = 0x1000 + 0x200 * c;
        const uint32_t misr = debug_read32(fw(b.gic->gich), c, alias + 0x10);
        const uint64_t eisr = debug_read32(fw(b.gic->gich), c, alias + 0x20) |
                              (uint64_t(debug_read32(fw(b.gic->gich), c, alias + 0x24)) << 32);
        const uint64_t elrsr = debug_read32(fw(b.gic->gich), c, alias + 0x30) |
                               (uint64_t(debug_read32(fw(b.gic->gich), c, alias + 0x34)) << 32);
        unsigned valid = 0;
        for (unsigned k = 0; k < b.params.num_list_registers; ++k) {
            const uint32_t lr = debug_read32(fw(b.gic->gich), c, alias + 0x100 + 4 * k);
            const unsigned state = (lr >> 28) & 3;
            const bool hw = (lr >> 31) & 1;
            const bool eoi = (lr >> 19) & 1;
            valid += state != 0;
            FUZZ_CHECK(((eisr >> k) & 1) == (state == 0 && !hw && eoi), "GICH_EISR bit %u, LR 0x%08x", k, lr);
            if (state != 0)
                FUZZ_CHECK(!((elrsr >> k) & 1), "GICH_ELRSR bit %u set for a valid LR 0x%08x", k, lr);
        }
        FUZZ_CHECK(((misr & 1) != 0) == (eisr != 0), "GICH_MISR.EOI 0x%x vs EISR", misr);
        // 64 list registers fill the 64-bit view: no bits beyond (and a shift by 64 is undefined).
        const unsigned n = b.params.num_list_registers;
        FUZZ_CHECK(n >= 64 || (eisr >> n) == 0, "EISR bits beyond the LRs");
        FUZZ_CHECK(n >= 64 || (elrsr >> n) == 0, "ELRSR bits beyond the LRs");
        (void)valid;
    }
}

void check_uart(bench& b) {
    const uint32_t fr = debug_read32(fw(b.uart->socket), 0, 0x18);
    FUZZ_CHECK(!((fr & (1u << 7)) && (fr & (1u << 5))), "UARTFR TXFE and TXFF 0x%x", fr);
    FUZZ_CHECK(!((fr & (1u << 4)) && (fr & (1u << 6))), "UARTFR RXFE and RXFF 0x%x", fr);
    const uint32_t imsc = debug_read32(fw(b.uart->socket), 0, 0x38), ris = debug_read32(fw(b.uart->socket), 0, 0x3c),
                   mis = debug_read32(fw(b.uart->socket), 0, 0x40);
    FUZZ_CHECK(mis == (ris & imsc), "UARTMIS 0x%x != RIS 0x%x & IMSC 0x%x", mis, ris, imsc);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    vp::log::set_level(vp::log::level::error); // guest mistakes are expected here
    sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_DO_NOTHING);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    bench b;
    b.params.num_cpus = in.ConsumeIntegralInRange<unsigned>(1, 8);
    b.params.num_interrupts = 32 * in.ConsumeIntegralInRange<unsigned>(1, 32);
    b.params.priority_bits = in.ConsumeIntegralInRange<unsigned>(4, 8);
    b.params.ppi_trigger_programmable = in.ConsumeBool();
    b.params.num_list_registers = in.ConsumeIntegralInRange<unsigned>(1, 64);
    b.gic = std::make_unique<vp::gic::gic400>("gic", b.params);
    b.uart = std::make_unique<vp::uart::pl011>("uart", b.console);
    b.uart->set_strict_enables(in.ConsumeBool());
    b.counter = std::make_unique<vp::timer::system_counter>("counter", 62500000, in.ConsumeBool());
    fw_if* frames[] = {&fw(b.gic->gicd), &fw(b.gic->gicc),          &fw(b.gic->gich),
                       &fw(b.gic->gicv), &fw(b.uart->socket),       &fw(b.counter->control_socket),
                       &fw(b.counter->read_socket)};
    const unsigned nirq = b.params.implemented_intids();

    for (unsigned step = 0; step < 256 && in.remaining_bytes() > 0; ++step) {
        const unsigned op = in.ConsumeIntegralInRange<unsigned>(0, 9);
        if (op <= 6) {
            fw_if& target = *frames[in.ConsumeIntegralInRange<unsigned>(0, 6)];
            const unsigned cpu = in.ConsumeIntegralInRange<unsigned>(0, 9); // > num_cpus: refused
            const uint64_t addr = in.ConsumeBool() ? in.ConsumeIntegral<uint64_t>()
                                                   : in.ConsumeIntegralInRange<uint64_t>(0, 0x2010);
            static const unsigned lens[] = {0, 1, 2, 3, 4, 5, 8, 16};
            const unsigned len = lens[in.ConsumeIntegralInRange<unsigned>(0, 7)];
            uint8_t buf[16] = {}, be[16] = {};
            in.ConsumeData(buf, sizeof buf);
            const bool use_be = in.ConsumeProbability<float>() < 0.1f;
            if (use_be)
                in.ConsumeData(be, sizeof be);
            const unsigned be_len = use_be ? in.ConsumeIntegralInRange<unsigned>(1, 16) : 0;
            const unsigned width = in.ConsumeProbability<float>() < 0.1f ? in.ConsumeIntegralInRange<unsigned>(0, 16)
                                                                         : len;
            static const tlm::tlm_command cmds[] = {tlm::TLM_READ_COMMAND, tlm::TLM_WRITE_COMMAND,
                                                    tlm::TLM_IGNORE_COMMAND};
            const tlm::tlm_command cmd = cmds[in.ConsumeIntegralInRange<unsigned>(0, 2)];
            const bool debug = op == 6;
            // Debug accesses of up to 16 bytes: the buffer is big enough.
            access(target, cpu, cmd, addr, buf, len, use_be ? be : nullptr, be_len, width, debug);
        } else if (op == 7) {
            if (nirq > 32) {
                const unsigned id = in.ConsumeIntegralInRange<unsigned>(32, nirq - 1);
                b.gic->dist().set_spi_line(id, in.ConsumeBool());
            }
        } else if (op == 8) {
            const unsigned cpu = in.ConsumeIntegralInRange<unsigned>(0, b.params.num_cpus - 1);
            b.gic->dist().set_ppi_line(cpu, in.ConsumeIntegralInRange<unsigned>(16, 31), in.ConsumeBool());
        } else {
            b.uart->receive(in.ConsumeIntegral<uint8_t>());
        }
        check_gic(b);
        check_uart(b);
    }
    return 0;
}
