# paddock(1) and paddock-sim(1): each built binary prints its own page (--man), from the data its
# --help comes from, so that the page cannot drift from the program. Installed gzipped, as Debian's
# man pages are.
find_program(PADDOCK_GZIP gzip REQUIRED)
set(PADDOCK_MAN_PAGES)
foreach(program paddock paddock-sim)
    set(page ${CMAKE_BINARY_DIR}/man/${program}.1)
    add_custom_command(OUTPUT ${page} ${page}.gz
        COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${program}> -DPAGE=${page} -DGZIP=${PADDOCK_GZIP}
            -P ${CMAKE_CURRENT_LIST_DIR}/writepage.cmake
        DEPENDS ${program} ${CMAKE_CURRENT_LIST_DIR}/writepage.cmake
        COMMENT "Writing the man page ${program}.1"
        VERBATIM)
    list(APPEND PADDOCK_MAN_PAGES ${page}.gz)
endforeach()
add_custom_target(man_pages ALL DEPENDS ${PADDOCK_MAN_PAGES})
install(FILES ${PADDOCK_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
