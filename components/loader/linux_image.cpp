#include "loader/linux_image.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace vp::loader {

namespace {
uint64_t le(const std::vector<uint8_t>& b, size_t off, unsigned n) {
    uint64_t v = 0;
    for (unsigned i = 0; i < n; ++i)
        v |= uint64_t(b[off + i]) << (8 * i);
    return v;
}
} // namespace

std::optional<arm64_image_header> parse_arm64_image(const std::vector<uint8_t>& image, const std::string& path) {
    if (image.size() < 64 || le(image, 56, 4) != arm64_image_magic)
        return std::nullopt;
    arm64_image_header h;
    h.text_offset = le(image, 8, 8);
    h.image_size = le(image, 16, 8);
    h.flags = le(image, 24, 8);
    if (h.image_size == 0) { // before Linux 3.17: fixed offset, size unknown
        h.text_offset = 0x80000;
        h.image_size = image.size();
    } else if (h.flags & 1) {
        throw load_error(path + ": big-endian arm64 Image (vp's CPUs are little-endian)");
    }
    if (h.image_size < image.size())
        h.image_size = image.size(); // a header that understates the file: load all of it
    if (h.text_offset >= arm64_image_align || (h.text_offset & 0xfff))
        throw load_error(path + ": arm64 Image text_offset 0x" + [&] {
            char b[32];
            std::snprintf(b, sizeof b, "%llx", static_cast<unsigned long long>(h.text_offset));
            return std::string(b);
        }() + " is not a page offset inside 2 MiB");
    return h;
}

uint64_t place_arm64_image(const arm64_image_header& h, const memory_range& ram, const std::string& path) {
    const uint64_t base = (ram.base + arm64_image_align - 1) & ~(arm64_image_align - 1);
    const uint64_t load = base + h.text_offset;
    if (!ram.contains(load, h.image_size))
        throw load_error(path + ": arm64 Image of " + std::to_string(h.image_size >> 10) +
                         " KiB (image_size) does not fit in RAM at " + std::to_string((load - ram.base) >> 10) +
                         " KiB from its start: use a larger --ram");
    return load;
}

std::vector<uint8_t> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw load_error(path + ": " + std::strerror(errno));
    // One read of the whole file (a kernel Image is tens of MiB: byte by
    // byte through a stream iterator took 0.2 s). Grow past the size found
    // at the start if the file is longer by now (a FIFO, a growing file).
    std::vector<uint8_t> data;
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (size > 0) {
        data.resize(size_t(size));
        in.read(reinterpret_cast<char*>(data.data()), size);
        data.resize(size_t(in.gcount()));
    }
    in.clear(in.rdstate() & ~(std::ios::failbit | std::ios::eofbit));
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0)
        data.insert(data.end(), buf, buf + in.gcount());
    if (in.bad())
        throw load_error(path + ": read error");
    return data;
}

} // namespace vp::loader
