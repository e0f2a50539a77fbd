# The pure layers include only pure headers and call no effect (tests/check_model_purity.sh, whose
# header has the allow-list): model.purity checks the tree, model.purity.self-test that the check
# refuses each kind of offence (an effectful include, an impl/ or tests/ header, getenv, ...).
add_test(NAME model.purity COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/check_model_purity.sh
                                   ${PROJECT_SOURCE_DIR})
add_test(NAME model.purity.self-test COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/check_model_purity.sh
                                             --self-test)
set_tests_properties(model.purity model.purity.self-test PROPERTIES LABELS spec)
