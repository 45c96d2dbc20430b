// Approximately-timed (non-blocking, base protocol) initiators of another
// bus width: a 64-bit-BUSWIDTH initiator through vp::bus::width_adapter and
// the router to 32-bit targets that only implement b_transport (their
// simple_target_socket turns the phases into a b_transport call).
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>

#include "bus/memory.h"
#include "bus/router.h"
#include "bus/width_adapter.h"
#include "bus_test_support.h"
#include "testbench.h"

using namespace sc_core;

namespace {

// Issues its transactions one after the other with nb_transport_fw and walks
// the four base-protocol phases (IEEE 1666-2011 §15.2).
class at_initiator : public sc_module {
public:
    tlm_utils::simple_initiator_socket<at_initiator, 64> socket;

    struct op {
        op(tlm::tlm_command c, uint64_t a, uint32_t d) : cmd(c), address(a), data(d) {}
        tlm::tlm_command cmd;
        uint64_t address;
        uint32_t data;
        // Filled in:
        tlm::tlm_response_status status = tlm::TLM_INCOMPLETE_RESPONSE;
        uint64_t address_after = 0;
        bool extension_after = false;
        std::vector<tlm::tlm_phase> phases_seen; // on the backward path
        bool done = false;
    };
    std::vector<op> ops;

    SC_HAS_PROCESS(at_initiator);
    explicit at_initiator(sc_module_name name) : sc_module(name), socket("socket") {
        socket.register_nb_transport_bw(this, &at_initiator::nb_transport_bw);
        SC_THREAD(run);
    }

private:
    void run() {
        for (op& o : ops) {
            current_ = &o;
            tlm::tlm_generic_payload trans;
            uint32_t data = o.data;
            trans.set_command(o.cmd);
            trans.set_address(o.address);
            trans.set_data_ptr(reinterpret_cast<unsigned char*>(&data));
            trans.set_data_length(4);
            trans.set_streaming_width(4);
            trans.set_byte_enable_ptr(nullptr);
            trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
            tlm::tlm_phase phase = tlm::BEGIN_REQ;
            sc_time delay = SC_ZERO_TIME;
            tlm::tlm_sync_enum s = socket->nb_transport_fw(trans, phase, delay);
            if (s != tlm::TLM_COMPLETED) {
                if (!(s == tlm::TLM_UPDATED && phase == tlm::BEGIN_RESP))
                    wait(response_);
                phase = tlm::END_RESP;
                delay = SC_ZERO_TIME;
                socket->nb_transport_fw(trans, phase, delay);
            }
            o.status = trans.get_response_status();
            o.address_after = trans.get_address();
            o.extension_after = trans.get_extension<vp::cpu_index_extension>() != nullptr;
            o.data = data;
            o.done = true;
        }
    }
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload&, tlm::tlm_phase& phase, sc_time&) {
        current_->phases_seen.push_back(phase);
        if (phase == tlm::BEGIN_RESP)
            response_.notify(SC_ZERO_TIME);
        return tlm::TLM_ACCEPTED;
    }

    op* current_ = nullptr;
    sc_event response_;
};

// 64-bit initiator -> width adapter -> router -> {stub target, RAM}.
struct bench {
    at_initiator cpu{"cpu"};
    vp::bus::width_adapter<64, 32> adapter{"adapter"};
    vp::bus::router bus{"bus"};
    vp::test::stub_target dev{"dev"};
    vp::bus::memory ram{"ram", 0x1000};

    bench() {
        cpu.socket.bind(adapter.target_socket);
        adapter.initiator_socket.bind(bus.target_socket);
        bus.initiator_socket.bind(dev.socket);
        bus.initiator_socket.bind(ram.socket);
        bus.map(0x10000000, 0x100, 0, "dev");
        bus.map(0x40000000, 0x1000, 1, "ram");
    }
};

} // namespace

TEST(BusApproximatelyTimed, WriteThenReadThroughTheRouterWalksEveryPhase) {
    bench b;
    b.cpu.ops = {{tlm::TLM_WRITE_COMMAND, 0x40000010, 0xCAFEF00D}, {tlm::TLM_READ_COMMAND, 0x40000010, 0}};
    vp::test::run(sc_time(1, SC_US));
    for (const auto& o : b.cpu.ops) {
        ASSERT_TRUE(o.done);
        EXPECT_EQ(o.status, tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(o.address_after, 0x40000010u) << "the router restores the initiator's address";
        EXPECT_FALSE(o.extension_after) << "the router takes its CPU index extension off at completion";
    }
    EXPECT_EQ(b.cpu.ops[1].data, 0xCAFEF00Du);
    uint32_t stored;
    std::memcpy(&stored, b.ram.data() + 0x10, 4);
    EXPECT_EQ(stored, 0xCAFEF00Du);
}

TEST(BusApproximatelyTimed, TargetSeesItsOffsetAndTheInitiatorsCpuIndex) {
    bench b;
    b.dev.bytes[0x20] = 0x5A;
    b.cpu.ops = {{tlm::TLM_READ_COMMAND, 0x10000020, 0}};
    vp::test::run(sc_time(1, SC_US));
    ASSERT_TRUE(b.cpu.ops[0].done);
    EXPECT_EQ(b.cpu.ops[0].status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.ops[0].data & 0xFF, 0x5Au);
    ASSERT_EQ(b.dev.log.size(), 1u);
    EXPECT_EQ(b.dev.log[0].address, 0x20u);
    EXPECT_TRUE(b.dev.log[0].has_cpu);
    EXPECT_EQ(b.dev.log[0].cpu, 0u);
    bool saw_response = false;
    for (auto p : b.cpu.ops[0].phases_seen)
        saw_response |= p == tlm::BEGIN_RESP;
    EXPECT_TRUE(saw_response) << "the response came back on the backward path through the router";
}

TEST(BusApproximatelyTimed, UnmappedAddressCompletesAtOnceWithAnAddressError) {
    bench b;
    b.cpu.ops = {{tlm::TLM_READ_COMMAND, 0x20000000, 0}, {tlm::TLM_READ_COMMAND, 0x40000000, 0}};
    vp::test::run(sc_time(1, SC_US));
    ASSERT_TRUE(b.cpu.ops[0].done);
    EXPECT_EQ(b.cpu.ops[0].status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_TRUE(b.cpu.ops[0].phases_seen.empty());
    ASSERT_TRUE(b.cpu.ops[1].done) << "the router is usable after an error";
    EXPECT_EQ(b.cpu.ops[1].status, tlm::TLM_OK_RESPONSE);
}
