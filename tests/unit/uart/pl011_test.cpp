// vp::uart::pl011 against the PrimeCell UART (PL011) TRM, Arm DDI 0183.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "testbench.h"
#include "uart/pl011.h"

using namespace sc_core;
using namespace vp::uart;
namespace reg = vp::uart::pl011_reg;

namespace {

struct bench {
    std::ostringstream out;
    vp::test::initiator cpu{"cpu"};
    pl011 uart{"uart", out};
    sc_signal<bool> irq{"irq"};

    bench() {
        cpu.socket.bind(uart.socket);
        uart.irq.bind(irq);
        vp::test::run(); // elaborate
    }
    uint32_t rd(uint64_t off) { return cpu.read32(off); }
    void wr(uint64_t off, uint32_t v) { cpu.write32(off, v); }
    bool line() {
        vp::test::run(); // let the signal update
        return irq.read();
    }
    void enable_fifos() { wr(reg::LCR_H, 0x70); } // FEN | WLEN 8 bits
};

constexpr uint32_t FR_BUSY = 1u << 3, FR_RXFE = 1u << 4, FR_TXFF = 1u << 5, FR_RXFF = 1u << 6, FR_TXFE = 1u << 7;

} // namespace

TEST(UartPl011, ResetValuesOfEveryRegister_DDI0183_Table3_1) {
    bench b;
    EXPECT_EQ(b.rd(reg::DR), 0u);
    EXPECT_EQ(b.rd(reg::RSR_ECR), 0u);
    EXPECT_EQ(b.rd(reg::FR), 0x90u) << "TXFE | RXFE";
    EXPECT_EQ(b.rd(reg::ILPR), 0u);
    EXPECT_EQ(b.rd(reg::IBRD), 0u);
    EXPECT_EQ(b.rd(reg::FBRD), 0u);
    EXPECT_EQ(b.rd(reg::LCR_H), 0u);
    EXPECT_EQ(b.rd(reg::CR), 0x300u) << "TXE | RXE";
    EXPECT_EQ(b.rd(reg::IFLS), 0x12u);
    EXPECT_EQ(b.rd(reg::IMSC), 0u);
    EXPECT_EQ(b.rd(reg::RIS), 0u);
    EXPECT_EQ(b.rd(reg::MIS), 0u);
    EXPECT_EQ(b.rd(reg::DMACR), 0u);
    EXPECT_FALSE(b.line());
}

TEST(UartPl011, PeripheralAndPrimeCellIdsMatchWhatLinuxAmbaProbes) {
    bench b;
    const uint32_t periph[4] = {0x11, 0x10, 0x14, 0x00};
    const uint32_t pcell[4] = {0x0D, 0xF0, 0x05, 0xB1};
    for (unsigned i = 0; i < 4; ++i) {
        EXPECT_EQ(b.rd(reg::PeriphID0 + 4 * i), periph[i]) << "PeriphID" << i;
        EXPECT_EQ(b.rd(reg::PCellID0 + 4 * i), pcell[i]) << "PCellID" << i;
    }
    // Linux's amba_device reads the IDs as 32-bit words and assembles
    // 0x00141011 / 0xB105F00D.
    uint32_t pid = 0, cid = 0;
    for (unsigned i = 0; i < 4; ++i) {
        pid |= (b.rd(reg::PeriphID0 + 4 * i) & 0xFF) << (8 * i);
        cid |= (b.rd(reg::PCellID0 + 4 * i) & 0xFF) << (8 * i);
    }
    EXPECT_EQ(pid, 0x00141011u);
    EXPECT_EQ(cid, 0xB105F00Du);
    // ID registers are read-only.
    b.wr(reg::PeriphID0, 0xFF);
    EXPECT_EQ(b.rd(reg::PeriphID0), 0x11u);
}

TEST(UartPl011, WritableRegistersKeepOnlyTheirImplementedBits) {
    bench b;
    struct { uint64_t off; uint32_t bits; } regs[] = {
        {reg::ILPR, 0xFF}, {reg::IBRD, 0xFFFF}, {reg::FBRD, 0x3F}, {reg::LCR_H, 0xFF},
        {reg::CR, 0xFF87}, {reg::IFLS, 0x3F}, {reg::IMSC, 0x7FF}, {reg::DMACR, 0x7},
    };
    for (const auto& r : regs) {
        b.wr(r.off, 0xFFFFFFFF);
        EXPECT_EQ(b.rd(r.off), r.bits) << "offset 0x" << std::hex << r.off;
    }
}

