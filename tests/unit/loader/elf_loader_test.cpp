// vp::loader::elf_loader on AArch64 executables built by this test's CMake
// (fw.s linked by fw.ld / outside.ld), on corrupted copies of them and on the
// host's /bin/true. ELF-64 Object File Format 1.5 field offsets are used to
// corrupt headers.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "bus/memory.h"
#include "bus/router.h"
#include "loader/elf_loader.h"
#include "testbench.h"

using namespace sc_core;
using vp::loader::elf_loader;
using vp::loader::load_error;
using vp::loader::memory_range;

namespace {

const std::string dir = VP_LOADER_TEST_DIR;
const std::string fw_elf = dir + "/fw.elf";
constexpr uint64_t ram_base = 0x40000000, ram_size = 128ull << 20;
const std::vector<memory_range> virt_ram = {{ram_base, ram_size}};

std::vector<uint8_t> slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string write_temp(const std::string& name, const std::vector<uint8_t>& bytes) {
    const std::string path = testing::TempDir() + "vp_loader_" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    return path;
}

template <class T> void poke(std::vector<uint8_t>& b, uint64_t off, T v) { std::memcpy(&b[off], &v, sizeof v); }
template <class T> T peek(const std::vector<uint8_t>& b, uint64_t off) {
    T v;
    std::memcpy(&v, &b[off], sizeof v);
    return v;
}

// Offset of program header `i` in an ELF64 image.
uint64_t phdr(const std::vector<uint8_t>& b, unsigned i) { return peek<uint64_t>(b, 32) + 56ull * i; }

// The load_error message for `path`, or "" when it loads.
std::string error_of(const std::string& path, const std::vector<memory_range>& ram = virt_ram) {
    try {
        elf_loader elf(path);
        elf.load(ram, [](uint64_t, const uint8_t*, size_t) { return true; });
    } catch (const load_error& e) {
        return e.what();
    }
    return "";
}

// An error message is one line that names the file.
void expect_one_line_about(const std::string& msg, const std::string& path, const std::string& needle) {
    EXPECT_EQ(msg.rfind(path + ": ", 0), 0u) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    EXPECT_NE(msg.find(needle), std::string::npos) << "expected '" << needle << "' in: " << msg;
}

std::string mutated(const std::string& name, void (*change)(std::vector<uint8_t>&)) {
    auto b = slurp(fw_elf);
    change(b);
    return write_temp(name, b);
}

} // namespace

TEST(LoaderElf, ReadsEntryAndLoadSegmentsOfAnAArch64Executable) {
    elf_loader elf(fw_elf);
    EXPECT_EQ(elf.entry(), 0x40000010u) << "e_entry = _start, after the 16-byte table";
    ASSERT_EQ(elf.segments().size(), 2u);
    const auto& text = elf.segments()[0];
    const auto& data = elf.segments()[1];
    EXPECT_EQ(text.paddr, 0x40000000u);
    EXPECT_EQ(text.flags, 5u) << "R+X";
    EXPECT_EQ(data.vaddr, 0x40010000u);
    EXPECT_EQ(data.paddr, 0x40020000u) << "AT() in the linker script";
    EXPECT_EQ(data.filesz, 8u);
    EXPECT_GE(data.memsz, 8u + 0x3000u) << ".bss is part of the data segment";
    EXPECT_EQ(data.flags, 6u) << "R+W";
}

