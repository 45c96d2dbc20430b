// Lets a SoC leave a component's outputs unbound. SystemC requires every
// sc_out to be bound; a component calls tie_off() on its outputs from
// before_end_of_elaboration() (the last moment bindings may be added), and
// an output nobody bound gets a private signal that nothing reads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <systemc>

namespace vp {

class output_tie_off {
public:
    void tie_off(sc_core::sc_out<bool>& port) {
        if (port.bind_count() != 0)
            return;
        signals_.push_back(std::make_unique<sc_core::sc_signal<bool>>(
            sc_core::sc_gen_unique_name((std::string(port.basename()) + "_unbound").c_str())));
        port.bind(*signals_.back());
    }
    template <class Ports>
    void tie_off_all(Ports& ports) {
        for (auto& p : ports)
            tie_off(p);
    }

private:
    std::vector<std::unique_ptr<sc_core::sc_signal<bool>>> signals_;
};

} // namespace vp