TEST(UartPl011, ReadOnlyAndStatusRegistersIgnoreWrites) {
    bench b;
    b.wr(reg::FR, 0);
    b.wr(reg::RIS, 0x7FF);
    b.wr(reg::MIS, 0x7FF);
    EXPECT_EQ(b.rd(reg::FR), 0x90u);
    EXPECT_EQ(b.rd(reg::RIS), 0u);
    EXPECT_EQ(b.rd(reg::MIS), 0u);
    EXPECT_EQ(b.rd(reg::ICR), 0u) << "UARTICR is write-only: RAZ";
}

TEST(UartPl011, TransmitsToTheOutputStreamAndCallback) {
    bench b;
    std::string seen;
    b.uart.set_tx_callback([&](uint8_t c) { seen.push_back(char(c)); });
    b.wr(reg::CR, 0x301); // UARTEN | TXE | RXE
    for (char c : std::string("Hi\n"))
        b.wr(reg::DR, uint8_t(c));
    EXPECT_EQ(b.out.str(), "Hi\n");
    EXPECT_EQ(seen, "Hi\n");
}

TEST(UartPl011, ByteStoreToDrTransmits_StrbFromFirmware) {
    bench b;
    b.cpu.write8(reg::DR, 'x');
    EXPECT_EQ(b.out.str(), "x");
    // A byte store to DR+1 (the read-only error bits) does not transmit.
    b.cpu.write8(reg::DR + 1, 'y');
    EXPECT_EQ(b.out.str(), "x");
    // Halfword stores work as well.
    auto r = b.cpu.access(tlm::TLM_WRITE_COMMAND, reg::DR, 'z', 2, 0);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(b.out.str(), "xz");
}

TEST(UartPl011, TransmitsWithUartDisabledLikeQemu) {
    // Reset CR = 0x300 has UARTEN = 0; QEMU prints anyway and so do we.
    bench b;
    b.wr(reg::DR, 'A');
    EXPECT_EQ(b.out.str(), "A");
}

TEST(UartPl011, StrictEnablesHoldCharactersUntilUartenAndTxe_DDI0183_3_3_8) {
    bench b;
    b.uart.set_strict_enables(true);
    b.wr(reg::DR, 'A');
    EXPECT_EQ(b.out.str(), "");
    EXPECT_EQ(b.rd(reg::FR) & (FR_TXFE | FR_TXFF | FR_BUSY), FR_TXFF | FR_BUSY) << "1-deep FIFO without FEN";
    b.wr(reg::DR, 'B'); // FIFO full: lost
    b.wr(reg::CR, 0x101);
    EXPECT_EQ(b.out.str(), "A");
    EXPECT_EQ(b.rd(reg::FR) & FR_TXFE, FR_TXFE);
    EXPECT_NE(b.rd(reg::RIS) & INT_TX, 0u);
    // Receiver disabled: characters dropped.
    EXPECT_FALSE(b.uart.receive('r'));
    b.wr(reg::CR, 0x301);
    EXPECT_TRUE(b.uart.receive('r'));
}

TEST(UartPl011, TransmitInterruptIsRaisedByEveryWriteAndClearedByIcr) {
    bench b;
    b.wr(reg::IMSC, INT_TX);
    EXPECT_FALSE(b.line()) << "no TX interrupt at reset";
    b.wr(reg::DR, '.');
    EXPECT_EQ(b.rd(reg::RIS), uint32_t(INT_TX));
    EXPECT_EQ(b.rd(reg::MIS), uint32_t(INT_TX));
    EXPECT_TRUE(b.line());
    b.wr(reg::ICR, INT_TX);
    EXPECT_EQ(b.rd(reg::RIS), 0u);
    EXPECT_FALSE(b.line());
}

TEST(UartPl011, IrqIsTheOrOfMaskedInterrupts_MisEqualsRisAndImsc) {
    bench b;
    b.wr(reg::DR, '.'); // RIS.TX
    b.uart.receive('a'); // RIS.RX (1-deep FIFO)
    EXPECT_EQ(b.rd(reg::RIS), uint32_t(INT_TX | INT_RX));
    EXPECT_EQ(b.rd(reg::MIS), 0u);
    EXPECT_FALSE(b.line());
    b.wr(reg::IMSC, INT_RX);
    EXPECT_EQ(b.rd(reg::MIS), uint32_t(INT_RX));
    EXPECT_TRUE(b.line());
    b.wr(reg::IMSC, INT_OE);
    EXPECT_FALSE(b.line()) << "masking recomputes the line";
    b.wr(reg::IMSC, INT_TX | INT_RX);
    b.wr(reg::ICR, INT_RX);
    EXPECT_TRUE(b.line()) << "TX still raised";
    b.wr(reg::ICR, 0x7FF);
    EXPECT_FALSE(b.line());
}

