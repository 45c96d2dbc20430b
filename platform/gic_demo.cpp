// gic_demo: drives a two-CPU gic400 through its TLM sockets and lines, the
// way firmware and devices would, and prints what happens with simulated
// time stamps. Exit code 0 when every step behaved as IHI 0048B says, 1
// otherwise, so it doubles as a smoke test.
//
//   build/platform/gic_demo
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <cstring>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "common/cpu_index_extension.h"
#include "gic/gic400.h"

using namespace sc_core;
using namespace vp::gic;

namespace {

// A stand-in for the CPUs: issues GIC register accesses tagged with a CPU
// index and watches both CPUs' irq lines.
class demo_cpu : public sc_module {
public:
    tlm_utils::simple_initiator_socket<demo_cpu> gicd{"gicd"};
    tlm_utils::simple_initiator_socket<demo_cpu> gicc{"gicc"};
    sc_in<bool> irq0{"irq0"}, irq1{"irq1"};
    sc_signal<bool> timer_line{"timer_line"}; // PPI 27 of CPU 0 (a virtual timer)
    sc_signal<bool> uart_line{"uart_line"};   // SPI 33
    unsigned failures = 0;

    explicit demo_cpu(sc_module_name n) : sc_module(n) {
        SC_HAS_PROCESS(demo_cpu);
        SC_THREAD(firmware);
        SC_THREAD(devices);
        SC_METHOD(watch);
        sensitive << irq0 << irq1;
        dont_initialize();
    }

private:
    uint32_t access(tlm_utils::simple_initiator_socket<demo_cpu>& s, tlm::tlm_command cmd, uint64_t addr,
                    uint32_t value, unsigned cpu) {
        tlm::tlm_generic_payload t;
        vp::cpu_index_extension ext(cpu);
        unsigned char data[4];
        std::memcpy(data, &value, 4);
        t.set_command(cmd);
        t.set_address(addr);
        t.set_data_ptr(data);
        t.set_data_length(4);
        t.set_streaming_width(4);
        t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        t.set_extension(&ext);
        sc_time delay = SC_ZERO_TIME;
        s->b_transport(t, delay);
        t.clear_extension(&ext);
        if (t.get_response_status() != tlm::TLM_OK_RESPONSE)
            check(false, "bus error response");
        std::memcpy(&value, data, 4);
        return value;
    }
    void dwrite(uint64_t off, uint32_t v, unsigned cpu = 0) { access(gicd, tlm::TLM_WRITE_COMMAND, off, v, cpu); }
    uint32_t cread(uint64_t off, unsigned cpu) { return access(gicc, tlm::TLM_READ_COMMAND, off, 0, cpu); }
    void cwrite(uint64_t off, uint32_t v, unsigned cpu) { access(gicc, tlm::TLM_WRITE_COMMAND, off, v, cpu); }
    // Lets signal writes propagate: line -> GIC input logic -> irq (two hops).
    void settle() {
        wait(SC_ZERO_TIME);
        wait(SC_ZERO_TIME);
    }

    void check(bool ok, const char* what) {
        if (!ok) {
            ++failures;
            std::printf("%-8s   !! unexpected: %s\n", sc_time_stamp().to_string().c_str(), what);
        }
    }
    void say(const char* text) { std::printf("%-8s   %s\n", sc_time_stamp().to_string().c_str(), text); }
    uint32_t ack(unsigned cpu) {
        const uint32_t iar = cread(gicc::IAR, cpu);
        std::printf("%-8s   cpu%u: GICC_IAR -> %u (CPUID %u), GICC_RPR = 0x%02x\n", sc_time_stamp().to_string().c_str(),
                    cpu, iar & 0x3FF, (iar >> 10) & 7, cread(gicc::RPR, cpu));
        return iar;
    }
    void eoi(uint32_t iar, unsigned cpu) {
        cwrite(gicc::EOIR, iar, cpu);
        std::printf("%-8s   cpu%u: GICC_EOIR <- %u\n", sc_time_stamp().to_string().c_str(), cpu, iar & 0x3FF);
    }

    void watch() {
        std::printf("%-8s   irq[0] = %d, irq[1] = %d\n", sc_time_stamp().to_string().c_str(), irq0.read(), irq1.read());
    }

    // Interrupt sources: the timer raises PPI 27 at 10 ns and lowers it at
    // 60 ns; the UART raises SPI 33 at 20 ns and lowers it at 40 ns.
    void devices() {
        wait(10, SC_NS);
        say("timer: PPI 27 line rises (level-sensitive)");
        timer_line.write(true);
        wait(10, SC_NS);
        say("uart:  SPI 33 line rises (higher priority)");
        uart_line.write(true);
        wait(20, SC_NS);
        say("uart:  SPI 33 line falls");
        uart_line.write(false);
        wait(20, SC_NS);
        say("timer: PPI 27 line falls");
        timer_line.write(false);
    }

