#include "device_tree.h"

#include <initializer_list>

extern "C" {
#include <libfdt.h>
}

namespace vp::platform {

namespace {

// Sequential-write helper: every libfdt error becomes a device_tree_error.
class writer {
public:
    explicit writer(size_t capacity) : buf_(capacity) { check(fdt_create(buf_.data(), int(buf_.size()))); }
    void begin(const std::string& node) { check(fdt_begin_node(buf_.data(), node.c_str())); }
    void end() { check(fdt_end_node(buf_.data())); }
    void prop(const char* name) { check(fdt_property(buf_.data(), name, nullptr, 0)); }
    void prop(const char* name, uint32_t v) { check(fdt_property_u32(buf_.data(), name, v)); }
    void prop(const char* name, const char* s) { check(fdt_property_string(buf_.data(), name, s)); }
    // A list of strings ("a\0b\0").
    void strings(const char* name, std::initializer_list<const char*> list) {
        std::string all;
        for (const char* s : list)
            all.append(s).push_back('\0');
        check(fdt_property(buf_.data(), name, all.data(), int(all.size())));
    }
    void cells(const char* name, const std::vector<uint32_t>& v) {
        std::vector<fdt32_t> be;
        for (uint32_t c : v)
            be.push_back(cpu_to_fdt32(c));
        check(fdt_property(buf_.data(), name, be.data(), int(be.size() * sizeof(fdt32_t))));
    }
    std::vector<uint8_t> finish() {
        check(fdt_finish(buf_.data()));
        buf_.resize(fdt_totalsize(buf_.data()));
        return buf_;
    }
    void begin_tree() {
        check(fdt_finish_reservemap(buf_.data()));
        begin("");
    }

private:
    static void check(int err) {
        if (err < 0)
            throw device_tree_error(std::string("device tree: ") + fdt_strerror(err));
    }
    std::vector<uint8_t> buf_;
};

// A (#address-cells = 2, #size-cells = 2) reg entry.
void reg64(std::vector<uint32_t>& v, uint64_t base, uint64_t size) {
    v.insert(v.end(), {uint32_t(base >> 32), uint32_t(base), uint32_t(size >> 32), uint32_t(size)});
}

std::string hex_name(const char* node, uint64_t addr) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s@%llx", node, static_cast<unsigned long long>(addr));
    return buf;
}

// GIC interrupt specifier (interrupts of arm,gic-400 with #interrupt-cells = 3).
constexpr uint32_t gic_spi = 0, gic_ppi = 1, level_high = 4;
enum phandle : uint32_t { ph_clock = 1, ph_gic = 2, ph_cpu0 = 16 };

} // namespace

std::vector<uint8_t> make_device_tree(const device_tree_params& p) {
    const memory_map_config& mm = p.map;
    writer w(64 * 1024);
    w.begin_tree();
    w.prop("interrupt-parent", uint32_t(ph_gic));
    w.prop("model", "vp (QEMU virt compatible)");
    w.strings("compatible", {"linux,dummy-virt"});
    w.prop("#address-cells", 2u);
    w.prop("#size-cells", 2u);

    if (p.psci != psci_conduit::none) {
        w.begin("psci");
        w.strings("compatible", {"arm,psci-1.0", "arm,psci-0.2", "arm,psci"});
        w.prop("method", p.psci == psci_conduit::smc ? "smc" : "hvc");
        // The arm,psci (0.1) binding's function IDs, as QEMU gives them.
        w.prop("cpu_suspend", uint32_t(psci::fn_cpu_suspend | 1u << 30));
        w.prop("cpu_off", uint32_t(psci::fn_cpu_off));
        w.prop("cpu_on", uint32_t(psci::fn_cpu_on | 1u << 30));
        w.prop("migrate", uint32_t(psci::fn_migrate | 1u << 30));
        w.end();
    }

    std::vector<uint32_t> reg;
    reg64(reg, mm.ram, mm.ram_size);
    w.begin(hex_name("memory", mm.ram));
    w.prop("device_type", "memory");
    w.cells("reg", reg);
    w.end();

    w.begin("cpus");
    w.prop("#address-cells", 1u);
    w.prop("#size-cells", 0u);
    for (unsigned c = 0; c < p.cpus; ++c) {
        w.begin(hex_name("cpu", c));
        w.prop("device_type", "cpu");
        w.prop("compatible", p.cpu_compatible.c_str());
        w.prop("reg", c); // MPIDR Aff0 (the board's CPUs are 0..n-1 in one cluster)
        if (p.psci != psci_conduit::none)
            w.prop("enable-method", "psci");
        w.prop("phandle", uint32_t(ph_cpu0 + c));
        w.end();
    }
    w.end();

    const uint32_t ppi_cpus = ((1u << p.cpus) - 1) << 8; // GICv2 PPI CPU mask
    w.begin("timer");
    w.strings("compatible", {"arm,armv8-timer", "arm,armv7-timer"});
    // Secure physical (not wired on vp), non-secure physical, virtual, hypervisor.
    w.cells("interrupts", {gic_ppi, 13, ppi_cpus | level_high, gic_ppi, 14, ppi_cpus | level_high, gic_ppi, 11,
                           ppi_cpus | level_high, gic_ppi, 10, ppi_cpus | level_high});
    w.prop("always-on");
    if (p.timer_freq_hz)
        w.prop("clock-frequency", uint32_t(p.timer_freq_hz));
    w.end();

    // The PMU of each CPU (cpu/pmu.h), its overflow interrupt on PPI 7 (INTID 23).
    w.begin("pmu");
    w.prop("compatible", "arm,armv8-pmuv3");
    w.cells("interrupts", {gic_ppi, 7, ppi_cpus | level_high});
    w.end();

    w.begin("apb-pclk");
    w.prop("compatible", "fixed-clock");
    w.prop("#clock-cells", 0u);
    w.prop("clock-frequency", p.uart_clock_hz);
    w.prop("clock-output-names", "clk24mhz");
    w.prop("phandle", uint32_t(ph_clock));
    w.end();

    reg.clear();
    reg64(reg, mm.gicd, 0x1000);
    reg64(reg, mm.gicc, 0x2000);
    reg64(reg, mm.gich, 0x2000);
    reg64(reg, mm.gicv, 0x2000);
    w.begin(hex_name("intc", mm.gicd));
    // GIC-400 first; "arm,cortex-a15-gic" (the same GICv2 register interface, the name QEMU virt
    // gives) as a fallback for software that only knows that one (kvm-unit-tests).
    w.strings("compatible", {"arm,gic-400", "arm,cortex-a15-gic"});
    w.prop("#interrupt-cells", 3u);
    w.prop("interrupt-controller");
    w.prop("#address-cells", 0u); // no children; the interrupt-provider binding wants it
    w.cells("reg", reg); // GICD, GICC, GICH, GICV
    w.cells("interrupts", {gic_ppi, 9, ppi_cpus | level_high}); // maintenance interrupt (INTID 25)
    w.prop("phandle", uint32_t(ph_gic));
    w.end();

    reg.clear();
    reg64(reg, mm.uart, 0x1000);
    w.begin(hex_name("pl011", mm.uart));
    w.strings("compatible", {"arm,pl011", "arm,primecell"});
    w.cells("reg", reg);
    w.cells("interrupts", {gic_spi, uart_spi - 32, level_high});
    w.cells("clocks", {ph_clock, ph_clock});
    w.strings("clock-names", {"uartclk", "apb_pclk"});
    w.end();

    if (p.flash) {
        reg.clear();
        reg64(reg, mm.flash0, memory_map::flash_size);
        reg64(reg, mm.flash1, memory_map::flash_size);
        w.begin(hex_name("flash", mm.flash0));
        w.prop("compatible", "cfi-flash");
        w.cells("reg", reg);
        w.prop("bank-width", 4u);
        w.end();
    }

    w.begin("chosen");
    w.prop("stdout-path", ("/" + hex_name("pl011", mm.uart)).c_str());
    w.end();
    w.end(); // root
    return w.finish();
}

