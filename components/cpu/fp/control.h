// FPCR controls and FPSR cumulative exception bits as the FP pseudocode uses
// them (DDI 0487 C5.2.7 FPCR, C5.2.8 FPSR; shared/functions/float
// FPRoundingMode, FPProcessException). One `ctl` lives for one instruction:
// it carries FPCR in and the exceptions raised out; the handler ORs them into
// FPSR (no FP exception trapping: FPCR.{IDE,IXE,UFE,OFE,DZE,IOE} are RES0).
#pragma once

#include <cstdint>

namespace vp::cpu::fp {

// FPRounding: the first four are FPCR.RMode values.
enum rounding : uint8_t { tieeven = 0, posinf = 1, neginf = 2, zero = 3, tieaway = 4, odd = 5 };

// FPSR cumulative exception bits (FPExc_*).
enum exception : uint32_t {
    ioc = 1u << 0, // InvalidOp
    dzc = 1u << 1, // DivideByZero
    ofc = 1u << 2, // Overflow
    ufc = 1u << 3, // Underflow
    ixc = 1u << 4, // Inexact
    idc = 1u << 7, // InputDenorm
};

// Whether host.h may compute a result: FPCR.RMode = round to nearest and
// FPSR.IXC already set.
inline bool host_allowed(uint32_t fpcr, uint32_t fpsr) { return ((fpcr >> 22) & 3) == 0 && (fpsr & ixc); }

struct ctl {
    uint32_t fpcr;
    uint32_t exc = 0; // exceptions raised so far
    // The host FPU may compute the result (host.h): round to nearest, and
    // FPSR.IXC already set, so that only results needing no new exception
    // flag are taken from it.
    bool host_ok = false;

    explicit ctl(uint32_t fpcr_value, uint32_t fpsr = 0)
        : fpcr(fpcr_value), host_ok(host_allowed(fpcr_value, fpsr)) {}

    bool ahp() const { return (fpcr >> 26) & 1; } // alternative half precision
    bool dn() const { return (fpcr >> 25) & 1; }  // default NaN
    bool fz() const { return (fpcr >> 24) & 1; }  // flush-to-zero (single, double)
    rounding mode() const { return rounding((fpcr >> 22) & 3); }
};

} // namespace vp::cpu::fp
