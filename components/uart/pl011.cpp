#include "uart/pl011.h"

#include <sstream>

#include "common/cpu_index_extension.h"
#include "common/log.h"

namespace vp::uart {

namespace {

constexpr const char* report_type = "uart/pl011";

// UARTPeriphID0-3 and UARTPCellID0-3 (DDI 0183 §3.3.16-3.3.23): part number
// 0x011, designer 0x41 (Arm), revision 4 (r1p5), configuration 0; PrimeCell ID.
constexpr uint8_t periph_id[4] = {0x11, 0x10, 0x14, 0x00};
constexpr uint8_t pcell_id[4] = {0x0D, 0xF0, 0x05, 0xB1};

// Implemented bits of the plain storage registers (DDI 0183 §3.3).
constexpr uint32_t ILPR_BITS = 0xFF, IBRD_BITS = 0xFFFF, FBRD_BITS = 0x3F, LCR_H_BITS = 0xFF,
                   CR_BITS = 0xFF87, IFLS_BITS = 0x3F, DMACR_BITS = 0x7;

// The register after a write of `value` to the lanes in `mask`.
uint32_t merge(uint32_t old, uint64_t value, uint64_t mask, uint32_t implemented) {
    return uint32_t(((old & ~mask) | (value & mask)) & implemented);
}

// FIFO trigger level for an IFLS field (DDI 0183 §3.3.10): 1/8, 1/4, 1/2, 3/4,
// 7/8 of 16 entries. The reserved encodings 5-7 are treated as 1/2.
unsigned fifo_level(unsigned sel) {
    static constexpr unsigned level[5] = {2, 4, 8, 12, 14};
    return sel < 5 ? level[sel] : 8;
}

} // namespace

pl011::pl011(sc_core::sc_module_name name, std::ostream& out)
    : sc_module(name), socket("socket"), irq("irq"), bank_(report_type, 0x1000), out_(&out) {
    socket.register_b_transport(this, &pl011::b_transport);
    socket.register_transport_dbg(this, &pl011::transport_dbg);
    declare_registers();
    reset();

    SC_HAS_PROCESS(pl011);
    SC_METHOD(drive_irq);
    sensitive << irq_event_;
    dont_initialize();
    SC_METHOD(receive_timeout);
    sensitive << rx_timeout_event_;
    dont_initialize();
}

void pl011::declare_registers() {
    using vp::bus_access;
    constexpr unsigned any = vp::SIZES_8 | vp::SIZES_16 | vp::SIZES_32;
    auto storage = [this](const char* name, uint64_t offset, uint32_t& reg, uint32_t bits) {
        bank_.add({name, offset, 4, 1, any, [&reg](unsigned, const bus_access&) -> uint64_t { return reg; },
                   [this, &reg, bits](unsigned, uint64_t v, uint64_t m, const bus_access&) {
                       reg = merge(reg, v, m, bits);
                       update();
                   }});
    };

    bank_.add({"UARTDR", pl011_reg::DR, 4, 1, any,
               [this](unsigned, const bus_access& a) -> uint64_t { return read_dr(a.debug); },
               [this](unsigned, uint64_t v, uint64_t m, const bus_access&) {
                   // Only an access covering DATA[7:0] transmits; bits [11:8]
                   // are read-only receive status.
                   if (m & 0xFF)
                       write_dr(uint8_t(v));
               }});
    bank_.add({"UARTRSR/UARTECR", pl011_reg::RSR_ECR, 4, 1, any,
               [this](unsigned, const bus_access&) -> uint64_t { return rsr_; },
               [this](unsigned, uint64_t, uint64_t, const bus_access&) {
                   rsr_ = 0; // UARTECR: any write clears FE, PE, BE and OE (§3.3.2)
               }});
    bank_.add({"UARTFR", pl011_reg::FR, 4, 1, any,
               [this](unsigned, const bus_access&) -> uint64_t { return flags(); }, nullptr});
    storage("UARTILPR", pl011_reg::ILPR, ilpr_, ILPR_BITS);
    storage("UARTIBRD", pl011_reg::IBRD, ibrd_, IBRD_BITS);
    storage("UARTFBRD", pl011_reg::FBRD, fbrd_, FBRD_BITS);
    bank_.add({"UARTLCR_H", pl011_reg::LCR_H, 4, 1, any,
               [this](unsigned, const bus_access&) -> uint64_t { return lcr_h_; },
               [this](unsigned, uint64_t v, uint64_t m, const bus_access&) {
                   write_lcr_h(merge(lcr_h_, v, m, LCR_H_BITS));
               }});
    bank_.add({"UARTCR", pl011_reg::CR, 4, 1, any,
               [this](unsigned, const bus_access&) -> uint64_t { return cr_; },
               [this](unsigned, uint64_t v, uint64_t m, const bus_access&) {
                   write_cr(merge(cr_, v, m, CR_BITS));
               }});
    storage("UARTIFLS", pl011_reg::IFLS, ifls_, IFLS_BITS);
    storage("UARTIMSC", pl011_reg::IMSC, imsc_, INT_ALL);
    bank_.add({"UARTRIS", pl011_reg::RIS, 4, 1, any,
               [this](unsigned, const bus_access&) -> uint64_t { return ris_; }, nullptr});
    bank_.add({"UARTMIS", pl011_reg::MIS, 4, 1, any,
               [this](unsigned, const bus_access&) -> uint64_t { return ris_ & imsc_; }, nullptr});
    bank_.add({"UARTICR", pl011_reg::ICR, 4, 1, any, nullptr,
               [this](unsigned, uint64_t v, uint64_t m, const bus_access&) {
                   ris_ &= ~uint32_t(v & m & INT_ALL);
                   update();
               }});
    storage("UARTDMACR", pl011_reg::DMACR, dmacr_, DMACR_BITS);
    bank_.add({"UARTPeriphID", pl011_reg::PeriphID0, 4, 4, any,
               [](unsigned i, const bus_access&) -> uint64_t { return periph_id[i]; }, nullptr});
    bank_.add({"UARTPCellID", pl011_reg::PCellID0, 4, 4, any,
               [](unsigned i, const bus_access&) -> uint64_t { return pcell_id[i]; }, nullptr});
}

void pl011::reset() {
    rx_fifo_.clear();
    tx_fifo_.clear();
    overrun_pending_ = false;
    rsr_ = 0;
    ilpr_ = 0;
    ibrd_ = 0;
    fbrd_ = 0;
    lcr_h_ = 0;
    cr_ = 0x300; // TXE | RXE (DDI 0183 §3.3.8)
    ifls_ = 0x12; // both trigger levels 1/2 (§3.3.9)
    imsc_ = 0;
    ris_ = 0;
    dmacr_ = 0;
    rx_timeout_event_.cancel();
    update();
}

void pl011::update() {
    irq_level_ = (ris_ & imsc_) != 0;
    switch (sc_core::sc_get_status()) {
    case sc_core::SC_ELABORATION:
    case sc_core::SC_BEFORE_END_OF_ELABORATION:
        irq.initialize(irq_level_);
        break;
    case sc_core::SC_RUNNING:
        // Accesses come from every CPU's thread: one process writes the line
        // (SystemC's one-driver rule), woken in this same evaluation phase.
        irq_event_.notify();
        break;
    default:
        irq.write(irq_level_); // from sc_main between sc_start calls: no process to wake
        break;
    }
}

void pl011::drive_irq() { irq.write(irq_level_); }

void pl011::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    bank_.b_transport(trans, delay, vp::initiator_cpu(trans));
}

