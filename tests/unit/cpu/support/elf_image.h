// A minimal ELF64 little-endian reader for the test programs: PT_LOAD
// segments and the symbol table. Test-only.
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace vp::test {

struct elf_segment {
    uint64_t addr;
    std::vector<uint8_t> bytes; // file bytes, zero-filled to memsz
};

struct elf_image {
    uint64_t entry = 0;
    std::vector<elf_segment> segments;
    std::map<std::string, uint64_t> symbols;

    uint64_t symbol(const std::string& name) const {
        auto it = symbols.find(name);
        if (it == symbols.end()) throw std::runtime_error("no symbol " + name);
        return it->second;
    }

    static elf_image load(const std::string& path) {
        std::ifstream f(path, std::ios::binary);
        if (!f) throw std::runtime_error("cannot open " + path);
        std::vector<uint8_t> d((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        auto rd = [&](uint64_t off, unsigned size) {
            uint64_t v = 0;
            if (off + size > d.size()) throw std::runtime_error("truncated ELF " + path);
            std::memcpy(&v, d.data() + off, size);
            return v;
        };
        if (d.size() < 64 || std::memcmp(d.data(), "\x7f" "ELF", 4) != 0 || d[4] != 2 || d[5] != 1)
            throw std::runtime_error("not an ELF64 LE file: " + path);
        elf_image img;
        img.entry = rd(24, 8);
        const uint64_t phoff = rd(32, 8), shoff = rd(40, 8);
        const unsigned phentsize = unsigned(rd(54, 2)), phnum = unsigned(rd(56, 2));
        const unsigned shentsize = unsigned(rd(58, 2)), shnum = unsigned(rd(60, 2));
        for (unsigned i = 0; i < phnum; ++i) {
            const uint64_t ph = phoff + uint64_t(i) * phentsize;
            if (rd(ph, 4) != 1) continue; // PT_LOAD
            const uint64_t off = rd(ph + 8, 8), paddr = rd(ph + 24, 8), filesz = rd(ph + 32, 8), memsz = rd(ph + 40, 8);
            elf_segment s{paddr, std::vector<uint8_t>(memsz, 0)};
            if (off + filesz > d.size()) throw std::runtime_error("bad segment in " + path);
            std::memcpy(s.bytes.data(), d.data() + off, filesz);
            img.segments.push_back(std::move(s));
        }
        for (unsigned i = 0; i < shnum; ++i) {
            const uint64_t sh = shoff + uint64_t(i) * shentsize;
            if (rd(sh + 4, 4) != 2) continue; // SHT_SYMTAB
            const uint64_t off = rd(sh + 24, 8), size = rd(sh + 32, 8), entsize = rd(sh + 56, 8);
            const unsigned link = unsigned(rd(sh + 40, 4));
            const uint64_t strsh = shoff + uint64_t(link) * shentsize;
            const uint64_t stroff = rd(strsh + 24, 8);
            for (uint64_t e = off; e + entsize <= off + size; e += entsize) {
                const uint64_t name = rd(e, 4), value = rd(e + 8, 8);
                if (!name) continue;
                img.symbols[std::string(reinterpret_cast<const char*>(d.data() + stroff + name))] = value;
            }
        }
        return img;
    }
};

} // namespace vp::test
