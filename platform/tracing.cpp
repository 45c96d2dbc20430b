#include "tracing.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

using namespace sc_core;

namespace vp::platform {

namespace {

uint64_t to_ns(const sc_time& t) { return t.value() / sc_time(1, SC_NS).value(); }

} // namespace

std::string vcd_tracer::vcd_path(const std::string& file) {
    if (file.size() > 4 && file.compare(file.size() - 4, 4, ".vcd") == 0)
        return file;
    return file + ".vcd";
}

std::string vcd_tracer::check_writable(const std::string& file) {
    std::error_code ec;
    if (file.empty())
        return "no file name";
    if (file.back() == '/' || std::filesystem::is_directory(file, ec))
        return "is a directory; name a file (e.g. " + (file.back() == '/' ? file : file + "/") + "trace.vcd)";
    const std::string path = vcd_path(file);
    if (std::filesystem::is_directory(path, ec))
        return path + " is a directory";
    std::ofstream probe(path, std::ios::out | std::ios::app);
    if (!probe)
        return "cannot write " + path + ": " + std::strerror(errno);
    return "";
}

vcd_tracer::vcd_tracer(sc_module_name name, board& b, const std::string& file, const std::vector<unsigned>& intids,
                       const vcd_window& window)
    : sc_module(name), board_(b), path_(vcd_path(file)), vcd_(path_, "1 ns"), window_(window) {
    if (window.start_on == vcd_window::trigger::time)
        vcd_.set_start(to_ns(window.start));
    else
        vcd_.await_open();
    if (window.stop && window.stop_after_start)
        vcd_.set_stop_after(to_ns(*window.stop));
    else if (window.stop)
        vcd_.set_stop(to_ns(*window.stop));

    auto& gic = b.gic();
    gic.set_state_events(true); // sample_distributor/sample_virtual below
    const unsigned lrs = gic.params().num_list_registers;
    for (unsigned c = 0; c < b.num_cpus(); ++c) {
        const std::string cpu = "cpu" + std::to_string(c);
        auto line = [this](const sc_signal_in_if<bool>& s, const std::string& n) {
            lines_.push_back({&s, vcd_.add(n, 1)});
        };
        line(b.irq(c), cpu + ".irq");
        line(b.fiq(c), cpu + ".fiq");
        line(b.virq(c), cpu + ".virq");
        line(b.vfiq(c), cpu + ".vfiq");
        b.cpu(c).set_el_observed(true);
        auto& probe = cpus_.emplace_back();
        probe.el = vcd_.add(cpu + ".el", 2);
        line(b.cntvirq(c), "timer." + cpu + ".cntvirq");
        line(b.cntpnsirq(c), "timer." + cpu + ".cntpnsirq");
        line(b.cnthpirq(c), "timer." + cpu + ".cnthpirq");
        line(gic.maintenance_line(c), "gic." + cpu + ".maintenance");
        probe.hcr_en = vcd_.add("gic." + cpu + ".hcr_en", 1);
        probe.misr = vcd_.add("gic." + cpu + ".misr", 8);
        for (unsigned k = 0; k < lrs; ++k) {
            const std::string prefix = "gic." + cpu + ".lr" + std::to_string(k);
            lrs_.push_back({c, k, vcd_.add(prefix + ".state", 2), vcd_.add(prefix + ".hw", 1),
                            vcd_.add(prefix + ".vid", 10), vcd_.add(prefix + ".pid", 10)});
        }
    }
    for (unsigned id : intids) {
        if (!gic.dist().implemented(id))
            continue;
        const bool banked = id < 32;
        for (unsigned c = 0; c < (banked ? b.num_cpus() : 1); ++c) {
            const std::string prefix =
                banked ? "gic.cpu" + std::to_string(c) + ".irq" + std::to_string(id) : "gic.irq" + std::to_string(id);
            irqs_.push_back({id, c, vcd_.add(prefix + ".line", 1), vcd_.add(prefix + ".pending", 1),
                             vcd_.add(prefix + ".active", 1)});
        }
    }

    // Each method also runs once at time 0 (initialization) for the reset values.
    SC_HAS_PROCESS(vcd_tracer);
    SC_METHOD(sample_lines);
    for (const auto& l : lines_)
        sensitive << l.line->value_changed_event();
    for (unsigned c = 0; c < b.num_cpus(); ++c)
        sensitive << b.cpu(c).current_el.value_changed_event();
    SC_METHOD(sample_distributor);
    sensitive << gic.dist().state_changed;
    SC_METHOD(sample_virtual);
    for (unsigned c = 0; c < b.num_cpus(); ++c)
        sensitive << gic.virtualization().interface(c).state_changed;
}

vcd_tracer::~vcd_tracer() { finish(); }

void vcd_tracer::finish() { vcd_.finish(now()); }

uint64_t vcd_tracer::now() const { return to_ns(sc_time_stamp()); }

std::optional<sc_time> vcd_tracer::window_start() const {
    if (!vcd_.opened())
        return std::nullopt;
    return sc_time(double(*vcd_.start()), SC_NS);
}

void vcd_tracer::sample_lines() {
    const uint64_t t = now();
    for (const auto& l : lines_)
        vcd_.set(l.id, l.line->read(), t);
    for (unsigned c = 0; c < cpus_.size(); ++c)
        vcd_.set(cpus_[c].el, board_.cpu(c).current_el.read(), t);
}

void vcd_tracer::sample_distributor() {
    const auto& dist = board_.gic().dist();
    const uint64_t t = now();
    if (window_.start_on == vcd_window::trigger::irq && !vcd_.start() && dist.implemented(window_.intid)) {
        for (unsigned c = 0; c < (window_.intid < 32 ? board_.num_cpus() : 1); ++c)
            if (dist.pending(window_.intid, c))
                vcd_.open(t);
    }
    for (const auto& p : irqs_) {
        vcd_.set(p.line, dist.line_level(p.intid, p.cpu), t);
        vcd_.set(p.pending, dist.pending(p.intid, p.cpu), t);
        vcd_.set(p.active, dist.active(p.intid, p.cpu), t);
    }
}

void vcd_tracer::sample_virtual() {
    auto& gic = board_.gic();
    const uint64_t t = now();
    for (unsigned c = 0; c < cpus_.size(); ++c) {
        vcd_.set(cpus_[c].hcr_en, gic.virtualization().interface(c).hcr().en, t);
        vcd_.set(cpus_[c].misr, gic.virtualization().interface(c).misr(), t);
    }
    for (const auto& lr : lrs_) {
        const auto& reg = gic.virtualization().interface(lr.cpu).lr(lr.index);
        if (window_.start_on == vcd_window::trigger::lr_hw && reg.hw() && reg.physical_id() == window_.intid &&
            unsigned(reg.state()) != 0)
            vcd_.open(t);
        vcd_.set(lr.state, unsigned(reg.state()), t);
        vcd_.set(lr.hw, reg.hw(), t);
        vcd_.set(lr.vid, reg.virtual_id(), t);
        vcd_.set(lr.pid, reg.hw() ? reg.physical_id() : 0, t);
    }
}

} // namespace vp::platform
