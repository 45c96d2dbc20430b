# vp's exit statuses, read from platform/exit_status.h (one source of truth):
# sets VP_EXIT_<name> for every `constexpr int <name> = <n>;`, e.g.
# VP_EXIT_bad_command_line, VP_EXIT_max_time_reached, VP_EXIT_exception_loop.
file(STRINGS ${CMAKE_SOURCE_DIR}/platform/exit_status.h _vp_exit_lines REGEX "constexpr int [a-z_]+ = [0-9]+;")
foreach(_line IN LISTS _vp_exit_lines)
  if(_line MATCHES "constexpr int ([a-z_]+) = ([0-9]+);")
    set(VP_EXIT_${CMAKE_MATCH_1} ${CMAKE_MATCH_2})
  endif()
endforeach()
if(NOT DEFINED VP_EXIT_bad_command_line OR NOT DEFINED VP_EXIT_internal_error)
  message(FATAL_ERROR "cmake/ExitStatus.cmake: could not read platform/exit_status.h")
endif()
