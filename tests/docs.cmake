# Man pages, `footage help` and shell completion (lib/docs, cli/cmd_help.cpp, completion/).
target_sources(footage_unit_tests PRIVATE docs_test.cpp)
target_sources(footage_e2e_tests PRIVATE e2e_docs_test.cpp)

list(TRANSFORM FOOTAGE_MAN_PAGES PREPEND ${PROJECT_SOURCE_DIR}/ OUTPUT_VARIABLE footage_man_files)
add_test(NAME man_pages_render
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/docs/man_render_test.sh ${PROJECT_SOURCE_DIR}/man
            ${footage_man_files})
add_test(NAME shell_completion
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/docs/completion_test.sh $<TARGET_FILE:footage>
            ${PROJECT_SOURCE_DIR})
set_tests_properties(man_pages_render shell_completion PROPERTIES TIMEOUT 120)
list(LENGTH FOOTAGE_MAN_PAGES footage_man_count)
add_test(NAME docs_install
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/docs/install_test.sh ${CMAKE_BINARY_DIR}
            ${footage_man_count})
set_tests_properties(docs_install PROPERTIES TIMEOUT 120)
# The README's five-minute case, pasted line by line on the demo drive, works.
add_test(NAME readme_case
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/docs/readme_case_test.sh $<TARGET_FILE:footage>
            ${PROJECT_SOURCE_DIR} ${FOOTAGE_TESTDATA}/readme-case)
set_tests_properties(readme_case PROPERTIES TIMEOUT 300)
# Each indexer's options come from its folder (indexers/*/man/*.roff) into man/*.1.
add_test(NAME man_sections_up_to_date
    COMMAND /usr/bin/python3 ${PROJECT_SOURCE_DIR}/scripts/man_sections.py --check ${PROJECT_SOURCE_DIR})
