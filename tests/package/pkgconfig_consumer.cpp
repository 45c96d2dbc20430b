// Built with nothing but `pkg-config --cflags --libs gicv2vp`: a GIC with 2
// CPUs and 480 interrupt IDs, GICD_TYPER read through its socket.
#include <cstdio>

#include <tlm_utils/simple_initiator_socket.h>

#include <gicv2vp/gic/gic400.h>

namespace {
struct host : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<host> socket{"socket"};
    explicit host(sc_core::sc_module_name n) : sc_core::sc_module(n) {}
};
} // namespace

int sc_main(int, char*[]) {
    vp::gic::gic_params p;
    p.num_cpus = 2;
    p.num_interrupts = 480;
    vp::gic::gic400 gic("gic", p);
    host h("host");
    auto& cpu = h.socket;
    cpu.bind(gic.gicd);
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    uint32_t typer = 0;
    tlm::tlm_generic_payload t;
    t.set_read();
    t.set_address(0x004);
    t.set_data_ptr(reinterpret_cast<unsigned char*>(&typer));
    t.set_data_length(4);
    t.set_streaming_width(4);
    cpu->transport_dbg(t);
    std::printf("GICD_TYPER = 0x%08x\n", typer); // CPUNumber 1 (bits 7:5), ITLinesNumber 14: 0x2e
    return 0;
}
