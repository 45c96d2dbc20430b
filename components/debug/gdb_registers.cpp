#include "debug/gdb_registers.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

#include "cpu/sysregs.h"

namespace vp::debug {

namespace {
std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
} // namespace

gdb_registers::gdb_registers() {
    for (unsigned n = 0; n < 31; ++n) regs_.push_back({"x" + std::to_string(n), 64, kind::x, n});
    regs_.push_back({"sp", 64, kind::sp, 0});
    regs_.push_back({"pc", 64, kind::pc, 0});
    regs_.push_back({"cpsr", 32, kind::cpsr, 0});
    const std::size_t core_regs = regs_.size();
    for (unsigned n = 0; n < 32; ++n) regs_.push_back({"v" + std::to_string(n), 128, kind::v, n});
    regs_.push_back({"fpsr", 32, kind::fpsr, 0});
    regs_.push_back({"fpcr", 32, kind::fpcr, 0});
    const std::size_t fpu_regs = regs_.size();
    // System registers: every readable entry of the core's table, named as in
    // the Arm ARM (lower case, as GDB names registers). NZCV/DAIF/CurrentEL
    // /SPSel are views of cpsr and SP_EL0 of sp: kept, they are handy.
    std::set<std::string> taken;
    for (const auto& r : regs_) taken.insert(r.name);
    for (auto* d = cpu::sysregs::table_begin(); d != cpu::sysregs::table_end(); ++d) {
        if (d->acc == cpu::sysregs::access::wo) continue;
        const std::string name = lower(d->name);
        if (!taken.insert(name).second) continue;
        regs_.push_back({name, 64, kind::sysreg, d->key});
    }

    std::string x = "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target>\n"
                    "<architecture>aarch64</architecture>\n<feature name=\"org.gnu.gdb.aarch64.core\">\n";
    for (std::size_t n = 0; n < regs_.size(); ++n) {
        const reg& r = regs_[n];
        if (n == core_regs) {
            // V registers as GDB users know them: $v0.d.u[1], $v0.s.f[0], $v0.b.u[15], $v0.q.u[0].
            x += "</feature>\n<feature name=\"org.gnu.gdb.aarch64.fpu\">\n";
            static const struct {
                const char *id, *elem;
                unsigned count;
            } vectors[] = {{"v2d", "ieee_double", 2}, {"v2u", "uint64", 2},  {"v2i", "int64", 2},
                           {"v4f", "ieee_single", 4}, {"v4u", "uint32", 4},  {"v4i", "int32", 4},
                           {"v8u", "uint16", 8},      {"v8i", "int16", 8},   {"v16u", "uint8", 16},
                           {"v16i", "int8", 16},      {"v1u", "uint128", 1}, {"v1i", "int128", 1}};
            for (const auto& v : vectors)
                x += std::string("<vector id=\"") + v.id + "\" type=\"" + v.elem + "\" count=\"" +
                     std::to_string(v.count) + "\"/>\n";
            x += "<union id=\"vnd\"><field name=\"f\" type=\"v2d\"/><field name=\"u\" type=\"v2u\"/>"
                 "<field name=\"s\" type=\"v2i\"/></union>\n"
                 "<union id=\"vns\"><field name=\"f\" type=\"v4f\"/><field name=\"u\" type=\"v4u\"/>"
                 "<field name=\"s\" type=\"v4i\"/></union>\n"
                 "<union id=\"vnh\"><field name=\"u\" type=\"v8u\"/><field name=\"s\" type=\"v8i\"/></union>\n"
                 "<union id=\"vnb\"><field name=\"u\" type=\"v16u\"/><field name=\"s\" type=\"v16i\"/></union>\n"
                 "<union id=\"vnq\"><field name=\"u\" type=\"v1u\"/><field name=\"s\" type=\"v1i\"/></union>\n"
                 "<union id=\"aarch64v\"><field name=\"d\" type=\"vnd\"/><field name=\"s\" type=\"vns\"/>"
                 "<field name=\"h\" type=\"vnh\"/><field name=\"b\" type=\"vnb\"/>"
                 "<field name=\"q\" type=\"vnq\"/></union>\n";
        }
        if (n == fpu_regs) x += "</feature>\n<feature name=\"org.vp.aarch64.sysregs\">\n";
        const char* type = r.k == kind::sp ? "data_ptr" : r.k == kind::pc ? "code_ptr" : r.k == kind::v ? "aarch64v" : "int";
        x += "<reg name=\"" + r.name + "\" bitsize=\"" + std::to_string(r.bits) + "\" type=\"" + type +
             "\" regnum=\"" + std::to_string(n) + "\"";
        if (r.k == kind::sysreg) x += " group=\"system\"";
        x += "/>\n";
    }
    x += "</feature>\n</target>\n";
    xml_ = std::move(x);
}

bool gdb_registers::read(cpu::core& c, std::size_t n, uint8_t* out) const {
    const reg& r = regs_.at(n);
    uint64_t v = 0;
    switch (r.k) {
    case kind::x: v = c.x(r.key); break;
    case kind::sp: v = c.sp(); break;
    case kind::pc: v = c.pc(); break;
    case kind::cpsr: v = c.pstate(); break;
    case kind::v: std::memcpy(out, c.v(r.key).d, 16); return true;
    case kind::fpsr: v = c.fpsr(); break;
    case kind::fpcr: v = c.fpcr(); break;
    case kind::sysreg:
        if (!c.read_sysreg(r.key, v)) return false;
        break;
    }
    std::memcpy(out, &v, r.bits / 8); // little-endian host, as the guest
    return true;
}

bool gdb_registers::write(cpu::core& c, std::size_t n, const uint8_t* in) const {
    const reg& r = regs_.at(n);
    uint64_t v = 0;
    if (r.bits <= 64) std::memcpy(&v, in, r.bits / 8); // V registers: below
    switch (r.k) {
    case kind::x: c.set_x(r.key, v); return true;
    case kind::sp: c.set_sp(v); return true;
    case kind::pc: c.set_pc(v); return true;
    case kind::cpsr: { // NZCV and DAIF; the mode goes through set_el (M[3:2] = EL, M[0] = SPSel)
        c.set_nzcv(uint32_t(v));
        c.set_daif(uint32_t(v));
        const unsigned el = unsigned(v >> 2) & 3;
        if (el <= 2) c.set_el(el, v & 1);
        return true;
    }
    case kind::v: {
        uint64_t d[2];
        std::memcpy(d, in, 16);
        c.set_v(r.key, d[0], d[1]);
        return true;
    }
    case kind::fpsr: c.set_fpsr(uint32_t(v)); return true;
    case kind::fpcr: c.set_fpcr(uint32_t(v)); return true;
    case kind::sysreg: return c.write_sysreg(r.key, v);
    }
    return false;
}

} // namespace vp::debug
