// vp::loader — the arm64 Linux boot protocol's Image format
// (Documentation/arch/arm64/booting.rst, "Call the kernel image"): a 64-byte
// header at offset 0 of a raw (uncompressed) Image:
//
//   u32 code0; u32 code1; u64 text_offset; u64 image_size; u64 flags;
//   u64 res2, res3, res4; u32 magic = 0x644d5241 ("ARM\x64"); u32 res5;
//
// The Image must sit text_offset bytes above a 2 MiB aligned base in RAM and
// image_size bytes from there must be usable (image_size covers the BSS and
// early page tables). image_size = 0 means a kernel older than 3.17: then
// text_offset is 0x80000 and the size is unknown (the file size is used).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loader/elf_loader.h"

namespace vp::loader {

struct arm64_image_header {
    uint64_t text_offset = 0;
    uint64_t image_size = 0; // effective: never 0 (file size for old kernels)
    uint64_t flags = 0;      // bit 0 big-endian, bits 1-2 page size, bit 3 placement anywhere
};

constexpr uint32_t arm64_image_magic = 0x644d5241;
constexpr uint64_t arm64_image_align = 2ull << 20;

// The header of `image` if it is an arm64 Image (the magic is there);
// nullopt otherwise. Throws load_error (naming `path`) for an Image that
// cannot be booted (big-endian, too short).
std::optional<arm64_image_header> parse_arm64_image(const std::vector<uint8_t>& image, const std::string& path);

// Where the Image goes in `ram`: the lowest 2 MiB aligned base in RAM plus
// text_offset, as QEMU places it. Throws load_error when image_size does not fit.
uint64_t place_arm64_image(const arm64_image_header& h, const memory_range& ram, const std::string& path);

// The whole file; throws load_error "<path>: <reason>".
std::vector<uint8_t> read_file(const std::string& path);

} // namespace vp::loader
