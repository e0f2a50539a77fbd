# Installation layout (tests/install_test.sh): binary, postfix-wrapper link, pfmulti-conform, bash completion,
# manual page.
add_test(NAME install.layout COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/install_test.sh
                                     ${PROJECT_BINARY_DIR})
set_tests_properties(install.layout PROPERTIES TIMEOUT 120)
