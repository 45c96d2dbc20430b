// The vp command line and config file parser: arbitrary arguments never crash
// it; the outcome is options or one error line with status 113.
// Input: NUL-separated arguments; a first byte 'C' puts the rest in a config
// file instead (--config FILE --firmware x.elf).
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "exit_status.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace vp::platform;
    std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> args = {"vp"};
    static const std::string config = "/tmp/vp_fuzz_cli_" + std::to_string(getpid()) + ".cfg";
    if (!text.empty() && text[0] == 'C') {
        std::ofstream(config, std::ios::trunc) << text.substr(1);
        args.insert(args.end(), {"--config", config, "--firmware", "x.elf"});
    } else {
        std::string cur;
        for (char c : text) {
            if (c == '\0') {
                args.push_back(cur);
                cur.clear();
            } else {
                cur += c;
            }
        }
        args.push_back(cur);
    }
    std::vector<const char*> argv;
    for (const auto& a : args)
        argv.push_back(a.c_str());
    std::ostringstream out, err;
    const parse_result r = parse_command_line(int(argv.size()), argv.data(), out, err);
    if (!r.exit_code) {
        const auto& b = r.opts.board;
        FUZZ_CHECK(b.cpus >= 1 && b.cpus <= 8, "cpus %u", b.cpus);
        FUZZ_CHECK(b.cpu_freq_hz >= 1 && b.cpu_freq_hz <= 100e9, "cpu freq %g", b.cpu_freq_hz);
        FUZZ_CHECK(b.timer_freq_hz >= 1 && b.timer_freq_hz <= 0xffffffffull, "timer freq");
        FUZZ_CHECK(b.quantum > sc_core::SC_ZERO_TIME, "quantum");
        // Exactly one image (--firmware, --kernel or --bios), or none with
        // --dump-dtb (which only writes the generated device tree).
        const int images = !r.opts.firmware.empty() + !r.opts.kernel.empty() + !r.opts.bios.empty();
        FUZZ_CHECK(images == 1 || (images == 0 && !r.opts.dump_dtb.empty()), "%d images accepted", images);
        FUZZ_CHECK(!r.opts.max_time || *r.opts.max_time > sc_core::SC_ZERO_TIME, "max-time 0");
        FUZZ_CHECK(err.str().empty(), "accepted with an error message");
    } else if (*r.exit_code != 0) {
        FUZZ_CHECK(*r.exit_code == exit_status::bad_command_line, "status %d", *r.exit_code);
        const std::string e = err.str();
        FUZZ_CHECK(e.rfind("vp: ", 0) == 0, "error without 'vp: '");
    }
    return 0;
}
