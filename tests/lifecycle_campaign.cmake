# The life-cycle kill campaign (tests/lifecycle_campaign_test.cc) runs a stand-in postfix(1)
# (tests/stubs/postfix_stub.cc) as the instances' command; the test gets its path as
# POSTFIX_STUB. tests/lifecycle_e2e/kill_campaign.sh runs the same campaign with real Postfix.
add_executable(postfix_stub ${CMAKE_CURRENT_SOURCE_DIR}/stubs/postfix_stub.cc)
foreach(test_target test_lifecycle_campaign_test test_lifecycle_transaction_test test_apply_campaign_test)
  if(TARGET ${test_target})
    add_dependencies(${test_target} postfix_stub)
    target_compile_definitions(${test_target} PRIVATE POSTFIX_STUB="$<TARGET_FILE:postfix_stub>")
  endif()
endforeach()
add_test(NAME lifecycle_e2e.kill_campaign
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/lifecycle_e2e/kill_campaign.sh
                 $<TARGET_FILE:test_lifecycle_campaign_test>)
set_tests_properties(lifecycle_e2e.kill_campaign PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600
                     LABELS e2e)
