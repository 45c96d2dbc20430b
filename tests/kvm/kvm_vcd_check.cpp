// Checks the VCD window of the Linux KVM run (issue 15): KVM writes a list
// register of CPU 0 with HW = 1, pINTID 27 inside the window (a change, not
// the window's initial value); the guest acknowledges it (State Pending ->
// Active) and deactivates it (-> Invalid); with HW = 1 that deactivation
// clears the physical active state of PPI 27 (IHI 0048B 5.4.1, 5.2.4), at the
// same write. And the file is small.
//   kvm_vcd_check FILE.vcd MAX_BYTES
// Prints what it found; exit 0 when every check holds, 1 otherwise, 2 on bad use.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "vcd/vcd_reader.h"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: kvm_vcd_check FILE.vcd MAX_BYTES\n";
        return 2;
    }
    const std::string path = argv[1];
    const uint64_t max_bytes = std::strtoull(argv[2], nullptr, 10);
    int failures = 0;
    auto check = [&](bool ok, const std::string& what) {
        std::cout << (ok ? "ok: " : "FAILED: ") << what << '\n';
        failures += !ok;
    };
    try {
        const uint64_t bytes = std::filesystem::file_size(path);
        check(bytes <= max_bytes, path + ": " + std::to_string(bytes) + " bytes (at most " + std::to_string(max_bytes) + ")");
        const auto t = vp::vcd::trace::load(path);
        const auto& active27 = t["gic.cpu0.irq27.active"];
        uint64_t start = UINT64_MAX;
        for (const auto& name : t.names())
            if (!t[name].changes.empty())
                start = std::min(start, t[name].changes.front().time);
        std::cout << "window: " << start << " to " << t.end_time() << " ns\n";
        unsigned writes = 0, complete = 0;
        for (unsigned k = 0; t.has("gic.cpu0.lr" + std::to_string(k) + ".state"); ++k) {
            const std::string lr = "gic.cpu0.lr" + std::to_string(k);
            const auto& state = t[lr + ".state"];
            const auto& hw = t[lr + ".hw"];
            const auto& pid = t[lr + ".pid"];
            for (size_t i = 1; i < state.changes.size(); ++i) {
                const uint64_t w = state.changes[i].time;
                if (w == start || state.uint_at(w) != 1 || hw.uint_at(w) != 1 || pid.uint_at(w) != 27)
                    continue;
                ++writes;
                // The guest's acknowledge, then its deactivation.
                uint64_t ack = UINT64_MAX, inv = UINT64_MAX;
                for (size_t j = i + 1; j < state.changes.size(); ++j) {
                    const uint64_t s = state.uint_at(state.changes[j].time);
                    if (ack == UINT64_MAX && s == 2)
                        ack = state.changes[j].time;
                    else if (ack != UINT64_MAX && s == 0) {
                        inv = state.changes[j].time;
                        break;
                    } else if (s == 0)
                        break; // folded or cleared by KVM without an acknowledge
                }
                if (inv == UINT64_MAX)
                    continue;
                uint64_t cleared = UINT64_MAX;
                for (uint64_t f : active27.falling_edges())
                    if (f >= ack) {
                        cleared = f;
                        break;
                    }
                std::cout << lr << ": written HW=1 pINTID=27 vINTID=" << t[lr + ".vid"].uint_at(w) << " at " << w
                          << " ns, acknowledged at " << ack << " ns, deactivated at " << inv
                          << " ns, physical 27 inactive at " << (cleared == UINT64_MAX ? 0 : cleared) << " ns\n";
                if (active27.uint_at(ack) == 1 && cleared == inv)
                    ++complete;
            }
        }
        check(writes > 0, "KVM wrote a list register with HW=1, pINTID 27 inside the window (" +
                              std::to_string(writes) + " writes)");
        check(complete > 0, "the guest acknowledged and deactivated it, clearing the physical active state of 27 "
                            "at the same time (" + std::to_string(complete) + " times)");
    } catch (const std::exception& e) {
        std::cout << "FAILED: " << e.what() << '\n';
        return 1;
    }
    return failures ? 1 : 0;
}
