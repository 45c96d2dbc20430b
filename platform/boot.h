// Loading what the user asked to run, the way QEMU's virt machine does:
//   --firmware ELF  bare-metal firmware: segments into RAM, every CPU (unless
//                   --secondaries off) starts at e_entry at EL2; no DTB.
//   --kernel FILE   an ELF (entry e_entry) or a raw arm64 Linux Image (boot
//                   protocol: 2 MiB aligned base + text_offset); X0 = DTB
//                   address, X1-X3 = 0, EL2, MMU and caches off, DAIF masked.
//   --initrd FILE   into RAM at min(RAM/2, 128 MiB) (above the kernel), named
//                   in /chosen linux,initrd-start/end.
//   --bios FILE     a raw image in flash bank 0, started at address 0 with the
//                   DTB at the start of RAM (QEMU -bios; U-Boot finds it there).
// The DTB is generated from the board (device_tree.h) or read from --dtb;
// /chosen gets --append's bootargs and the initrd either way.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "board.h"

namespace vp::platform {

struct boot_options {
    std::string firmware, kernel, initrd, append, bios, dtb;
};

struct boot_result {
    uint64_t entry = 0;
    uint64_t dtb_address = 0; // 0: no DTB placed in memory
    std::vector<uint8_t> dtb;  // the tree the guest gets (also for --dump-dtb)
};

// The DTB for this board and options (no loading).
std::vector<uint8_t> board_device_tree(const board& b, const boot_options& o, uint64_t initrd_start = 0,
                                       uint64_t initrd_end = 0);

// Loads everything and sets the CPUs' entry. Throws loader::load_error or
// device_tree_error with a one-line message.
boot_result boot(board& b, const boot_options& o);

} // namespace vp::platform
