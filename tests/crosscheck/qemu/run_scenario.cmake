# Runs one firmware scenario and checks its exit code and output.
#   cmake -DCMD=<argv joined with @@> -DEXPECT_EXIT=<n>
#         [-DREQUIRE=<regex@@regex...>] [-DFORBID=<regex@@regex...>]
#         [-DTIMEOUT=<s>] [-DINPUT=<file for stdin>] -P run_scenario.cmake
# "@@" separates list items because ctest would split ';'. Regexes are CMake
# regexes over the whole output, stdout then stderr ("\n" anchors a line start). Any simulator
# that prints the firmware's UART on stdout and exits with the semihosting
# exit code (qemu-system-aarch64, vp) can be checked this way.
if(NOT DEFINED CMD OR NOT DEFINED EXPECT_EXIT)
  message(FATAL_ERROR "run_scenario.cmake needs CMD and EXPECT_EXIT")
endif()
if(NOT DEFINED TIMEOUT)
  set(TIMEOUT 60)
endif()
string(REPLACE "@@" ";" argv "${CMD}")
# stdin: a scripted console (INPUT=<file>) or nothing, never the terminal.
if(NOT DEFINED INPUT OR INPUT STREQUAL "")
  set(INPUT /dev/null)
endif()
execute_process(COMMAND ${argv} INPUT_FILE ${INPUT}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc
  TIMEOUT ${TIMEOUT})
message("${out}")
if(err)
  message("stderr:\n${err}")
endif()
set(out "${out}\n${err}")
set(failures "")
if(NOT "${rc}" STREQUAL "${EXPECT_EXIT}")
  list(APPEND failures "exit status '${rc}', expected ${EXPECT_EXIT}")
endif()
if(DEFINED REQUIRE AND NOT REQUIRE STREQUAL "")
  string(REPLACE "@@" ";" required "${REQUIRE}")
  foreach(re IN LISTS required)
    if(re STREQUAL "")
      continue()
    endif()
    if(NOT out MATCHES "${re}")
      list(APPEND failures "missing output matching '${re}'")
    endif()
  endforeach()
endif()
if(DEFINED FORBID AND NOT FORBID STREQUAL "")
  string(REPLACE "@@" ";" forbidden "${FORBID}")
  foreach(re IN LISTS forbidden)
    if(re STREQUAL "")
      continue()
    endif()
    if(out MATCHES "${re}")
      list(APPEND failures "unexpected output matching '${re}'")
    endif()
  endforeach()
endif()
if(failures)
  string(REPLACE ";" "\n  " msg "${failures}")
  message(FATAL_ERROR "scenario check failed:\n  ${msg}")
endif()
message(STATUS "scenario check passed (exit ${rc})")
