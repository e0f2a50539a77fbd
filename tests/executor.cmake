# The executor's stub program (tests/stubs/pfmulti_stub.cc): tests that start real processes
# get its path as PFMULTI_STUB.
add_executable(pfmulti_stub ${CMAKE_CURRENT_SOURCE_DIR}/stubs/pfmulti_stub.cc)
foreach(test_target test_system_process_runner_test test_cli_test)
  if(TARGET ${test_target})
    add_dependencies(${test_target} pfmulti_stub)
    target_compile_definitions(${test_target} PRIVATE PFMULTI_STUB="$<TARGET_FILE:pfmulti_stub>")
  endif()
endforeach()
