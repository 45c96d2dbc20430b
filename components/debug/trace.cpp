#include "debug/trace.h"

#include <capstone/capstone.h>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "cpu/sysregs.h"
#include "timer/timer_registers.h"

namespace vp::debug {

tracer::tracer(std::ostream& out) : out_(out) {
    csh h = 0;
    if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &h) == CS_ERR_OK) capstone_ = h;
}

tracer::~tracer() {
    out_.flush();
    if (capstone_) {
        csh h = capstone_;
        cs_close(&h);
    }
}

cpu::trace_categories tracer::parse(const std::string& list) {
    cpu::trace_categories c;
    std::stringstream ss(list);
    std::string item;
    while (std::getline(ss, item, ',')) {
        if (item == "exec") c.exec = true;
        else if (item == "int") c.interrupts = true;
        else if (item == "mmio") c.mmio = true;
        else if (item == "sysreg") c.sysreg = true;
        else if (item == "all") c.exec = c.interrupts = c.mmio = c.sysreg = true;
        else throw std::invalid_argument("unknown trace category '" + item + "' (exec, int, mmio, sysreg, all)");
    }
    return c;
}

void tracer::add_registers(uint64_t base, uint64_t size, const register_bank& bank, uint64_t stride) {
    frames_.push_back({base, size, stride, &bank});
}

// "<time> cpu<n> <category> "
void tracer::begin(cpu::aarch64_cpu& cpu, const char* category) {
    const sc_core::sc_time t = cpu.local_time();
    const uint64_t ps = uint64_t(t.to_seconds() * 1e12 + 0.5);
    std::snprintf(line_, sizeof line_, "%10llu.%03llu ns cpu%u %-6s ", static_cast<unsigned long long>(ps / 1000),
                  static_cast<unsigned long long>(ps % 1000), cpu.parameters().cpu_index, category);
    out_ << line_;
}

void tracer::instruction(cpu::aarch64_cpu& cpu, uint64_t pc) {
    cpu::core& core = cpu.core();
    uint32_t raw = 0;
    uint64_t pa = pc;
    bool have = core.debug_translate(pc, pa);
    if (have && core.in_ram(pa, 4)) std::memcpy(&raw, core.ram_ptr(pa), 4);
    else if (have) have = cpu.debug_read(pc, &raw, 4) == 4;
    begin(cpu, "exec");
    std::snprintf(line_, sizeof line_, "EL%u 0x%016llx: ", core.el(), static_cast<unsigned long long>(pc));
    out_ << line_;
    if (!have) {
        out_ << "(no memory)\n";
        return;
    }
    cs_insn* insn = nullptr;
    const uint8_t* bytes = reinterpret_cast<const uint8_t*>(&raw);
    const std::size_t n = capstone_ ? cs_disasm(capstone_, bytes, 4, pc, 1, &insn) : 0;
    if (n == 1) std::snprintf(line_, sizeof line_, "%08x  %s %s\n", raw, insn->mnemonic, insn->op_str);
    else std::snprintf(line_, sizeof line_, "%08x  .inst 0x%08x\n", raw, raw);
    if (n) cs_free(insn, n);
    out_ << line_;
}

const char* tracer::exception_class_name(unsigned ec) {
    switch (ec) { // DDI 0487 D17.2.37 ESR_ELx.EC
    case 0x00: return "unknown reason";
    case 0x01: return "WFI/WFE";
    case 0x07: return "SIMD/FP access";
    case 0x0e: return "illegal execution state";
    case 0x15: return "SVC";
    case 0x16: return "HVC";
    case 0x17: return "SMC";
    case 0x18: return "MSR/MRS/system instruction";
    case 0x20: return "instruction abort, lower EL";
    case 0x21: return "instruction abort, same EL";
    case 0x22: return "PC alignment";
    case 0x24: return "data abort, lower EL";
    case 0x25: return "data abort, same EL";
    case 0x26: return "SP alignment";
    case 0x2c: return "FP exception";
    case 0x2f: return "SError";
    case 0x3c: return "BRK";
    default: return "other";
    }
}

void tracer::exception_entered(cpu::aarch64_cpu& cpu, unsigned from_el, unsigned kind) {
    static const char* kinds[] = {"sync", "irq", "fiq", "serror"};
    const auto& st = cpu.core().state();
    const unsigned el = cpu.core().el();
    begin(cpu, "int");
    std::snprintf(line_, sizeof line_, "%s EL%u -> EL%u ELR_EL%u=0x%llx SPSR_EL%u=0x%llx", kinds[kind & 3], from_el, el,
                  el, static_cast<unsigned long long>(st.elr[el]), el, static_cast<unsigned long long>(st.spsr[el]));
    out_ << line_;
    if (kind == 0) {
        const unsigned ec = unsigned(st.esr[el] >> 26) & 0x3f;
        std::snprintf(line_, sizeof line_, " ESR_EL%u=0x%08llx (EC 0x%02x %s)", el,
                      static_cast<unsigned long long>(st.esr[el]), ec, exception_class_name(ec));
        out_ << line_;
        if (ec == 0x20 || ec == 0x21 || ec == 0x22 || ec == 0x24 || ec == 0x25) {
            std::snprintf(line_, sizeof line_, " FAR_EL%u=0x%llx", el, static_cast<unsigned long long>(st.far[el]));
            out_ << line_;
        }
    }
    std::snprintf(line_, sizeof line_, " -> 0x%llx\n", static_cast<unsigned long long>(st.pc));
    out_ << line_;
}

