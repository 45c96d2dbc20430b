#include "debug/gdb_stub.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <systemc>

#include "common/log.h"

namespace vp::debug {

namespace {

const char hex_digits[] = "0123456789abcdef";

std::string to_hex(const uint8_t* data, std::size_t n) {
    std::string s;
    s.reserve(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        s += hex_digits[data[i] >> 4];
        s += hex_digits[data[i] & 15];
    }
    return s;
}

std::string to_hex(const std::string& text) { return to_hex(reinterpret_cast<const uint8_t*>(text.data()), text.size()); }

std::string hex_number(uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
    return buf;
}

// Parses hex bytes; false on a bad digit.
bool from_hex(const std::string& s, std::size_t pos, std::size_t bytes, std::vector<uint8_t>& out) {
    if (s.size() < pos + 2 * bytes) return false;
    out.resize(bytes);
    for (std::size_t i = 0; i < bytes; ++i) {
        char* end = nullptr;
        const std::string two = s.substr(pos + 2 * i, 2);
        out[i] = uint8_t(std::strtoul(two.c_str(), &end, 16));
        if (*end) return false;
    }
    return true;
}

// "addr,len" (hex) starting at pos; `end` gets the position after len.
bool parse_addr_len(const std::string& s, std::size_t pos, uint64_t& addr, uint64_t& len, std::size_t* end = nullptr) {
    char* e = nullptr;
    addr = std::strtoull(s.c_str() + pos, &e, 16);
    if (*e != ',') return false;
    len = std::strtoull(e + 1, &e, 16);
    if (end) *end = std::size_t(e - s.c_str());
    return true;
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

} // namespace

gdb_stub::gdb_stub(std::vector<cpu::aarch64_cpu*> cpus, uint16_t port, bool wait_for_client)
    : cpus_(std::move(cpus)), state_(cpus_.size()), conn_(port), wait_(wait_for_client) {
    for (auto* c : cpus_) c->set_debugger(this);
    std::cerr << "vp: gdb: listening on 127.0.0.1:" << conn_.port()
              << (wait_ ? " (waiting for gdb before the first instruction)" : "") << std::endl;
}

gdb_stub::~gdb_stub() {
    for (auto* c : cpus_) {
        c->set_debug_checks(false, false);
        c->set_debugger(nullptr);
    }
}

unsigned gdb_stub::index(const cpu::aarch64_cpu& cpu) const {
    for (unsigned i = 0; i < cpus_.size(); ++i)
        if (cpus_[i] == &cpu) return i;
    return 0;
}

void gdb_stub::simulation_ended(int exit_code) {
    if (!conn_.connected()) return;
    char buf[8];
    std::snprintf(buf, sizeof buf, "W%02x", unsigned(exit_code) & 0xff);
    conn_.send(buf);
    conn_.close_client();
}

// ---- called by the CPUs ----

void gdb_stub::started(cpu::aarch64_cpu& cpu) {
    if (!wait_ || started_) return;
    started_ = true; // the first CPU holds everything: no instruction ran anywhere yet
    if (conn_.accept_client(true)) {
        log::info("debug/gdb", "GDB attached; CPUs held at reset");
        serve(index(cpu), stop_reply(index(cpu), "05"));
    }
}

void gdb_stub::poll(cpu::aarch64_cpu& cpu) {
    if (++poll_count_ & 63) return; // a system call every 64 quanta at most
    if (!conn_.connected()) {
        if (!breakpoints_.empty() || !watchpoints_.empty()) { // the client went away: run free
            breakpoints_.clear();
            watchpoints_.clear();
            for (auto& s : state_) s.stepping = false;
            update_checks();
        }
        // GDB expects a stopped target when it connects (all-stop mode).
        if (conn_.accept_client(false)) {
            log::info("debug/gdb", "GDB attached at " + cpu.local_time().to_string());
            serve(index(cpu), stop_reply(index(cpu), "05"));
        }
        return;
    }
    if (conn_.take_interrupt()) serve(index(cpu), stop_reply(index(cpu), "02")); // Ctrl-C: SIGINT
}

bool gdb_stub::break_before(cpu::aarch64_cpu& cpu, uint64_t pc) {
    const unsigned i = index(cpu);
    cpu_state& s = state_[i];
    if (pc == s.resume_pc && cpu.core().instructions() == s.resume_icount) return false; // resumes from here
    if (s.stepping) {
        s.stop = stop_reply(i, "05");
        return true;
    }
    if (breakpoints_.count(pc)) {
        s.stop = stop_reply(i, "05swbreak:;");
        return true;
    }
    return false;
}

bool gdb_stub::watch(cpu::aarch64_cpu& cpu, uint64_t addr, unsigned size, bool write) {
    const unsigned i = index(cpu);
    cpu_state& s = state_[i];
    // The instruction it resumes from (already counted while it executes).
    if (cpu.core().pc() == s.resume_pc && cpu.core().instructions() == s.resume_icount + 1) return false;
    for (const watchpoint& w : watchpoints_) {
        if (addr >= w.addr + w.len || w.addr >= addr + size) continue;
        const bool hit = w.type == watch_type::access || (write == (w.type == watch_type::write));
        if (!hit) continue;
        const char* what = w.type == watch_type::write ? "watch" : w.type == watch_type::read ? "rwatch" : "awatch";
        s.stop = stop_reply(i, std::string("05") + what + ":" + hex_number(addr > w.addr ? addr : w.addr) + ";");
        return true;
    }
    return false;
}

void gdb_stub::halted(cpu::aarch64_cpu& cpu) {
    const unsigned i = index(cpu);
    serve(i, state_[i].stop.empty() ? stop_reply(i, "05") : state_[i].stop);
}

// ---- the session while the simulation is held ----

void gdb_stub::serve(unsigned cpu, const std::string& reply) {
    for (auto& s : state_) s.stepping = false; // all-stop: everything is stopped now
    update_checks();
    g_cpu_ = cpu;
    state_[cpu].stop = reply;
    conn_.send(reply);
    std::string p;
    for (;;) {
        if (!conn_.receive(p)) { // GDB went away: forget its breakpoints, run on
            log::info("debug/gdb", "GDB went away; the simulation runs on");
            conn_.close_client();
            breakpoints_.clear();
            watchpoints_.clear();
            update_checks();
            return;
        }
        bool resume_now = false;
        handle(p, cpu, resume_now);
        if (killed_) {
            conn_.close_client();
            sc_core::sc_stop();
            sc_core::sc_event never;
            sc_core::wait(never); // this CPU never runs again
        }
        if (resume_now) {
            resume(cpu);
            return;
        }
    }
}

void gdb_stub::update_checks() {
    for (unsigned i = 0; i < cpus_.size(); ++i)
        cpus_[i]->set_debug_checks(!breakpoints_.empty() || state_[i].stepping, !watchpoints_.empty());
}

// Every stepping CPU, and the CPU that stopped, first execute the instruction
// they stopped before (no breakpoint or watchpoint stops it again).
void gdb_stub::resume(unsigned halted_cpu) {
    for (unsigned i = 0; i < cpus_.size(); ++i) {
        cpu_state& s = state_[i];
        if (i == halted_cpu || s.stepping) {
            s.resume_pc = cpus_[i]->core().pc();
            s.resume_icount = cpus_[i]->core().instructions();
        } else {
            s.resume_pc = s.resume_icount = ~0ull;
        }
        s.stop.clear();
    }
    update_checks();
}

std::string gdb_stub::stop_reply(unsigned cpu, const std::string& signal_and_info) const {
    return "T" + signal_and_info + "thread:" + hex_number(cpu + 1) + ";core:" + hex_number(cpu) + ";";
}

int gdb_stub::thread_to_cpu(const std::string& id) const {
    if (id == "-1" || id == "0" || id.empty()) return -1;
    char* end = nullptr;
    const unsigned long t = std::strtoul(id.c_str(), &end, 16);
    if (*end || t < 1 || t > cpus_.size()) return -2;
    return int(t - 1);
}

std::string gdb_stub::read_registers(unsigned cpu) {
    std::string out;
    uint8_t buf[16];
    for (std::size_t n = 0; n < regs_.count(); ++n) {
        if (regs_.read(cpus_[cpu]->core(), n, buf)) out += to_hex(buf, regs_.bytes(n));
        else out += std::string(2 * regs_.bytes(n), 'x');
    }
    return out;
}

bool gdb_stub::handle(const std::string& p, unsigned halted_cpu, bool& resume_now) {
    if (p.empty()) return conn_.send(""), true;
    cpu::core& core = cpus_[g_cpu_]->core();
    switch (p[0]) {
    case '?': conn_.send(state_[halted_cpu].stop); return true;
    case 'q':
    case 'Q': return handle_query(p);
    case 'H': {
        const int c = thread_to_cpu(p.substr(2));
        if (c == -2) return conn_.send("E01"), true;
        if (p[1] == 'g') g_cpu_ = c < 0 ? halted_cpu : unsigned(c);
        conn_.send("OK");
        return true;
    }
    case 'T': conn_.send(thread_to_cpu(p.substr(1)) >= 0 ? "OK" : "E01"); return true;
    case 'g': conn_.send(read_registers(g_cpu_)); return true;
    case 'G': {
        std::size_t pos = 1;
        std::vector<uint8_t> b;
        for (std::size_t n = 0; n < regs_.count() && from_hex(p, pos, regs_.bytes(n), b); ++n) {
            regs_.write(core, n, b.data());
            pos += 2 * regs_.bytes(n);
        }
        conn_.send("OK");
        return true;
    }
    case 'p': {
        const std::size_t n = std::strtoul(p.c_str() + 1, nullptr, 16);
        uint8_t buf[16];
        if (n >= regs_.count()) return conn_.send("E01"), true;
        conn_.send(regs_.read(core, n, buf) ? to_hex(buf, regs_.bytes(n)) : std::string(2 * regs_.bytes(n), 'x'));
        return true;
    }
    case 'P': {
        char* end = nullptr;
        const std::size_t n = std::strtoul(p.c_str() + 1, &end, 16);
        std::vector<uint8_t> b;
        if (n >= regs_.count() || *end != '=' || !from_hex(p, std::size_t(end - p.c_str()) + 1, regs_.bytes(n), b))
            return conn_.send("E01"), true;
        conn_.send(regs_.write(core, n, b.data()) ? "OK" : "E01");
        return true;
    }
    case 'm': {
        uint64_t addr, len;
        if (!parse_addr_len(p, 1, addr, len) || len > 0x2000) return conn_.send("E01"), true;
        std::vector<uint8_t> buf(len);
        uint64_t done = 0;
        while (done < len) { // a target may answer a part (the router clips to one window)
            const unsigned n = cpus_[g_cpu_]->debug_read(addr + done, buf.data() + done, unsigned(len - done));
            if (n == 0) break;
            done += n;
        }
        conn_.send(done ? to_hex(buf.data(), done) : "E14");
        return true;
    }
    case 'M': {
        uint64_t addr, len;
        std::size_t end = 0;
        std::vector<uint8_t> b;
        if (!parse_addr_len(p, 1, addr, len, &end) || p[end] != ':' || !from_hex(p, end + 1, len, b))
            return conn_.send("E01"), true;
        uint64_t done = 0;
        while (done < len) {
            const unsigned n = cpus_[g_cpu_]->debug_write(addr + done, b.data() + done, unsigned(len - done));
            if (n == 0) break;
            done += n;
        }
        // Every CPU's decoded copy (decode caches are keyed by physical address).
        for (uint64_t a = addr; a < addr + done; a = (a | 0xfff) + 1) {
            uint64_t pa;
            if (!cpus_[g_cpu_]->core().debug_translate(a, pa)) break;
            const uint64_t part = std::min<uint64_t>(addr + done - a, 0x1000 - (a & 0xfff));
            for (auto* c : cpus_) c->core().invalidate_code(pa, part);
        }
        conn_.send(done == len ? "OK" : "E14");
        return true;
    }
    case 'Z':
    case 'z': {
        const bool insert = p[0] == 'Z';
        uint64_t addr, kind;
        if (p.size() < 4 || !parse_addr_len(p, 3, addr, kind)) return conn_.send("E01"), true;
        const int type = p[1] - '0';
        if (type == 0 || type == 1) {
            if (insert) breakpoints_.insert(addr);
            else breakpoints_.erase(addr);
        } else if (type >= 2 && type <= 4) {
            const watchpoint w{addr, kind ? kind : 1, watch_type(type)};
            if (insert) {
                watchpoints_.push_back(w);
            } else {
                for (auto it = watchpoints_.begin(); it != watchpoints_.end(); ++it)
                    if (it->addr == w.addr && it->len == w.len && it->type == w.type) {
                        watchpoints_.erase(it);
                        break;
                    }
            }
        } else {
            return conn_.send(""), true;
        }
        update_checks();
        conn_.send("OK");
        return true;
    }
    case 'c':
    case 'C':
    case 's':
    case 'S': {
        // c [addr] / s [addr] / C sig[;addr] / S sig[;addr]
        std::string arg = p.substr(1);
        if (p[0] == 'C' || p[0] == 'S') {
            const auto semi = arg.find(';');
            arg = semi == std::string::npos ? "" : arg.substr(semi + 1);
        }
        if (!arg.empty()) cpus_[halted_cpu]->core().set_pc(std::strtoull(arg.c_str(), nullptr, 16));
        if (p[0] == 's' || p[0] == 'S') state_[halted_cpu].stepping = true;
        resume_now = true;
        return true;
    }
    case 'v':
        if (p == "vCont?") return conn_.send("vCont;c;C;s;S"), true;
        if (starts_with(p, "vCont;")) {
            resume_now = handle_vcont(p, halted_cpu);
            if (!resume_now) conn_.send("E01");
            return true;
        }
        if (starts_with(p, "vKill")) {
            conn_.send("OK");
            killed_ = true;
            return true;
        }
        conn_.send("");
        return true;
    case 'D': // detach: forget everything, run on
        breakpoints_.clear();
        watchpoints_.clear();
        conn_.send("OK");
        conn_.close_client();
        resume_now = true;
        return true;
    case 'k': killed_ = true; return true;
    default:
        log::debug("debug/gdb", "unsupported packet '" + p.substr(0, 40) + "'");
        conn_.send("");
        return true;
    }
}

// vCont;action[:thread][;action[:thread]]... (s/S: step, c/C: continue).
// All-stop: every CPU runs on resume; a stepping CPU stops after one
// instruction and stops everything again.
bool gdb_stub::handle_vcont(const std::string& p, unsigned halted_cpu) {
    std::size_t pos = 6;
    while (pos <= p.size()) {
        const auto next = p.find(';', pos);
        const std::string action = p.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
        pos = next == std::string::npos ? p.size() + 1 : next + 1;
        if (action.empty()) return false;
        const auto colon = action.find(':');
        const int c = colon == std::string::npos ? -1 : thread_to_cpu(action.substr(colon + 1));
        if (c == -2) return false;
        if (action[0] == 's' || action[0] == 'S') {
            if (c >= 0) {
                state_[unsigned(c)].stepping = true;
            } else {
                for (unsigned i = 0; i < cpus_.size(); ++i)
                    if (!state_[i].stepping) state_[i].stepping = true;
            }
        } else if (action[0] != 'c' && action[0] != 'C') {
            return false;
        }
    }
    (void)halted_cpu;
    return true;
}

bool gdb_stub::handle_query(const std::string& p) {
    if (starts_with(p, "qSupported")) {
        conn_.send("PacketSize=4000;qXfer:features:read+;QStartNoAckMode+;swbreak+;hwbreak+;vContSupported+");
        return true;
    }
    if (p == "QStartNoAckMode") {
        conn_.send("OK");
        conn_.set_no_ack();
        return true;
    }
    if (starts_with(p, "qXfer:features:read:target.xml:")) {
        uint64_t off, len;
        if (!parse_addr_len(p, std::string("qXfer:features:read:target.xml:").size(), off, len))
            return conn_.send("E01"), true;
        const std::string& xml = regs_.target_xml();
        if (off >= xml.size()) return conn_.send("l"), true;
        const std::string part = xml.substr(off, len);
        conn_.send((off + part.size() >= xml.size() ? "l" : "m") + part);
        return true;
    }
    if (p == "qfThreadInfo") {
        std::string s = "m";
        for (unsigned i = 0; i < cpus_.size(); ++i) s += (i ? "," : "") + hex_number(i + 1);
        conn_.send(s);
        return true;
    }
    if (p == "qsThreadInfo") return conn_.send("l"), true;
    if (p == "qC") return conn_.send("QC" + hex_number(g_cpu_ + 1)), true;
    if (starts_with(p, "qAttached")) return conn_.send("1"), true;
    if (starts_with(p, "qThreadExtraInfo,")) {
        const int c = thread_to_cpu(p.substr(17));
        if (c < 0) return conn_.send("E01"), true;
        const auto& core = cpus_[unsigned(c)]->core();
        conn_.send(to_hex("CPU " + std::to_string(c) + ", EL" + std::to_string(core.el())));
        return true;
    }
    if (starts_with(p, "qRcmd,")) {
        std::vector<uint8_t> b;
        const std::size_t n = (p.size() - 6) / 2;
        if (!from_hex(p, 6, n, b)) return conn_.send("E01"), true;
        const std::string out = monitor(std::string(b.begin(), b.end()));
        if (!out.empty()) conn_.send("O" + to_hex(out));
        conn_.send("OK");
        return true;
    }
    if (starts_with(p, "qSymbol")) return conn_.send("OK"), true;
    conn_.send("");
    return true;
}

// `monitor <command>` in GDB.
std::string gdb_stub::monitor(const std::string& command) {
    if (command == "time") {
        std::string s = "simulated time " + sc_core::sc_time_stamp().to_string() + "\n";
        for (unsigned i = 0; i < cpus_.size(); ++i)
            s += "cpu" + std::to_string(i) + ": local time " + cpus_[i]->local_time().to_string() + ", " +
                 std::to_string(cpus_[i]->instructions()) + " instructions, EL" +
                 std::to_string(cpus_[i]->core().el()) + "\n";
        return s;
    }
    return "monitor commands: time (simulated time and each CPU's local time)\n";
}

} // namespace vp::debug
