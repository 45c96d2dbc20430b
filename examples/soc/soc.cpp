// example_soc: an SoC of its own around the packaged GIC and generic timer.
//
//   driver (64-bit BUSWIDTH initiator, SC_THREAD "firmware")
//     -> soc_interconnect (this file, 64-bit)
//          -> 200 irq_device, each a 4 KiB register window and one SPI
//          -> watchdog, a PPI of its own (PPI 23 of CPU 0)
//          -> width_adapter<64, 32> -> gicv2vp GIC-400 GICD / GICC
//          -> width_adapter<64, 32> -> gicv2vp system counter (CNTControlBase)
//   generic timer CNTV -> PPI 27; the other outputs (FIQ, CNTP, CNTHP) and the
//   GIC's virtualization frames stay unbound.
//
// The driver enables every interrupt, each device raises its line at its own
// time, and the driver acknowledges (GICC_IAR), silences the device through
// its register and ends the interrupt (GICC_EOIR). It prints what it took.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <gicv2vp/bus/width_adapter.h>
#include <gicv2vp/common/cpu_index_extension.h>
#include <gicv2vp/common/sysreg_if.h>
#include <gicv2vp/gic/gic400.h>
#include <gicv2vp/timer/generic_timer.h>
#include <gicv2vp/timer/system_counter.h>

using namespace sc_core;

namespace {

constexpr unsigned bus_width = 64;
constexpr unsigned num_devices = 200;
constexpr unsigned first_device_spi = 32;
constexpr unsigned watchdog_ppi = 23;
constexpr unsigned cntv_ppi = 27;

// Memory map of this SoC.
constexpr uint64_t gicd_base = 0x2c001000, gicc_base = 0x2c002000;
constexpr uint64_t counter_base = 0x2a430000;
constexpr uint64_t watchdog_base = 0x1c0f0000;
constexpr uint64_t devices_base = 0x10000000; // device n at + n * 0x1000

// The SoC's interconnect: decodes by a window table and tells targets which
// initiator port a transaction came from (the package's cpu_index_extension).
class soc_interconnect : public sc_module {
public:
    tlm_utils::multi_passthrough_target_socket<soc_interconnect, bus_width> from_initiators;
    tlm_utils::multi_passthrough_initiator_socket<soc_interconnect, bus_width> to_targets;

    explicit soc_interconnect(sc_module_name name) : sc_module(name), from_initiators("from_initiators"),
                                                    to_targets("to_targets") {
        from_initiators.register_b_transport(this, &soc_interconnect::b_transport);
        from_initiators.register_transport_dbg(this, &soc_interconnect::transport_dbg);
    }
    // Binds `target` to the next port and maps [base, base + size) to it.
    template <class Socket>
    void attach(Socket& target, uint64_t base, uint64_t size) {
        windows_.push_back({base, size, unsigned(windows_.size())});
        to_targets.bind(target);
    }

private:
    struct window {
        uint64_t base, size;
        unsigned port;
    };
    const window* decode(uint64_t addr) const {
        for (const auto& w : windows_)
            if (addr >= w.base && addr - w.base < w.size)
                return &w;
        return nullptr;
    }
    void b_transport(int port, tlm::tlm_generic_payload& trans, sc_time& delay) {
        const uint64_t addr = trans.get_address();
        const window* w = decode(addr);
        if (!w) {
            trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        vp::cpu_index_extension cpu{unsigned(port)};
        const bool tag = trans.get_extension<vp::cpu_index_extension>() == nullptr;
        if (tag)
            trans.set_extension(&cpu);
        trans.set_address(addr - w->base);
        to_targets[w->port]->b_transport(trans, delay);
        trans.set_address(addr);
        if (tag)
            trans.clear_extension(&cpu);
    }
    unsigned transport_dbg(int, tlm::tlm_generic_payload& trans) {
        const uint64_t addr = trans.get_address();
        const window* w = decode(addr);
        if (!w)
            return 0;
        trans.set_address(addr - w->base);
        const unsigned n = to_targets[w->port]->transport_dbg(trans);
        trans.set_address(addr);
        return n;
    }
    std::vector<window> windows_;
};

// A device with one interrupt line: raises it at `when`, lowers it when
// software writes its CLEAR register (offset 0).
class irq_device : public sc_module {
public:
    tlm_utils::simple_target_socket<irq_device, bus_width> socket;
    sc_out<bool> irq;

