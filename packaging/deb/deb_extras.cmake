# CPack pre-build script of the Debian package (cpack.cmake, docs/packaging.md): runs in the
# staging tree that `cmake --install --strip` filled and adds what Debian requires of a package
# and a plain install does not carry: the copyright file, the changelog and README.Debian in
# /usr/share/doc/pfmulti, and every manual page compressed with `gzip -9n`, links to pages
# pointing at the compressed page (Debian policy 12.1, 12.7). Nothing else changes:
# tests/package/check_deb.sh compares the package with `cmake --install` path by path.
set(stage "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/usr")
set(doc "${stage}/share/doc/pfmulti")
file(MAKE_DIRECTORY "${doc}")
file(COPY "${CPACK_PFMULTI_DEB_DIR}/copyright" "${CPACK_PFMULTI_DEB_DIR}/README.Debian"
     DESTINATION "${doc}" FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
function(gzip_into source target)
  execute_process(COMMAND gzip -9n -c "${source}" OUTPUT_FILE "${target}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip -9n ${source} failed: ${rc}")
  endif()
  file(CHMOD "${target}" FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endfunction()
gzip_into("${CPACK_PFMULTI_DEB_DIR}/changelog" "${doc}/changelog.gz")
# Pages first, then links to pages (a link X -> Y becomes X.gz -> Y.gz).
file(GLOB_RECURSE pages "${stage}/share/man/*")
foreach(page ${pages})
  if(NOT page MATCHES "\\.gz$" AND NOT IS_SYMLINK "${page}")
    gzip_into("${page}" "${page}.gz")
    file(REMOVE "${page}")
  endif()
endforeach()
foreach(page ${pages})
  if(IS_SYMLINK "${page}" AND NOT page MATCHES "\\.gz$")
    file(READ_SYMLINK "${page}" target)
    file(REMOVE "${page}")
    file(CREATE_LINK "${target}.gz" "${page}.gz" SYMBOLIC)
  endif()
endforeach()