TEST(UartPl011, OneDeepReceiveWithoutFifo_OverrunSetsOe) {
    bench b;
    b.wr(reg::IMSC, INT_RX | INT_OE);
    EXPECT_TRUE(b.uart.receive('a'));
    EXPECT_EQ(b.rd(reg::FR) & (FR_RXFE | FR_RXFF), FR_RXFF);
    EXPECT_EQ(b.rd(reg::RIS) & INT_RX, uint32_t(INT_RX));
    EXPECT_FALSE(b.uart.can_receive());
    EXPECT_FALSE(b.uart.receive('b')) << "overrun: lost";
    EXPECT_NE(b.rd(reg::RIS) & INT_OE, 0u);
    EXPECT_EQ(b.rd(reg::RSR_ECR), 0x8u) << "RSR.OE";
    EXPECT_EQ(b.rd(reg::DR), uint32_t('a')) << "the FIFO keeps the old character";
    EXPECT_EQ(b.rd(reg::RIS) & INT_RX, 0u);
    EXPECT_EQ(b.rd(reg::FR) & FR_RXFE, FR_RXFE);
    // The next character that fits carries DR.OE.
    b.uart.receive('c');
    EXPECT_EQ(b.rd(reg::DR), uint32_t('c') | (1u << 11));
    b.wr(reg::RSR_ECR, 0);
    EXPECT_EQ(b.rd(reg::RSR_ECR), 0u) << "UARTECR write clears";
    EXPECT_TRUE(b.line()) << "OE still raised until ICR";
    b.wr(reg::ICR, INT_OE);
    EXPECT_FALSE(b.line());
}

TEST(UartPl011, SixteenDeepFifoAndTriggerLevel_DDI0183_2_8_2) {
    bench b;
    b.enable_fifos(); // IFLS reset: RX trigger at 1/2 = 8 entries
    b.wr(reg::IMSC, INT_RX);
    for (int i = 0; i < 7; ++i)
        b.uart.receive(uint8_t('0' + i));
    EXPECT_FALSE(b.line()) << "below the trigger level";
    b.uart.receive('7');
    EXPECT_TRUE(b.line()) << "8 entries reach 1/2 full";
    EXPECT_EQ(b.rd(reg::DR), uint32_t('0'));
    EXPECT_FALSE(b.line()) << "read below the trigger level";
    for (int i = 8; i < 17; ++i)
        EXPECT_TRUE(b.uart.receive(uint8_t('a' + i)));
    EXPECT_EQ(b.uart.rx_level(), 16u);
    EXPECT_EQ(b.rd(reg::FR) & FR_RXFF, FR_RXFF);
    EXPECT_FALSE(b.uart.receive('!'));
    EXPECT_NE(b.rd(reg::RIS) & INT_OE, 0u);
    // Characters come out in order.
    EXPECT_EQ(b.rd(reg::DR), uint32_t('1'));
    // IFLS RXIFLSEL = 1/8 (2 entries).
    b.wr(reg::LCR_H, 0x60); // FEN off: flush
    EXPECT_EQ(b.uart.rx_level(), 0u);
    b.enable_fifos();
    b.wr(reg::IFLS, 0);
    b.uart.receive('x');
    EXPECT_FALSE(b.line());
    b.uart.receive('y');
    EXPECT_TRUE(b.line());
}

TEST(UartPl011, ReceiveTimeoutAfter32BitPeriods) {
    bench b;
    b.enable_fifos();
    b.wr(reg::IBRD, 13); // 24 MHz / (16 * 13) = 115384 baud: bit = 8.667 us
    b.wr(reg::FBRD, 0);
    b.wr(reg::IMSC, INT_RT);
    b.uart.receive('k');
    vp::test::run(sc_time(270, SC_US));
    EXPECT_FALSE(b.line()) << "32 bits = 277.3 us not yet elapsed";
    vp::test::run(sc_time(10, SC_US));
    EXPECT_TRUE(b.line());
    EXPECT_EQ(b.rd(reg::DR), uint32_t('k'));
    EXPECT_FALSE(b.line()) << "the FIFO emptied: RT cleared";
}

