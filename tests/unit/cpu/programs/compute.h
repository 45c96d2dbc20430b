#pragma once
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
uint64_t workload(unsigned rounds);
#ifdef __cplusplus
}
#endif
