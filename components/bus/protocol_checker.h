// vp::bus::protocol_checker<BUSWIDTH>: a pass-through module that checks the
// TLM-2.0 base protocol (IEEE 1666-2011 chapters 11, 14 and 15) on the path
// it sits on. Section numbers are chapters of IEEE 1666-2011 (11: transport
// interfaces, 14: generic payload, 15: base protocol). Put one between an initiator and an interconnect, or between an
// interconnect and a target; it forwards every call unchanged, both ways.
//
// Written for this project from the LRM's rules (Debian's SystemC package
// ships no base-protocol checker; see docs/tlm-compliance.md). Each
// violation is reported as an SC_REPORT_ERROR of type "tlm/protocol_checker"
// naming the rule's LRM section; counters let a platform print a summary.
//
// Checked:
//   b_transport      called from a thread (§11 may wait); on entry a
//                    known command, response INCOMPLETE (§14), data pointer
//                    set and length > 0 (§14), streaming width
//                    > 0 (§14), byte-enable length > 0 when a pointer is
//                    given (§14), on return a response
//                    status set and command, address, data pointer, length,
//                    byte enables and streaming width as the initiator left
//                    them (§14: the target, and an interconnect on the way
//                    back, must not leave them modified).
//   transport_dbg    known command, the returned count not above the length
//                    (§11), attributes restored.
//   get_direct_mem_ptr   a granted region contains the requested address,
//                    has start <= end and a non-null pointer; a denied one
//                    still contains the address (§11).
//   invalidate_direct_mem_ptr   start <= end (§11).
//   nb_transport     phase order per transaction on the forward and backward
//                    path (BEGIN_REQ, END_REQ or BEGIN_RESP, END_RESP; §15),
//                    BEGIN_REQ with response INCOMPLETE, at most one request
//                    and one response in progress at a time (§15), a
//                    response status set when BEGIN_RESP is sent.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <systemc>
#include <tlm>

namespace vp::bus {

class protocol_checker_base {
public:
    static constexpr const char* report_type = "tlm/protocol_checker";

    uint64_t transactions() const { return transactions_; }
    uint64_t errors() const { return errors_; }

