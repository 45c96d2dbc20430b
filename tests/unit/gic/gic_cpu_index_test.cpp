// The accessing CPU of a GIC access (docs/architecture.md section 9): taken
// from vp::cpu_index_extension; without one, CPU 0 in a one-CPU GIC and for
// debug accesses, and in a multi-CPU GIC an error response from every frame
// that needs it (GICD, GICC, GICH, GICV) with one report per frame. Unbound
// outputs (irq, fiq) are allowed.
#include <gtest/gtest.h>

#include <cstring>

#include <tlm_utils/simple_initiator_socket.h>

#include "common/log.h"
#include "gic/gic400.h"
#include "testbench.h"

using namespace sc_core;

namespace {

// An initiator that sends transactions without any extension.
class bare_initiator : public sc_module {
public:
    tlm_utils::simple_initiator_socket<bare_initiator> socket;
    explicit bare_initiator(sc_module_name name) : sc_module(name), socket("socket") {}

    tlm::tlm_response_status read(uint64_t addr, uint32_t& value, bool debug = false) {
        tlm::tlm_generic_payload trans;
        value = 0;
        trans.set_read();
        trans.set_address(addr);
        trans.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
        trans.set_data_length(4);
        trans.set_streaming_width(4);
        trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        if (debug) {
            socket->transport_dbg(trans);
        } else {
            sc_time delay = SC_ZERO_TIME;
            socket->b_transport(trans, delay);
        }
        return trans.get_response_status();
    }
};

// One initiator per frame; the GIC's outputs are left unbound on purpose.
struct bench {
    vp::gic::gic400 gic;
    bare_initiator d{"d"}, c{"c"}, h{"h"}, v{"v"};
    explicit bench(unsigned cpus) : gic("gic", params(cpus)) {
        d.socket.bind(gic.gicd);
        c.socket.bind(gic.gicc);
        h.socket.bind(gic.gich);
        v.socket.bind(gic.gicv);
    }
    static vp::gic::gic_params params(unsigned cpus) {
        vp::gic::gic_params p;
        p.num_cpus = cpus;
        return p;
    }
};

constexpr uint64_t gicd_typer = 0x004, gicc_pmr = 0x004, gich_vtr = 0x004, gicv_pmr = 0x004, gich_alias_cpu1 = 0x1200;

unsigned reports() { return unsigned(vp::log::printed(vp::gic::accessing_cpu::report_type)); }

} // namespace

TEST(GicCpuIndex, MultiCpuGicRefusesAnAccessWithoutExtensionInEveryFrame) {
    bench b(2);
    vp::test::run();
    uint32_t v = 0;
    EXPECT_EQ(b.d.read(gicd_typer, v), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(b.c.read(gicc_pmr, v), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(b.h.read(gich_vtr, v), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(b.v.read(gicv_pmr, v), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(reports(), 4u) << "one report per frame";
    EXPECT_EQ(b.d.read(gicd_typer, v), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(reports(), 4u) << "reported once, refused every time";
}

TEST(GicCpuIndex, GichAliasFramesNameTheirCpuByAddress) {
    bench b(2);
    vp::test::run();
    uint32_t v = 0;
    EXPECT_EQ(b.h.read(gich_alias_cpu1 + gich_vtr, v), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(v & 0x3f, 3u) << "GICH_VTR.ListRegs of CPU 1: 4 list registers";
    EXPECT_EQ(reports(), 0u);
}

TEST(GicCpuIndex, DebugAccessWithoutExtensionReadsCpu0) {
    bench b(2);
    vp::test::run();
    uint32_t v = 0;
    EXPECT_EQ(b.d.read(gicd_typer, v, /*debug*/ true), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ((v >> 5) & 7, 1u) << "GICD_TYPER.CPUNumber = 2 CPUs - 1";
    EXPECT_EQ(reports(), 0u);
}

TEST(GicCpuIndex, SingleCpuGicNeedsNoExtension) {
    bench b(1);
    vp::test::run();
    uint32_t v = 0;
    EXPECT_EQ(b.d.read(gicd_typer, v), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.c.read(gicc_pmr, v), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.h.read(gich_vtr, v), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.v.read(gicv_pmr, v), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(reports(), 0u);
}
