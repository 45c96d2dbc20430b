#include "boot.h"

#include <algorithm>
#include <cstring>

#include "device_tree.h"
#include "loader/linux_image.h"

namespace vp::platform {

namespace {

constexpr uint64_t mib = 1ull << 20;

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

// Copies into RAM; throws when [addr, addr+len) is not inside it.
void put(board& b, uint64_t addr, const uint8_t* data, uint64_t len, const std::string& what) {
    if (!b.ram_range().contains(addr, len))
        throw loader::load_error(what + ": " + std::to_string(len >> 10) +
                                 " KiB do not fit in RAM at 0x" + [&] {
                                     char buf[24];
                                     std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(addr));
                                     return std::string(buf);
                                 }() + ": use a larger --ram");
    std::memcpy(b.ram().data() + (addr - b.config().map.ram), data, len);
}

bool is_elf(const std::vector<uint8_t>& f) { return f.size() >= 4 && std::memcmp(f.data(), "\x7f" "ELF", 4) == 0; }

} // namespace

std::vector<uint8_t> board_device_tree(const board& b, const boot_options& o, uint64_t initrd_start,
                                       uint64_t initrd_end) {
    std::vector<uint8_t> tree;
    if (!o.dtb.empty()) {
        tree = loader::read_file(o.dtb);
        check_device_tree(tree, o.dtb);
    } else {
        device_tree_params p;
        p.cpus = b.config().cpus;
        p.map = b.config().map;
        p.psci = b.config().psci;
        tree = make_device_tree(p);
    }
    chosen_params c;
    c.bootargs = o.append;
    c.initrd_start = initrd_start;
    c.initrd_end = initrd_end;
    return set_chosen(tree, c);
}

boot_result boot(board& b, const boot_options& o) {
    boot_result r;
    if (!o.firmware.empty()) {
        b.load_firmware(o.firmware);
        return r; // entry set by load_firmware; bare metal: no DTB
    }
    const loader::memory_range ram = b.ram_range();
    uint64_t used_end = ram.base; // end of what is loaded in RAM
    std::vector<loader::memory_range> loaded;
    if (!o.bios.empty()) {
        const auto image = loader::read_file(o.bios);
        if (!b.flash(0).load(0, image.data(), image.size()))
            throw loader::load_error(o.bios + ": " + std::to_string(image.size() >> 20) +
                                     " MiB does not fit in flash bank 0 (64 MiB)");
        r.entry = b.config().map.flash0;
    } else if (!o.kernel.empty()) {
        const auto file = loader::read_file(o.kernel);
        if (is_elf(file)) {
            loader::elf_loader elf(o.kernel);
            const auto res = elf.load({ram}, [&](uint64_t addr, const uint8_t* data, size_t len) {
                put(b, addr, data, len, o.kernel);
                return true;
            });
            r.entry = res.entry;
            loaded = res.loaded;
        } else if (auto h = loader::parse_arm64_image(file, o.kernel)) {
            const uint64_t at = loader::place_arm64_image(*h, ram, o.kernel);
            put(b, at, file.data(), file.size(), o.kernel);
            r.entry = at;
            loaded.push_back({at, h->image_size});
        } else if (file.size() >= 2 && file[0] == 0x1f && file[1] == 0x8b) {
            throw loader::load_error(o.kernel + ": a gzip-compressed kernel: decompress it first (e.g. zcat)");
        } else {
            throw loader::load_error(o.kernel + ": neither an ELF nor an arm64 Linux Image (no \"ARM\\x64\" magic)");
        }
        for (const auto& l : loaded)
            used_end = std::max(used_end, l.base + l.size);
    } else {
        throw loader::load_error("nothing to run: give --firmware, --kernel or --bios");
    }

    uint64_t initrd_start = 0, initrd_end = 0;
    if (!o.initrd.empty()) {
        const auto data = loader::read_file(o.initrd);
        // QEMU: RAM start + min(RAM/2, 128 MiB), above the kernel.
        initrd_start = std::max(ram.base + std::min(ram.size / 2, 128 * mib), align_up(used_end, 4096));
        put(b, initrd_start, data.data(), data.size(), o.initrd);
        initrd_end = initrd_start + data.size();
        used_end = initrd_end;
    }

    r.dtb = board_device_tree(b, o, initrd_start, initrd_end);
    if (!o.bios.empty()) {
        r.dtb_address = ram.base; // QEMU -bios: the firmware finds it at the start of RAM
    } else {
        // Below the kernel when it leaves room at the start of RAM (an ELF at
        // RAM + 2 MiB, as Linux's), else 2 MiB aligned above everything.
        const bool low_free = std::all_of(loaded.begin(), loaded.end(), [&](const loader::memory_range& l) {
            return l.base >= ram.base + align_up(r.dtb.size(), 4096);
        });
        r.dtb_address = low_free && o.initrd.empty() ? ram.base : align_up(used_end, 2 * mib);
    }
    put(b, r.dtb_address, r.dtb.data(), r.dtb.size(), "device tree");
    // booting.rst: X0 = DTB physical address, X1-X3 = 0. A -bios image gets none (as on QEMU).
    b.set_entry(r.entry, o.bios.empty() ? r.dtb_address : 0);
    return r;
}

} // namespace vp::platform
