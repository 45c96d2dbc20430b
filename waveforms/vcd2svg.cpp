// vcd2svg: renders chosen signals of a VCD file into an SVG timing diagram.
//
//   vcd2svg IN.vcd OUT.svg --signal cpu0.virq[=label] ... [--from T] [--to T]
//           [--title TEXT] [--width PX] [--compress]
//
// --compress collapses every stretch in which none of the chosen signals
// changes and that is longer than 2% of what remains drawn to scale (at most
// a dozen such stretches) into a fixed-width break
// (drawn as a zigzag and labelled with the time skipped), so the few
// microseconds around each interrupt stay readable in a millisecond run.
//
// Scalars are drawn as logic waveforms, vectors as buses with their value
// (decimal; list-register State as I/P/A/AP when the name ends in ".state").
// T is in VCD time units with an optional unit (ns, us, ms, s). Convert to
// PNG with `rsvg-convert OUT.svg -o OUT.png` (Debian package librsvg2-bin).
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "vcd/vcd_reader.h"

namespace {

struct row {
    std::string name;
    std::string label;
};

std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '&')
            out += "&amp;";
        else
            out += c;
    }
    return out;
}

uint64_t parse_time_ps(const std::string& text) {
    size_t used = 0;
    double v = std::stod(text, &used);
    std::string unit = text.substr(used);
    double scale = unit == "s" ? 1e12 : unit == "ms" ? 1e9 : unit == "us" ? 1e6 : unit == "ns" ? 1e3 : 1;
    return uint64_t(v * scale);
}

std::string format_time(uint64_t ps) {
    std::ostringstream out;
    if (ps >= 1000000000ull)
        out << double(ps) / 1e9 << " ms";
    else if (ps >= 1000000ull)
        out << double(ps) / 1e6 << " us";
    else if (ps >= 1000ull)
        out << double(ps) / 1e3 << " ns";
    else
        out << ps << " ps";
    return out.str();
}