TEST(UartPl011, ReceiveErrorsShowInDrRsrAndRis) {
    bench b;
    b.enable_fifos();
    b.uart.receive('p', RX_PARITY);
    b.uart.receive('f', RX_FRAMING | RX_BREAK);
    EXPECT_EQ(b.rd(reg::RIS) & (INT_FE | INT_PE | INT_BE), uint32_t(INT_FE | INT_PE | INT_BE));
    EXPECT_EQ(b.rd(reg::DR), uint32_t('p') | (1u << 9));
    EXPECT_EQ(b.rd(reg::RSR_ECR), 0x2u) << "RSR.PE for the character just read";
    EXPECT_EQ(b.rd(reg::DR), uint32_t('f') | (1u << 8) | (1u << 10));
    EXPECT_EQ(b.rd(reg::RSR_ECR), 0x5u);
}

TEST(UartPl011, DebugReadOfDrDoesNotPopTheFifo) {
    bench b;
    b.enable_fifos();
    b.uart.receive('q');
    b.uart.receive('r');
    EXPECT_EQ(b.cpu.peek32(reg::DR), uint32_t('q'));
    EXPECT_EQ(b.cpu.peek32(reg::DR), uint32_t('q'));
    EXPECT_EQ(b.uart.rx_level(), 2u);
    EXPECT_EQ(b.rd(reg::DR), uint32_t('q'));
    EXPECT_EQ(b.rd(reg::DR), uint32_t('r'));
    EXPECT_EQ(b.rd(reg::DR), 0u) << "empty FIFO reads 0";
}

TEST(UartPl011, DebugWritesAreRefused) {
    bench b;
    tlm::tlm_generic_payload t;
    unsigned char d[4] = {'z', 0, 0, 0};
    t.set_command(tlm::TLM_WRITE_COMMAND);
    t.set_address(reg::DR);
    t.set_data_ptr(d);
    t.set_data_length(4);
    EXPECT_EQ(b.cpu.socket->transport_dbg(t), 0u);
    EXPECT_EQ(b.out.str(), "");
}

TEST(UartPl011, LoopbackFeedsTransmitToReceive) {
    bench b;
    b.wr(reg::CR, 0x381); // UARTEN | LBE | TXE | RXE
    b.wr(reg::DR, 'L');
    EXPECT_EQ(b.out.str(), "") << "loopback does not drive UARTTXD";
    EXPECT_EQ(b.rd(reg::DR), uint32_t('L'));
}

TEST(UartPl011, AccessSizes_ByteHalfWordAllowed64BitRefused) {
    bench b;
    EXPECT_EQ(b.cpu.read8(reg::FR), 0x90u);
    EXPECT_EQ(b.cpu.read8(reg::CR + 1), 0x03u) << "byte lane 1 of UARTCR";
    auto r = b.cpu.access(tlm::TLM_READ_COMMAND, reg::PCellID0 + 0xC, 0, 2, 0);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.value, 0xB1u);
    r = b.cpu.access(tlm::TLM_READ_COMMAND, reg::CR, 0, 8, 0);
    EXPECT_EQ(r.status, tlm::TLM_BURST_ERROR_RESPONSE);
    // A byte write to one lane leaves the others alone.
    b.cpu.write8(reg::CR, 0x01);
    EXPECT_EQ(b.rd(reg::CR), 0x301u);
}

TEST(UartPl011, ReservedOffsetsReadAsZeroAndOutsideTheFrameIsAnError) {
    bench b;
    EXPECT_EQ(b.rd(0x008), 0u);
    EXPECT_EQ(b.rd(0x04C), 0u);
    EXPECT_EQ(b.rd(0xFD0), 0u);
    EXPECT_EQ(b.cpu.access(tlm::TLM_READ_COMMAND, 0x1000, 0, 4, 0).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_GE(sc_report_handler::get_count("uart/pl011"), 1);
}

TEST(UartPl011, ResetRestoresTheResetState) {
    bench b;
    b.wr(reg::CR, 0x1);
    b.wr(reg::IMSC, INT_TX);
    b.wr(reg::DR, 'a');
    b.uart.receive('b');
    EXPECT_TRUE(b.line());
    b.uart.reset();
    EXPECT_EQ(b.rd(reg::CR), 0x300u);
    EXPECT_EQ(b.rd(reg::FR), 0x90u);
    EXPECT_EQ(b.rd(reg::RIS), 0u);
    EXPECT_FALSE(b.line());
}