void tracer::exception_returned(cpu::aarch64_cpu& cpu, unsigned from_el) {
    const auto& st = cpu.core().state();
    begin(cpu, "int");
    std::snprintf(line_, sizeof line_, "eret EL%u -> EL%u%s SPSR_EL%u=0x%llx -> 0x%llx\n", from_el, cpu.core().el(),
                  st.il ? " (illegal return: PSTATE.IL)" : "", from_el,
                  static_cast<unsigned long long>(st.spsr[from_el]), static_cast<unsigned long long>(st.pc));
    out_ << line_;
}

std::string tracer::sysreg_name(uint32_t key) {
    if (const auto* d = cpu::sysregs::find(key)) return d->name;
    namespace r = vp::timer::reg;
    static const struct {
        uint32_t key;
        const char* name;
    } timer[] = {{r::CNTFRQ_EL0, "CNTFRQ_EL0"},       {r::CNTPCT_EL0, "CNTPCT_EL0"},
                 {r::CNTVCT_EL0, "CNTVCT_EL0"},       {r::CNTKCTL_EL1, "CNTKCTL_EL1"},
                 {r::CNTP_TVAL_EL0, "CNTP_TVAL_EL0"}, {r::CNTP_CTL_EL0, "CNTP_CTL_EL0"},
                 {r::CNTP_CVAL_EL0, "CNTP_CVAL_EL0"}, {r::CNTV_TVAL_EL0, "CNTV_TVAL_EL0"},
                 {r::CNTV_CTL_EL0, "CNTV_CTL_EL0"},   {r::CNTV_CVAL_EL0, "CNTV_CVAL_EL0"},
                 {r::CNTVOFF_EL2, "CNTVOFF_EL2"},     {r::CNTHCTL_EL2, "CNTHCTL_EL2"},
                 {r::CNTHP_TVAL_EL2, "CNTHP_TVAL_EL2"}, {r::CNTHP_CTL_EL2, "CNTHP_CTL_EL2"},
                 {r::CNTHP_CVAL_EL2, "CNTHP_CVAL_EL2"}};
    for (const auto& t : timer)
        if (t.key == key) return t.name;
    char buf[32];
    std::snprintf(buf, sizeof buf, "S%u_%u_C%u_C%u_%u", key >> 14, (key >> 11) & 7, (key >> 7) & 15, (key >> 3) & 15,
                  key & 7);
    return buf;
}

void tracer::sysreg_accessed(cpu::aarch64_cpu& cpu, uint32_t key, bool read, uint64_t value, bool done) {
    begin(cpu, "sysreg");
    std::snprintf(line_, sizeof line_, "EL%u %s %s %s 0x%llx%s\n", cpu.core().el(), read ? "MRS" : "MSR",
                  sysreg_name(key).c_str(), read ? "->" : "<-", static_cast<unsigned long long>(value),
                  done ? "" : " (trapped or UNDEFINED)");
    out_ << line_;
}

std::string tracer::register_name(uint64_t addr) const {
    for (const frame& f : frames_) {
        if (addr < f.base || addr - f.base >= f.size) continue;
        uint64_t off = addr - f.base;
        if (f.stride) off %= f.stride;
        const register_entry* e = f.bank->find(off);
        if (!e) return "reserved";
        std::string name = e->name;
        const uint64_t rel = off - e->offset;
        if (e->count > 1) name += std::to_string(rel / e->width);
        if (rel % e->width) name += "+" + std::to_string(rel % e->width);
        return name;
    }
    return "";
}

void tracer::device_access(cpu::aarch64_cpu& cpu, bool write, uint64_t addr, const void* data, unsigned size,
                           bool ok) {
    uint64_t v = 0;
    std::memcpy(&v, data, size < 8 ? size : 8);
    const std::string name = register_name(addr);
    begin(cpu, "mmio");
    std::snprintf(line_, sizeof line_, "%s 0x%08llx %-18s %s 0x%0*llx (%u bytes)%s\n", write ? "write" : "read ",
                  static_cast<unsigned long long>(addr), name.empty() ? "-" : name.c_str(), write ? "<-" : "->",
                  int(2 * size), static_cast<unsigned long long>(v), size, ok ? "" : " bus error");
    out_ << line_;
}

} // namespace vp::debug
