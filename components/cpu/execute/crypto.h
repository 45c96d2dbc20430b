// Execute handlers: the Armv8.0 Cryptographic Extension (DDI 0487 C7 AESE,
// AESD, AESMC, AESIMC, SHA1C/P/M/H/SU0/SU1, SHA256H/H2/SU0/SU1; shared
// pseudocode of the same names). Byte 0 of a V register is AES state byte 0
// (column-major, FIPS-197).
#pragma once

#include <array>

#include "cpu/execute/simd_common.h"

namespace vp::cpu::exec {
namespace aes {

constexpr uint8_t xtime(uint8_t x) { return uint8_t((x << 1) ^ ((x & 0x80) ? 0x1b : 0)); }
constexpr uint8_t gmul(uint8_t a, uint8_t b) {
    uint8_t r = 0;
    for (; b; b >>= 1, a = xtime(a))
        if (b & 1) r ^= a;
    return r;
}
constexpr uint8_t rotl8(uint8_t x, unsigned s) { return uint8_t((x << s) | (x >> (8 - s))); }
// S-box: multiplicative inverse in GF(2^8) then the affine map (FIPS-197 5.1.1).
struct tables {
    std::array<uint8_t, 256> sbox{}, inv{};
    constexpr tables() {
        for (unsigned x = 0; x < 256; ++x) {
            uint8_t invx = 0;
            for (unsigned y = 1; y < 256 && x; ++y)
                if (gmul(uint8_t(x), uint8_t(y)) == 1) { invx = uint8_t(y); break; }
            const uint8_t s = uint8_t(invx ^ rotl8(invx, 1) ^ rotl8(invx, 2) ^ rotl8(invx, 3) ^ rotl8(invx, 4) ^ 0x63);
            sbox[x] = s;
            inv[s] = uint8_t(x);
        }
    }
};
inline const tables& t() {
    static const tables tab;
    return tab;
}

inline void sub_shift(uint8_t* s, bool inverse) {
    uint8_t o[16];
    for (unsigned c = 0; c < 4; ++c)
        for (unsigned r = 0; r < 4; ++r) {
            if (!inverse) o[r + 4 * c] = t().sbox[s[r + 4 * ((c + r) % 4)]];
            else o[r + 4 * ((c + r) % 4)] = t().inv[s[r + 4 * c]];
        }
    std::memcpy(s, o, 16);
}
inline void mix(uint8_t* s, bool inverse) {
    const uint8_t k0 = inverse ? 14 : 2, k1 = inverse ? 11 : 3, k2 = inverse ? 13 : 1, k3 = inverse ? 9 : 1;
    for (unsigned c = 0; c < 4; ++c) {
        uint8_t* col = s + 4 * c;
        const uint8_t a0 = col[0], a1 = col[1], a2 = col[2], a3 = col[3];
        col[0] = gmul(a0, k0) ^ gmul(a1, k1) ^ gmul(a2, k2) ^ gmul(a3, k3);
        col[1] = gmul(a0, k3) ^ gmul(a1, k0) ^ gmul(a2, k1) ^ gmul(a3, k2);
        col[2] = gmul(a0, k2) ^ gmul(a1, k3) ^ gmul(a2, k0) ^ gmul(a3, k1);
        col[3] = gmul(a0, k1) ^ gmul(a1, k2) ^ gmul(a2, k3) ^ gmul(a3, k0);
    }
}

} // namespace aes

// AESE/AESD: Vd = (Inv)SubBytes((Inv)ShiftRows(Vd ^ Vn)).
template <bool DECRYPT> void aes_round(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    vreg s = vr(c, i.rd);
    s.d[0] ^= vr(c, i.rn).d[0];
    s.d[1] ^= vr(c, i.rn).d[1];
    aes::sub_shift(vbytes(s), DECRYPT);
    vr(c, i.rd) = s;
    next(c);
}
// AESMC/AESIMC: Vd = (Inv)MixColumns(Vn).
template <bool INVERSE> void aes_mix(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    vreg s = vr(c, i.rn);
    aes::mix(vbytes(s), INVERSE);
    vr(c, i.rd) = s;
    next(c);
}

namespace sha {
inline uint32_t rol(uint32_t x, unsigned s) { return (x << s) | (x >> (32 - s)); }
inline uint32_t ror(uint32_t x, unsigned s) { return (x >> s) | (x << (32 - s)); }
inline uint32_t choose(uint32_t x, uint32_t y, uint32_t z) { return ((y ^ z) & x) ^ z; }
inline uint32_t majority(uint32_t x, uint32_t y, uint32_t z) { return (x & y) | ((x | y) & z); }
inline uint32_t parity(uint32_t x, uint32_t y, uint32_t z) { return x ^ y ^ z; }
inline void words(const vreg& v, uint32_t* w) { std::memcpy(w, vbytes(v), 16); }
inline void store(vreg& v, const uint32_t* w) { std::memcpy(vbytes(v), w, 16); }
} // namespace sha

// SHA1C/SHA1P/SHA1M: Qd = hash(abcd = Qd, e = Sn, wk = Vm). F: 0 choose, 1 parity, 2 majority.
template <unsigned F> void sha1_hash(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    uint32_t x[4], w[4];
    sha::words(vr(c, i.rd), x);
    sha::words(vr(c, i.rm), w);
    uint32_t y = uint32_t(vr(c, i.rn).d[0]);
    for (unsigned e = 0; e < 4; ++e) {
        const uint32_t t = F == 0 ? sha::choose(x[1], x[2], x[3]) : F == 1 ? sha::parity(x[1], x[2], x[3])
                                                                          : sha::majority(x[1], x[2], x[3]);
        y = y + sha::rol(x[0], 5) + t + w[e];
        x[1] = sha::rol(x[1], 30);
        const uint32_t top = x[3]; // <Y, X> = ROL(Y:X, 32)
        x[3] = x[2]; x[2] = x[1]; x[1] = x[0]; x[0] = y;
        y = top;
    }
    vreg r{};
    sha::store(r, x);
    vr(c, i.rd) = r;
    next(c);
}
// SHA1H: Sd = ROL(Sn, 30).
inline void sha1h(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    vreg r{};
    r.d[0] = sha::rol(uint32_t(vr(c, i.rn).d[0]), 30);
    vr(c, i.rd) = r;
    next(c);
}
// SHA1SU0: Vd = (Vn<63:0> : Vd<127:64>) ^ Vd ^ Vm.
inline void sha1su0(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    const vreg d = vr(c, i.rd), n = vr(c, i.rn), m = vr(c, i.rm);
    vreg r;
    r.d[0] = d.d[1] ^ d.d[0] ^ m.d[0];
    r.d[1] = n.d[0] ^ d.d[1] ^ m.d[1];
    vr(c, i.rd) = r;
    next(c);
}
// SHA1SU1.
inline void sha1su1(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    uint32_t d[4], n[4], t[4], r[4];
    sha::words(vr(c, i.rd), d);
    sha::words(vr(c, i.rn), n);
    const uint32_t ns[4] = {n[1], n[2], n[3], 0}; // LSR(Vn, 32)
    for (unsigned e = 0; e < 4; ++e) t[e] = d[e] ^ ns[e];
    for (unsigned e = 0; e < 3; ++e) r[e] = sha::rol(t[e], 1);
    r[3] = sha::rol(t[3], 1) ^ sha::rol(t[0], 2);
    sha::store(vr(c, i.rd), r);
    next(c);
}
// SHA256H (PART1) / SHA256H2: SHA256hash(X, Y, W).
template <bool PART1> void sha256_hash(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    uint32_t x[4], y[4], w[4];
    sha::words(vr(c, PART1 ? i.rd : i.rn), x);
    sha::words(vr(c, PART1 ? i.rn : i.rd), y);
    sha::words(vr(c, i.rm), w);
    for (unsigned e = 0; e < 4; ++e) {
        const uint32_t chs = sha::choose(y[0], y[1], y[2]);
        const uint32_t maj = sha::majority(x[0], x[1], x[2]);
        const uint32_t t1 = y[3] + (sha::ror(y[0], 6) ^ sha::ror(y[0], 11) ^ sha::ror(y[0], 25)) + chs + w[e];
        x[3] = t1 + x[3];
        y[3] = t1 + (sha::ror(x[0], 2) ^ sha::ror(x[0], 13) ^ sha::ror(x[0], 22)) + maj;
        // <Y, X> = ROL(Y:X, 32)
        const uint32_t xt = x[3], yt = y[3];
        x[3] = x[2]; x[2] = x[1]; x[1] = x[0]; x[0] = yt;
        y[3] = y[2]; y[2] = y[1]; y[1] = y[0]; y[0] = xt;
    }
    sha::store(vr(c, i.rd), PART1 ? x : y);
    next(c);
}
// SHA256SU0.
inline void sha256su0(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    uint32_t d[4], n[4], r[4];
    sha::words(vr(c, i.rd), d);
    sha::words(vr(c, i.rn), n);
    const uint32_t t[4] = {d[1], d[2], d[3], n[0]};
    for (unsigned e = 0; e < 4; ++e) r[e] = (sha::ror(t[e], 7) ^ sha::ror(t[e], 18) ^ (t[e] >> 3)) + d[e];
    sha::store(vr(c, i.rd), r);
    next(c);
}
// SHA256SU1.
inline void sha256su1(core& c, const insn& i) {
    if (!fp_enabled(c, i)) return;
    uint32_t d[4], n[4], m[4], r[4];
    sha::words(vr(c, i.rd), d);
    sha::words(vr(c, i.rn), n);
    sha::words(vr(c, i.rm), m);
    const uint32_t t0[4] = {n[1], n[2], n[3], m[0]};
    auto s1 = [](uint32_t x) { return sha::ror(x, 17) ^ sha::ror(x, 19) ^ (x >> 10); };
    r[0] = s1(m[2]) + d[0] + t0[0];
    r[1] = s1(m[3]) + d[1] + t0[1];
    r[2] = s1(r[0]) + d[2] + t0[2];
    r[3] = s1(r[1]) + d[3] + t0[3];
    sha::store(vr(c, i.rd), r);
    next(c);
}

} // namespace vp::cpu::exec
