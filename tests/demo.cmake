# The README's first command ends in scripts/demo: it must run clean (exit 0) on the built
# binary, and the demo tree it makes must lint with no error.
add_test(NAME demo COMMAND ${PROJECT_SOURCE_DIR}/scripts/demo)
set_tests_properties(demo PROPERTIES ENVIRONMENT "PFMULTI_BIN=$<TARGET_FILE:pfmulti>"
  PASS_REGULAR_EXPRESSION "etc/postfix: 0 errors, 0 warnings" LABELS spec)
