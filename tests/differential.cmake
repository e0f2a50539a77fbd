# Differential suite: `pfmulti conf` against real postconf 3.7 from Debian's package
# (tests/differential/). Exit 77 (SKIPPED, printed loudly) when the package can't be fetched.
# Postconf's answers are cached in ${PROJECT_BINARY_DIR}/postconf-cache.
file(GLOB PFMULTI_DIFF_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/differential/*.cc)
add_executable(differential_conf ${PFMULTI_DIFF_SOURCES})
target_include_directories(differential_conf PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(differential_conf PRIVATE pfmulti_model rapidcheck fmt::fmt)
add_dependencies(differential_conf pfmulti)
add_test(NAME differential.conf
         COMMAND differential_conf --pfmulti $<TARGET_FILE:pfmulti> --source ${PROJECT_SOURCE_DIR}
                 --build ${PROJECT_BINARY_DIR})
set_tests_properties(differential.conf PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900
                     LABELS differential)

# The same suite against real postconf 3.10 and 3.11, each in its Debian root
# (tests/differential/run_release.sh; scripts/fetch-postfix-release), pfmulti conf with that
# release's built-in defaults (R115). postconf's answers are cached outside the clone.
add_test(NAME differential.conf@3.10
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/differential/run_release.sh $<TARGET_FILE:pfmulti>
                 $<TARGET_FILE:differential_conf> 3.10)
add_test(NAME differential.conf@3.11
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/differential/run_release.sh $<TARGET_FILE:pfmulti>
                 $<TARGET_FILE:differential_conf> 3.11)
set_tests_properties(differential.conf@3.10 differential.conf@3.11 PROPERTIES SKIP_RETURN_CODE 77
                     TIMEOUT 900 LABELS "differential;releases")