    SC_HAS_PROCESS(irq_device);
    irq_device(sc_module_name name, sc_time when) : sc_module(name), socket("socket"), irq("irq"), when_(when) {
        socket.register_b_transport(this, &irq_device::b_transport);
        SC_THREAD(raise);
        SC_METHOD(drive);
        sensitive << changed_;
        dont_initialize();
    }

private:
    void raise() {
        wait(when_);
        level_ = true;
        changed_.notify(SC_ZERO_TIME);
    }
    void drive() { irq.write(level_); }
    void b_transport(tlm::tlm_generic_payload& trans, sc_time&) {
        if (trans.is_write() && trans.get_address() == 0) {
            level_ = false;
            changed_.notify(SC_ZERO_TIME);
        }
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    sc_time when_;
    bool level_ = false;
    sc_event changed_;
};

// The "firmware": a 64-bit initiator that drives the GIC like a CPU would.
class driver : public sc_module {
public:
    tlm_utils::simple_initiator_socket<driver, bus_width> socket;
    sc_in<bool> irq;

    SC_HAS_PROCESS(driver);
    driver(sc_module_name name, vp::sysreg_target_if& timer) : sc_module(name), socket("socket"), irq("irq"),
                                                              timer_(timer) {
        SC_THREAD(run);
    }

    std::vector<unsigned> taken;
    std::vector<sc_time> taken_at;

private:
    uint32_t access(tlm::tlm_command cmd, uint64_t addr, uint32_t value = 0) {
        tlm::tlm_generic_payload trans;
        sc_time delay = SC_ZERO_TIME;
        trans.set_command(cmd);
        trans.set_address(addr);
        trans.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
        trans.set_data_length(4);
        trans.set_streaming_width(4);
        trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        socket->b_transport(trans, delay);
        if (!trans.is_response_ok())
            SC_REPORT_ERROR("example_soc", ("bus error at 0x" + std::to_string(addr)).c_str());
        wait(delay);
        return value;
    }
    uint32_t read(uint64_t addr) { return access(tlm::TLM_READ_COMMAND, addr); }
    void write(uint64_t addr, uint32_t v) { access(tlm::TLM_WRITE_COMMAND, addr, v); }
    void sysreg_write(uint32_t key, uint64_t v) {
        vp::sysreg_context ctx;
        ctx.cpu = 0;
        ctx.el = 2;
        ctx.now = sc_time_stamp();
        timer_.write(ctx, key, v);
    }

    void run() {
        const uint32_t typer = read(gicd_base + 0x004); // GICD_TYPER
        std::cout << "soc: GICD_TYPER.ITLinesNumber = " << (typer & 0x1f) << " ("
                  << 32 * ((typer & 0x1f) + 1) << " interrupt IDs), bus width " << bus_width << "\n";
        // Distributor: every SPI of a device and the two PPIs, priority 0xa0, to CPU 0.
        for (unsigned id = 0; id < first_device_spi + num_devices; id += 32) {
            uint32_t bits = 0;
            for (unsigned b = 0; b < 32; ++b) {
                const unsigned i = id + b;
                if ((i >= first_device_spi && i < first_device_spi + num_devices) || i == watchdog_ppi ||
                    i == cntv_ppi)
                    bits |= 1u << b;
            }
            write(gicd_base + 0x100 + id / 8, bits); // GICD_ISENABLERn
        }
        for (unsigned id = first_device_spi; id < first_device_spi + num_devices; id += 4) {
            write(gicd_base + 0x400 + id, 0xa0a0a0a0);  // GICD_IPRIORITYRn
            write(gicd_base + 0x800 + id, 0x01010101);  // GICD_ITARGETSRn: CPU 0
        }
        write(gicd_base + 0x400 + 20, 0xa0a0a0a0); // PPIs 20..23
        write(gicd_base + 0x400 + 24, 0xa0a0a0a0); // PPIs 24..27
        write(gicd_base + 0x000, 1);               // GICD_CTLR.EnableGrp0
        write(gicc_base + 0x004, 0xf0);            // GICC_PMR
        write(gicc_base + 0x000, 1);               // GICC_CTLR.EnableGrp0

        // The virtual timer fires 3 us from now (the counter runs at 62.5 MHz).
        constexpr uint32_t cntv_ctl = vp::sysreg_key(3, 3, 14, 3, 1), cntv_cval = vp::sysreg_key(3, 3, 14, 3, 2);
        sysreg_write(cntv_cval, uint64_t(3e-6 * 62.5e6) + uint64_t(sc_time_stamp().to_seconds() * 62.5e6));
        sysreg_write(cntv_ctl, 1); // ENABLE

        const unsigned expected = num_devices + 2;
        while (taken.size() < expected) {
            if (!irq.read())
                wait(irq.posedge_event() | timeout_);
            if (!irq.read()) {
                std::cout << "soc: no interrupt for too long\n";
                break;
            }
            const uint32_t iar = read(gicc_base + 0x00c); // GICC_IAR
            const unsigned id = iar & 0x3ff;
            if (id >= first_device_spi && id < first_device_spi + num_devices)
                write(devices_base + uint64_t(id - first_device_spi) * 0x1000, 1); // device CLEAR
            else if (id == watchdog_ppi)
                write(watchdog_base, 1);
            else if (id == cntv_ppi)
                sysreg_write(cntv_ctl, 0);
            else if (id == 1023)
                continue; // spurious
            taken.push_back(id);
            taken_at.push_back(sc_time_stamp());
            write(gicc_base + 0x010, iar); // GICC_EOIR
        }
        sc_stop();
    }

