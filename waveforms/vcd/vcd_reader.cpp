#include "vcd_reader.h"

#include <fstream>
#include <sstream>

namespace vp::vcd {

namespace {

const std::string unknown = "x";

uint64_t to_uint(const std::string& v) {
    uint64_t out = 0;
    for (char c : v)
        out = (out << 1) | (c == '1' ? 1 : 0);
    return out;
}

uint64_t timescale_to_ps(const std::string& text) {
    // e.g. "1 ps", "10ns", "1 us"
    size_t i = 0;
    while (i < text.size() && (isdigit(static_cast<unsigned char>(text[i])) || text[i] == ' '))
        ++i;
    std::string number = text.substr(0, i), unit = text.substr(i);
    uint64_t n = number.empty() ? 1 : std::stoull(number);
    static const std::map<std::string, uint64_t> scale = {
        {"s", 1000000000000ull}, {"ms", 1000000000ull}, {"us", 1000000ull}, {"ns", 1000ull}, {"ps", 1ull}};
    auto it = scale.find(unit);
    if (it == scale.end())
        throw vcd_error("unsupported VCD timescale '" + text + "'");
    return n * it->second;
}

} // namespace

const std::string& signal::value_at(uint64_t t) const {
    const std::string* v = &unknown;
    for (const auto& c : changes) {
        if (c.time > t)
            break;
        v = &c.value;
    }
    return *v;
}

uint64_t signal::uint_at(uint64_t t) const { return to_uint(value_at(t)); }

// Times at which a scalar changes from `from` to `to`.
static std::vector<uint64_t> transitions(const std::vector<change>& changes, const char* from, const char* to) {
    std::vector<uint64_t> out;
    const std::string* prev = &unknown;
    for (const auto& c : changes) {
        if (c.value == to && *prev == from)
            out.push_back(c.time);
        prev = &c.value;
    }
    return out;
}

std::vector<uint64_t> signal::rising_edges() const { return transitions(changes, "0", "1"); }
std::vector<uint64_t> signal::falling_edges() const { return transitions(changes, "1", "0"); }

std::vector<uint64_t> signal::value_sequence() const {
    std::vector<uint64_t> out;
    for (const auto& c : changes) {
        uint64_t v = to_uint(c.value);
        if (out.empty() || out.back() != v)
            out.push_back(v);
    }
    return out;
}

trace trace::load(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw vcd_error("cannot open VCD file '" + path + "'");
    std::stringstream ss;
    ss << in.rdbuf();
    return parse(ss.str());
}

trace trace::parse(const std::string& text) {
    trace t;
    std::istringstream in(text);
    std::vector<std::string> scopes;
    std::map<std::string, std::vector<size_t>> by_code; // identifier code -> signals
    std::string tok;
    bool in_header = true;
    uint64_t now = 0;

    auto read_until_end = [&in]() {
        std::string words, w;
        while (in >> w && w != "$end")
            words += (words.empty() ? "" : " ") + w;
        return words;
    };
    auto record = [&](const std::string& code, const std::string& value) {
        auto it = by_code.find(code);
        if (it == by_code.end())
            throw vcd_error("VCD value change for undeclared identifier '" + code + "'");
        for (size_t i : it->second) {
            auto& changes = t.signals_[i].changes;
            if (!changes.empty() && changes.back().time == now)
                changes.back().value = value; // last write in a time step wins
            else
                changes.push_back({now, value});
        }
    };

    while (in >> tok) {
        if (in_header) {
            if (tok == "$timescale") {
                t.timescale_ps_ = timescale_to_ps(read_until_end());
            } else if (tok == "$scope") {
                std::string kind, name;
                in >> kind >> name;
                read_until_end();
                scopes.push_back(name);
            } else if (tok == "$upscope") {
                read_until_end();
                if (!scopes.empty())
                    scopes.pop_back();
            } else if (tok == "$var") {
                std::string kind, code, ref;
                unsigned width = 1;
                in >> kind >> width >> code >> ref;
                std::string rest = read_until_end(); // optional bit range
                (void)rest;
                std::string full;
                // Drop the writer's top scope ("SystemC") so names read as traced.
                for (size_t i = 1; i < scopes.size(); ++i)
                    full += scopes[i] + ".";
                if (scopes.size() == 1 && scopes[0] != "SystemC")
                    full = scopes[0] + ".";
                full += ref;
                signal s;
                s.name = full;
                s.width = width;
                s.real = kind == "real";
                by_code[code].push_back(t.signals_.size());
                t.index_[full] = t.signals_.size();
                t.signals_.push_back(std::move(s));
            } else if (tok == "$enddefinitions") {
                read_until_end();
                in_header = false;
            } else if (!tok.empty() && tok[0] == '$') {
                read_until_end(); // $date, $version, $comment
            }
            continue;
        }
        if (tok[0] == '#') {
            now = std::stoull(tok.substr(1));
            if (now > t.end_time_)
                t.end_time_ = now;
        } else if (tok[0] == 'b' || tok[0] == 'B' || tok[0] == 'r' || tok[0] == 'R') {
            std::string code;
            in >> code;
            std::string value = tok.substr(1);
            // Left-extend vectors with zeros is implicit in to_uint.
            record(code, value);
        } else if (tok == "$dumpvars" || tok == "$dumpall" || tok == "$dumpon" || tok == "$dumpoff" ||
                   tok == "$end") {
            continue;
        } else if (tok[0] == '$') {
            read_until_end();
        } else {
            record(tok.substr(1), std::string(1, char(tolower(static_cast<unsigned char>(tok[0])))));
        }
    }
    if (in_header)
        throw vcd_error("VCD has no $enddefinitions");
    return t;
}

const signal& trace::operator[](const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end())
        throw vcd_error("VCD has no signal '" + name + "'");
    return signals_[it->second];
}

std::vector<std::string> trace::names() const {
    std::vector<std::string> out;
    for (const auto& s : signals_)
        out.push_back(s.name);
    return out;
}

} // namespace vp::vcd
