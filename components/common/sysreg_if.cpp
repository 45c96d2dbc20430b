#include "common/sysreg_if.h"

namespace vp {

sysreg_status sysreg_target_if::read_at(unsigned cpu, unsigned el, bool tge, uint64_t now, uint32_t key,
                                        uint64_t& value) {
    sysreg_context ctx;
    ctx.cpu = cpu;
    ctx.el = el;
    ctx.tge = tge;
    ctx.now = sc_core::sc_time::from_value(now);
    return read(ctx, key, value);
}

} // namespace vp
