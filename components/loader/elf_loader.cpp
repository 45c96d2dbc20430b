#include "loader/elf_loader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vp::loader {

namespace {

// ELF-64 constants (ELF-64 Object File Format 1.5; AArch64 ELF ABI).
constexpr unsigned EI_CLASS = 4, EI_DATA = 5, EI_VERSION = 6;
constexpr uint8_t ELFCLASS32 = 1, ELFCLASS64 = 2, ELFDATA2LSB = 1, ELFDATA2MSB = 2, EV_CURRENT = 1;
constexpr uint16_t ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;
constexpr uint16_t EM_AARCH64 = 183;
constexpr uint32_t PT_LOAD = 1;
constexpr uint32_t SHT_SYMTAB = 2, SHT_STRTAB = 3;
constexpr unsigned STT_SECTION = 3, STT_FILE = 4, STB_LOCAL = 0;
constexpr uint16_t SHN_UNDEF = 0, PN_XNUM = 0xFFFF;
constexpr uint64_t EHDR_SIZE = 64, PHDR_SIZE = 56, SHDR_SIZE = 64, SYM_SIZE = 24;

std::string hex(uint64_t v) {
    std::ostringstream s;
    s << "0x" << std::hex << v;
    return s.str();
}

std::string machine_name(uint16_t m) {
    switch (m) {
    case 3: return "x86 (3)";
    case 8: return "MIPS (8)";
    case 20: return "PowerPC (20)";
    case 21: return "PowerPC64 (21)";
    case 40: return "32-bit Arm (40)";
    case 62: return "x86-64 (62)";
    case 183: return "AArch64 (183)";
    case 243: return "RISC-V (243)";
    default: return "machine " + std::to_string(m);
    }
}

std::string type_name(uint16_t t) {
    switch (t) {
    case 0: return "ET_NONE (0)";
    case ET_REL: return "ET_REL (1, a relocatable object)";
    case ET_EXEC: return "ET_EXEC (2)";
    case ET_DYN: return "ET_DYN (3, a shared object or PIE)";
    case ET_CORE: return "ET_CORE (4, a core dump)";
    default: return std::to_string(t);
    }
}

std::string describe(const segment& s) {
    return "segment " + std::to_string(s.index) + " (PT_LOAD, paddr " + hex(s.paddr) + "-" +
           hex(s.paddr + s.memsz - 1) + ", " + std::to_string(s.memsz) + " bytes)";
}

} // namespace

elf_loader::elf_loader(std::string path) : path_(std::move(path)) {
    std::error_code ec;
    if (!std::filesystem::exists(path_, ec))
        fail("cannot open: no such file");
    if (!std::filesystem::is_regular_file(path_, ec))
        fail("cannot load: not a regular file");
    std::ifstream in(path_, std::ios::binary);
    if (!in)
        fail(std::string("cannot open: ") + std::strerror(errno));
    // The header first: a large file that is not an ELF is refused before it
    // is read whole.
    image_.resize(EHDR_SIZE);
    in.read(reinterpret_cast<char*>(image_.data()), std::streamsize(EHDR_SIZE));
    image_.resize(size_t(in.gcount()));
    if (in.bad())
        fail("read error");
    parse_header();
    const uint64_t size = std::filesystem::file_size(path_, ec);
    if (ec)
        fail("cannot read its size: " + ec.message());
    if (size < EHDR_SIZE)
        fail("file changed while being read");
    if (size > max_file_size)
        fail("file of " + std::to_string(size) + " bytes is larger than the " + std::to_string(max_file_size >> 20) +
             " MiB an ELF to load may have");
    image_.resize(size_t(size));
    in.read(reinterpret_cast<char*>(image_.data() + EHDR_SIZE), std::streamsize(size - EHDR_SIZE));
    image_.resize(EHDR_SIZE + size_t(in.gcount()));
    if (in.bad())
        fail("read error");
    parse_program_headers();
    parse_symbols();
}

elf_loader::elf_loader(std::string name, std::vector<uint8_t> image) : path_(std::move(name)), image_(std::move(image)) {
    parse_header();
    parse_program_headers();
    parse_symbols();
}

void elf_loader::fail(const std::string& reason) const { throw load_error(path_ + ": " + reason); }

uint16_t elf_loader::u16(uint64_t off) const { return uint16_t(image_[off] | (image_[off + 1] << 8)); }

uint32_t elf_loader::u32(uint64_t off) const { return uint32_t(u16(off)) | (uint32_t(u16(off + 2)) << 16); }

uint64_t elf_loader::u64(uint64_t off) const { return uint64_t(u32(off)) | (uint64_t(u32(off + 4)) << 32); }

