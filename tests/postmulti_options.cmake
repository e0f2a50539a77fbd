# Differential test of postmulti's command line (tests/postmulti_options/run.sh): every refusal
# case in tests/postmulti_options/cases.txt through real postmulti 3.7 and through the model's
# parser (the probe below). Needs root and unshare: otherwise prints "SKIPPED: why", exits 77.
add_executable(postmulti_options_probe ${CMAKE_CURRENT_SOURCE_DIR}/postmulti_options/probe.cc)
target_link_libraries(postmulti_options_probe PRIVATE pfmulti_model)
target_include_directories(postmulti_options_probe PRIVATE ${PROJECT_SOURCE_DIR})
add_test(NAME postmulti_options.real
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/postmulti_options/run.sh
                 $<TARGET_FILE:postmulti_options_probe> $<TARGET_FILE:pfmulti>)
set_tests_properties(postmulti_options.real PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120 LABELS e2e)
