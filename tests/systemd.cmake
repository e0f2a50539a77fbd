# systemd (issue 16 part 1): the generator run as systemd runs it on generated trees, every unit
# checked by systemd-analyze verify (tests/systemd/generator.sh). Needs root and unshare, else
# "SKIPPED: why" and exit 77.
add_test(NAME systemd.generator COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/systemd/generator.sh
                                        $<TARGET_FILE:pfmulti> ${PROJECT_BINARY_DIR})
set_tests_properties(systemd.generator PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS e2e)
# A real systemd (PID 1 of private namespaces, on a throw-away overlay root) starting and
# stopping real Postfix 3.7 instances through the generated units (tests/systemd/boot.sh).
add_test(NAME systemd.boot COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/systemd/boot.sh
                                   $<TARGET_FILE:pfmulti> ${PROJECT_BINARY_DIR})
set_tests_properties(systemd.boot PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS e2e)
