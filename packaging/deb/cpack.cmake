# The Debian package (docs/packaging.md): CPack's DEB generator over the install rules, so the
# package holds exactly what `cmake --install --strip` installs, plus the files Debian requires of
# every package (copyright, changelog: written into the staging tree by deb_extras.cmake) and the
# postrm that keeps Postfix's multi_instance_wrapper working after removal (spec/rules.md R150,
# R151). `scripts/build-deb` runs it from an already-built tree: no second compilation.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pfmulti)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "pfmulti maintainers <maintainers@users.noreply.r-seed-fcbae26f.example>"
    CACHE STRING "Maintainer field of the Debian package")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Postfix multi-instance manager (postmulti, postfix-wrapper)")
set(CPACK_PACKAGE_DESCRIPTION
    "pfmulti implements Postfix's multi-instance API (postfix-wrapper(5)): a\n"
    "drop-in multi_instance_wrapper with the semantics of postmulti(1) or of the\n"
    "postfix-wrapper script, postmulti's life-cycle mode (-e) with atomic main.cf\n"
    "edits and undo, a linter, a status view, and a conformance oracle.\n"
    "The drop-in link is /usr/lib/pfmulti/postfix-wrapper: Postfix's own wrapper\n"
    "is left alone (see /usr/share/doc/pfmulti/README.Debian).")
string(REPLACE ";" "" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION mail)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS postfix)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_CURRENT_LIST_DIR}/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
                                                GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_CURRENT_LIST_DIR}/deb_extras.cmake)
set(CPACK_PFMULTI_DEB_DIR ${CMAKE_CURRENT_LIST_DIR})
set(CPACK_OUTPUT_FILE_PREFIX ${PROJECT_BINARY_DIR}/deb)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/deb/work)
include(CPack)
