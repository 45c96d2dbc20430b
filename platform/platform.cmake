# The `vp` platform: board wiring, CLI and tracing as a library (so tests can
# build the board), plus the executable.
add_library(vp_platform STATIC
  ${CMAKE_CURRENT_LIST_DIR}/board.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tracing.cpp
  ${CMAKE_CURRENT_LIST_DIR}/vcd_writer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/psci.cpp
  ${CMAKE_CURRENT_LIST_DIR}/device_tree.cpp
  ${CMAKE_CURRENT_LIST_DIR}/boot.cpp
  ${CMAKE_CURRENT_LIST_DIR}/console_input.cpp)
target_include_directories(vp_platform PUBLIC ${CMAKE_CURRENT_LIST_DIR})
find_package(Boost REQUIRED COMPONENTS program_options)
# libfdt (Debian libfdt-dev) builds the device tree; it has no pkg-config file.
find_path(LIBFDT_INCLUDE_DIR libfdt.h REQUIRED)
find_library(LIBFDT_LIBRARY fdt REQUIRED)
target_link_libraries(vp_platform PUBLIC vp_bus vp_uart vp_loader vp_gic vp_timer vp_cpu vp_debug Boost::program_options ${LIBFDT_LIBRARY})
target_include_directories(vp_platform PRIVATE ${LIBFDT_INCLUDE_DIR})
vp_project_target(vp_platform)

include(GNUInstallDirs)
add_executable(vp ${CMAKE_CURRENT_LIST_DIR}/main.cpp)
target_link_libraries(vp PRIVATE vp_platform)
# Position-dependent: no relocation of vp's own pointers, nor of the static
# Capstone's tables (components/debug), at start-up (issue 14: about 370 of
# the 1,820 page faults of a run that exits at once).
include(CheckPIESupported)
check_pie_supported(LANGUAGES CXX)
set_target_properties(vp PROPERTIES POSITION_INDEPENDENT_CODE OFF)
vp_project_target(vp)
install(TARGETS vp RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
