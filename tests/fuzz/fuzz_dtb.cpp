// A user's DTB (--dtb FILE, platform/device_tree.h) on mutated blobs: the
// check never crashes and what it accepts goes through set_chosen (what vp
// does before handing it to the guest; it refuses an output that fails the
// check) into a DTB that has /chosen with the bootargs and initrd range given,
// and can be walked node by node and property by property.
// Input: the blob; a trailing byte (when the blob is not exactly the DTB's
// size) chooses which /chosen properties are set.
#include <libfdt.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "device_tree.h"
#include "fuzz_support.h"

namespace {
// Every node and property of a DTB the check accepted: libfdt's walkers with
// their own bounds checks must end (depth and count are bounded by the size).
void walk(const void* fdt) {
    int depth = 0, nodes = 0;
    for (int node = 0; node >= 0; node = fdt_next_node(fdt, node, &depth)) {
        FUZZ_CHECK(++nodes <= int(fdt_totalsize(fdt)), "more nodes than bytes");
        int len = 0;
        (void)fdt_get_name(fdt, node, &len);
        int prop;
        fdt_for_each_property_offset(prop, fdt, node) {
            const char* name = nullptr;
            const void* val = fdt_getprop_by_offset(fdt, prop, &name, &len);
            if (val)
                FUZZ_CHECK(len >= 0 && len <= int(fdt_totalsize(fdt)), "property of %d bytes", len);
        }
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace vp::platform;
    const std::vector<uint8_t> blob(data, data + size);
    try {
        check_device_tree(blob, "fuzz");
    } catch (const device_tree_error&) {
        return 0; // refused with a message: fine
    }
    walk(blob.data());
    const uint8_t pick = data[size - 1];
    chosen_params c;
    if (pick & 1)
        c.bootargs = "console=ttyAMA0 root=/dev/ram";
    if (pick & 2) {
        c.initrd_start = 0x48000000;
        c.initrd_end = 0x48001000;
    }
    if (pick & 4)
        c.stdout_path = "/pl011@9000000";
    std::vector<uint8_t> out;
    try {
        out = set_chosen(blob, c);
    } catch (const device_tree_error&) {
        return 0; // a tree libfdt cannot edit (e.g. a broken structure block): refused with a message
    }
    walk(out.data()); // set_chosen checked it as check_device_tree does
    FUZZ_CHECK(out.size() == fdt_totalsize(out.data()), "output of %zu bytes, totalsize %u", out.size(),
               unsigned(fdt_totalsize(out.data())));
    const int chosen = fdt_path_offset(out.data(), "/chosen");
    FUZZ_CHECK(chosen >= 0, "no /chosen after set_chosen (%d)", chosen);
    if (!c.bootargs.empty()) {
        int len = 0;
        const char* v = static_cast<const char*>(fdt_getprop(out.data(), chosen, "bootargs", &len));
        FUZZ_CHECK(v && len == int(c.bootargs.size() + 1) && std::memcmp(v, c.bootargs.c_str(), len) == 0,
                   "bootargs not as set");
    }
    if (c.initrd_end) {
        int len = 0;
        FUZZ_CHECK(fdt_getprop(out.data(), chosen, "linux,initrd-end", &len) && len == 8, "initrd-end");
    }
    return 0;
}
