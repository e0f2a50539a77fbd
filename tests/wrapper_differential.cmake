# Differential suite for the shell wrapper profiles: the model's plans against the real
# postfix-wrapper script of Debian's postfix 3.7 package and the seed example, run by /bin/sh
# with real postconf and a stub postfix (tests/wrapper_differential.cc). Exit 77 (SKIPPED,
# printed loudly) when the package can't be fetched.
add_executable(wrapper_differential ${CMAKE_CURRENT_SOURCE_DIR}/wrapper_differential.cc)
target_link_libraries(wrapper_differential PRIVATE pfmulti_model)
add_test(NAME differential.wrappers
         COMMAND wrapper_differential ${PROJECT_SOURCE_DIR}
                 ${CMAKE_CURRENT_BINARY_DIR}/wrapper-differential 40)
set_tests_properties(differential.wrappers PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600
                     LABELS differential)
