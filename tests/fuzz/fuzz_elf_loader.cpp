// The ELF loader on arbitrary bytes: never crashes, and what it accepts is
// consistent (segments inside the file and RAM, no overlap, writes inside
// the segments).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_support.h"
#include "loader/elf_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace vp::loader;
    try {
        elf_loader elf("fuzz", std::vector<uint8_t>(data, data + size));
        for (const segment& s : elf.segments()) {
            FUZZ_CHECK(s.filesz <= s.memsz, "segment %u", s.index);
            FUZZ_CHECK(s.offset <= size && s.filesz <= size - s.offset, "segment %u data outside the file", s.index);
            FUZZ_CHECK(s.memsz > 0 && s.paddr + (s.memsz - 1) >= s.paddr, "segment %u wraps", s.index);
        }
        for (const auto& [name, sym] : elf.symbols())
            FUZZ_CHECK(!name.empty() && name.size() <= size, "symbol name");
        const std::vector<memory_range> ram = {{0x40000000, 128ull << 20}};
        uint64_t written = 0;
        elf.load(ram, [&](uint64_t addr, const uint8_t*, size_t len) {
            FUZZ_CHECK(ram[0].contains(addr, len), "write outside RAM at 0x%llx", (unsigned long long)addr);
            written += len;
            return true;
        });
        uint64_t total = 0;
        for (const segment& s : elf.segments())
            total += s.memsz;
        FUZZ_CHECK(written == total, "wrote %llu of %llu bytes", (unsigned long long)written,
                   (unsigned long long)total);
    } catch (const load_error&) {
        // Refused with a message: fine.
    }
    return 0;
}
