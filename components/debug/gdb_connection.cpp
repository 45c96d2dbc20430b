#include "debug/gdb_connection.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace vp::debug {

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
} // namespace

gdb_connection::gdb_connection(uint16_t port) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener_ < 0) throw std::runtime_error(std::string("gdb: socket: ") + std::strerror(errno));
    const int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); // a debugger is a local tool: never exposed
    addr.sin_port = htons(port);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0 || ::listen(listener_, 1) < 0) {
        const std::string why = std::strerror(errno);
        ::close(listener_);
        throw std::runtime_error("gdb: cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + why);
    }
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
}

gdb_connection::~gdb_connection() {
    close_client();
    if (listener_ >= 0) ::close(listener_);
}

bool gdb_connection::accept_client(bool block) {
    if (client_ >= 0) return true;
    if (!block) {
        pollfd p{listener_, POLLIN, 0};
        if (::poll(&p, 1, 0) <= 0) return false;
    }
    client_ = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client_ < 0) return false;
    const int one = 1;
    ::setsockopt(client_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    no_ack_ = false;
    interrupted_ = false;
    pending_.clear();
    return true;
}

void gdb_connection::close_client() {
    if (client_ >= 0) ::close(client_);
    client_ = -1;
}

bool gdb_connection::read_byte(char& c) {
    if (!pending_.empty()) {
        c = pending_.front();
        pending_.erase(0, 1);
        return true;
    }
    for (;;) {
        const ssize_t n = ::recv(client_, &c, 1, 0);
        if (n == 1) return true;
        if (n < 0 && errno == EINTR) continue;
        return false;
    }
}

bool gdb_connection::take_interrupt() {
    if (client_ < 0) return false;
    pollfd p{client_, POLLIN, 0};
    while (::poll(&p, 1, 0) > 0 && (p.revents & POLLIN)) {
        char buf[256];
        const ssize_t n = ::recv(client_, buf, sizeof buf, 0);
        if (n <= 0) break;
        for (ssize_t i = 0; i < n; ++i) {
            if (buf[i] == '\x03') interrupted_ = true;
            else pending_ += buf[i];
        }
    }
    const bool was = interrupted_;
    interrupted_ = false;
    return was;
}

bool gdb_connection::receive(std::string& payload) {
    if (client_ < 0) return false;
    char c;
    for (;;) {
        do {
            if (!read_byte(c)) return false;
            if (c == '\x03') interrupted_ = true;
        } while (c != '$');
        payload.clear();
        uint8_t sum = 0;
        while (read_byte(c) && c != '#') {
            payload += c;
            sum = uint8_t(sum + uint8_t(c));
        }
        char h[2];
        if (c != '#' || !read_byte(h[0]) || !read_byte(h[1])) return false;
        const int hi = hex_value(h[0]), lo = hex_value(h[1]);
        const bool ok = hi >= 0 && lo >= 0 && uint8_t(hi * 16 + lo) == sum;
        if (!no_ack_) write_all(ok ? "+" : "-");
        if (ok || no_ack_) break;
    }
    // Binary data (X packets) escapes '#', '$', '}' and '*' as '}' c^0x20.
    std::string out;
    out.reserve(payload.size());
    for (std::size_t i = 0; i < payload.size(); ++i) {
        if (payload[i] == '}' && i + 1 < payload.size()) out += char(payload[++i] ^ 0x20);
        else out += payload[i];
    }
    payload.swap(out);
    return true;
}

void gdb_connection::send(const std::string& payload) {
    if (client_ < 0) return;
    static const char digits[] = "0123456789abcdef";
    uint8_t sum = 0;
    std::string frame = "$";
    for (char c : payload) {
        if (c == '$' || c == '#' || c == '}' || c == '*') {
            frame += '}';
            c = char(c ^ 0x20);
            sum = uint8_t(sum + uint8_t('}'));
        }
        frame += c;
        sum = uint8_t(sum + uint8_t(c));
    }
    frame += '#';
    frame += digits[sum >> 4];
    frame += digits[sum & 15];
    for (int attempt = 0; attempt < 3; ++attempt) {
        write_all(frame);
        if (no_ack_) return;
        char c = 0;
        do {
            if (!read_byte(c)) return;
            if (c == '\x03') interrupted_ = true;
        } while (c != '+' && c != '-');
        if (c == '+') return;
    }
}

void gdb_connection::write_all(const std::string& s) {
    std::size_t done = 0;
    while (client_ >= 0 && done < s.size()) {
        const ssize_t n = ::send(client_, s.data() + done, s.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            close_client();
            return;
        }
        done += std::size_t(n);
    }
}

} // namespace vp::debug