TEST(LoaderElf, CopiesFileBytesToPaddrAndZeroFillsBssThroughTheRouter) {
    vp::bus::router bus("bus");
    vp::test::initiator loader_port("loader_port");
    vp::bus::memory ram("ram");
    loader_port.socket.bind(bus.target_socket);
    bus.initiator_socket.bind(ram.socket);
    bus.map(ram_base, ram_size, 0, "ram");
    // Garbage where .bss will go, to see the zero fill.
    std::memset(ram.data() + 0x20000, 0xAA, 0x4000);
    vp::test::run(); // sockets are bound after elaboration

    elf_loader elf(fw_elf);
    const auto result = elf.load(virt_ram, loader_port.socket);
    EXPECT_EQ(result.entry, 0x40000010u);
    ASSERT_EQ(result.loaded.size(), 2u);
    EXPECT_EQ(result.loaded[1].base, 0x40020000u);

    EXPECT_EQ(loader_port.read32(0x40000000), 0x11111111u);
    EXPECT_EQ(loader_port.read32(0x4000000C), 0x44444444u);
    EXPECT_EQ(loader_port.read64(0x40020000), 0x0123456789ABCDEFull) << "data at p_paddr";
    EXPECT_EQ(loader_port.read64(0x40010000), 0u) << "nothing written at p_vaddr";
    const auto& data = elf.segments()[1];
    for (uint64_t off = data.filesz; off < data.memsz; ++off)
        ASSERT_EQ(ram.data()[0x20000 + off], 0) << "bss byte " << off << " not zeroed";
    EXPECT_EQ(ram.data()[0x20000 + data.memsz], 0xAA) << "nothing written past p_memsz";
    // The .rodata string is where the symbol table says.
    const auto msg = elf.symbols().find("message");
    ASSERT_NE(msg, elf.symbols().end());
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(ram.data() + (msg->second.value - ram_base))),
              "hello from the loader test");
}

TEST(LoaderElf, LoadsThroughACallbackInSegmentOrder) {
    elf_loader elf(fw_elf);
    std::vector<std::pair<uint64_t, size_t>> writes;
    uint64_t zero_bytes = 0;
    elf.load(virt_ram, [&](uint64_t addr, const uint8_t* d, size_t len) {
        writes.emplace_back(addr, len);
        if (addr >= 0x40020008)
            zero_bytes += uint64_t(std::count(d, d + len, 0));
        return true;
    });
    ASSERT_GE(writes.size(), 3u) << "text, data file bytes, bss zeros";
    EXPECT_EQ(writes[0].first, 0x40000000u);
    EXPECT_EQ(writes[0].second, elf.segments()[0].filesz);
    EXPECT_EQ(zero_bytes, elf.segments()[1].memsz - 8);
}

TEST(LoaderElf, SymbolLookupFromSymtab) {
    elf_loader elf(fw_elf);
    EXPECT_EQ(elf.symbol_address("_start"), elf.entry());
    EXPECT_EQ(elf.symbol_address("table_start"), 0x40000000u);
    EXPECT_EQ(elf.symbol_address("data_word"), 0x40010000u) << "symbols are virtual addresses";
    ASSERT_TRUE(elf.symbol_address("bss_buffer").has_value());
    EXPECT_GE(*elf.symbol_address("bss_buffer"), 0x40010008u);
    EXPECT_EQ(elf.symbols().at("bss_buffer").size, 0x3000u);
    EXPECT_EQ(elf.symbols().at("data_word").size, 8u);
    EXPECT_TRUE(elf.symbol_address("local_helper").has_value()) << "local symbols are found too";
    EXPECT_FALSE(elf.symbol_address("no_such_symbol").has_value());
    EXPECT_TRUE(elf.symbol_error().empty());
}

TEST(LoaderElf, MissingFileIsALoadError) {
    const std::string path = dir + "/does-not-exist.elf";
    expect_one_line_about(error_of(path), path, "no such file");
}

TEST(LoaderElf, DirectoryIsALoadError) { expect_one_line_about(error_of(dir), dir, "not a regular file"); }

TEST(LoaderElf, EmptyFileAndTextFileAreNotElf) {
    const auto empty = write_temp("empty", {});
    expect_one_line_about(error_of(empty), empty, "not an ELF file");
    const std::string text = "#!/bin/sh\necho hi\n";
    const auto script = write_temp("script", std::vector<uint8_t>(text.begin(), text.end()));
    expect_one_line_about(error_of(script), script, "not an ELF file");
}

