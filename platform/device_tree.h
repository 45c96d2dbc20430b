// The flattened device tree (DTB, Devicetree Specification v0.4) that `vp`
// hands to a boot loader or kernel: generated with libfdt from the board it
// built (QEMU virt's layout and node names, so software written for
// `-M virt,virtualization=on,gic-version=2` finds the same things), or a
// user's DTB with /chosen filled in as QEMU does for -dtb.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "board.h"
#include "psci.h"

namespace vp::platform {

class device_tree_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct device_tree_params {
    unsigned cpus = 1;
    std::string cpu_compatible = "arm,cortex-a53"; // matches the core's MIDR
    memory_map_config map;                          // addresses and RAM size
    psci_conduit psci = psci_conduit::smc;          // none: CPUs without enable-method
    uint64_t timer_freq_hz = 0;                      // 0: no clock-frequency (CNTFRQ_EL0 says)
    uint32_t uart_clock_hz = 24'000'000;
    bool flash = true;
};

// /chosen contents (every field optional).
struct chosen_params {
    std::string bootargs;
    uint64_t initrd_start = 0, initrd_end = 0; // initrd_end > initrd_start when present
    std::string stdout_path; // "" = the generated tree's UART
};

std::vector<uint8_t> make_device_tree(const device_tree_params& board);
// Sets /chosen properties in `dtb` (creating /chosen when needed); throws
// device_tree_error when the blob is not a valid DTB.
std::vector<uint8_t> set_chosen(const std::vector<uint8_t>& dtb, const chosen_params& chosen);
// Validates a blob read from a user's file; throws device_tree_error.
void check_device_tree(const std::vector<uint8_t>& dtb, const std::string& what);

} // namespace vp::platform
