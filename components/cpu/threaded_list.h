// The handlers with a threaded form of their own (threaded_list.cpp).
#pragma once

#include <vector>

#include "cpu/decode/insn.h"

namespace vp::cpu {

struct threaded_form {
    insn_handler plain;
    insn_handler threaded;
};

const std::vector<threaded_form>& threaded_list();

} // namespace vp::cpu