TEST(LoaderElf, TruncatedElfHeaderIsALoadError) {
    auto b = slurp(fw_elf);
    b.resize(40);
    const auto path = write_temp("short_header", b);
    expect_one_line_about(error_of(path), path, "truncated ELF header");
}

TEST(LoaderElf, Elf32IsRefused) {
    const auto path = mutated("class32", [](std::vector<uint8_t>& b) { b[4] = 1; });
    expect_one_line_about(error_of(path), path, "ELFCLASS32");
}

TEST(LoaderElf, BigEndianIsRefused) {
    const auto path = mutated("big_endian", [](std::vector<uint8_t>& b) { b[5] = 2; });
    expect_one_line_about(error_of(path), path, "big-endian");
}

TEST(LoaderElf, OtherMachineIsRefused) {
    const auto path = mutated("arm32", [](std::vector<uint8_t>& b) { poke<uint16_t>(b, 18, 40); });
    expect_one_line_about(error_of(path), path, "32-bit Arm (40), not AArch64");
}

TEST(LoaderElf, HostX86ExecutableIsRefused) {
    const std::string host = "/bin/true";
    const auto bytes = slurp(host);
    if (bytes.size() < 64 || bytes[0] != 0x7F || peek<uint16_t>(bytes, 18) != 62)
        GTEST_SKIP() << "/bin/true is not an x86-64 ELF on this host";
    expect_one_line_about(error_of(host), host, "x86-64 (62), not AArch64");
}

TEST(LoaderElf, RelocatableObjectIsRefused) {
    const std::string obj = dir + "/fw.o";
    expect_one_line_about(error_of(obj), obj, "ET_REL");
}

TEST(LoaderElf, TruncatedProgramHeadersAreALoadError) {
    auto b = slurp(fw_elf);
    b.resize(phdr(b, 0) + 20);
    const auto path = write_temp("short_phdrs", b);
    expect_one_line_about(error_of(path), path, "truncated program headers");
}

TEST(LoaderElf, BadProgramHeaderEntrySizeIsALoadError) {
    const auto path = mutated("phentsize", [](std::vector<uint8_t>& b) { poke<uint16_t>(b, 54, 32); });
    expect_one_line_about(error_of(path), path, "entry size 32");
}

TEST(LoaderElf, SegmentDataPastTheEndOfTheFileIsALoadError) {
    auto b = slurp(fw_elf);
    const uint64_t text_off = peek<uint64_t>(b, phdr(b, 0) + 8);
    b.resize(text_off + 8); // program headers intact, segment 0 cut short
    const auto path = write_temp("short_segment", b);
    expect_one_line_about(error_of(path), path, "segment 0: file data");
}

TEST(LoaderElf, FileSizeLargerThanMemorySizeIsALoadError) {
    const auto path = mutated("filesz", [](std::vector<uint8_t>& b) {
        poke<uint64_t>(b, phdr(b, 1) + 40, 4); // p_memsz of the data segment < p_filesz 8
    });
    expect_one_line_about(error_of(path), path, "exceeds p_memsz");
}

TEST(LoaderElf, OverlappingSegmentsAreALoadError) {
    const auto path = mutated("overlap", [](std::vector<uint8_t>& b) {
        poke<uint64_t>(b, phdr(b, 1) + 24, 0x40000008ull); // data paddr inside text
    });
    expect_one_line_about(error_of(path), path, "overlaps segment 0");
}