void elf_loader::parse_header() {
    if (image_.size() < 4 || image_[0] != 0x7F || image_[1] != 'E' || image_[2] != 'L' || image_[3] != 'F')
        fail("not an ELF file (no \\x7fELF magic)");
    if (image_.size() < EHDR_SIZE)
        fail("truncated ELF header (" + std::to_string(image_.size()) + " bytes)");
    if (image_[EI_CLASS] == ELFCLASS32)
        fail("ELFCLASS32 (a 32-bit ELF); an ELF64 AArch64 executable is required");
    if (image_[EI_CLASS] != ELFCLASS64)
        fail("invalid ELF class " + std::to_string(image_[EI_CLASS]));
    if (image_[EI_DATA] == ELFDATA2MSB)
        fail("big-endian ELF (ELFDATA2MSB); AArch64 little-endian is required");
    if (image_[EI_DATA] != ELFDATA2LSB)
        fail("invalid ELF data encoding " + std::to_string(image_[EI_DATA]));
    if (image_[EI_VERSION] != EV_CURRENT || u32(20) != EV_CURRENT)
        fail("unsupported ELF version");
    const uint16_t machine = u16(18);
    if (machine != EM_AARCH64)
        fail("built for " + machine_name(machine) + ", not AArch64 (EM_AARCH64, 183)");
    const uint16_t type = u16(16);
    if (type != ET_EXEC)
        fail("ELF type is " + type_name(type) + "; only executables (ET_EXEC) can be loaded");
    entry_ = u64(24);
}

void elf_loader::parse_program_headers() {
    const uint64_t phoff = u64(32);
    const uint16_t phentsize = u16(54);
    const uint16_t phnum = u16(56);
    if (phnum == 0)
        fail("no program headers: nothing to load");
    if (phnum == PN_XNUM)
        fail("extended program-header numbering (PN_XNUM) is not supported");
    if (phentsize < PHDR_SIZE)
        fail("program-header entry size " + std::to_string(phentsize) + " is smaller than " +
             std::to_string(PHDR_SIZE));
    if (!in_file(phoff, uint64_t(phentsize) * phnum))
        fail("truncated program headers (" + std::to_string(phnum) + " x " + std::to_string(phentsize) +
             " bytes at offset " + hex(phoff) + ", file is " + std::to_string(image_.size()) + " bytes)");

    for (unsigned i = 0; i < phnum; ++i) {
        const uint64_t ph = phoff + uint64_t(i) * phentsize;
        if (u32(ph) != PT_LOAD)
            continue;
        segment s;
        s.index = i;
        s.flags = u32(ph + 4);
        s.offset = u64(ph + 8);
        s.vaddr = u64(ph + 16);
        s.paddr = u64(ph + 24);
        s.filesz = u64(ph + 32);
        s.memsz = u64(ph + 40);
        if (s.filesz > s.memsz)
            fail("segment " + std::to_string(i) + ": p_filesz " + hex(s.filesz) + " exceeds p_memsz " +
                 hex(s.memsz));
        if (!in_file(s.offset, s.filesz))
            fail("segment " + std::to_string(i) + ": file data (" + std::to_string(s.filesz) + " bytes at offset " +
                 hex(s.offset) + ") runs past the end of the file (" + std::to_string(image_.size()) + " bytes)");
        if (s.memsz == 0)
            continue;
        if (s.paddr + (s.memsz - 1) < s.paddr)
            fail("segment " + std::to_string(i) + " at paddr " + hex(s.paddr) + " wraps the address space");
        segments_.push_back(s);
    }
    if (segments_.empty())
        fail("no loadable (PT_LOAD) segment");

    std::vector<const segment*> by_addr;
    for (const segment& s : segments_)
        by_addr.push_back(&s);
    std::sort(by_addr.begin(), by_addr.end(), [](const segment* a, const segment* b) { return a->paddr < b->paddr; });
    for (size_t i = 1; i < by_addr.size(); ++i) {
        const segment& a = *by_addr[i - 1];
        const segment& b = *by_addr[i];
        if (b.paddr <= a.paddr + (a.memsz - 1))
            fail(describe(b) + " overlaps " + describe(a));
    }
}

