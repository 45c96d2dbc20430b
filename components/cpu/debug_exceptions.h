// Self-hosted debug exceptions (DDI 0487 D2 "AArch64 Self-hosted Debug"):
// breakpoints, watchpoints and software step as functions of the
// architectural state. No EL3 (the PE is in Non-secure state), no AArch32,
// no VHE, no halting debug. The core (debug_exceptions.cpp) decides when to
// ask: only while a debug feature is enabled (docs/debug-exceptions.md).
#pragma once

#include <cstdint>

#include "cpu/state.h"

namespace vp::cpu::debug {

// ID_AA64DFR0_EL1: BRPs + 1 breakpoints, the last CTX_CMPs + 1 of them
// context-aware; WRPs + 1 watchpoints (sysregs::id::aa64dfr0).
constexpr unsigned breakpoints = 6, context_breakpoints = 2, watchpoints = 4;

// MDSCR_EL1 and MDCR_EL2 bits.
constexpr uint64_t mdscr_ss = 1u << 0, mdscr_kde = 1u << 13, mdscr_mde = 1u << 15;
constexpr uint64_t mdcr_tde = 1u << 8;
// IFSC/DFSC of every debug exception: "Debug exception" (D13.2.37).
constexpr uint32_t fsc_debug = 0x22;

// DebugTarget(): EL2 when HCR_EL2.TGE or MDCR_EL2.TDE routes debug
// exceptions there (D2.3), else EL1.
unsigned target_el(const arch_state& s);

// AArch64.GenerateDebugExceptionsFrom(from_el, mask) (D2.4, D2.10): never
// with the OS Lock or the OS Double Lock locked; at the debug target EL only
// with MDSCR_EL1.KDE = 1 and PSTATE.D (`masked`) clear; from a lower EL
// always; from a higher EL never (debug exceptions are not taken to a lower EL).
bool exceptions_enabled(const arch_state& s, unsigned from_el, bool masked);

// AArch64.CheckBreakpoint without MDE and the enable (the caller checked
// them): whether a breakpoint matches the instruction at `pc` at PSTATE.EL.
bool breakpoint_match(const arch_state& s, uint64_t pc);

// AArch64.CheckWatchpoint's match: whether a watchpoint matches an access of
// `size` bytes at `va`; `privileged` false for EL0 and for LDTR/STTR.
bool watchpoint_match(const arch_state& s, uint64_t va, unsigned size, bool write, bool privileged);

} // namespace vp::cpu::debug
