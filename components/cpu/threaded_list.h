// The handlers with a threaded form of their own (threaded_list.cpp).
#pragma once

#include <unordered_map>

#include "cpu/decode/insn.h"

namespace vp::cpu {

// Plain handler -> its threaded form (cpu/threaded.h), built once from a
// table that needs no start-up work.
const std::unordered_map<insn_handler, insn_handler>& own_threaded_forms();

} // namespace vp::cpu