TEST(LoaderElf, SegmentOutsideRamIsALoadErrorAndNothingIsWritten) {
    const std::string path = dir + "/outside.elf";
    elf_loader elf(path);
    bool wrote = false;
    try {
        elf.load(virt_ram, [&](uint64_t, const uint8_t*, size_t) { return wrote = true; });
        FAIL() << "loaded a segment outside RAM";
    } catch (const load_error& e) {
        expect_one_line_about(e.what(), path, "segment 0 (PT_LOAD, paddr 0x10000000");
        EXPECT_NE(std::string(e.what()).find("outside RAM [0x40000000, 0x48000000)"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(wrote);
}

TEST(LoaderElf, SegmentStraddlingTheEndOfRamIsALoadError) {
    // RAM ends 4 bytes into the data segment's .bss.
    const std::vector<memory_range> small = {{ram_base, 0x20004}};
    expect_one_line_about(error_of(fw_elf, small), fw_elf, "segment 1 (PT_LOAD, paddr 0x40020000");
    // Several RAM ranges: each segment may sit in a different one.
    const std::vector<memory_range> split = {{0x40020000, 0x10000}, {0x40000000, 0x1000}};
    EXPECT_EQ(error_of(fw_elf, split), "");
}

TEST(LoaderElf, FailedWriteIsALoadError) {
    elf_loader elf(fw_elf);
    try {
        elf.load(virt_ram, [](uint64_t addr, const uint8_t*, size_t) { return addr < 0x40020000; });
        FAIL() << "write failure ignored";
    } catch (const load_error& e) {
        expect_one_line_about(e.what(), fw_elf, "writing 8 bytes at 0x40020000 failed");
    }
}

TEST(LoaderElf, TransportDbgRefusedByTheTargetIsALoadError) {
    // A RAM target bound directly (no router): addresses are RAM offsets, so
    // 0x40000000 is outside its 128 MiB and transport_dbg transfers nothing.
    vp::bus::memory ram("ram");
    elf_loader elf(fw_elf);
    EXPECT_THROW(elf.load(virt_ram, ram.socket), load_error);
}

TEST(LoaderElf, StrippedSectionHeadersStillLoadWithoutSymbols) {
    const auto path = mutated("no_shdrs", [](std::vector<uint8_t>& b) {
        poke<uint64_t>(b, 40, 0); // e_shoff
        poke<uint16_t>(b, 60, 0); // e_shnum
    });
    elf_loader elf(path);
    EXPECT_TRUE(elf.symbols().empty());
    EXPECT_FALSE(elf.symbol_error().empty());
    EXPECT_FALSE(elf.symbol_address("_start").has_value());
    EXPECT_EQ(error_of(path), "");
}

TEST(LoaderElf, LoadsACompiledCProgramWithDataAndBss) {
    const std::string path = dir + "/fw_c.elf";
    elf_loader elf(path);
    std::map<uint64_t, uint8_t> mem; // sparse image of what was written
    elf.load(virt_ram, [&](uint64_t addr, const uint8_t* d, size_t len) {
        for (size_t i = 0; i < len; ++i)
            mem[addr + i] = d[i];
        return true;
    });
    EXPECT_EQ(elf.symbol_address("_start"), elf.entry());
    const auto counter = elf.symbol_address("counter");
    const auto scratch = elf.symbols().find("scratch");
    ASSERT_TRUE(counter.has_value());
    ASSERT_NE(scratch, elf.symbols().end());
    EXPECT_EQ(scratch->second.size, 0x2000u);
    // .data is linked at 0x4001xxxx but loaded 0x10000 higher (AT() in fw.ld).
    const uint64_t delta = 0x40020000 - 0x40010000;
    uint64_t value = 0;
    for (unsigned i = 0; i < 8; ++i)
        value |= uint64_t(mem.at(*counter + delta + i)) << (8 * i);
    EXPECT_EQ(value, 0x1122334455667788ull);
    for (uint64_t a = scratch->second.value; a < scratch->second.value + 0x2000; a += 0x100)
        ASSERT_EQ(mem.at(a + delta), 0) << "bss written as zeros";
}

namespace {

// Offset of the .symtab section header in an ELF64 image.
uint64_t symtab_shdr(const std::vector<uint8_t>& b) {
    const uint64_t shoff = peek<uint64_t>(b, 40);
    const uint16_t shnum = peek<uint16_t>(b, 60);
    for (unsigned i = 0; i < shnum; ++i)
        if (peek<uint32_t>(b, shoff + 64ull * i + 4) == 2) // SHT_SYMTAB
            return shoff + 64ull * i;
    return 0;
}

} // namespace

// issue 16: sh_entsize = 2^64-1 wrapped the entry offset and crashed vp
// (SIGSEGV; ASan: heap-buffer-overflow). Now: one entry at most, no crash.
TEST(LoaderElf, HugeSymtabEntrySizeDoesNotCrash) {
    for (uint64_t entsize : {~uint64_t(0), ~uint64_t(0) - 7, uint64_t(1) << 63, uint64_t(25)}) {
        auto b = slurp(fw_elf);
        const uint64_t sh = symtab_shdr(b);
        ASSERT_NE(sh, 0u);
        poke<uint64_t>(b, sh + 56, entsize);
        elf_loader elf("mutated", b);
        EXPECT_EQ(elf.entry(), elf_loader(fw_elf).entry());
        EXPECT_LE(elf.symbols().size(), elf_loader(fw_elf).symbols().size());
    }
}

// issue 16: a 2 GiB non-ELF file was read whole (19 s, 2.1 GB) before "not an
// ELF". A sparse 3 GiB file costs no disk; refusing it must read 64 bytes.
TEST(LoaderElf, LargeNonElfIsRefusedWithoutReadingIt) {
    const std::string path = testing::TempDir() + "vp_loader_large_not_elf";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << "not an ELF";
    }
    std::filesystem::resize_file(path, uint64_t(3) << 30);
    expect_one_line_about(error_of(path), path, "not an ELF");
    std::filesystem::remove(path);
}

// An ELF larger than any RAM is refused by its size, before it is read.
TEST(LoaderElf, ElfLargerThanTheLimitIsRefused) {
    auto b = slurp(fw_elf);
    const std::string path = write_temp("huge", b);
    std::filesystem::resize_file(path, elf_loader::max_file_size + 1);
    expect_one_line_about(error_of(path), path, "larger than");
    std::filesystem::remove(path);
}

// The in-memory constructor validates like the file one.
TEST(LoaderElf, ImageInMemoryIsValidatedLikeAFile) {
    elf_loader elf("fw (memory)", slurp(fw_elf));
    EXPECT_EQ(elf.entry(), elf_loader(fw_elf).entry());
    EXPECT_EQ(elf.symbols().size(), elf_loader(fw_elf).symbols().size());
    try {
        elf_loader bad("junk", std::vector<uint8_t>{1, 2, 3});
        FAIL() << "junk accepted";
    } catch (const load_error& e) {
        EXPECT_EQ(std::string(e.what()).rfind("junk: not an ELF", 0), 0u) << e.what();
    }
}

// Found by fuzz_elf_loader: a symbol whose st_name points at a NUL inside
// .strtab (not offset 0) became a symbol with an empty name.
TEST(LoaderElf, SymbolWithEmptyNameIsSkipped) {
    auto b = slurp(fw_elf);
    const uint64_t sh = symtab_shdr(b);
    ASSERT_NE(sh, 0u);
    const uint64_t shoff = peek<uint64_t>(b, 40);
    const uint32_t link = peek<uint32_t>(b, sh + 40);
    const uint64_t str_size = peek<uint64_t>(b, shoff + 64ull * link + 32);
    const uint64_t sym_off = peek<uint64_t>(b, sh + 24), sym_size = peek<uint64_t>(b, sh + 32);
    for (uint64_t e = sym_off; e + 24 <= sym_off + sym_size; e += 24)
        poke<uint32_t>(b, e, uint32_t(str_size - 1)); // the last string's terminator
    elf_loader elf("empty names", b);
    EXPECT_TRUE(elf.symbols().empty());
}
