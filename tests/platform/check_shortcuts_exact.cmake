# The CPU's synchronisation shortcuts (docs/performance.md: timeless reads,
# the line view, time-free GIC accesses, accesses while its own line drives
# are pending) must not change what the simulation does. A VCD tracer turns
# the view and the time-free accesses off, so a run with --vcd must print
# exactly what a run without it prints: the guest's and the hypervisor's
# output, the simulated time and the instruction count of the summary, and,
# for a run cut by --max-time, the PC and count where each CPU stopped.
# Only the host figures of the summary and the VCD's own line may differ.
#   cmake -DVP=<vp> -DARGS=<vp args joined with @@> -DVCD=<file> -P check_shortcuts_exact.cmake
string(REPLACE "@@" ";" args "${ARGS}")
function(run_vp out_var)
  execute_process(COMMAND ${VP} ${args} ${ARGN} INPUT_FILE /dev/null TIMEOUT 100
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  set(text "exit ${rc}\n${out}${err}")
  string(REGEX REPLACE "host [0-9.]+ s, [0-9.]+ MIPS, cpu [0-9.]+ s" "host -" text "${text}")
  string(REGEX REPLACE "vp: VCD [^\n]*\n" "" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()
run_vp(plain)
run_vp(traced --vcd ${VCD})
if(NOT plain STREQUAL traced)
  message(FATAL_ERROR "output differs with --vcd (shortcuts off):\n--- without\n${plain}\n--- with --vcd\n${traced}")
endif()
if(NOT plain MATCHES "vp: simulated [0-9.]+ ms, [0-9]+ instructions")
  message(FATAL_ERROR "no summary line:\n${plain}")
endif()
message(STATUS "same output with and without --vcd:\n${plain}")