    vp::sysreg_target_if& timer_;
    sc_event timeout_;
};

} // namespace

// SystemC prints its banner when the kernel starts unless this is set: set it
// before sc_elab_and_sim, so that the output is this program's own.
int main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    return sc_core::sc_elab_and_sim(argc, argv);
}

int sc_main(int, char*[]) {
    soc_interconnect bus("bus");
    vp::gic::gic_params params;
    params.num_cpus = 1;
    params.num_interrupts = 256; // 224 SPIs: room for the 200 devices
    vp::gic::gic400 gic("gic", params);
    vp::timer::system_counter counter("counter", 62'500'000);
    vp::timer::generic_timer timer("timer", 1);
    vp::bus::width_adapter<bus_width, 32> to_gicd("to_gicd"), to_gicc("to_gicc"), to_counter("to_counter");
    driver cpu("cpu", timer);

    cpu.socket.bind(bus.from_initiators);
    std::vector<std::unique_ptr<irq_device>> devices;
    std::vector<std::unique_ptr<sc_signal<bool>>> lines;
    for (unsigned n = 0; n < num_devices; ++n) {
        devices.push_back(std::make_unique<irq_device>(("dev" + std::to_string(n)).c_str(),
                                                       sc_time(5 + 0.1 * n, SC_US)));
        lines.push_back(std::make_unique<sc_signal<bool>>(("dev" + std::to_string(n) + "_irq").c_str()));
        devices.back()->irq.bind(*lines.back());
        gic.spi_in(first_device_spi + n).bind(*lines.back());
        bus.attach(devices.back()->socket, devices_base + n * 0x1000ull, 0x1000);
    }
    irq_device watchdog("watchdog", sc_time(1, SC_US));
    sc_signal<bool> watchdog_irq("watchdog_irq");
    watchdog.irq.bind(watchdog_irq);
    gic.ppi_in(0, watchdog_ppi).bind(watchdog_irq);
    bus.attach(watchdog.socket, watchdog_base, 0x1000);

    bus.attach(to_gicd.target_socket, gicd_base, 0x1000);
    to_gicd.initiator_socket.bind(gic.gicd);
    bus.attach(to_gicc.target_socket, gicc_base, 0x2000);
    to_gicc.initiator_socket.bind(gic.gicc);
    bus.attach(to_counter.target_socket, counter_base, 0x1000);
    to_counter.initiator_socket.bind(counter.control_socket);

    timer.counter.bind(counter);
    sc_signal<bool> cntv("cntv"), cpu_irq("cpu_irq");
    timer.cntvirq[0].bind(cntv);
    gic.ppi_in(0, cntv_ppi).bind(cntv);
    gic.irq[0].bind(cpu_irq);
    cpu.irq.bind(cpu_irq);

    sc_start(sc_time(1, SC_MS));

    std::set<unsigned> spis;
    sc_time watchdog_at, cntv_at;
    for (size_t i = 0; i < cpu.taken.size(); ++i) {
        const unsigned id = cpu.taken[i];
        if (id >= first_device_spi && id < first_device_spi + num_devices)
            spis.insert(id);
        else if (id == watchdog_ppi)
            watchdog_at = cpu.taken_at[i];
        else if (id == cntv_ppi)
            cntv_at = cpu.taken_at[i];
    }
    std::cout << "soc: " << spis.size() << " of " << num_devices << " device SPIs taken, each once: "
              << (spis.size() == cpu.taken.size() - 2 ? "yes" : "no") << "\n";
    std::cout << "soc: watchdog PPI " << watchdog_ppi << " taken at " << watchdog_at << "\n";
    std::cout << "soc: timer CNTV PPI " << cntv_ppi << " taken at " << cntv_at << "\n";
    const bool ok = spis.size() == num_devices && watchdog_at != SC_ZERO_TIME && cntv_at != SC_ZERO_TIME;
    std::cout << "soc: " << (ok ? "PASS" : "FAIL") << "\n";
    return ok ? 0 : 1;
}