unsigned pl011::transport_dbg(tlm::tlm_generic_payload& trans) {
    return bank_.transport_dbg(trans, vp::initiator_cpu(trans));
}

uint32_t pl011::read_register(uint64_t offset, bool debug) {
    vp::bus_access acc;
    acc.debug = debug;
    uint64_t v = 0;
    bank_.read(offset, v, 4, acc);
    return uint32_t(v);
}

unsigned pl011::rx_trigger() const { return (lcr_h_ & LCR_H_FEN) ? fifo_level((ifls_ >> 3) & 7) : 1; }

unsigned pl011::tx_trigger() const { return (lcr_h_ & LCR_H_FEN) ? fifo_level(ifls_ & 7) : 0; }

uint32_t pl011::flags() const {
    // DDI 0183 §3.3.3. CTS/DSR/DCD/RI: no modem lines, read 0.
    uint32_t fr = 0;
    if (rx_fifo_.empty())
        fr |= FR_RXFE;
    if (rx_fifo_.size() >= depth())
        fr |= FR_RXFF;
    if (tx_fifo_.empty())
        fr |= FR_TXFE;
    else
        fr |= FR_BUSY;
    if (tx_fifo_.size() >= depth())
        fr |= FR_TXFF;
    return fr;
}

uint32_t pl011::read_dr(bool debug) {
    if (rx_fifo_.empty())
        return 0;
    const uint32_t entry = rx_fifo_.front();
    if (debug)
        return entry;
    rx_fifo_.pop_front();
    // UARTRSR shows the errors of the character just read; OE stays until ECR.
    rsr_ = (rsr_ & RSR_OE) | ((entry >> 8) & 0x7);
    if (rx_fifo_.size() < rx_trigger())
        ris_ &= ~uint32_t(INT_RX);
    if (rx_fifo_.empty())
        ris_ &= ~uint32_t(INT_RT);
    update();
    return entry;
}

