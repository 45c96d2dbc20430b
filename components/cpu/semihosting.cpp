// Semihosting (Arm "Semihosting for AArch32 and AArch64", v2.0): HLT #0xF000
// with the operation in W0 and the parameter in X1; the result goes to X0.
// Implemented: SYS_WRITEC, SYS_WRITE0, SYS_WRITE (handles 1 and 2 = console),
// SYS_CLOCK, SYS_TIME, SYS_EXIT, SYS_EXIT_EXTENDED. Time is simulated time
// (no host clock): SYS_TIME returns seconds of simulated time since start.
#include <cstdio>

#include "cpu/core.h"

namespace vp::cpu {
namespace {

enum : uint32_t {
    sys_writec = 0x03,
    sys_write0 = 0x04,
    sys_write = 0x05,
    sys_clock = 0x10,
    sys_time = 0x11,
    sys_exit = 0x18,
    sys_exit_extended = 0x20,
};
constexpr uint64_t adp_stopped_application_exit = 0x20026;

} // namespace

void core::semihosting_call() {
    const uint32_t op = uint32_t(st_.r[0]);
    const uint64_t param = st_.r[1];
    // Guest memory read without side effects on the exception state.
    auto read_mem = [&](uint64_t addr, void* out, unsigned size) { return debug_read(addr, out, size); };
    auto read_word = [&](uint64_t addr, uint64_t& v) { return read_mem(addr, &v, 8); };
    auto bad_pointer = [&](const char* what) {
        char msg[128];
        std::snprintf(msg, sizeof msg, "semihosting %s: parameter block at 0x%llx is not readable", what,
                      static_cast<unsigned long long>(param));
        warn_once(0x5e000000000ull | op, msg);
        st_.r[0] = ~0ull;
    };
    auto console = [&](const char* data, std::size_t n) {
        if (env_) env_->console_write(data, n);
    };

    switch (op) {
    case sys_writec: {
        char ch;
        if (!read_mem(param, &ch, 1)) { bad_pointer("SYS_WRITEC"); break; }
        console(&ch, 1);
        break;
    }
    case sys_write0: {
        char buf[256];
        std::size_t n = 0;
        for (uint64_t a = param;; ++a) {
            char ch;
            if (!read_mem(a, &ch, 1)) { bad_pointer("SYS_WRITE0"); break; }
            if (ch == 0) break;
            buf[n++] = ch;
            if (n == sizeof buf) { console(buf, n); n = 0; }
        }
        if (n) console(buf, n);
        break;
    }
    case sys_write: {
        uint64_t handle, ptr, len;
        if (!read_word(param, handle) || !read_word(param + 8, ptr) || !read_word(param + 16, len)) {
            bad_pointer("SYS_WRITE");
            break;
        }
        if (handle != 1 && handle != 2) { // only the console is available
            warn_once(0x5e100000000ull | handle, "semihosting SYS_WRITE to a handle other than stdout/stderr");
            st_.r[0] = len; // nothing written
            break;
        }
        char buf[256];
        uint64_t done = 0;
        while (done < len) {
            const unsigned chunk = unsigned(len - done < sizeof buf ? len - done : sizeof buf);
            if (!read_mem(ptr + done, buf, chunk)) break;
            console(buf, chunk);
            done += chunk;
        }
        st_.r[0] = len - done; // bytes not written
        break;
    }
    case sys_clock: st_.r[0] = env_ ? env_->elapsed_ns() / 10000000ull : 0; break; // centiseconds
    case sys_time: st_.r[0] = env_ ? env_->elapsed_ns() / 1000000000ull : 0; break;
    case sys_exit:
    case sys_exit_extended: {
        // AArch64: X1 points to {reason, subcode}. ADP_Stopped_ApplicationExit
        // exits with the subcode (as QEMU does); any other reason exits with 1.
        // A reason passed directly in X1 (the AArch32 form) is accepted too.
        uint64_t reason = param, subcode = 0;
        if (param != adp_stopped_application_exit) {
            if (!read_word(param, reason) || !read_word(param + 8, subcode)) {
                bad_pointer(op == sys_exit ? "SYS_EXIT" : "SYS_EXIT_EXTENDED");
                reason = 0;
            }
        }
        exited_ = true;
        exit_code_ = reason == adp_stopped_application_exit ? int(int32_t(subcode)) : 1;
        raise_attention();
        break;
    }
    default: {
        char msg[96];
        std::snprintf(msg, sizeof msg, "semihosting operation 0x%x not implemented (returns -1)", op);
        warn_once(0x5e200000000ull | op, msg);
        st_.r[0] = ~0ull;
        break;
    }
    }
    st_.pc += 4;
}

} // namespace vp::cpu
