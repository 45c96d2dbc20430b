// vp::make_zeroed_array<T>(n): n zero-filled T straight from the kernel (an
// anonymous mmap), whose pages cost nothing until first touched. For large
// tables whose all-zero state is their empty state and of which a run
// touches little (the CPU's soft TLB, its per-RAM-page tables): new T[n]()
// and std::vector write every page at start-up, and calloc clears memory it
// reuses from the heap (issue 14: a page fault costs ~20 µs on a VM).
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>

namespace vp {

struct page_unmapper {
    std::size_t bytes = 0;
    void operator()(void* p) const { munmap(p, bytes); }
};

template <typename T> using zeroed_array = std::unique_ptr<T[], page_unmapper>;

// T: a trivial type for which all-zero bytes are the value wanted.
template <typename T> zeroed_array<T> make_zeroed_array(std::size_t n) {
    static_assert(std::is_trivially_destructible_v<T> && std::is_trivially_copyable_v<T>);
    if (n > SIZE_MAX / sizeof(T)) throw std::bad_alloc();
    const std::size_t bytes = n ? n * sizeof(T) : 1;
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    return zeroed_array<T>(static_cast<T*>(p), page_unmapper{bytes});
}

} // namespace vp
