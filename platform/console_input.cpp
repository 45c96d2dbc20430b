#include "console_input.h"

#include <csignal>
#include <ctime>
#include <cstdlib>

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace vp::platform {

namespace {

// The terminal state to restore (one terminal per process).
struct saved_terminal {
    bool active = false;
    int fd = -1;
    termios attrs{};
} saved;

void restore_terminal() {
    if (saved.active) {
        tcsetattr(saved.fd, TCSANOW, &saved.attrs);
        saved.active = false;
    }
}

void restore_and_reraise(int sig) {
    restore_terminal(); // async-signal-safe: tcsetattr only
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

void enter_raw_mode(int fd) {
    termios t{};
    if (tcgetattr(fd, &t) != 0)
        return;
    saved.attrs = t;
    saved.fd = fd;
    saved.active = true;
    static bool hooked = false;
    if (!hooked) {
        hooked = true;
        std::atexit(restore_terminal);
        for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT})
            std::signal(sig, restore_and_reraise);
    }
    t.c_lflag &= ~tcflag_t(ICANON | ECHO | ECHONL | IEXTEN);
    t.c_iflag &= ~tcflag_t(ICRNL | INLCR | IGNCR | IXON);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    tcsetattr(fd, TCSANOW, &t);
}

} // namespace

console_input::console_input(sc_core::sc_module_name name, uart::pl011& uart, int fd, const sc_core::sc_time& period)
    : sc_module(name), uart_(uart), fd_(fd), period_(period) {
    terminal_ = isatty(fd) == 1;
    if (terminal_)
        enter_raw_mode(fd);
    SC_HAS_PROCESS(console_input);
    SC_THREAD(poll_thread);
}

console_input::~console_input() { restore_terminal(); }

void console_input::poll_thread() {
    for (;;) {
        wait(period_);
        // While nothing else is due within a period (the guest waits for
        // input in WFI), wait for input in real time, one period at most:
        // idle simulated time then follows the wall clock instead of racing
        // past a user who is still typing.
        const bool idle = sc_core::sc_time_to_pending_activity() > period_;
        const long ns = idle ? long(period_.to_seconds() * 1e9) : 0;
        const timespec wait{ns / 1000000000, ns % 1000000000};
        while (uart_.can_receive()) {
            pollfd p{fd_, POLLIN, 0};
            if (ppoll(&p, 1, &wait, nullptr) <= 0 || !(p.revents & (POLLIN | POLLHUP)))
                break; // nothing typed yet
            unsigned char ch;
            const ssize_t n = read(fd_, &ch, 1);
            if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
                return; // end of input
            if (n == 1)
                uart_.receive(ch);
        }
    }
}

} // namespace vp::platform
