// gic_params validation: a bad configuration is a clear error, never a
// silently different model (IHI 0048B 4.3.2 GICD_TYPER field ranges).
#include "gic_bench.h"

using namespace vp::gic;
using namespace vp::gic::test;

TEST(gic_params, DefaultsAreGic400Like) {
    gic_params p;
    EXPECT_EQ(p.check(), "");
    EXPECT_EQ(p.num_cpus, 1u);
    EXPECT_EQ(p.num_interrupts, 288u);
    EXPECT_EQ(p.priority_bits, 5u);
    EXPECT_EQ(p.it_lines_number(), 8u);
}

TEST(gic_params, RejectsCpuCountOutside1To8) {
    gic_params p;
    p.num_cpus = 0;
    EXPECT_NE(p.check().find("num_cpus"), std::string::npos);
    p.num_cpus = 9;
    EXPECT_NE(p.check().find("num_cpus"), std::string::npos);
    p.num_cpus = 8;
    EXPECT_EQ(p.check(), "");
}

TEST(gic_params, InterruptCountMultipleOf32Or1020) {
    gic_params p;
    for (unsigned n : {32u, 64u, 992u, 1020u, 1024u}) {
        p.num_interrupts = n;
        EXPECT_EQ(p.check(), "") << n;
    }
    for (unsigned n : {0u, 16u, 33u, 100u, 1056u}) {
        p.num_interrupts = n;
        EXPECT_NE(p.check().find("num_interrupts"), std::string::npos) << n;
    }
    p.num_interrupts = 1020;
    EXPECT_EQ(p.implemented_intids(), 1020u);
    EXPECT_EQ(p.it_lines_number(), 31u);
}

TEST(gic_params, RejectsPriorityBitsOutside4To8) {
    gic_params p;
    p.priority_bits = 3;
    EXPECT_NE(p.check().find("priority_bits"), std::string::npos);
    p.priority_bits = 9;
    EXPECT_NE(p.check().find("priority_bits"), std::string::npos);
}

TEST(gic_params, ConstructingWithBadParametersReportsError) {
    sc_core::sc_report_handler::set_actions(sc_core::SC_ERROR, sc_core::SC_THROW);
    gic_params p;
    p.num_cpus = 9;
    try {
        gic400 gic("bad_gic", p);
        FAIL() << "no error for num_cpus = 9";
    } catch (const sc_core::sc_report& r) {
        EXPECT_NE(std::string(r.get_msg()).find("num_cpus"), std::string::npos);
    }
}

// Asking for an input that does not exist is an elaboration error.
TEST(gic_params, NonexistentInputsAreErrors) {
    sc_core::sc_report_handler::set_actions(sc_core::SC_ERROR, sc_core::SC_THROW);
    gic_params p;
    p.num_cpus = 2;
    p.num_interrupts = 64;
    gic400 gic("gic", p);
    EXPECT_NO_THROW(gic.spi_in(63));
    EXPECT_NO_THROW(gic.ppi_in(1, 31));
    EXPECT_THROW(gic.spi_in(64), sc_core::sc_report);
    EXPECT_THROW(gic.spi_in(31), sc_core::sc_report);
    EXPECT_THROW(gic.ppi_in(2, 27), sc_core::sc_report);
    EXPECT_THROW(gic.ppi_in(0, 15), sc_core::sc_report);
}
