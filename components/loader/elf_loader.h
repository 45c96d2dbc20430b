// vp::loader::elf_loader — loads an AArch64 ELF64 executable into simulated
// memory, as QEMU does for a bare-metal `-kernel file.elf`: every PT_LOAD
// segment's file bytes are copied to its physical address (p_paddr) and the
// rest of the segment (p_memsz beyond p_filesz, i.e. .bss) is zero-filled. The
// entry point is e_entry. Symbols of .symtab can be looked up by name.
//
// The file is read and validated by the constructor (ELF-64 Object File
// Format 1.5; AArch64 ELF ABI, "ELF for the Arm 64-bit Architecture"):
// readable regular file, ELF magic, ELFCLASS64, ELFDATA2LSB, EV_CURRENT,
// EM_AARCH64, ET_EXEC, a complete program-header table, segment file data
// inside the file, p_filesz <= p_memsz, no address wrap-around, no two PT_LOAD
// segments overlapping in physical memory, at least one non-empty PT_LOAD.
// Every failure is a vp::loader::load_error whose what() is one line
// "<path>: <reason>", ready to print (vp exits with status 114, platform/exit_status.h).
//
// Loading checks first that every segment lies entirely inside one of the RAM
// ranges the caller allows, so a bad file never leaves memory half written;
// then it writes through a callback, or through TLM transport_dbg (a debug
// write into the RAM model, no simulated time, usable before sc_start once the
// sockets are bound).
//
// A damaged or missing section-header table or symbol table does not stop a
// load (the CPU never needs it); symbols() is then empty and symbol_error()
// says why.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>

namespace vp::loader {

class load_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// [base, base + size)
struct memory_range {
    uint64_t base = 0;
    uint64_t size = 0;
    bool contains(uint64_t addr, uint64_t len) const {
        return addr >= base && addr - base <= size && len <= size - (addr - base);
    }
};

// A PT_LOAD program header.
struct segment {
    unsigned index = 0;  // position in the program-header table
    uint64_t paddr = 0;  // where it is loaded
    uint64_t vaddr = 0;
    uint64_t offset = 0; // of its file bytes
    uint64_t filesz = 0;
    uint64_t memsz = 0;
    uint32_t flags = 0;  // PF_X 1, PF_W 2, PF_R 4
};

struct symbol {
    std::string name;
    uint64_t value = 0; // st_value: a virtual address for an executable
    uint64_t size = 0;
    unsigned type = 0;    // STT_*
    unsigned binding = 0; // STB_*
};

struct load_result {
    uint64_t entry = 0;
    std::vector<memory_range> loaded; // [p_paddr, p_paddr + p_memsz) per non-empty segment
};

class elf_loader {
public:
    // Writes `len` bytes at physical address `addr`; false on failure.
    using write_fn = std::function<bool(uint64_t addr, const uint8_t* data, size_t len)>;
    using fw_if = tlm::tlm_fw_transport_if<>;

    // Reads and validates `path`; throws load_error.
    explicit elf_loader(std::string path);
    // Validates an image already in memory (fuzzing, embedded images); `name`
    // prefixes error messages.
    elf_loader(std::string name, std::vector<uint8_t> image);

    // Larger files are refused (RAM is at most a few GiB).
    static constexpr uint64_t max_file_size = uint64_t(4) << 30;

    const std::string& path() const { return path_; }
    uint64_t entry() const { return entry_; }
    const std::vector<segment>& segments() const { return segments_; } // PT_LOAD, non-empty

    // Throws load_error naming the first segment not inside one of `ram`.
    void check_fits(const std::vector<memory_range>& ram) const;

    // Checks, then copies every segment through `write`.
    load_result load(const std::vector<memory_range>& ram, const write_fn& write) const;
    // Checks, then copies through transport_dbg on `port` (e.g. an initiator
    // socket bound to the router or the RAM; it must be bound, i.e. after
    // elaboration) or directly into a target interface (e.g. a RAM's target
    // socket, whose addresses are then RAM offsets: pass ram ranges in the same
    // address space).
    load_result load(const std::vector<memory_range>& ram, sc_core::sc_port_b<fw_if>& port) const;
    load_result load(const std::vector<memory_range>& ram, fw_if& target) const;

    // .symtab lookup. A global definition wins over local ones of the same name.
    std::optional<uint64_t> symbol_address(const std::string& name) const;
    const std::map<std::string, symbol>& symbols() const { return symbols_; }
    const std::string& symbol_error() const { return symbol_error_; }

private:
    [[noreturn]] void fail(const std::string& reason) const;
    void parse_header();
    void parse_program_headers();
    void parse_symbols();

    uint16_t u16(uint64_t off) const;
    uint32_t u32(uint64_t off) const;
    uint64_t u64(uint64_t off) const;
    bool in_file(uint64_t off, uint64_t len) const { return off <= image_.size() && len <= image_.size() - off; }

    std::string path_;
    std::vector<uint8_t> image_;
    uint64_t entry_ = 0;
    std::vector<segment> segments_;
    std::map<std::string, symbol> symbols_;
    std::string symbol_error_;
};

} // namespace vp::loader
