# The Debian package (docs/packaging.md, spec/rules.md R150-R151): package.deb builds it with
# scripts/build-deb from this build tree and compares it with `cmake --install`
# (tests/package/check_deb.sh); package.lintian runs lintian on it (no errors); package.bookworm
# installs it into a clean Debian 12 root with postfix, drives real Postfix through it, purges it
# and drives Postfix with its own wrapper again (tests/package/bookworm.sh; root and the network,
# else SKIPPED, exit 77).
# The file CPack names it (DEB-DEFAULT: NAME_VERSION_ARCH.deb, ARCH as dpkg prints it).
execute_process(COMMAND dpkg --print-architecture OUTPUT_VARIABLE pfmulti_deb_arch
                OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
set(PFMULTI_DEB ${PROJECT_BINARY_DIR}/deb/pfmulti_${PROJECT_VERSION}_${pfmulti_deb_arch}.deb)
add_test(NAME package.deb COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/package/check_deb.sh
                                  ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
add_test(NAME package.lintian COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/package/lintian.sh ${PFMULTI_DEB})
add_test(NAME package.bookworm COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/package/bookworm.sh
                                       ${PROJECT_SOURCE_DIR} ${PFMULTI_DEB})
set_tests_properties(package.deb PROPERTIES TIMEOUT 300 FIXTURES_SETUP pfmulti_deb LABELS package)
set_tests_properties(package.lintian PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77
                                                FIXTURES_REQUIRED pfmulti_deb LABELS package)
set_tests_properties(package.bookworm PROPERTIES TIMEOUT 900 SKIP_RETURN_CODE 77
                                                 FIXTURES_REQUIRED pfmulti_deb LABELS package)
