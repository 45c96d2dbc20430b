#include "hyp/vtimer.h"

#include "hyp/gicv2.h"
#include "hyp/hyp.h"
#include "hyp/vgic.h"
#include "runtime/arch.h"
#include "runtime/platform.h"

void vtimer_init(void)
{
    /* KVM maps the vtimer when the timer is enabled (seed step 0). */
    vgic_map_phys_irq(INTID_CNTV, INTID_CNTV);
    vgic_set_config(INTID_CNTV, VGIC_CONFIG_LEVEL);
}

bool vtimer_output_asserted(void)
{
    uint64_t ctl = read_sysreg(cntv_ctl_el0);
    return (ctl & CNT_CTL_ENABLE) && (ctl & CNT_CTL_ISTATUS) && !(ctl & CNT_CTL_IMASK);
}

void vtimer_handle_phys_irq(uint32_t iar)
{
    if (!vtimer_output_asserted()) {
        /* The line fell between signalling and acknowledge: nothing to
         * forward, so end the physical interrupt ourselves. */
        gicc_write(GICC_EOIR, iar);
        gicc_write(GICC_DIR, iar);
        ++this_stats.phys_dir[INTID_CNTV];
        return;
    }
    /* Seed step 2: priority drop only (EOImode 1), no GICC_DIR. PPI 27
     * stays active, which masks it in the distributor until the guest's EOI
     * deactivates it through the HW list register (or the fold clears it). */
    gicc_write(GICC_EOIR, iar);
    /* Step 3: the level injection is only accepted when it changes line_level. */
    if (vgic_inject_irq(INTID_CNTV, true))
        ++this_stats.inject_accepted;
    else
        ++this_stats.inject_rejected;
}