    void firmware() {
        say("boot: GICD_CTLR.EnableGrp0, PPI 27 prio 0xA0, SPI 33 prio 0x40 -> cpu0, GICC_PMR 0xF0");
        dwrite(gicd::CTLR, 1);
        dwrite(gicd::IPRIORITYR + 24, 0xA0000000); // INTID 27
        dwrite(gicd::ISENABLER, 1u << 27);
        dwrite(gicd::IPRIORITYR + 32, 0x00004000); // INTID 33
        dwrite(gicd::ITARGETSR + 32, 0x00000100);  // INTID 33 -> CPU 0
        dwrite(gicd::ISENABLER + 4, 1u << 1);
        for (unsigned cpu = 0; cpu < 2; ++cpu) {
            cwrite(gicc::PMR, 0xF0, cpu);
            cwrite(gicc::CTLR, 1, cpu);
        }

        wait(irq0.posedge_event());
        check(sc_time_stamp() == sc_time(10, SC_NS), "irq[0] should rise at 10 ns");
        const uint32_t timer = ack(0);
        check((timer & 0x3FF) == 27, "IAR should return 27");
        settle();
        check(!irq0.read(), "active level interrupt must not be signalled");

        wait(irq0.posedge_event());
        say("cpu0: SPI 33 preempts the timer handler");
        check(sc_time_stamp() == sc_time(20, SC_NS), "irq[0] should rise at 20 ns");
        const uint32_t uart = ack(0);
        check((uart & 0x3FF) == 33, "IAR should return 33");
        wait(25, SC_NS);
        eoi(uart, 0);
        check(cread(gicc::RPR, 0) == 0xA0, "running priority back to the timer's");

        wait(5, SC_NS);
        say("cpu0: EOI of PPI 27 while its line is still high");
        eoi(timer, 0);
        settle();
        check(irq0.read(), "a still-high level interrupt is re-signalled at once");
        const uint32_t again = ack(0);
        check((again & 0x3FF) == 27, "IAR should return 27 again");
        wait(15, SC_NS); // line falls at 60 ns
        eoi(again, 0);
        settle();
        check(!irq0.read(), "nothing pending after the line fell");

        wait(10, SC_NS);
        say("cpu0: GICD_SGIR: SGI 3 to cpu1 (TargetListFilter 0b00)");
        dwrite(gicd::SGIR, (0u << 24) | (0x02u << 16) | 3u, 0);
        settle();
        check(irq1.read() && !irq0.read(), "SGI signalled to cpu1 only");
        const uint32_t sgi = ack(1);
        check(sgi == (3u | (0u << 10)), "IAR = SGI 3 from CPU 0");
        eoi(sgi, 1);

        say("cpu1: GICD_SGIR: SGI 5 to all other CPUs (TargetListFilter 0b01)");
        dwrite(gicd::SGIR, (1u << 24) | 5u, 1);
        settle();
        const uint32_t sgi5 = ack(0);
        check(sgi5 == (5u | (1u << 10)), "IAR = SGI 5 from CPU 1");
        eoi(sgi5, 0);
        check(cread(gicc::IAR, 0) == spurious_intid, "spurious 1023 when nothing is pending");
        say("cpu0: GICC_IAR -> 1023 (spurious)");
        settle();
        sc_stop();
    }
};

} // namespace

// SystemC prints its banner when the kernel starts unless this is set: set it
// before sc_elab_and_sim, so that the output is this program's own.
int main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    return sc_core::sc_elab_and_sim(argc, argv);
}

int sc_main(int, char*[]) {
    gic_params params;
    params.num_cpus = 2;
    gic400 gic("gic", params);
    demo_cpu cpu("cpu");
    sc_signal<bool> irq0("irq0"), irq1("irq1"), fiq0("fiq0"), fiq1("fiq1");
    cpu.gicd.bind(gic.gicd);
    cpu.gicc.bind(gic.gicc);
    gic.irq[0](irq0);
    gic.irq[1](irq1);
    gic.fiq[0](fiq0);
    gic.fiq[1](fiq1);
    cpu.irq0(irq0);
    cpu.irq1(irq1);
    gic.ppi_in(0, 27)(cpu.timer_line);
    gic.spi_in(33)(cpu.uart_line);

    sc_report_handler::set_actions("/OSCI/SystemC", SC_INFO, SC_DO_NOTHING); // "stopped by user"
    std::printf("gic_demo: GIC-400 model, %u CPUs, %u interrupt IDs, %u priority bits\n", params.num_cpus,
                params.num_interrupts, params.priority_bits);
    sc_start(1, SC_US);
    std::printf("gic_demo: %s (%u unexpected)\n", cpu.failures ? "FAILED" : "all steps as specified", cpu.failures);
    return cpu.failures ? 1 : 0;
}
