// The AArch64 register file as GDB sees it: the numbering of the `g`/`p`
// packets and the target description (GDB manual, "Target Descriptions";
// features org.gnu.gdb.aarch64.core and org.gnu.gdb.aarch64.fpu, and every
// system register of the core's table in a feature of its own, group
// "system").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cpu/core.h"

namespace vp::debug {

class gdb_registers {
public:
    gdb_registers();

    std::size_t count() const { return regs_.size(); }
    unsigned bytes(std::size_t n) const { return regs_[n].bits / 8; }
    // Little-endian bytes of register n (false if the core cannot read it).
    bool read(cpu::core& c, std::size_t n, uint8_t* out) const;
    bool write(cpu::core& c, std::size_t n, const uint8_t* in) const;

    const std::string& target_xml() const { return xml_; }

private:
    enum class kind { x, sp, pc, cpsr, v, fpsr, fpcr, sysreg };
    struct reg {
        std::string name;
        unsigned bits;
        kind k;
        uint32_t key; // x, v: index; sysreg: encoding
    };
    std::vector<reg> regs_;
    std::string xml_;
};

} // namespace vp::debug