void elf_loader::parse_symbols() {
    const uint64_t shoff = u64(40);
    const uint16_t shentsize = u16(58);
    const uint16_t shnum = u16(60);
    if (shoff == 0 || shnum == 0) {
        symbol_error_ = "no section headers (stripped?)";
        return;
    }
    if (shentsize < SHDR_SIZE || !in_file(shoff, uint64_t(shentsize) * shnum)) {
        symbol_error_ = "section-header table truncated or malformed";
        return;
    }
    auto sh = [&](unsigned i) { return shoff + uint64_t(i) * shentsize; };
    for (unsigned i = 0; i < shnum; ++i) {
        if (u32(sh(i) + 4) != SHT_SYMTAB)
            continue;
        const uint64_t off = u64(sh(i) + 24), size = u64(sh(i) + 32);
        const uint32_t link = u32(sh(i) + 40);
        uint64_t entsize = u64(sh(i) + 56);
        if (entsize == 0)
            entsize = SYM_SIZE;
        if (link >= shnum || u32(sh(link) + 4) != SHT_STRTAB || entsize < SYM_SIZE || !in_file(off, size)) {
            symbol_error_ = ".symtab or its string table malformed";
            return;
        }
        const uint64_t str_off = u64(sh(link) + 24), str_size = u64(sh(link) + 32);
        if (!in_file(str_off, str_size)) {
            symbol_error_ = ".strtab truncated";
            return;
        }
        // Entries by index: a huge sh_entsize must not wrap the offset.
        const uint64_t count = size / entsize;
        for (uint64_t k = 0; k < count; ++k) {
            const uint64_t e = off + k * entsize; // <= off + size - entsize: inside the file
            const uint32_t name_off = u32(e);
            const uint8_t info = image_[e + 4];
            const uint16_t shndx = u16(e + 6);
            const unsigned type = info & 0xF, binding = info >> 4;
            if (name_off == 0 || name_off >= str_size || shndx == SHN_UNDEF || type == STT_SECTION ||
                type == STT_FILE)
                continue;
            const char* begin = reinterpret_cast<const char*>(&image_[str_off + name_off]);
            const size_t max = size_t(str_size - name_off);
            const std::string name(begin, strnlen(begin, max));
            if (name.empty()) // st_name at a NUL inside .strtab (found by fuzz_elf_loader)
                continue;
            symbol s{name, u64(e + 8), u64(e + 16), type, binding};
            auto it = symbols_.find(name);
            if (it == symbols_.end())
                symbols_.emplace(name, s);
            else if (it->second.binding == STB_LOCAL && binding != STB_LOCAL)
                it->second = s; // a global definition wins over a local of the same name
        }
        return; // one .symtab per file
    }
    symbol_error_ = "no .symtab section (stripped?)";
}

std::optional<uint64_t> elf_loader::symbol_address(const std::string& name) const {
    auto it = symbols_.find(name);
    if (it == symbols_.end())
        return std::nullopt;
    return it->second.value;
}

void elf_loader::check_fits(const std::vector<memory_range>& ram) const {
    for (const segment& s : segments_) {
        const bool fits = std::any_of(ram.begin(), ram.end(),
                                      [&](const memory_range& r) { return r.contains(s.paddr, s.memsz); });
        if (!fits) {
            std::string allowed;
            for (const memory_range& r : ram)
                allowed += (allowed.empty() ? "" : ", ") + std::string("[") + hex(r.base) + ", " +
                           hex(r.base + r.size) + ")";
            fail(describe(s) + " is outside RAM " + (allowed.empty() ? "(no RAM given)" : allowed));
        }
    }
}

load_result elf_loader::load(const std::vector<memory_range>& ram, const write_fn& write) const {
    check_fits(ram);
    static constexpr size_t chunk = 64 * 1024;
    // Static storage, zero-initialised (.bss): only read, so it costs no
    // start-up memset and no page of its own until a segment has a .bss.
    static const uint8_t zeros[chunk] = {};
    load_result result;
    result.entry = entry_;
    for (const segment& s : segments_) {
        auto put = [&](uint64_t addr, const uint8_t* data, size_t len) {
            if (!write(addr, data, len))
                fail(describe(s) + ": writing " + std::to_string(len) + " bytes at " + hex(addr) + " failed");
        };
        for (uint64_t done = 0; done < s.filesz;) {
            const size_t n = size_t(std::min<uint64_t>(chunk, s.filesz - done));
            put(s.paddr + done, &image_[s.offset + done], n);
            done += n;
        }
        // .bss and the like: p_memsz beyond p_filesz reads as zero (ELF-64 §"Program header").
        for (uint64_t done = s.filesz; done < s.memsz;) {
            const size_t n = size_t(std::min<uint64_t>(chunk, s.memsz - done));
            put(s.paddr + done, zeros, n);
            done += n;
        }
        result.loaded.push_back({s.paddr, s.memsz});
    }
    return result;
}

namespace {

bool debug_write(tlm::tlm_fw_transport_if<>& target, uint64_t addr, const uint8_t* data, size_t len) {
    tlm::tlm_generic_payload trans;
    trans.set_command(tlm::TLM_WRITE_COMMAND);
    trans.set_address(addr);
    trans.set_data_ptr(const_cast<unsigned char*>(data)); // a write does not modify the buffer
    trans.set_data_length(unsigned(len));
    trans.set_streaming_width(unsigned(len));
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    return target.transport_dbg(trans) == len;
}

} // namespace

load_result elf_loader::load(const std::vector<memory_range>& ram, sc_core::sc_port_b<fw_if>& port) const {
    if (port.size() == 0)
        fail("loader socket '" + std::string(port.name()) +
             "' has no target yet: bind it and load after elaboration (e.g. in start_of_simulation)");
    return load(ram, *port[0]);
}

load_result elf_loader::load(const std::vector<memory_range>& ram, fw_if& target) const {
    return load(ram, [&target](uint64_t addr, const uint8_t* data, size_t len) {
        return debug_write(target, addr, data, len);
    });
}

} // namespace vp::loader
