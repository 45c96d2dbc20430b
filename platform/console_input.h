// vp::platform::console_input — what the user types reaches the PL011's
// receiver (and so its RX interrupt): a SystemC thread polls a host file
// descriptor (stdin) every `period` of simulated time and hands over one
// character at a time while the UART can take it (its FIFO is the flow
// control, as a QEMU chardev's can_receive is), so a scripted file or pipe
// is never overrun. When nothing else is due (the guest idles in WFI), the
// poll waits up to one period of real time, so idle simulated time follows the
// wall clock while a user types. At end of file the thread ends (the
// simulation may then become idle).
//
// A terminal is put in raw mode (no line editing, no echo, CR kept: the guest
// echoes and edits) for the simulation and restored on every exit path: the
// destructor, exit(), and SIGINT/SIGTERM/SIGHUP/SIGQUIT (Ctrl-C still stops
// vp, ISIG stays on).
#pragma once

#include <systemc>

#include "uart/pl011.h"

namespace vp::platform {

class console_input : public sc_core::sc_module {
public:
    console_input(sc_core::sc_module_name name, uart::pl011& uart, int fd,
                  const sc_core::sc_time& period = sc_core::sc_time(100, sc_core::SC_US));
    ~console_input() override;

    bool is_terminal() const { return terminal_; }

private:
    void poll_thread();

    uart::pl011& uart_;
    int fd_;
    sc_core::sc_time period_;
    bool terminal_ = false;
};

} // namespace vp::platform
