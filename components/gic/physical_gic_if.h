// What the virtual interface (GICH/GICV) needs from the physical GIC.
// The distributor implements it; virtual-interface tests use a fake.
#pragma once

namespace vp::gic {

class physical_gic_if {
public:
    virtual ~physical_gic_if() = default;

    // A list register with HW == 1 was deactivated (GICV_EOIR with EOImode 0,
    // or GICV_DIR): the same effect as a GICC_DIR write of `intid` by `cpu`
    // (IHI 0048B 5.4.x, GICH_LRn.HW). SGIs/PPIs act on `cpu`'s bank, SPIs on
    // the unbanked state. Re-evaluates the physical outputs at once, so a
    // level interrupt whose line is still high is signalled again
    // immediately. Must ignore INTIDs the distributor does not implement.
    virtual void deactivate(unsigned intid, unsigned cpu) = 0;
};

} // namespace vp::gic
