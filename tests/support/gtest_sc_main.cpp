// libsystemc provides main() and calls sc_main(): run GoogleTest from there.
#include <gtest/gtest.h>
#include <systemc>

#include "common/log_systemc.h"

int sc_main(int argc, char* argv[]) {
    vp::log::route_to_systemc(); // as vp does: models' messages are SystemC reports, on stderr
    testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