std::string bus_text(const std::string& name, uint64_t v) {
    if (name.size() > 6 && name.compare(name.size() - 6, 6, ".state") == 0) {
        static const char* states[] = {"I", "P", "A", "AP"};
        return states[v & 3];
    }
    return std::to_string(v);
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: vcd2svg IN.vcd OUT.svg --signal NAME[=LABEL] ... [--from T] [--to T] [--title TEXT] "
                     "[--width PX]\n";
        return 2;
    }
    std::string in = argv[1], out = argv[2], title;
    std::vector<row> rows;
    std::string from_text, to_text;
    int width = 1000;
    bool compress = false;
    for (int i = 3; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "vcd2svg: " << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--signal") {
            std::string s = next();
            auto eq = s.find('=');
            rows.push_back({s.substr(0, eq), eq == std::string::npos ? s : s.substr(eq + 1)});
        } else if (a == "--from") {
            from_text = next();
        } else if (a == "--to") {
            to_text = next();
        } else if (a == "--title") {
            title = next();
        } else if (a == "--compress") {
            compress = true;
        } else if (a == "--width") {
            width = std::stoi(next());
        } else {
            std::cerr << "vcd2svg: unknown option " << a << "\n";
            return 2;
        }
    }
    try {
        auto trace = vp::vcd::trace::load(in);
        const uint64_t unit = trace.timescale_ps();
        uint64_t t0 = from_text.empty() ? 0 : parse_time_ps(from_text) / unit;
        uint64_t t1 = to_text.empty() ? trace.end_time() : parse_time_ps(to_text) / unit;
        if (t1 <= t0)
            t1 = t0 + 1;
        if (rows.empty())
            for (const auto& n : trace.names())
                rows.push_back({n, n});
        for (const auto& r : rows)
            (void)trace[r.name]; // throws with the signal's name if missing

        const int label_w = 170, row_h = 34, top = title.empty() ? 30 : 56, plot_w = width - label_w - 20;
        const int height = top + int(rows.size()) * row_h + 20;

        // Time -> x: piecewise linear over "pieces"; a compressed piece is a
        // long quiet stretch drawn with a fixed width.
        struct piece {
            uint64_t from, to;
            bool compressed;
            double x0 = 0, x1 = 0;
        };
        std::vector<uint64_t> marks = {t0, t1};
        for (const auto& r : rows)
            for (const auto& c : trace[r.name].changes)
                if (c.time > t0 && c.time < t1)
                    marks.push_back(c.time);
        std::sort(marks.begin(), marks.end());
        marks.erase(std::unique(marks.begin(), marks.end()), marks.end());
        // A stretch is quiet when longer than 2% of what stays drawn to scale;
        // shrink the threshold while that adds breaks, up to a dozen breaks.
        auto split = [&](uint64_t quiet) {
            std::vector<piece> out;
            for (size_t i = 0; i + 1 < marks.size(); ++i) {
                const uint64_t a = marks[i], b = marks[i + 1];
                const bool squeeze = b - a > quiet;
                if (!out.empty() && !squeeze && !out.back().compressed)
                    out.back().to = b;
                else
                    out.push_back({a, b, squeeze});
            }
            return out;
        };
        std::vector<piece> pieces = split(t1 - t0 + 1);
        if (compress) {
            uint64_t quiet = std::max<uint64_t>((t1 - t0) / 50, 1);
            for (int round = 0; round < 8; ++round) {
                auto candidate = split(quiet);
                uint64_t drawn = 0;
                unsigned n_breaks = 0;
                for (const auto& p : candidate)
                    p.compressed ? void(++n_breaks) : void(drawn += p.to - p.from);
                if (n_breaks > 12 || drawn == 0) // (nothing left to scale: keep the last round)
                    break;
                pieces = std::move(candidate);
                const uint64_t next = std::max<uint64_t>(drawn / 50, 1);
                if (next >= quiet)
                    break;
                quiet = next;
            }
        }
        const double break_w = 26;
        uint64_t linear_span = 0;
        unsigned breaks = 0;
        for (const auto& p : pieces)
            if (p.compressed)
                ++breaks;
            else
                linear_span += p.to - p.from;
        const double scale = (plot_w - breaks * break_w) / double(std::max<uint64_t>(linear_span, 1));
        double x = label_w;
        for (auto& p : pieces) {
            p.x0 = x;
            x += p.compressed ? break_w : double(p.to - p.from) * scale;
            p.x1 = x;
        }
        auto x_of = [&](uint64_t t) {
            t = std::clamp(t, t0, t1);
            for (const auto& p : pieces)
                if (t <= p.to)
                    return p.compressed ? (t == p.from ? p.x0 : t == p.to ? p.x1 : (p.x0 + p.x1) / 2)
                                        : p.x0 + double(t - p.from) * scale;
            return double(label_w + plot_w);
        };
        std::ofstream svg(out);
        svg << "<svg xmlns='http://www.w3.org/2000/svg' width='" << width << "' height='" << height
            << "' font-family='monospace' font-size='12'>\n<rect width='100%' height='100%' fill='white'/>\n";
        if (!title.empty())
            svg << "<text x='10' y='22' font-size='15' font-weight='bold'>" << escape(title) << "</text>\n";
        // Time axis: a label at the start of each drawn stretch (when there is
        // room), grid lines at every change, zigzags at the breaks.
        double last_label = -1e9, last_break_label = -1e9;
        for (const auto& p : pieces) {
            if (p.compressed) {
                const double xm = (p.x0 + p.x1) / 2;
                svg << "<path d='M" << xm - 4 << ',' << top - 4 << " L" << xm + 4 << ',' << top + 2 << " L" << xm - 4
                    << ',' << top + 8 << "' fill='none' stroke='#999'/>\n<rect x='" << p.x0 + 3 << "' y='" << top
                    << "' width='" << p.x1 - p.x0 - 6 << "' height='" << height - top - 16
                    << "' fill='#f0f0f0'/>\n";
                if (xm - last_break_label > 80) { // label the time skipped where there is room
                    svg << "<text x='" << xm << "' y='" << height - 4
                        << "' text-anchor='middle' font-size='9' fill='#999'>+" << format_time((p.to - p.from) * unit)
                        << "</text>\n";
                    last_break_label = xm;
                }
                continue;
            }
            if (p.x0 - last_label > 70) {
                svg << "<text x='" << p.x0 << "' y='" << top - 12 << "' text-anchor='start' fill='#666'>"
                    << format_time(p.from * unit) << "</text>\n";
                last_label = p.x0;
            }
        }
        for (uint64_t m : marks)
            svg << "<line x1='" << x_of(m) << "' y1='" << top - 8 << "' x2='" << x_of(m) << "' y2='" << height - 16
                << "' stroke='#eee'/>\n";
        for (size_t r = 0; r < rows.size(); ++r) {
            const auto& sig = trace[rows[r].name];
            const int y_hi = top + int(r) * row_h + 6, y_lo = y_hi + row_h - 14, y_mid = (y_hi + y_lo) / 2;
            svg << "<text x='8' y='" << y_mid + 4 << "'>" << escape(rows[r].label) << "</text>\n";
            // Collect the segments inside [t0, t1].
            std::vector<std::pair<uint64_t, std::string>> seg;
            seg.push_back({t0, sig.value_at(t0)});
            for (const auto& c : sig.changes)
                if (c.time > t0 && c.time <= t1) {
                    if (seg.back().second == c.value)
                        continue;
                    seg.push_back({c.time, c.value});
                }
            if (sig.width == 1 && !sig.real) {
                std::ostringstream path;
                for (size_t i = 0; i < seg.size(); ++i) {
                    double xa = x_of(seg[i].first), xb = i + 1 < seg.size() ? x_of(seg[i + 1].first) : x_of(t1);
                    int y = seg[i].second == "1" ? y_hi : seg[i].second == "0" ? y_lo : y_mid;
                    path << (i == 0 ? "M" : "L") << xa << ',' << y << " L" << xb << ',' << y << ' ';
                }
                svg << "<path d='" << path.str() << "' fill='none' stroke='#1565c0' stroke-width='2'/>\n";
            } else {
                for (size_t i = 0; i < seg.size(); ++i) {
                    double xa = x_of(seg[i].first), xb = i + 1 < seg.size() ? x_of(seg[i + 1].first) : x_of(t1);
                    uint64_t v = 0;
                    for (char c : seg[i].second)
                        v = (v << 1) | (c == '1');
                    bool zero = v == 0;
                    svg << "<polygon points='" << xa << ',' << y_mid << ' ' << std::min(xa + 3, xb) << ',' << y_hi
                        << ' ' << std::max(xb - 3, xa) << ',' << y_hi << ' ' << xb << ',' << y_mid << ' '
                        << std::max(xb - 3, xa) << ',' << y_lo << ' ' << std::min(xa + 3, xb) << ',' << y_lo
                        << "' fill='" << (zero ? "#f5f5f5" : "#fff3c4") << "' stroke='#8d6e00'/>\n";
                    if (xb - xa > 14)
                        svg << "<text x='" << (xa + xb) / 2 << "' y='" << y_mid + 4 << "' text-anchor='middle'>"
                            << escape(bus_text(rows[r].name, v)) << "</text>\n";
                }
            }
        }
        svg << "</svg>\n";
        if (!svg) {
            std::cerr << "vcd2svg: cannot write " << out << "\n";
            return 2;
        }
    } catch (const std::exception& e) {
        std::cerr << "vcd2svg: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
