# Life-cycle end-to-end suite: `pfmulti -e ACTION` against real Postfix 3.7 and real postmulti(1)
# in a private mount namespace (tests/lifecycle_e2e/run.sh): every action, `postmulti -l` agreeing
# with `pfmulti -l` after each step, the same resulting files and settings as postmulti -e, and
# bad inputs that change nothing. Needs root and unshare: otherwise it prints "SKIPPED: why" and
# exits 77. The postconf -e differential (tests/lifecycle_e2e/postconf_edit_diff.cc) compares the
# lossless editor with real `postconf -e` on generated main.cf files.
add_test(NAME lifecycle_e2e COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/lifecycle_e2e/run.sh
                                    $<TARGET_FILE:pfmulti>)
set_tests_properties(lifecycle_e2e PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600 LABELS e2e)
add_executable(postconf_edit_diff ${CMAKE_CURRENT_SOURCE_DIR}/lifecycle_e2e/postconf_edit_diff.cc
                                  ${CMAKE_CURRENT_SOURCE_DIR}/differential/process_pool.cc)
target_include_directories(postconf_edit_diff PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(postconf_edit_diff PRIVATE pfmulti_model rapidcheck fmt::fmt)
add_test(NAME lifecycle_e2e.postconf_edit
         COMMAND postconf_edit_diff --source ${PROJECT_SOURCE_DIR}
                 --work ${PROJECT_BINARY_DIR}/postconf-edit-diff)
set_tests_properties(lifecycle_e2e.postconf_edit PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600
                     LABELS differential)
