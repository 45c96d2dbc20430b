# Dumps vp's generated device tree, validates it with dtc (an error or any
# warning fails), then checks the decompiled source like a scenario's output.
#   cmake -DVP=<vp> -DDTC=<dtc> -DOUT=<dir> -DNAME=<n> -DARGS=<vp args joined with @@>
#         -DREQUIRE=<regex@@...> [-DFORBID=<regex@@...>] -DRUNNER=<run_scenario.cmake> -P check_dtb.cmake
string(REPLACE "@@" ";" args "${ARGS}")
set(dtb ${OUT}/${NAME}.dtb)
execute_process(COMMAND ${VP} ${args} --dump-dtb ${dtb} INPUT_FILE /dev/null RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "vp --dump-dtb failed (${rc}): ${err}")
endif()
execute_process(COMMAND ${DTC} -I dtb -O dts -o ${OUT}/${NAME}.dts ${dtb} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
  message(FATAL_ERROR "dtc rejects or warns about the DTB (${rc}):\n${err}")
endif()
string(JOIN "@@" CMD ${DTC} -I dtb -O dts ${dtb})
set(EXPECT_EXIT 0)
include(${RUNNER})
