// vp::uart::pl011 — Arm PrimeCell UART (PL011), r1p5, as described by the
// PrimeCell UART (PL011) Technical Reference Manual, Arm DDI 0183 (chapter 3,
// "Programmers Model").
//
// Registers (4 KiB frame, DDI 0183 table 3-1): UARTDR 0x000, UARTRSR/UARTECR
// 0x004, UARTFR 0x018, UARTILPR 0x020, UARTIBRD 0x024, UARTFBRD 0x028,
// UARTLCR_H 0x02C, UARTCR 0x030, UARTIFLS 0x034, UARTIMSC 0x038, UARTRIS 0x03C,
// UARTMIS 0x040, UARTICR 0x044, UARTDMACR 0x048, UARTPeriphID0-3 0xFE0-0xFEC
// (0x11 0x10 0x14 0x00: part 0x011, designer Arm, revision r1p5 — the values
// QEMU returns, which Linux's AMBA bus matches), UARTPCellID0-3 0xFF0-0xFFC
// (0x0D 0xF0 0x05 0xB1). Other offsets are reserved: RAZ/WI, logged once.
// Access sizes: 8, 16 and 32 bits on every register (firmware commonly uses
// `strb` to UARTDR; the APB interface ignores PADDR[1:0] on real silicon, so a
// byte access selects a byte lane of the 32-bit register); 64-bit accesses are
// a TLM_BURST_ERROR_RESPONSE.
//
// Modelling choices (and where they differ from the TRM or from QEMU):
//   - Transmission is instantaneous: a character written to UARTDR goes out at
//     once, so the transmit FIFO is always empty (FR.TXFE=1, BUSY=0) and the
//     transmit interrupt (RIS.TXRIS) is raised by every write (the FIFO level
//     falls to 0, at or below any IFLS trigger level) — as QEMU does.
//   - UARTEN/TXE: by default characters are transmitted even when CR.UARTEN or
//     CR.TXE is 0, as QEMU does, so the same firmware prints on both (much bare
//     metal code never writes UARTCR; its reset value 0x300 has UARTEN=0). This
//     is logged once at verbosity SC_HIGH. With set_strict_enables(true) the
//     TRM behaviour applies: characters wait in the transmit FIFO (16 deep with
//     LCR_H.FEN, else 1) until UARTEN and TXE are both set, and received
//     characters are dropped while UARTEN or RXE is 0.
//   - Receive: receive() pushes into the receive FIFO (16 entries with FEN,
//     1 otherwise). RXRIS follows DDI 0183 §2.8.2: set when the FIFO reaches
//     the IFLS.RXIFLSEL trigger level (1 entry when FEN=0), cleared when reads
//     take it below. QEMU instead raises RX at 1 entry whatever IFLS says.
//     The receive timeout RTRIS is raised 32 bit periods after the last
//     character arrived while the FIFO is not empty, the bit period coming from
//     IBRD/FBRD and UARTCLK (24 MHz by default, QEMU virt's apb-pclk); it is
//     cleared when the FIFO empties or by ICR.
//   - Overrun: a character arriving at a full FIFO is lost; RSR.OE and RIS.OERIS
//     are set and the next character that fits carries DR.OE.
//   - Loopback (CR.LBE): transmitted characters are received instead of output.
//   - Changing LCR_H.FEN flushes both FIFOs (as QEMU does).
//   - Not modelled: modem status lines (CTS/DSR/DCD/RI read 0 in FR and never
//     raise their interrupts), IrDA, DMA requests (UARTDMACR is storage only),
//     break generation, the separate UARTRXINTR/TXINTR/... outputs (only the
//     combined UARTINTR is provided, as `irq`).
// Debug reads (transport_dbg) have no side effect: a debug read of UARTDR
// shows the head of the receive FIFO without popping it.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <iostream>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "common/output_tie_off.h"
#include "common/register_bank.h"

namespace vp::uart {

// Register offsets (DDI 0183 table 3-1).
namespace pl011_reg {
constexpr uint64_t DR = 0x000, RSR_ECR = 0x004, FR = 0x018, ILPR = 0x020, IBRD = 0x024, FBRD = 0x028,
                   LCR_H = 0x02C, CR = 0x030, IFLS = 0x034, IMSC = 0x038, RIS = 0x03C, MIS = 0x040,
                   ICR = 0x044, DMACR = 0x048, PeriphID0 = 0xFE0, PCellID0 = 0xFF0;
}

// Interrupt bits of IMSC/RIS/MIS/ICR (DDI 0183 §3.3.12-3.3.15).
enum pl011_int : uint32_t {
    INT_RI = 1u << 0, INT_CTS = 1u << 1, INT_DCD = 1u << 2, INT_DSR = 1u << 3,
    INT_RX = 1u << 4, INT_TX = 1u << 5, INT_RT = 1u << 6, INT_FE = 1u << 7,
    INT_PE = 1u << 8, INT_BE = 1u << 9, INT_OE = 1u << 10,
    INT_ALL = 0x7FF,
};

// Receive error flags passed to receive(); they appear in DR[10:8] and RSR.
enum pl011_rx_error : unsigned { RX_FRAMING = 1u << 0, RX_PARITY = 1u << 1, RX_BREAK = 1u << 2 };

class pl011 : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<pl011> socket;
    sc_core::sc_out<bool> irq; // UARTINTR: (RIS & IMSC) != 0, a level

