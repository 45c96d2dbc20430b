#include "log.h"

#include <iostream>
#include <map>
#include <mutex>
#include <unordered_set>

namespace vp::log {

namespace {

struct category_state {
    uint64_t printed = 0;
    uint64_t suppressed = 0;
    std::unordered_set<uint64_t> causes; // at most cap entries
};

struct registry {
    std::mutex mutex;
    level threshold = level::warning;
    unsigned cap = 20;
    sink_fn sink;
    std::map<std::string, category_state, std::less<>> categories;

    category_state& of(std::string_view cat) {
        auto it = categories.find(cat);
        if (it == categories.end())
            it = categories.emplace(std::string(cat), category_state{}).first;
        return it->second;
    }
};

registry& reg() {
    static registry r; // constructed on first use: safe from static initialisers
    return r;
}

const char* name_of(level l) {
    switch (l) {
    case level::error: return "error";
    case level::warning: return "warning";
    case level::info: return "info";
    case level::debug: return "debug";
    }
    return "?";
}

void default_sink(level l, std::string_view cat, const std::string& text) {
    std::string line = "vp: ";
    line += name_of(l);
    line += ": ";
    line += cat;
    line += ": ";
    line += text;
    line += '\n';
    std::cerr << line << std::flush;
}

// Decides under the lock, prints outside it (a sink may log again).
void emit(level l, std::string_view cat, const std::string& text) {
    sink_fn sink;
    {
        registry& r = reg();
        std::lock_guard<std::mutex> lock(r.mutex);
        if (l > r.threshold)
            return;
        category_state& c = r.of(cat);
        if (l != level::error && r.cap && c.printed >= r.cap) {
            ++c.suppressed;
            return;
        }
        ++c.printed;
        sink = r.sink;
    }
    if (sink)
        sink(l, cat, text);
    else
        default_sink(l, cat, text);
}

uint64_t hash_text(std::string_view s) {
    // FNV-1a: stable across runs and builds (std::hash need not be).
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char ch : s)
        h = (h ^ ch) * 0x100000001b3ull;
    return h;
}

} // namespace

void set_level(level l) {
    std::lock_guard<std::mutex> lock(reg().mutex);
    reg().threshold = l;
}

level get_level() {
    std::lock_guard<std::mutex> lock(reg().mutex);
    return reg().threshold;
}

bool parse_level(std::string_view text, level& out) {
    for (level l : {level::error, level::warning, level::info, level::debug})
        if (text == name_of(l)) {
            out = l;
            return true;
        }
    return false;
}

void set_cap(unsigned lines_per_category) {
    std::lock_guard<std::mutex> lock(reg().mutex);
    reg().cap = lines_per_category;
}

unsigned cap() {
    std::lock_guard<std::mutex> lock(reg().mutex);
    return reg().cap;
}

void error(std::string_view cat, const std::string& text) { emit(level::error, cat, text); }
void warning(std::string_view cat, const std::string& text) { emit(level::warning, cat, text); }
void info(std::string_view cat, const std::string& text) { emit(level::info, cat, text); }
void debug(std::string_view cat, const std::string& text) { emit(level::debug, cat, text); }

bool first(std::string_view cat, uint64_t cause) {
    registry& r = reg();
    std::lock_guard<std::mutex> lock(r.mutex);
    category_state& c = r.of(cat);
    if (c.causes.count(cause))
        return false;
    if (r.cap && c.causes.size() >= r.cap) {
        ++c.suppressed;
        return false;
    }
    c.causes.insert(cause);
    return true;
}

bool first(std::string_view cat, std::string_view cause) { return first(cat, hash_text(cause)); }

void warning_once(std::string_view cat, uint64_t cause, const std::string& text) {
    if (first(cat, cause))
        warning(cat, text);
}

void warning_once(std::string_view cat, std::string_view cause, const std::string& text) {
    warning_once(cat, hash_text(cause), text);
}

void set_sink(sink_fn sink) {
    std::lock_guard<std::mutex> lock(reg().mutex);
    reg().sink = std::move(sink);
}

uint64_t printed(std::string_view cat) {
    std::lock_guard<std::mutex> lock(reg().mutex);
    auto it = reg().categories.find(cat);
    return it == reg().categories.end() ? 0 : it->second.printed;
}

uint64_t suppressed(std::string_view cat) {
    std::lock_guard<std::mutex> lock(reg().mutex);
    auto it = reg().categories.find(cat);
    return it == reg().categories.end() ? 0 : it->second.suppressed;
}

unsigned print_summary(std::ostream& os) {
    std::lock_guard<std::mutex> lock(reg().mutex);
    unsigned lines = 0;
    for (const auto& [cat, c] : reg().categories)
        if (c.suppressed) {
            os << "vp: " << c.suppressed << " more " << cat << " messages not shown (at most " << reg().cap
               << " per category; --log-cap)\n";
            ++lines;
        }
    return lines;
}

void reset() {
    std::lock_guard<std::mutex> lock(reg().mutex);
    reg().categories.clear();
}

} // namespace vp::log
