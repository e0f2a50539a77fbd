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

foreach(combo script:postfix-wrapper-strict script:seed script:postmulti seed:seed postmulti:postmulti
              postmulti:postmulti-strict pfmulti-wrapper:postfix-wrapper pfmulti-p:postmulti)
  string(REPLACE ":" ";" parts ${combo})
  list(GET parts 0 impl)
  list(GET parts 1 prof)
  add_test(NAME conform.${impl}.${prof}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/conform/run.sh $<TARGET_FILE:pfmulti> ${impl} ${prof})
  set_tests_properties(conform.${impl}.${prof} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900
                                                          LABELS conform)
endforeach()

# The 3.7 script against pfmulti's drop-in profile (every comma splits, R107): it differs exactly
# where it keeps the first-comma bug (tests/conform/expected/script.postfix-wrapper). Two kinds
# shrunk, a small budget: the kinds are what is checked, and shrinking them all takes 2 minutes.
add_test(NAME conform.script.postfix-wrapper
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/conform/run.sh $<TARGET_FILE:pfmulti> script
                 postfix-wrapper --max-differences 2 --shrink-budget 60)
set_tests_properties(conform.script.postfix-wrapper PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900
                                                               LABELS conform)

# Regression (R53): pfmulti as postfix-wrapper on the glob cases the runner shrank when its world
# reader read only literally named directories (tests/conform/vectors/pfmulti-wrapper-glob); it
# must conform on every one of them.
add_test(NAME conform.pfmulti-wrapper.glob-vectors
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/conform/run.sh $<TARGET_FILE:pfmulti> pfmulti-wrapper
                 postfix-wrapper --vectors ${CMAKE_CURRENT_SOURCE_DIR}/conform/vectors/pfmulti-wrapper-glob)
set_tests_properties(conform.pfmulti-wrapper.glob-vectors PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
                                                                     LABELS conform)

# The same runs against newer releases (docs/releases.md): that release's script, example manager
# and postmulti, in its Debian root (scripts/fetch-postfix-release), the model planning for it
# (--postfix-release). Expected differences: tests/conform/expected/IMPL.PROFILE@RELEASE.
foreach(combo 3.10:script:postfix-wrapper 3.10:script:postfix-wrapper-strict 3.10:seed:seed
              3.10:pfmulti-wrapper:postfix-wrapper-strict 3.11:postmulti:postmulti-strict
              3.11:postmulti:postmulti)
  string(REPLACE ":" ";" parts ${combo})
  list(GET parts 0 rel)
  list(GET parts 1 impl)
  list(GET parts 2 prof)
  add_test(NAME conform.${impl}.${prof}@${rel}
           COMMAND ${CMAKE_COMMAND} -E env CONFORM_RELEASE=${rel}
                   ${CMAKE_CURRENT_SOURCE_DIR}/conform/run.sh $<TARGET_FILE:pfmulti> ${impl} ${prof})
  set_tests_properties(conform.${impl}.${prof}@${rel} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900
                                                                 LABELS "conform;releases")
endforeach()