void pl011::write_dr(uint8_t ch) {
    if (strict_ && !tx_enabled()) {
        // TRM: the character waits in the FIFO until the transmitter is enabled.
        if (tx_fifo_.size() >= depth()) {
            vp::log::warning_once(report_type, std::string(name()) + ":tx-overflow",
                                  std::string(name()) + ": write to UARTDR with the transmit FIFO full: "
                                                        "character lost (reported once)");
            return;
        }
        tx_fifo_.push_back(ch);
        if (tx_fifo_.size() > tx_trigger())
            ris_ &= ~uint32_t(INT_TX);
        update();
        return;
    }
    if (!tx_enabled() && vp::log::first(report_type, std::string(name()) + ":disabled-tx"))
        vp::log::info(report_type, std::string(name()) + ": transmitting with UARTCR.UARTEN or TXE clear "
                                                         "(QEMU-compatible; see set_strict_enables)");
    transmit(ch);
    ris_ |= INT_TX; // the FIFO is empty again: at or below any trigger level
    update();
}

void pl011::transmit(uint8_t ch) {
    if (cr_ & CR_LBE) {
        receive(ch); // loopback: UARTTXD is fed to UARTRXD (§3.3.8)
        return;
    }
    if (out_) {
        out_->put(char(ch));
        if (ch == '\n')
            out_->flush();
    }
    if (tx_callback_)
        tx_callback_(ch);
}

void pl011::drain_tx() {
    if (tx_fifo_.empty())
        return;
    while (!tx_fifo_.empty()) {
        const uint8_t ch = tx_fifo_.front();
        tx_fifo_.pop_front();
        transmit(ch);
    }
    ris_ |= INT_TX;
}

void pl011::write_lcr_h(uint32_t value) {
    const bool fen_changed = ((lcr_h_ ^ value) & LCR_H_FEN) != 0;
    lcr_h_ = value;
    if (fen_changed)
        flush_fifos();
    update();
}

void pl011::write_cr(uint32_t value) {
    cr_ = value;
    if (strict_ && tx_enabled())
        drain_tx();
    update();
}

void pl011::flush_fifos() {
    rx_fifo_.clear();
    tx_fifo_.clear();
    overrun_pending_ = false;
    ris_ &= ~uint32_t(INT_RX | INT_RT);
    rx_timeout_event_.cancel();
}

bool pl011::can_receive() const {
    if (strict_ && !rx_enabled())
        return false;
    return rx_fifo_.size() < depth();
}

bool pl011::receive(uint8_t ch, unsigned errors) {
    if (strict_ && !rx_enabled())
        return false;
    if (rx_fifo_.size() >= depth()) {
        // Overrun (§3.3.2): the FIFO keeps its contents, the new character is lost.
        rsr_ |= RSR_OE;
        ris_ |= INT_OE;
        overrun_pending_ = true;
        update();
        return false;
    }
    uint16_t entry = ch;
    if (errors & RX_FRAMING) {
        entry |= DR_FE;
        ris_ |= INT_FE;
    }
    if (errors & RX_PARITY) {
        entry |= DR_PE;
        ris_ |= INT_PE;
    }
    if (errors & RX_BREAK) {
        entry |= DR_BE;
        ris_ |= INT_BE;
    }
    if (overrun_pending_) {
        entry |= DR_OE;
        overrun_pending_ = false;
    }
    rx_fifo_.push_back(entry);
    if (rx_fifo_.size() >= rx_trigger())
        ris_ |= INT_RX;
    restart_receive_timeout();
    update();
    return true;
}

sc_core::sc_time pl011::bit_period() const {
    // Baud rate divisor = IBRD + FBRD/64; bit period = 16 * divisor / UARTCLK
    // (§2.4.3). IBRD = 0 is invalid programming: use the minimum divisor 1.
    double divisor = double(ibrd_) + double(fbrd_) / 64.0;
    if (ibrd_ == 0)
        divisor = 1.0;
    return sc_core::sc_time(16.0 * divisor / uartclk_hz_, sc_core::SC_SEC);
}

void pl011::restart_receive_timeout() {
    rx_timeout_event_.cancel();
    rx_timeout_event_.notify(32 * bit_period());
}

void pl011::receive_timeout() {
    if (!rx_fifo_.empty()) {
        ris_ |= INT_RT;
        update();
    }
}

void pl011::end_of_simulation() {
    if (out_)
        out_->flush();
}

} // namespace vp::uart
