#include "vcd_writer.h"

#include <algorithm>
#include <map>
#include <memory>

namespace vp::platform {

namespace {

// Identifier codes: printable ASCII '!'..'~' (IEEE 1364 18.2.1), shortest first.
std::string code_of(size_t n) {
    std::string code;
    do {
        code += char('!' + n % 94);
        n /= 94;
    } while (n != 0);
    return code;
}

// A scope of the header: its variables and sub-scopes in declaration order.
struct scope {
    std::string name;
    std::vector<size_t> vars;
    std::vector<std::unique_ptr<scope>> children;
    scope& child(const std::string& n) {
        for (auto& c : children)
            if (c->name == n)
                return *c;
        children.push_back(std::make_unique<scope>());
        children.back()->name = n;
        return *children.back();
    }
};

} // namespace

vcd_writer::vcd_writer(const std::string& path, const std::string& timescale)
    : out_(path, std::ios::binary | std::ios::trunc), timescale_(timescale) {}

vcd_writer::~vcd_writer() {
    if (!finished_)
        finish(pending_time_);
}

size_t vcd_writer::add(const std::string& name, unsigned width) {
    vars_.push_back({name, width, code_of(vars_.size()), 0, 0});
    return vars_.size() - 1;
}

std::optional<uint64_t> vcd_writer::stop() const {
    if (stop_)
        return stop_;
    if (stop_after_ && start_)
        return *start_ + *stop_after_;
    return std::nullopt;
}

void vcd_writer::open(uint64_t t) {
    if (!start_)
        start_ = t;
}

void vcd_writer::set(size_t id, uint64_t value, uint64_t t) {
    if (finished_)
        return;
    if (t != pending_time_) {
        flush();
        pending_time_ = t;
    }
    var& v = vars_[id];
    if (value == v.value)
        return;
    if (v.value == v.settled) // not yet listed in this time step
        dirty_.push_back(id);
    v.value = value;
}

void vcd_writer::flush() {
    const uint64_t t = pending_time_;
    const auto end = stop();
    if (start_ && !dumped_ && t >= *start_ && (!end || *start_ <= *end)) {
        // The first time step at or after the start: the values before it
        // are the values at the start.
        write_header();
        stamp(*start_);
        out_ << "$dumpvars\n";
        for (const var& v : vars_)
            write_value(v, v.settled);
        out_ << "$end\n";
        dumped_ = true;
    }
    const bool inside = dumped_ && t >= *start_ && (!end || t <= *end);
    for (size_t id : dirty_) {
        var& v = vars_[id];
        if (inside && v.value != v.settled) {
            stamp(t);
            write_value(v, v.value);
        }
        v.settled = v.value;
    }
    dirty_.clear();
}

void vcd_writer::finish(uint64_t end) {
    if (finished_)
        return;
    flush();
    const auto stop_at = stop();
    if (start_ && !dumped_ && end >= *start_ && (!stop_at || *start_ <= *stop_at)) {
        pending_time_ = std::max(end, pending_time_);
        flush(); // writes the $dumpvars block (no change is pending)
    }
    write_header(); // a window that never opened: a valid VCD with no values
    if (dumped_)
        stamp(stop_at ? std::min(*stop_at, end) : end);
    finished_ = true;
    out_.flush();
}

void vcd_writer::write_header() {
    if (header_written_)
        return;
    header_written_ = true;
    out_ << "$date\n     (omitted: vp writes reproducible traces)\n$end\n"
         << "$version\n     vp\n$end\n"
         << "$timescale\n     " << timescale_ << "\n$end\n";
    scope top;
    top.name = "vp";
    for (size_t i = 0; i < vars_.size(); ++i) {
        scope* s = &top;
        const std::string& name = vars_[i].name;
        size_t from = 0;
        for (size_t dot; (dot = name.find('.', from)) != std::string::npos; from = dot + 1)
            s = &s->child(name.substr(from, dot - from));
        s->vars.push_back(i);
    }
    auto write_scope = [this](const scope& s, auto& self) -> void {
        out_ << "$scope module " << s.name << " $end\n";
        for (size_t i : s.vars) {
            const var& v = vars_[i];
            out_ << "$var wire " << v.width << ' ' << v.code << ' ' << v.name.substr(v.name.rfind('.') + 1);
            if (v.width > 1)
                out_ << " [" << v.width - 1 << ":0]";
            out_ << " $end\n";
        }
        for (const auto& c : s.children)
            self(*c, self);
        out_ << "$upscope $end\n";
    };
    write_scope(top, write_scope);
    out_ << "$enddefinitions $end\n";
}

void vcd_writer::write_value(const var& v, uint64_t value) {
    if (v.width == 1) {
        out_ << (value ? '1' : '0') << v.code << '\n';
        return;
    }
    std::string bits;
    for (unsigned b = v.width; b-- > 0;)
        if (!bits.empty() || (value >> b & 1) || b == 0)
            bits += (value >> b & 1) ? '1' : '0';
    out_ << 'b' << bits << ' ' << v.code << '\n';
}

void vcd_writer::stamp(uint64_t t) {
    if (last_stamp_ && *last_stamp_ == t)
        return;
    out_ << '#' << t << '\n';
    last_stamp_ = t;
}

} // namespace vp::platform
