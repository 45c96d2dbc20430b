# vp_xcheck_program(<name> <source> <opt>): cross-compiles one cross-check
# program (start.S + prog_rt.c + <source>) with aarch64-linux-gnu-gcc at
# <opt> (O0/O2) into ${CMAKE_CURRENT_BINARY_DIR}/xcheck_programs/<name>.bin
# (a flat image for 0x40000000) and appends the path to VP_XCHECK_PROGRAM_BINS.
# Used by tests/crosscheck/unicorn and bench/.
set(VP_XCHECK_PROGRAMS_DIR ${CMAKE_CURRENT_LIST_DIR})
find_program(VP_XCHECK_CROSS_GCC aarch64-linux-gnu-gcc)
find_program(VP_XCHECK_CROSS_OBJCOPY aarch64-linux-gnu-objcopy)

# An optional fourth argument FP builds without -mgeneral-regs-only (ordinary
# compiler output using the SIMD&FP registers).
function(vp_xcheck_program name source opt)
  set(regs_flag -mgeneral-regs-only)
  if(ARGV3 STREQUAL "FP")
    set(regs_flag "")
  endif()
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/xcheck_programs)
  set(elf ${out_dir}/${name}.elf)
  set(bin ${out_dir}/${name}.bin)
  set(dir ${VP_XCHECK_PROGRAMS_DIR})
  add_custom_command(
    OUTPUT ${bin}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${out_dir}
    COMMAND ${VP_XCHECK_CROSS_GCC} -${opt} -ffreestanding -nostdlib ${regs_flag} -mstrict-align
            -march=armv8-a -mno-outline-atomics -fno-stack-protector -fno-pic -fno-builtin -static
            -Wall -Wextra -Werror -Wl,--build-id=none -Wl,--no-warn-rwx-segments -T ${dir}/link.ld
            -o ${elf} ${dir}/start.S ${dir}/prog_rt.c ${dir}/${source}
    COMMAND ${VP_XCHECK_CROSS_OBJCOPY} -O binary ${elf} ${bin}
    DEPENDS ${dir}/start.S ${dir}/prog_rt.c ${dir}/prog.h ${dir}/link.ld ${dir}/${source}
    COMMENT "Cross-compiling cross-check program ${name}"
    VERBATIM)
  set(VP_XCHECK_PROGRAM_BINS ${VP_XCHECK_PROGRAM_BINS} ${bin} PARENT_SCOPE)
endfunction()
