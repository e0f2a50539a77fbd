# spec/rules.md must name an existing test (and, for planner rules, a conformance vector) for
# every rule: tests/check_rules.sh.
add_test(NAME spec.rules COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/check_rules.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(spec.rules PROPERTIES LABELS spec)
