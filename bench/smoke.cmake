# smoke.cmake — runs one benchmark command and checks that its last line is the JSON
# object every benchmark prints, with the workload and N it was asked for. No time is
# checked: a benchmark is not a timed test.
#
#   cmake -DWORKLOAD=tasks -DN=100 -DCOMMAND="a;command;line" -P bench/smoke.cmake
execute_process(COMMAND ${COMMAND} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "${COMMAND} failed (${code}): ${err}")
endif()
string(STRIP "${out}" out)
string(REGEX REPLACE "^.*\n" "" line "${out}")
foreach(key runtime workload n seconds ops_per_sec traced events peak_rss_kb cpu_seconds)
  string(JSON value ERROR_VARIABLE problem GET "${line}" ${key})
  if(problem)
    message(FATAL_ERROR "no '${key}' in the line '${line}': ${problem}")
  endif()
  set(got_${key} "${value}")
endforeach()
if(NOT got_workload STREQUAL WORKLOAD OR NOT got_n EQUAL N)
  message(FATAL_ERROR "asked for ${WORKLOAD} with N=${N}, the line says: ${line}")
endif()
if(TRACE AND NOT got_events GREATER 0)
  message(FATAL_ERROR "a traced run wrote no events: ${line}")
endif()
message(STATUS "${line}")