    // Totals over every checker in the process.
    static uint64_t total_transactions() { return totals().transactions; }
    static uint64_t total_errors() { return totals().errors; }

protected:
    void fail(const std::string& where, const std::string& what) {
        ++errors_;
        ++totals().errors;
        SC_REPORT_ERROR(report_type, (where + ": TLM-2.0 base protocol: " + what).c_str());
    }
    void count() {
        ++transactions_;
        ++totals().transactions;
    }

private:
    struct counters {
        uint64_t transactions = 0, errors = 0;
    };
    static counters& totals() {
        static counters c;
        return c;
    }
    uint64_t transactions_ = 0, errors_ = 0;
};

template <unsigned BUSWIDTH = 32>
class protocol_checker : public sc_core::sc_module,
                         public protocol_checker_base,
                         private tlm::tlm_fw_transport_if<>,
                         private tlm::tlm_bw_transport_if<> {
public:
    tlm::tlm_target_socket<BUSWIDTH> target_socket;       // bind the initiator side here
    tlm::tlm_initiator_socket<BUSWIDTH> initiator_socket; // bind the target side here

    explicit protocol_checker(sc_core::sc_module_name name)
        : sc_module(name), target_socket("target_socket"), initiator_socket("initiator_socket") {
        target_socket.bind(static_cast<tlm::tlm_fw_transport_if<>&>(*this));
        initiator_socket.bind(static_cast<tlm::tlm_bw_transport_if<>&>(*this));
    }

private:
    // The attributes a target must hand back as it got them.
    struct snapshot {
        tlm::tlm_command command;
        uint64_t address;
        unsigned char* data;
        unsigned length;
        unsigned char* byte_enables;
        unsigned byte_enable_length;
        unsigned streaming_width;

        explicit snapshot(const tlm::tlm_generic_payload& t)
            : command(t.get_command()), address(t.get_address()), data(t.get_data_ptr()),
              length(t.get_data_length()), byte_enables(t.get_byte_enable_ptr()),
              byte_enable_length(t.get_byte_enable_length()), streaming_width(t.get_streaming_width()) {}
        std::string changed(const tlm::tlm_generic_payload& t) const {
            if (t.get_command() != command)
                return "command";
            if (t.get_address() != address)
                return "address";
            if (t.get_data_ptr() != data)
                return "data pointer";
            if (t.get_data_length() != length)
                return "data length";
            if (t.get_byte_enable_ptr() != byte_enables || t.get_byte_enable_length() != byte_enable_length)
                return "byte enables";
            if (t.get_streaming_width() != streaming_width)
                return "streaming width";
            return {};
        }
    };

    std::string where(const tlm::tlm_generic_payload& t) const {
        char addr[32];
        std::snprintf(addr, sizeof addr, "0x%llx", static_cast<unsigned long long>(t.get_address()));
        return std::string(name()) + " (" + (t.is_read() ? "read" : t.is_write() ? "write" : "ignore") + " at " +
               addr + ")";
    }

    void check_request(const tlm::tlm_generic_payload& t, const char* call) {
        const auto cmd = t.get_command();
        if (cmd != tlm::TLM_READ_COMMAND && cmd != tlm::TLM_WRITE_COMMAND && cmd != tlm::TLM_IGNORE_COMMAND)
            fail(where(t), std::string(call) + " with an unknown command (§14)");
        if (t.get_response_status() != tlm::TLM_INCOMPLETE_RESPONSE)
            fail(where(t), std::string(call) + " entered with a response status other than "
                                               "TLM_INCOMPLETE_RESPONSE (§14)");
        if (cmd != tlm::TLM_IGNORE_COMMAND && !t.get_data_ptr())
            fail(where(t), std::string(call) + " without a data pointer (§14)");
        if (t.get_data_length() == 0)
            fail(where(t), std::string(call) + " with data length 0 (§14)");
        if (t.get_streaming_width() == 0)
            fail(where(t), std::string(call) + " with streaming width 0 (§14)");
        if (t.get_byte_enable_ptr() && t.get_byte_enable_length() == 0)
            fail(where(t), std::string(call) + " with a byte-enable pointer but length 0 (§14)");
    }

    // Forward path.
    void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay) override {
        count();
        if (sc_core::sc_get_current_process_handle().proc_kind() != sc_core::SC_THREAD_PROC_)
            fail(where(t), "b_transport called from outside a thread process (§11: it may wait)");
        check_request(t, "b_transport");
        const snapshot before(t);
        initiator_socket->b_transport(t, delay);
        if (t.get_response_status() == tlm::TLM_INCOMPLETE_RESPONSE)
            fail(where(t), "b_transport returned with TLM_INCOMPLETE_RESPONSE: the target must set a status (§14)");
        if (const std::string c = before.changed(t); !c.empty())
            fail(where(t), "b_transport returned with the " + c + " changed (§14)");
    }

    unsigned transport_dbg(tlm::tlm_generic_payload& t) override {
        count();
        const auto cmd = t.get_command();
        if (cmd != tlm::TLM_READ_COMMAND && cmd != tlm::TLM_WRITE_COMMAND && cmd != tlm::TLM_IGNORE_COMMAND)
            fail(where(t), "transport_dbg with an unknown command (§11)");
        const snapshot before(t);
        const unsigned n = initiator_socket->transport_dbg(t);
        if (n > before.length)
            fail(where(t), "transport_dbg returned " + std::to_string(n) + " bytes for a length of " +
                               std::to_string(before.length) + " (§11)");
        if (const std::string c = before.changed(t); !c.empty())
            fail(where(t), "transport_dbg returned with the " + c + " changed (§11)");
        return n;
    }

    bool get_direct_mem_ptr(tlm::tlm_generic_payload& t, tlm::tlm_dmi& dmi) override {
        count();
        const uint64_t addr = t.get_address();
        const bool granted = initiator_socket->get_direct_mem_ptr(t, dmi);
        if (t.get_address() != addr)
            fail(where(t), "get_direct_mem_ptr returned with the address changed (§11)");
        if (dmi.get_start_address() > dmi.get_end_address())
            fail(where(t), "DMI region with start above end (§11)");
        else if (addr < dmi.get_start_address() || addr > dmi.get_end_address())
            fail(where(t), "DMI region does not contain the requested address (§11)");
        if (granted && !dmi.get_dmi_ptr())
            fail(where(t), "DMI granted with a null pointer (§11)");
        return granted;
    }