namespace {
// Every tag of the structure block, before libfdt 1.6.1's fdt_check_full
// sees it (both found by fuzz_dtb): fdt_check_full reads the root node's
// name without checking that fdt_get_name found one (NULL when it does not
// end inside the block), and accepts a property whose length is negative
// (its offset arithmetic wraps), which a guest would read past the blob.
bool tags_sound(const void* fdt) {
    for (int next = 0;;) {
        const int offset = next;
        const uint32_t tag = fdt_next_tag(fdt, offset, &next);
        if (next < 0 || tag == FDT_END)
            return true; // fdt_check_full reports what is wrong
        if (next <= offset)
            return false; // a length that wrapped
        int len = 0;
        if (tag == FDT_BEGIN_NODE && !fdt_get_name(fdt, offset, &len))
            return false;
        const char* name = nullptr;
        if (tag == FDT_PROP && (!fdt_getprop_by_offset(fdt, offset, &name, &len) || len < 0))
            return false;
    }
}
} // namespace

void check_device_tree(const std::vector<uint8_t>& dtb, const std::string& what) {
    // fdt_check_header only checks the header's fields; the structure block
    // and the memory reservation map must be sound too, or libfdt's
    // fdt_open_into (set_chosen) moves a negative size (found by fuzz_dtb).
    if (dtb.size() < sizeof(fdt_header) || fdt_check_header(dtb.data()) != 0 ||
        fdt_totalsize(dtb.data()) > dtb.size() || fdt_num_mem_rsv(dtb.data()) < 0 ||
        !tags_sound(dtb.data()) || fdt_check_full(dtb.data(), fdt_totalsize(dtb.data())) != 0)
        throw device_tree_error(what + ": not a flattened device tree (DTB)");
}

std::vector<uint8_t> set_chosen(const std::vector<uint8_t>& dtb, const chosen_params& c) {
    check_device_tree(dtb, "device tree");
    std::vector<uint8_t> out(fdt_totalsize(dtb.data()) + c.bootargs.size() + c.stdout_path.size() + 1024);
    auto check = [](int err) {
        if (err < 0)
            throw device_tree_error(std::string("device tree /chosen: ") + fdt_strerror(err));
        return err;
    };
    check(fdt_open_into(dtb.data(), out.data(), int(out.size())));
    void* fdt = out.data();
    int node = fdt_path_offset(fdt, "/chosen");
    if (node == -FDT_ERR_NOTFOUND)
        node = fdt_add_subnode(fdt, 0, "chosen");
    check(node);
    if (!c.bootargs.empty())
        check(fdt_setprop_string(fdt, node, "bootargs", c.bootargs.c_str()));
    if (c.initrd_end > c.initrd_start) {
        check(fdt_setprop_u64(fdt, node, "linux,initrd-start", c.initrd_start));
        check(fdt_setprop_u64(fdt, node, "linux,initrd-end", c.initrd_end));
    }
    if (!c.stdout_path.empty())
        check(fdt_setprop_string(fdt, node, "stdout-path", c.stdout_path.c_str()));
    check(fdt_pack(fdt));
    out.resize(fdt_totalsize(fdt));
    // libfdt can turn an odd but accepted tree into an unsound one (found by
    // fuzz_dtb): the guest never gets a tree that would fail our own check.
    check_device_tree(out, "device tree after filling in /chosen");
    return out;
}

} // namespace vp::platform
