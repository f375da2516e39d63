# Man pages: hand-written roff in man/ is the one source (see man/README.md). They are installed
# to man1 and embedded into the binary for `footage help COMMAND`, from this one list.
set(FOOTAGE_MAN_PAGES
    man/footage.1
    man/footage-index.1
    man/footage-cameras.1
    man/footage-recordings.1
    man/footage-search.1
    man/footage-trace.1
    man/footage-clip.1
    man/footage-verify.1
    man/footage-log.1
    man/footage-keygen.1
    man/footage-repair.1
    man/footage-merge.1
    man/footage-report.1
    man/footage-help.1
)
list(TRANSFORM FOOTAGE_MAN_PAGES PREPEND ${PROJECT_SOURCE_DIR}/ OUTPUT_VARIABLE footage_man_paths)
list(JOIN footage_man_paths "|" footage_man_arg)  # a ";" would split the argument
set(footage_man_data ${PROJECT_BINARY_DIR}/generated/lib/docs/man_page_data.cpp)
add_custom_command(OUTPUT ${footage_man_data}
    COMMAND ${CMAKE_COMMAND} "-DOUTPUT=${footage_man_data}" "-DPAGES=${footage_man_arg}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_man_pages.cmake
    DEPENDS ${footage_man_paths} ${PROJECT_SOURCE_DIR}/cmake/embed_man_pages.cmake
    COMMENT "Embedding the man pages for footage help"
    VERBATIM)
target_sources(footage_lib PRIVATE lib/docs/man_pages.cpp lib/docs/roff_text.cpp ${footage_man_data})

install(FILES ${FOOTAGE_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES completion/footage.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
    RENAME footage)
install(FILES completion/_footage DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
