// Uses the bus components through add_subdirectory(components): a RAM behind
// the router, read through a debug access.
#include <cstdio>

#include <tlm_utils/simple_initiator_socket.h>

#include "bus/memory.h"
#include "bus/router.h"

namespace {
struct host : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<host> socket{"socket"};
    explicit host(sc_core::sc_module_name n) : sc_core::sc_module(n) {}
};
} // namespace

int sc_main(int, char*[]) {
    vp::bus::router bus("bus");
    vp::bus::memory ram("ram", 0x1000);
    host h("host");
    auto& cpu = h.socket;
    cpu.bind(bus.target_socket);
    bus.initiator_socket.bind(ram.socket);
    bus.map(0x80000000, 0x1000, 0, "ram");
    ram.data()[0x10] = 0xab;
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    unsigned char byte = 0;
    tlm::tlm_generic_payload t;
    t.set_read();
    t.set_address(0x80000010);
    t.set_data_ptr(&byte);
    t.set_data_length(1);
    t.set_streaming_width(1);
    cpu->transport_dbg(t);
    std::printf("offset 0x10 -> 0x%02x\n", byte);
    return 0;
}