    static constexpr unsigned fifo_depth = 16;

    // Transmitted characters go to `out` (flushed at every newline).
    explicit pl011(sc_core::sc_module_name name, std::ostream& out = std::cout);

    // Where transmitted characters go: a stream (nullptr: none) and/or a
    // callback, called for every character in order.
    void set_output(std::ostream* out) { out_ = out; }
    void set_tx_callback(std::function<void(uint8_t)> fn) { tx_callback_ = std::move(fn); }

    // TRM enables (see the header comment). Default false (QEMU-compatible).
    void set_strict_enables(bool strict) { strict_ = strict; }
    // UARTCLK, for the receive-timeout period. Default 24 MHz.
    void set_uartclk_hz(double hz) { uartclk_hz_ = hz; }

    // A character arriving on UARTRXD, with optional pl011_rx_error flags.
    // Call from the SystemC thread (sc_main between sc_start calls, or a
    // process); a host input thread must hand characters over through
    // sc_core::async_request_update or similar.
    // Returns false when it was lost (overrun, or receiver disabled in strict
    // mode).
    bool receive(uint8_t ch, unsigned errors = 0);
    // True when receive() would store the character.
    bool can_receive() const;

    // Back to the reset state (DDI 0183 table 3-1 reset values).
    void reset();

    // Observation for tests and tools.
    unsigned rx_level() const { return unsigned(rx_fifo_.size()); }
    unsigned tx_level() const { return unsigned(tx_fifo_.size()); }
    uint32_t raw_interrupts() const { return ris_; }
    // One 32-bit register read through the normal dispatch, side effects
    // included unless `debug`.
    uint32_t read_register(uint64_t offset, bool debug = false);
    vp::register_bank& registers() { return bank_; }

private:
    void before_end_of_elaboration() override { tie_off_.tie_off(irq); } // irq may stay unbound
    output_tie_off tie_off_;
    // Register fields (DDI 0183 §3.3).
    static constexpr uint32_t DR_FE = 1u << 8, DR_PE = 1u << 9, DR_BE = 1u << 10, DR_OE = 1u << 11;
    static constexpr uint32_t RSR_OE = 1u << 3;
    static constexpr uint32_t FR_BUSY = 1u << 3, FR_RXFE = 1u << 4, FR_TXFF = 1u << 5, FR_RXFF = 1u << 6,
                              FR_TXFE = 1u << 7;
    static constexpr uint32_t LCR_H_FEN = 1u << 4;
    static constexpr uint32_t CR_UARTEN = 1u << 0, CR_LBE = 1u << 7, CR_TXE = 1u << 8, CR_RXE = 1u << 9;

    void declare_registers();
    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& trans);

    // Side effects, one per name.
    uint32_t read_dr(bool debug);
    void write_dr(uint8_t ch);
    void write_lcr_h(uint32_t value);
    void write_cr(uint32_t value);
    void transmit(uint8_t ch);
    void drain_tx();
    void receive_timeout();
    void restart_receive_timeout();
    void flush_fifos();
    void end_of_simulation() override;
    uint32_t flags() const;

    unsigned depth() const { return (lcr_h_ & LCR_H_FEN) ? fifo_depth : 1; }
    unsigned rx_trigger() const; // entries at which RXRIS is set
    unsigned tx_trigger() const; // entries at or below which TXRIS is set
    bool tx_enabled() const { return (cr_ & CR_UARTEN) && (cr_ & CR_TXE); }
    bool rx_enabled() const { return (cr_ & CR_UARTEN) && (cr_ & CR_RXE); }
    sc_core::sc_time bit_period() const;

    // The one place that drives `irq`.
    void update();
    void drive_irq(); // SC_METHOD: the only writer of `irq`

    vp::register_bank bank_;
    std::ostream* out_;
    std::function<void(uint8_t)> tx_callback_;
    bool strict_ = false;
    double uartclk_hz_ = 24e6;

    // Register state. Derived registers (FR, MIS) are computed on read.
    std::deque<uint16_t> rx_fifo_; // data[7:0] | DR error bits [11:8]
    std::deque<uint8_t> tx_fifo_;  // only used in strict mode while disabled
    bool overrun_pending_ = false; // the next stored character carries DR.OE
    uint32_t rsr_ = 0;             // UARTRSR: FE PE BE of the last read char, OE sticky
    uint32_t ilpr_ = 0, ibrd_ = 0, fbrd_ = 0, lcr_h_ = 0, cr_ = 0, ifls_ = 0, imsc_ = 0, ris_ = 0, dmacr_ = 0;

    sc_core::sc_event rx_timeout_event_;
    sc_core::sc_event irq_event_;
    bool irq_level_ = false;
};

} // namespace vp::uart