    // Backward path.
    void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) override {
        if (start > end)
            fail(name(), "invalidate_direct_mem_ptr with start above end (§11)");
        target_socket->invalidate_direct_mem_ptr(start, end);
    }

    // Non-blocking transport: the phase each transaction reached.
    enum class stage { request, request_accepted, response };

    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& t, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) override {
        auto it = open_.find(&t);
        if (phase == tlm::BEGIN_REQ) {
            count();
            if (it != open_.end())
                fail(where(t), "BEGIN_REQ for a transaction already in progress (§15)");
            check_request(t, "nb_transport_fw(BEGIN_REQ)");
            if (request_in_progress_)
                fail(where(t), "BEGIN_REQ before the previous request's END_REQ (§15 request exclusion)");
            request_in_progress_ = &t;
            it = open_.insert_or_assign(&t, stage::request).first;
        } else if (phase == tlm::END_RESP) {
            if (it == open_.end() || it->second != stage::response)
                fail(where(t), "END_RESP without a BEGIN_RESP (§15)");
            if (response_in_progress_ == &t)
                response_in_progress_ = nullptr;
            if (it != open_.end())
                open_.erase(it);
        } else {
            fail(where(t), std::string("phase ") + phase.get_name() + " on the forward path (§15)");
        }
        const tlm::tlm_phase sent = phase;
        const tlm::tlm_sync_enum s = initiator_socket->nb_transport_fw(t, phase, delay);
        after_return(t, sent, phase, s, true);
        return s;
    }

    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& t, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) override {
        seen_backward(t, phase);
        const tlm::tlm_phase sent = phase;
        const tlm::tlm_sync_enum s = target_socket->nb_transport_bw(t, phase, delay);
        after_return(t, sent, phase, s, false);
        return s;
    }

    // A phase arriving from the target side (a bw call, or a forward call's
    // return value with TLM_UPDATED).
    void seen_backward(tlm::tlm_generic_payload& t, const tlm::tlm_phase& phase) {
        auto it = open_.find(&t);
        if (it == open_.end()) {
            fail(where(t), std::string("phase ") + phase.get_name() + " for a transaction not in progress (§15)");
            return;
        }
        if (phase == tlm::END_REQ) {
            if (it->second != stage::request)
                fail(where(t), "END_REQ twice or after BEGIN_RESP (§15)");
            it->second = stage::request_accepted;
            if (request_in_progress_ == &t)
                request_in_progress_ = nullptr;
        } else if (phase == tlm::BEGIN_RESP) {
            if (it->second == stage::response)
                fail(where(t), "BEGIN_RESP twice (§15)");
            if (response_in_progress_ && response_in_progress_ != &t)
                fail(where(t), "BEGIN_RESP before the previous response's END_RESP (§15 response exclusion)");
            if (t.get_response_status() == tlm::TLM_INCOMPLETE_RESPONSE)
                fail(where(t), "BEGIN_RESP with TLM_INCOMPLETE_RESPONSE (§14)");
            it->second = stage::response;
            response_in_progress_ = &t;
            if (request_in_progress_ == &t)
                request_in_progress_ = nullptr; // BEGIN_RESP implies END_REQ
        } else {
            fail(where(t), std::string("phase ") + phase.get_name() + " on the backward path (§15)");
        }
    }

    void after_return(tlm::tlm_generic_payload& t, const tlm::tlm_phase& sent, const tlm::tlm_phase& phase,
                      tlm::tlm_sync_enum s, bool forward) {
        if (s == tlm::TLM_COMPLETED) {
            if (t.get_response_status() == tlm::TLM_INCOMPLETE_RESPONSE && forward)
                fail(where(t), "TLM_COMPLETED with TLM_INCOMPLETE_RESPONSE (§14)");
            if (request_in_progress_ == &t)
                request_in_progress_ = nullptr;
            if (response_in_progress_ == &t)
                response_in_progress_ = nullptr;
            open_.erase(&t);
            return;
        }
        if (s == tlm::TLM_UPDATED) {
            if (phase == sent)
                fail(where(t), "TLM_UPDATED without a new phase (§15)");
            else if (forward)
                seen_backward(t, phase);
            else if (phase == tlm::END_RESP) {
                if (response_in_progress_ == &t)
                    response_in_progress_ = nullptr;
                open_.erase(&t);
            }
        }
    }

    std::map<const tlm::tlm_generic_payload*, stage> open_;
    const tlm::tlm_generic_payload* request_in_progress_ = nullptr;
    const tlm::tlm_generic_payload* response_in_progress_ = nullptr;
};

} // namespace vp::bus
