// One GDB remote serial protocol connection (RSP, "GDB Remote Serial
// Protocol" in the GDB manual): a loopback-only listening socket, packet
// framing ($data#cs), acknowledgements (until QStartNoAckMode) and the
// out-of-band interrupt byte 0x03 (Ctrl-C). No knowledge of commands.
#pragma once

#include <cstdint>
#include <string>

namespace vp::debug {

class gdb_connection {
public:
    // Listens on 127.0.0.1:port (0: any free port). Throws std::runtime_error.
    explicit gdb_connection(uint16_t port);
    ~gdb_connection();
    gdb_connection(const gdb_connection&) = delete;
    gdb_connection& operator=(const gdb_connection&) = delete;

    uint16_t port() const { return port_; }
    bool connected() const { return client_ >= 0; }

    // Waits for a client (blocking), or only takes one already waiting.
    bool accept_client(bool block);
    void close_client();

    // Reads the next packet's payload; false when the client went away.
    // An interrupt byte seen meanwhile is remembered (take_interrupt()).
    bool receive(std::string& payload);
    void send(const std::string& payload);
    void set_no_ack() { no_ack_ = true; }

    // Without blocking: true if the client sent the interrupt byte (Ctrl-C)
    // since the last call. Other bytes that arrive while the target runs are
    // kept for receive().
    bool take_interrupt();

private:
    bool read_byte(char& c); // blocking; false on EOF/error
    void write_all(const std::string& s);

    int listener_ = -1;
    int client_ = -1;
    uint16_t port_ = 0;
    bool no_ack_ = false;
    bool interrupted_ = false;
    std::string pending_; // bytes read ahead while polling for 0x03
};

} // namespace vp::debug
