# Conformance runner suite (docs/conformance.md): the recording postfix stub that
# `pfmulti conform` installs as each case's command_directory (tests/conform/recording_postfix.cc,
# built next to pfmulti, where the runner looks for it), and the CI runs of real and own
# managers against the model's profiles (tests/conform/run.sh: fixed seed, 300 cases each; the
# kinds of difference each run must find are in tests/conform/expected/IMPL.PROFILE).
# The stub must need nothing beyond libc, so it links no pfmulti library (they bring fmt): it
# compiles in the two libc-only sources it shares with them (read_file.cc, strings.cc) instead.
add_executable(pfmulti-recording-postfix ${CMAKE_CURRENT_SOURCE_DIR}/conform/recording_postfix.cc
                                         ${PROJECT_SOURCE_DIR}/impl/runtime/read_file.cc
                                         ${PROJECT_SOURCE_DIR}/model/text/strings.cc)
target_include_directories(pfmulti-recording-postfix PRIVATE ${PROJECT_SOURCE_DIR})
set_target_properties(pfmulti-recording-postfix PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                                                           ${PROJECT_BINARY_DIR})
add_dependencies(pfmulti pfmulti-recording-postfix)

foreach(combo script:postfix-wrapper script:seed script:postmulti seed:seed postmulti:postmulti
              postmulti:postmulti-strict pfmulti-wrapper:postfix-wrapper pfmulti-p:postmulti)
  string(REPLACE ":" ";" parts ${combo})
  list(GET parts 0 impl)
  list(GET parts 1 prof)
  add_test(NAME conform.${impl}.${prof}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/conform/run.sh $<TARGET_FILE:pfmulti> ${impl} ${prof})
  set_tests_properties(conform.${impl}.${prof} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900
                                                          LABELS conform)
endforeach()

# Regression (R53): pfmulti as postfix-wrapper on the glob cases the runner shrank when its world
# reader read only literally named directories (tests/conform/vectors/pfmulti-wrapper-glob); it
# must conform on every one of them.
add_test(NAME conform.pfmulti-wrapper.glob-vectors
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/conform/run.sh $<TARGET_FILE:pfmulti> pfmulti-wrapper
                 postfix-wrapper --vectors ${CMAKE_CURRENT_SOURCE_DIR}/conform/vectors/pfmulti-wrapper-glob)
set_tests_properties(conform.pfmulti-wrapper.glob-vectors PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
                                                                     LABELS conform)
