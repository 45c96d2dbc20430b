// The arm64 Linux Image loader (loader/linux_image.h) on mutated files: never
// crashes; what it accepts can be booted as booting.rst says (text_offset a
// page offset inside 2 MiB, image_size covering the whole file), and where
// it places the Image is 2 MiB aligned + text_offset and inside RAM, for
// RAM of several sizes and bases.
// Input: the file; its last byte (when there are more than 64) also picks
// the RAM shape, so that the mutator explores placement too.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_support.h"
#include "loader/linux_image.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace vp::loader;
    const std::vector<uint8_t> file(data, data + size);
    std::optional<arm64_image_header> h;
    try {
        h = parse_arm64_image(file, "fuzz");
    } catch (const load_error&) {
        return 0; // refused with a message: fine
    }
    if (!h)
        return 0; // not an Image (no magic): the caller tries other formats
    FUZZ_CHECK(size >= 64, "accepted a %zu-byte file", size);
    FUZZ_CHECK(h->text_offset < arm64_image_align && (h->text_offset & 0xfff) == 0, "text_offset 0x%llx",
               (unsigned long long)h->text_offset);
    FUZZ_CHECK(h->image_size >= size, "image_size %llu below the file size %zu",
               (unsigned long long)h->image_size, size);

    const uint8_t shape = size > 64 ? data[size - 1] : 0;
    const uint64_t bases[] = {0x40000000ull, 0x40001000ull, 0x80000000ull, 0xffffffffffe00000ull, 0};
    const uint64_t sizes[] = {128ull << 20, 4096, 2ull << 20, 4ull << 30, ~0ull >> 12 << 12};
    const memory_range ram{bases[shape % 5], sizes[(shape / 5) % 5]};
    if (ram.base + (ram.size - 1) < ram.base)
        return 0; // not a RAM the board can have (wraps)
    try {
        const uint64_t at = place_arm64_image(*h, ram, "fuzz");
        FUZZ_CHECK(((at - h->text_offset) & (arm64_image_align - 1)) == 0, "base 0x%llx not 2 MiB aligned",
                   (unsigned long long)(at - h->text_offset));
        FUZZ_CHECK(at >= ram.base && ram.contains(at, h->image_size), "placed at 0x%llx outside RAM",
                   (unsigned long long)at);
    } catch (const load_error&) {
        // does not fit: refused with a message
    }
    return 0;
}
