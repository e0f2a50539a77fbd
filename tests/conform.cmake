# Conformance runner suite (docs/conformance.md): the recording postfix stub that
# `pfmulti conform` installs as each case's command_directory (tests/conform/recording_postfix.cc,
# built next to pfmulti, where the runner looks for it), and the CI runs of real and own
# managers against the model's profiles (tests/conform/run.sh; fixed seed, 300 cases each).
add_executable(pfmulti-recording-postfix ${CMAKE_CURRENT_SOURCE_DIR}/conform/recording_postfix.cc)
set_target_properties(pfmulti-recording-postfix PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                                                           ${PROJECT_BINARY_DIR})
add_dependencies(pfmulti pfmulti-recording-postfix)
