// vp's exit status: the firmware's own semihosting exit code passes through
// unchanged; vp's own outcomes use a reserved block, 112-127, that a
// firmware's code is never reported in. So a script can always tell "the
// firmware said 2" from "vp could not run it".
//
//   0-111, 128-255  the firmware's semihosting exit code, as is; 0 after PSCI
//        SYSTEM_OFF or SYSTEM_RESET (psci.h)
//   112  the firmware exited with a code in 112-127 or outside 0-255, which
//        an exit status cannot carry unambiguously (the code is on stderr)
//   113  bad command line or configuration
//   114  bad input file: firmware/kernel/bios/initrd/dtb missing or unusable
//        (not an AArch64 ELF or arm64 Image, outside RAM, too large for its
//        flash bank), --vcd, --trace-file, --serial or --dump-dtb file not writable
//   115  --max-time reached before the firmware exited
//   116  simulation idle: every CPU waits for an interrupt nothing will raise
//   117  a CPU is stuck in an exception loop (same exception, same place, no
//        progress); PC, EL, ESR and FAR are on stderr
//   118  internal error of vp (please report)
//   119-127  reserved for vp
// The block avoids 126/127 and 128+n, which shells use, and the codes
// firmware commonly uses (small numbers).
#pragma once

#include <cstdint>

namespace vp::platform::exit_status {

constexpr int reserved_first = 112, reserved_last = 127;
constexpr int guest_code_unrepresentable = 112;
constexpr int bad_command_line = 113;
constexpr int bad_input_file = 114;
constexpr int max_time_reached = 115;
constexpr int idle_forever = 116;
constexpr int exception_loop = 117;
constexpr int internal_error = 118;

// The process status for a firmware's semihosting exit code.
constexpr int from_guest(int64_t code) {
    if (code < 0 || code > 255 || (code >= reserved_first && code <= reserved_last))
        return guest_code_unrepresentable;
    return int(code);
}

// For --help and error messages.
constexpr const char* help_text =
    "exit status: the firmware's semihosting exit code as is (0-111, 128-255),\n"
    "or 0 after PSCI SYSTEM_OFF/SYSTEM_RESET;\n"
    "vp's own, reserved 112-127: 112 firmware code not representable (112-127 or\n"
    "outside 0-255; printed on stderr), 113 bad command line or configuration,\n"
    "114 bad input file (firmware, --vcd, --trace-file), 115 --max-time reached, 116 simulation\n"
    "idle (every CPU waits for an interrupt nothing will raise), 117 a CPU is stuck\n"
    "in an exception loop, 118 internal error\n";

} // namespace vp::platform::exit_status
