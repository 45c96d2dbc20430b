// CRC-32 (IEEE 802.3, reflected 0xEDB88320) in software, bitwise and
// table-driven, over a pseudo-random buffer; also CRC-32C bitwise.
#include "prog.h"

static uint8_t buf[8192];
static uint32_t table[256];

static uint32_t crc_bitwise(const uint8_t* p, size_t n, uint32_t poly) {
    uint32_t crc = 0xffffffffu;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (poly & (0u - (crc & 1)));
    }
    return ~crc;
}
static uint32_t crc_table(const uint8_t* p, size_t n) {
    uint32_t crc = 0xffffffffu;
    while (n--) crc = (crc >> 8) ^ table[(crc ^ *p++) & 0xff];
    return ~crc;
}

uint64_t main(uint64_t repeat) {
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = c & 1 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        table[i] = c;
    }
    uint64_t seed = 0xC0FFEE;
    for (size_t i = 0; i < sizeof buf; ++i) buf[i] = (uint8_t)(lcg(&seed) >> 56);
    // "123456789" -> 0xCBF43926 (CRC-32 check value), 0xE3069283 (CRC-32C)
    static const uint8_t check[9] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
    xcheck_result[0] = crc_bitwise(check, 9, 0xEDB88320u);
    xcheck_result[1] = crc_bitwise(check, 9, 0x82F63B78u);
    uint64_t acc = 0;
    for (uint64_t r = 0; r < repeat; ++r) {
        acc = acc * 3 + crc_table(buf, sizeof buf);
        buf[r % sizeof buf] ^= (uint8_t)acc;
    }
    xcheck_result[2] = crc_bitwise(buf, 1024, 0xEDB88320u);
    xcheck_result[3] = crc_table(buf, 1024);
    xcheck_result[4] = acc;
    return acc ^ (xcheck_result[0] == 0xCBF43926u) ^ ((xcheck_result[1] == 0xE3069283u) << 1);
}
