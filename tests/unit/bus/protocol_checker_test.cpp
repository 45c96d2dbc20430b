// vp::bus::protocol_checker: legal traffic passes with no error, and each
// kind of base-protocol violation it promises to find is reported.
#include <gtest/gtest.h>

#include <cstring>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "bus/memory.h"
#include "bus/protocol_checker.h"
#include "testbench.h"

using namespace sc_core;
using vp::bus::protocol_checker;

namespace {

// A target that breaks the rules on request.
class faulty_target : public sc_module {
public:
    tlm_utils::simple_target_socket<faulty_target> socket;
    bool leave_status_incomplete = false, change_address = false, debug_overrun = false;

    explicit faulty_target(sc_module_name name) : sc_module(name), socket("socket") {
        socket.register_b_transport(this, &faulty_target::b_transport);
        socket.register_transport_dbg(this, &faulty_target::transport_dbg);
    }

private:
    void b_transport(tlm::tlm_generic_payload& t, sc_time&) {
        if (change_address)
            t.set_address(t.get_address() + 4);
        if (!leave_status_incomplete)
            t.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    unsigned transport_dbg(tlm::tlm_generic_payload& t) {
        t.set_response_status(tlm::TLM_OK_RESPONSE);
        return debug_overrun ? t.get_data_length() + 4 : t.get_data_length();
    }
};

// Runs `body` in a thread with the initiator socket.
class driver : public sc_module {
public:
    tlm_utils::simple_initiator_socket<driver> socket;
    std::function<void(driver&)> body;

    SC_HAS_PROCESS(driver);
    explicit driver(sc_module_name name) : sc_module(name), socket("socket") { SC_THREAD(run); }

    tlm::tlm_response_status read(uint64_t addr, tlm::tlm_response_status initial = tlm::TLM_INCOMPLETE_RESPONSE,
                                  unsigned length = 4) {
        tlm::tlm_generic_payload t;
        t.set_read();
        t.set_address(addr);
        t.set_data_ptr(buffer);
        t.set_data_length(length);
        t.set_streaming_width(length);
        t.set_response_status(initial);
        sc_time delay = SC_ZERO_TIME;
        socket->b_transport(t, delay);
        return t.get_response_status();
    }
    unsigned debug_read(uint64_t addr) {
        tlm::tlm_generic_payload t;
        t.set_read();
        t.set_address(addr);
        t.set_data_ptr(buffer);
        t.set_data_length(4);
        t.set_streaming_width(4);
        return socket->transport_dbg(t);
    }
    unsigned char buffer[16] = {};

private:
    void run() {
        if (body)
            body(*this);
    }
};

struct bench {
    driver cpu{"cpu"};
    protocol_checker<> check{"check"};
    faulty_target dev{"dev"};
    bench() {
        cpu.socket.bind(check.target_socket);
        check.initiator_socket.bind(dev.socket);
        // Count violations instead of stopping at the first one.
        sc_report_handler::set_actions(vp::bus::protocol_checker_base::report_type, SC_ERROR, SC_LOG);
    }
};

} // namespace

TEST(ProtocolChecker, LegalTrafficPassesWithoutErrors) {
    bench b;
    b.cpu.body = [](driver& d) {
        EXPECT_EQ(d.read(0x10), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(d.debug_read(0x10), 4u);
    };
    vp::test::run(sc_time(1, SC_US));
    EXPECT_EQ(b.check.transactions(), 2u);
    EXPECT_EQ(b.check.errors(), 0u);
}

TEST(ProtocolChecker, TargetThatSetsNoResponseStatus) {
    bench b;
    b.dev.leave_status_incomplete = true;
    b.cpu.body = [](driver& d) { d.read(0x10); };
    vp::test::run(sc_time(1, SC_US));
    EXPECT_EQ(b.check.errors(), 1u);
}

TEST(ProtocolChecker, TargetThatLeavesTheAddressChanged) {
    bench b;
    b.dev.change_address = true;
    b.cpu.body = [](driver& d) { d.read(0x10); };
    vp::test::run(sc_time(1, SC_US));
    EXPECT_EQ(b.check.errors(), 1u);
}

TEST(ProtocolChecker, InitiatorThatSendsAStaleResponseStatusOrNoLength) {
    bench b;
    b.cpu.body = [](driver& d) {
        d.read(0x10, tlm::TLM_OK_RESPONSE);
        d.read(0x10, tlm::TLM_INCOMPLETE_RESPONSE, 0);
    };
    vp::test::run(sc_time(1, SC_US));
    EXPECT_EQ(b.check.errors(), 3u) << "stale status; zero length and zero streaming width";
}

TEST(ProtocolChecker, DebugTransportReturningMoreThanAsked) {
    bench b;
    b.dev.debug_overrun = true;
    b.cpu.body = [](driver& d) { d.debug_read(0x10); };
    vp::test::run(sc_time(1, SC_US));
    EXPECT_EQ(b.check.errors(), 1u);
}

TEST(ProtocolChecker, BlockingTransportOutsideAThread) {
    bench b;
    vp::test::run();
    b.cpu.read(0x10); // from sc_main, not from a process
    EXPECT_EQ(b.check.errors(), 1u);
}

TEST(ProtocolChecker, NonBlockingPhasesOutOfOrder) {
    bench b;
    b.cpu.body = [](driver& d) {
        tlm::tlm_generic_payload t;
        t.set_read();
        t.set_address(0x10);
        t.set_data_ptr(d.buffer);
        t.set_data_length(4);
        t.set_streaming_width(4);
        t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        tlm::tlm_phase phase = tlm::END_RESP; // END_RESP before anything began
        sc_time delay = SC_ZERO_TIME;
        d.socket->nb_transport_fw(t, phase, delay);
    };
    vp::test::run(sc_time(1, SC_US));
    EXPECT_GE(b.check.errors(), 1u);
}
