# End-to-end suite: real Postfix 3.7 (Debian's package, unpacked by scripts/fetch-postfix) in a
# private mount/network/pid namespace drives pfmulti as its multi_instance_wrapper
# (tests/e2e/run.sh). Needs root and unshare: otherwise each test prints "SKIPPED: why" and
# exits 77. The postmulti run is the reference: the same checks against real postmulti.
foreach(mode pfmulti wrapper postmulti)
  add_test(NAME e2e.${mode} COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e/run.sh $<TARGET_FILE:pfmulti>
                                    ${mode})
  set_tests_properties(e2e.${mode} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS e2e)
endforeach()
# pfmulti status against real masters and real queued mail; real postqueue -j is the judge
# (tests/e2e/status.sh).
add_test(NAME e2e.status COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e/status.sh $<TARGET_FILE:pfmulti>)
set_tests_properties(e2e.status PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS e2e)
# pfmulti apply against real Postfix 3.7: real postmulti -l and postconf are the judges
# (tests/e2e/apply.sh); the Ansible module's playbook test (tests/e2e/ansible.sh).
add_test(NAME e2e.apply COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e/apply.sh $<TARGET_FILE:pfmulti>)
set_tests_properties(e2e.apply PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS e2e)
add_test(NAME e2e.ansible COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e/ansible.sh $<TARGET_FILE:pfmulti>)
set_tests_properties(e2e.ansible PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS e2e)
# pfmulti start-fg as PID 1 of a PID + mount namespace with real masters: SIGTERM stops every
# master in order, exit 0; kill -9 of a master stops the others, exit non-zero; orphans are
# reaped (tests/e2e/start_fg.sh).
add_test(NAME e2e.start_fg.sigterm
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e/start_fg.sh $<TARGET_FILE:pfmulti> sigterm)
add_test(NAME e2e.start_fg.kill9
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e/start_fg.sh $<TARGET_FILE:pfmulti> kill9)
set_tests_properties(e2e.start_fg.sigterm e2e.start_fg.kill9
                     PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120 LABELS e2e)
