# The release table checked on the real programs of Postfix 3.10 (Debian trixie) and 3.11 (Debian
# sid), each in its Debian root built once by scripts/fetch-postfix-release (tests/releases/run.sh;
# spec/rules.md R107-R114, docs/releases.md). SKIPPED (77) without root or the roots.
add_test(NAME releases.3.10 COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/releases/run.sh $<TARGET_FILE:pfmulti> 3.10)
add_test(NAME releases.3.11 COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/releases/run.sh $<TARGET_FILE:pfmulti> 3.11)
set_tests_properties(releases.3.10 releases.3.11 PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900
                                                            LABELS releases)
