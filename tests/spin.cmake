# Model check of spec/recursion.pml (spec/rules.md R95) with spin: tests/spin_check.sh compiles
# pan with cc and runs the safety, liveness and "broken wrapper must fail" checks.
# SKIPPED (exit 77, said loudly) when spin is not installed.
add_test(NAME spin.recursion
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/spin_check.sh ${PROJECT_SOURCE_DIR}/spec/recursion.pml
                 ${CMAKE_CURRENT_BINARY_DIR}/spin-recursion)
set_tests_properties(spin.recursion PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS spin)
