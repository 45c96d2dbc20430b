# cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK=... [-DLAUNCHER=ccache]
#       [-DCONSUMER_CXX=<compiler>] [-DCONSUMER_FLAGS=<flags, e.g. -fsanitize=...>] -P this
# Fails (message(FATAL_ERROR)) at the first step that does not do what a
# consumer of the package expects.
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(last_output "${out}${err}" PARENT_SCOPE)
endfunction()

set(launcher)
if(LAUNCHER)
  set(launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
# The consumers use the package's compiler and flags (a sanitizer build's
# libraries need the sanitizer runtimes at link time).
if(NOT CONSUMER_CXX)
  set(CONSUMER_CXX c++)
endif()
set(consumer -DCMAKE_CXX_COMPILER=${CONSUMER_CXX})
separate_arguments(consumer_flags UNIX_COMMAND "${CONSUMER_FLAGS}")
if(CONSUMER_FLAGS)
  list(APPEND consumer "-DCMAKE_CXX_FLAGS=${CONSUMER_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${CONSUMER_FLAGS}")
endif()
file(REMOVE_RECURSE ${WORK})
set(prefix ${WORK}/prefix)

# 1. Install.
run("cmake --install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(f include/gicv2vp/gic/gic400.h include/gicv2vp/timer/generic_timer.h include/gicv2vp/bus/width_adapter.h
          include/gicv2vp/common/cpu_index_extension.h lib/cmake/gicv2vp/gicv2vpConfig.cmake
          lib/cmake/gicv2vp/gicv2vpConfigVersion.cmake lib/pkgconfig/gicv2vp.pc)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
# Nothing repository-only in what a consumer loads.
file(GLOB exported ${prefix}/lib/cmake/gicv2vp/gicv2vpTargets*.cmake)
foreach(f ${exported})
  file(READ ${f} text)
  foreach(leak "-Werror" "VP_WERROR" "VP_BUILD_FIRMWARE" "unicorn" "qemu" "${SOURCE_DIR}")
    string(FIND "${text}" "${leak}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${f} mentions '${leak}'")
    endif()
  endforeach()
endforeach()

# 2. The example SoC, configured and built against the installed package only.
run("configure examples/soc" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/soc -B ${WORK}/soc
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release ${launcher} ${consumer})
run("build examples/soc" ${CMAKE_COMMAND} --build ${WORK}/soc)
run("run example_soc" ${WORK}/soc/example_soc)
foreach(expect "GICD_TYPER.ITLinesNumber = 7 \\(256 interrupt IDs\\), bus width 64"
               "200 of 200 device SPIs taken, each once: yes"
               "watchdog PPI 23 taken at 1 us" "timer CNTV PPI 27 taken at [0-9]+ ns" "soc: PASS")
  if(NOT last_output MATCHES "${expect}")
    message(FATAL_ERROR "example_soc did not print '${expect}':\n${last_output}")
  endif()
endforeach()
message(STATUS "example_soc:\n${last_output}")

# 3. A version the package does not provide is refused.
run("configure version check" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package/version_check -B ${WORK}/version
    -DCMAKE_PREFIX_PATH=${prefix})
if(NOT last_output MATCHES "gicv2vp 99 found: (0|FALSE)\n")
  message(FATAL_ERROR "find_package(gicv2vp 99) was not refused:\n${last_output}")
endif()

# 4. pkg-config, relocatable: the flags point into the prefix.
find_program(PKG_CONFIG pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${prefix}/lib/pkgconfig)
run("pkg-config" ${PKG_CONFIG} --cflags --libs gicv2vp)
string(STRIP "${last_output}" flags)
if(NOT flags MATCHES "-I[^ ]*/include/gicv2vp" OR NOT flags MATCHES "-lgicv2vp_gic")
  message(FATAL_ERROR "pkg-config gicv2vp gave: ${flags}")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
run("compile with pkg-config flags" ${LAUNCHER} ${CONSUMER_CXX} -std=c++17 ${consumer_flags} -o ${WORK}/pc_consumer
    ${SOURCE_DIR}/tests/package/pkgconfig_consumer.cpp ${flags})
run("run the pkg-config consumer" ${WORK}/pc_consumer)
if(NOT last_output MATCHES "GICD_TYPER = 0x0000002e")
  message(FATAL_ERROR "pkg-config consumer printed:\n${last_output}")
endif()

# 5. add_subdirectory(components) from another project configures and builds.
run("configure add_subdirectory consumer" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package/subdir_consumer
    -B ${WORK}/subdir -DVP_REPO=${SOURCE_DIR} ${launcher} ${consumer})
run("build add_subdirectory consumer" ${CMAKE_COMMAND} --build ${WORK}/subdir --target subdir_consumer)
run("run add_subdirectory consumer" ${WORK}/subdir/subdir_consumer)
if(NOT last_output MATCHES "offset 0x10 -> 0xab")
  message(FATAL_ERROR "subdir consumer printed:\n${last_output}")
endif()
