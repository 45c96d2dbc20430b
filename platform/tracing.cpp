#include "tracing.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace sc_core;

namespace vp::platform {

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

vcd_tracer::vcd_tracer(sc_module_name name, board& b, const std::string& file, const std::vector<unsigned>& intids)
    : sc_module(name), board_(b) {
    path_ = vcd_path(file);
    const std::string base = path_.substr(0, path_.size() - 4); // SystemC appends ".vcd"
    // SystemC announces the time unit as an info message; keep stdout for the firmware.
    sc_report_handler::set_actions("tracing timescale unit set", SC_DO_NOTHING);
    file_ = sc_create_vcd_trace_file(base.c_str());
    file_->set_time_unit(1, SC_NS);

    auto& gic = b.gic();
    gic.set_state_events(true); // sample_distributor/sample_virtual below
    const unsigned lrs = gic.params().num_list_registers;
    for (unsigned c = 0; c < b.num_cpus(); ++c) {
        const std::string cpu = "cpu" + std::to_string(c);
        sc_trace(file_, b.irq(c), cpu + ".irq");
        sc_trace(file_, b.fiq(c), cpu + ".fiq");
        sc_trace(file_, b.virq(c), cpu + ".virq");
        sc_trace(file_, b.vfiq(c), cpu + ".vfiq");
        b.cpu(c).set_el_observed(true);
        sc_trace(file_, b.cpu(c).current_el, cpu + ".el");
        sc_trace(file_, b.cntvirq(c), "timer." + cpu + ".cntvirq");
        sc_trace(file_, b.cntpnsirq(c), "timer." + cpu + ".cntpnsirq");
        sc_trace(file_, b.cnthpirq(c), "timer." + cpu + ".cnthpirq");
        sc_trace(file_, gic.maintenance_line(c), "gic." + cpu + ".maintenance");

        auto& probe = *cpus_.emplace_back(std::make_unique<cpu_probe>());
        sc_trace(file_, probe.hcr_en, "gic." + cpu + ".hcr_en");
        sc_trace(file_, probe.misr, "gic." + cpu + ".misr");
        for (unsigned k = 0; k < lrs; ++k) {
            auto& lr = *lrs_.emplace_back(std::make_unique<lr_probe>());
            lr.cpu = c;
            lr.index = k;
            const std::string prefix = "gic." + cpu + ".lr" + std::to_string(k);
            sc_trace(file_, lr.state, prefix + ".state");
            sc_trace(file_, lr.hw, prefix + ".hw");
            sc_trace(file_, lr.vid, prefix + ".vid");
            sc_trace(file_, lr.pid, prefix + ".pid");
        }
    }
    for (unsigned id : intids) {
        if (!gic.dist().implemented(id))
            continue;
        const bool banked = id < 32;
        for (unsigned c = 0; c < (banked ? b.num_cpus() : 1); ++c) {
            auto& p = *irqs_.emplace_back(std::make_unique<irq_probe>());
            p.intid = id;
            p.cpu = c;
            const std::string prefix =
                banked ? "gic.cpu" + std::to_string(c) + ".irq" + std::to_string(id) : "gic.irq" + std::to_string(id);
            sc_trace(file_, p.line, prefix + ".line");
            sc_trace(file_, p.pending, prefix + ".pending");
            sc_trace(file_, p.active, prefix + ".active");
        }
    }

    SC_HAS_PROCESS(vcd_tracer);
    SC_METHOD(sample_distributor);
    sensitive << gic.dist().state_changed;
    SC_METHOD(sample_virtual);
    for (unsigned c = 0; c < b.num_cpus(); ++c)
        sensitive << gic.virtualization().interface(c).state_changed;
}

vcd_tracer::~vcd_tracer() {
    sc_close_vcd_trace_file(file_);
    make_deterministic(path_);
}

// SystemC stamps the VCD header with the host's date: replace it, so that two
// runs of the same scenario give byte-identical files.
void vcd_tracer::make_deterministic(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        return;
    std::stringstream text;
    text << in.rdbuf();
    in.close();
    std::string vcd = text.str();
    const auto date = vcd.find("$date");
    const auto end = date == std::string::npos ? date : vcd.find("$end", date);
    if (end == std::string::npos)
        return;
    vcd.replace(date, end - date, "$date\n     (omitted: vp writes reproducible traces)\n");
    std::ofstream(path, std::ios::trunc) << vcd;
}

void vcd_tracer::sample_distributor() {
    const auto& dist = board_.gic().dist();
    for (auto& p : irqs_) {
        p->line.write(dist.line_level(p->intid, p->cpu));
        p->pending.write(dist.pending(p->intid, p->cpu));
        p->active.write(dist.active(p->intid, p->cpu));
    }
}

void vcd_tracer::sample_virtual() {
    auto& gic = board_.gic();
    for (unsigned c = 0; c < cpus_.size(); ++c) {
        cpus_[c]->hcr_en.write(gic.virtualization().interface(c).hcr().en);
        cpus_[c]->misr.write(gic.virtualization().interface(c).misr());
    }
    for (auto& lr : lrs_) {
        const auto& reg = gic.virtualization().interface(lr->cpu).lr(lr->index);
        lr->state.write(unsigned(reg.state()));
        lr->hw.write(reg.hw());
        lr->vid.write(reg.virtual_id());
        lr->pid.write(reg.hw() ? reg.physical_id() : 0);
    }
}

} // namespace vp::platform
