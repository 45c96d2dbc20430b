# The `vp` platform: board wiring, CLI and tracing as a library (so tests can
# build the board), plus the executable.
add_library(vp_platform STATIC
  ${CMAKE_CURRENT_LIST_DIR}/board.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tracing.cpp)
target_include_directories(vp_platform PUBLIC ${CMAKE_CURRENT_LIST_DIR})
find_package(Boost REQUIRED COMPONENTS program_options)
target_link_libraries(vp_platform PUBLIC vp_bus vp_uart vp_loader vp_gic vp_timer vp_cpu vp_debug Boost::program_options)
vp_project_target(vp_platform)

include(GNUInstallDirs)
add_executable(vp ${CMAKE_CURRENT_LIST_DIR}/main.cpp)
target_link_libraries(vp PRIVATE vp_platform)
vp_project_target(vp)
install(TARGETS vp RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
