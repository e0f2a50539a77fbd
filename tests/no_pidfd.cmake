# A kernel without pidfds (spec/rules.md R192): tests/stubs/no_pidfd.c runs a program under a
# seccomp filter that refuses CLONE_PIDFD (EINVAL), clone3 and pidfd_open (ENOSYS). The runner's
# and the launcher's tests run whole under it, and the pfmulti binary's runs of a stub tree
# (sequential starts with mixed exit statuses, --timeout, SIGTERM passed on, --parallel with
# --tag and --json), and start-fg as PID 1 with real masters: the same assertions as with
# pidfds, so the outcomes are the pidfd run's.
# No seccomp here: SKIPPED, exit 77.
add_executable(no_pidfd ${CMAKE_CURRENT_SOURCE_DIR}/stubs/no_pidfd.c)
add_test(NAME no_pidfd.runner COMMAND no_pidfd $<TARGET_FILE:test_system_process_runner_test>)
add_test(NAME no_pidfd.launcher COMMAND no_pidfd $<TARGET_FILE:test_spawn_launcher_test>)
set(NO_PIDFD_CLI_TESTS
    Tree.GoodTreeRunsEveryInstanceInOrder
    Tree.JsonOutcomesParseAndCarryStatusSignalAndDuration
    Tree.EveryFailedInstanceIsNamedOnStderrWithoutATerminal
    Tree.JsonStdoutIsJsonOnlyAndEachRecordHoldsItsChildsOutput
    Tree.TagLabelsEveryLineAndConcurrentLinesNeverMix
    Tree.ASignalDeathIsReportedWithTheSignalName
    Tree.TimeoutStopsAHangingInstanceAndTheRunGoesOn
    Tree.WrapperModeRunsPostfixDashCPerInstance
    Tree.TermToPfmultiIsPassedOnAndTheRestIsNotStarted)
list(JOIN NO_PIDFD_CLI_TESTS ":" NO_PIDFD_CLI_FILTER)
add_test(NAME no_pidfd.cli COMMAND no_pidfd $<TARGET_FILE:test_cli_test> --gtest_filter=${NO_PIDFD_CLI_FILTER})
set_tests_properties(no_pidfd.runner no_pidfd.launcher no_pidfd.cli
                     PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS unit
                                ENVIRONMENT "PFMULTI_BIN=$<TARGET_FILE:pfmulti>")
# start-fg's supervisor and the orphan reaper, pfmulti as PID 1 with real Postfix 3.7 masters
# (tests/e2e/start_fg.sh, R144-R146), without pidfds.
add_test(NAME no_pidfd.start_fg.sigterm COMMAND no_pidfd ${CMAKE_CURRENT_SOURCE_DIR}/e2e/start_fg.sh $<TARGET_FILE:pfmulti> sigterm)
add_test(NAME no_pidfd.start_fg.kill9 COMMAND no_pidfd ${CMAKE_CURRENT_SOURCE_DIR}/e2e/start_fg.sh $<TARGET_FILE:pfmulti> kill9)
set_tests_properties(no_pidfd.start_fg.sigterm no_pidfd.start_fg.kill9
                     PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120 LABELS e2e)
foreach(test_target test_system_process_runner_test test_spawn_launcher_test test_cli_test)
  if(TARGET ${test_target})
    add_dependencies(${test_target} no_pidfd)
  endif()
endforeach()
if(TARGET test_cli_test)  # Tree.WithoutPidfdsEveryOutcomeIsThePidfdRunsOne runs pfmulti under it
  target_compile_definitions(test_cli_test PRIVATE NO_PIDFD_BIN="$<TARGET_FILE:no_pidfd>")
endif()
