// vp::bus::width_adapter<IN_WIDTH, OUT_WIDTH>: lets an initiator of any
// BUSWIDTH reach a target socket of another width (the components' targets
// are 32-bit sockets). Bind the initiator (or its interconnect) to
// `target_socket` and `initiator_socket` to the target.
//
// In SystemC a socket's width is part of its type, so sockets of different
// widths cannot be bound directly; the generic payload itself is the same for
// every width (its data array is in host byte order, IEEE 1666-2011 §14.18),
// so the adapter passes every call through unchanged, both ways: b_transport,
// nb_transport_fw/bw (approximately-timed initiators), transport_dbg,
// get_direct_mem_ptr and invalidate_direct_mem_ptr.
#pragma once

#include <systemc>
#include <tlm>

namespace vp::bus {

template <unsigned IN_WIDTH, unsigned OUT_WIDTH = 32>
class width_adapter : public sc_core::sc_module,
                      private tlm::tlm_fw_transport_if<>,
                      private tlm::tlm_bw_transport_if<> {
public:
    tlm::tlm_target_socket<IN_WIDTH> target_socket;       // bind the initiator here
    tlm::tlm_initiator_socket<OUT_WIDTH> initiator_socket; // bind the target here

    explicit width_adapter(sc_core::sc_module_name name)
        : sc_module(name), target_socket("target_socket"), initiator_socket("initiator_socket") {
        target_socket.bind(static_cast<tlm::tlm_fw_transport_if<>&>(*this));
        initiator_socket.bind(static_cast<tlm::tlm_bw_transport_if<>&>(*this));
    }

private:
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) override {
        initiator_socket->b_transport(trans, delay);
    }
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) override {
        return initiator_socket->nb_transport_fw(trans, phase, delay);
    }
    unsigned transport_dbg(tlm::tlm_generic_payload& trans) override { return initiator_socket->transport_dbg(trans); }
    bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) override {
        return initiator_socket->get_direct_mem_ptr(trans, dmi);
    }
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& trans, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) override {
        return target_socket->nb_transport_bw(trans, phase, delay);
    }
    void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) override {
        target_socket->invalidate_direct_mem_ptr(start, end);
    }
};

} // namespace vp::bus
