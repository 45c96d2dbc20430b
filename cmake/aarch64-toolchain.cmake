# Cross toolchain for the bare-metal firmware in sw/ (AArch64, no OS).
# Used by sw/CMakeLists.txt through ExternalProject_Add so that the host
# build keeps its own compiler and flags.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(VP_CROSS_PREFIX "aarch64-linux-gnu-" CACHE STRING "Prefix of the AArch64 cross tools")
set(CMAKE_C_COMPILER   ${VP_CROSS_PREFIX}gcc)
set(CMAKE_ASM_COMPILER ${VP_CROSS_PREFIX}gcc)
set(CMAKE_OBJCOPY      ${VP_CROSS_PREFIX}objcopy CACHE FILEPATH "")
set(CMAKE_OBJDUMP      ${VP_CROSS_PREFIX}objdump CACHE FILEPATH "")

# No C library to link a test executable against.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
