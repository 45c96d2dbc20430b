// The arm64 Image header (Linux Documentation/arch/arm64/booting.rst) parsed
// from synthetic headers, and the placement rule (2 MiB aligned base +
// text_offset, image_size must fit in RAM).
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "loader/linux_image.h"

using namespace vp::loader;

namespace {

std::vector<uint8_t> image(uint64_t text_offset, uint64_t image_size, uint64_t flags, size_t file_size = 4096,
                           uint32_t magic = arm64_image_magic) {
    std::vector<uint8_t> b(file_size, 0);
    auto put = [&](size_t off, uint64_t v, unsigned n) {
        for (unsigned i = 0; i < n; ++i)
            b[off + i] = uint8_t(v >> (8 * i));
    };
    put(0, 0x91005a4d, 4); // code0: "MZ" + add x13, x18, #0x16 (the EFI stub's first word)
    put(8, text_offset, 8);
    put(16, image_size, 8);
    put(24, flags, 8);
    put(56, magic, 4);
    return b;
}

const memory_range ram{0x40000000, 128ull << 20};

} // namespace

TEST(LinuxImage, ParsesTheHeaderOfAModernKernel) {
    const auto h = parse_arm64_image(image(0, 0x2000000, 0xa), "Image");
    ASSERT_TRUE(h);
    EXPECT_EQ(h->text_offset, 0u);
    EXPECT_EQ(h->image_size, 0x2000000u);
    EXPECT_EQ(h->flags, 0xau);
    EXPECT_EQ(place_arm64_image(*h, ram, "Image"), 0x40000000u);
}

TEST(LinuxImage, TextOffsetIsAddedToTheFirst2MiBAlignedBase) {
    const auto h = parse_arm64_image(image(0x80000, 0x100000, 0x2), "Image");
    ASSERT_TRUE(h);
    EXPECT_EQ(place_arm64_image(*h, ram, "Image"), 0x40080000u);
    const memory_range odd{0x40100000, 64ull << 20}; // RAM not 2 MiB aligned
    EXPECT_EQ(place_arm64_image(*h, odd, "Image"), 0x40280000u);
}

TEST(LinuxImage, ZeroImageSizeMeansAPre317KernelAtOffset0x80000) {
    const auto h = parse_arm64_image(image(0x12345000, 0, 0, 8192), "Image");
    ASSERT_TRUE(h);
    EXPECT_EQ(h->text_offset, 0x80000u) << "text_offset is not meaningful without image_size";
    EXPECT_EQ(h->image_size, 8192u) << "the file size stands for the unknown image size";
}

TEST(LinuxImage, WithoutTheMagicItIsNotAnImage) {
    EXPECT_FALSE(parse_arm64_image(image(0, 0x1000, 0, 4096, 0x464c457f), "x"));
    EXPECT_FALSE(parse_arm64_image(std::vector<uint8_t>(63, 0), "x")) << "shorter than the header";
}

TEST(LinuxImage, BigEndianAndBadOffsetsAreRefusedWithTheFileName) {
    try {
        parse_arm64_image(image(0, 0x1000, 1), "be.Image");
        FAIL() << "big-endian accepted";
    } catch (const load_error& e) {
        EXPECT_NE(std::string(e.what()).find("be.Image: big-endian"), std::string::npos) << e.what();
    }
    EXPECT_THROW(parse_arm64_image(image(0x200000, 0x1000, 0), "x"), load_error) << "offset beyond 2 MiB";
    EXPECT_THROW(parse_arm64_image(image(0x80010, 0x1000, 0), "x"), load_error) << "offset not page aligned";
}

TEST(LinuxImage, AnImageLargerThanRamIsRefused) {
    const auto h = parse_arm64_image(image(0, 200ull << 20, 0), "big.Image");
    ASSERT_TRUE(h);
    try {
        place_arm64_image(*h, ram, "big.Image");
        FAIL() << "placed beyond RAM";
    } catch (const load_error& e) {
        EXPECT_NE(std::string(e.what()).find("--ram"), std::string::npos) << e.what();
    }
}

TEST(LinuxImage, ReadFileNamesAMissingFile) {
    try {
        read_file("/nonexistent/Image");
        FAIL();
    } catch (const load_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/Image: "), std::string::npos);
    }
}

namespace {
std::string temp_path(const char* tag) {
    return (std::filesystem::temp_directory_path() / (std::string("vp_read_file_") + tag + "_" +
                                                      std::to_string(::getpid())))
        .string();
}
std::vector<uint8_t> pattern(size_t n) {
    std::vector<uint8_t> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = uint8_t(i * 131 + (i >> 9));
    return v;
}
} // namespace

// Every byte, in order, for sizes around the chunk size and an empty file.
TEST(LinuxImage, ReadFileReturnsTheWholeFile) {
    const std::string path = temp_path("whole");
    for (size_t n : {size_t(0), size_t(1), size_t(65535), size_t(65536), size_t(65537), size_t(3) << 20}) {
        const auto want = pattern(n);
        {
            std::ofstream out(path, std::ios::binary);
            out.write(reinterpret_cast<const char*>(want.data()), std::streamsize(n));
        }
        EXPECT_EQ(read_file(path), want) << n << " bytes";
    }
    std::remove(path.c_str());
}

// A FIFO cannot seek: read to its end all the same (a kernel piped in).
TEST(LinuxImage, ReadFileReadsAFifo) {
    const std::string path = temp_path("fifo");
    ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
    const auto want = pattern(200000);
    std::thread writer([&] {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(want.data()), std::streamsize(want.size()));
    });
    const auto got = read_file(path);
    writer.join();
    EXPECT_EQ(got, want);
    std::remove(path.c_str());
}
