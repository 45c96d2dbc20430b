// Deterministic random source for the Unicorn cross-check: splitmix64 (no
// std:: distributions, whose results differ between standard libraries), and
// the operand values worth testing at the edges of 32- and 64-bit arithmetic.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace vp::xcheck {

class rng {
public:
    explicit rng(uint64_t seed) : s_(seed) {}
    uint64_t next() {
        uint64_t z = (s_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n) (n > 0; the modulo bias is irrelevant here).
    uint32_t below(uint32_t n) { return static_cast<uint32_t>(next() % n); }
    uint32_t bits(unsigned width) { return static_cast<uint32_t>(next() & ((1ull << width) - 1)); }
    bool chance(unsigned percent) { return below(100) < percent; }

    // An operand: edge values half the time, small signed values, or any
    // 64-bit pattern. 32-bit instructions must ignore the upper half, so
    // edge values also come with garbage there.
    uint64_t operand() {
        static constexpr uint64_t edges[] = {
            0, 1, 2, 3, 31, 32, 63, 64, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
            0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 0x100000000,
            0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000001, 0xfffffffffffffffe,
            0xffffffffffffffff, 0xffffffff00000000, 0xffffffff80000000, 0x00000000ffffffff,
            0xffffffff7fffffff, 0x5555555555555555, 0xaaaaaaaaaaaaaaaa, 0x0123456789abcdef};
        constexpr unsigned n_edges = sizeof(edges) / sizeof(edges[0]);
        switch (below(8)) {
        case 0: case 1: case 2: return edges[below(n_edges)];
        case 3: return edges[below(n_edges)] ^ (next() << 32); // garbage upper half
        case 4: return static_cast<uint64_t>(static_cast<int64_t>(below(129)) - 64);
        case 5: return next() >> below(64); // any magnitude
        default: return next();
        }
    }

private:
    uint64_t s_;
};

// Seed and size of a run: VP_XCHECK_SEED (decimal or 0x hex) and
// VP_XCHECK_SCALE (multiplies every instruction count) from the environment.
inline uint64_t env_seed(uint64_t fallback = 0x5eed2026) {
    const char* s = std::getenv("VP_XCHECK_SEED");
    return s && *s ? std::strtoull(s, nullptr, 0) : fallback;
}
inline uint64_t env_scale() {
    const char* s = std::getenv("VP_XCHECK_SCALE");
    const uint64_t v = s && *s ? std::strtoull(s, nullptr, 0) : 1;
    return v ? v : 1;
}
// A per-class seed, so that classes are independent of each other.
inline uint64_t class_seed(uint64_t seed, const char* name) {
    uint64_t h = 0xcbf29ce484222325ull; // FNV-1a
    for (; *name; ++name) h = (h ^ static_cast<uint8_t>(*name)) * 0x100000001b3ull;
    return seed ^ h;
}

} // namespace vp::xcheck
