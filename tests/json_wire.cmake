# spec.json_wire: the JSON wire format (spec/json-wire.md) read losslessly by Python's json and by
# nlohmann-json (Debian's nlohmann-json3-dev, test-only; scripts/setup installs it).
find_package(nlohmann_json 3 QUIET)
find_program(PFMULTI_PYTHON3 python3)
if(nlohmann_json_FOUND AND PFMULTI_PYTHON3)
  add_executable(json_wire_nlohmann_reprint ${CMAKE_CURRENT_SOURCE_DIR}/json_wire/nlohmann_reprint.cc)
  target_include_directories(json_wire_nlohmann_reprint PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(json_wire_nlohmann_reprint PRIVATE pfmulti_model nlohmann_json::nlohmann_json)
  add_test(NAME spec.json_wire
           COMMAND ${PFMULTI_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/json_wire/check_json_wire.py
                   ${PROJECT_SOURCE_DIR} $<TARGET_FILE:pfmulti> $<TARGET_FILE:json_wire_nlohmann_reprint>)
  set_tests_properties(spec.json_wire PROPERTIES LABELS spec)
else()
  add_test(NAME spec.json_wire COMMAND sh -c "echo 'SKIPPED: spec.json_wire needs nlohmann-json3-dev and python3 (scripts/setup)'; exit 77")
  set_tests_properties(spec.json_wire PROPERTIES SKIP_RETURN_CODE 77 LABELS spec)
endif()
