# spec/*.schema.json against the conformance vectors and `pfmulti oracle --explain` output.
# SKIPPED (exit 77, said loudly) without python3-jsonschema.
find_program(PFMULTI_PYTHON3 python3)
if(PFMULTI_PYTHON3)
  add_test(NAME spec.schemas COMMAND ${PFMULTI_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/validate_schemas.py
                                     ${PROJECT_SOURCE_DIR} $<TARGET_FILE:pfmulti>)
  set_tests_properties(spec.schemas PROPERTIES SKIP_RETURN_CODE 77 LABELS spec)
endif()
