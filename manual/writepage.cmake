# cmake -DPROGRAM=path/to/paddock -DPAGE=man/paddock.1 -DGZIP=/usr/bin/gzip -P writepage.cmake:
# PAGE from `PROGRAM --man`, and PAGE.gz beside it (no name or time inside: the same bytes each build).
get_filename_component(directory ${PAGE} DIRECTORY)
file(MAKE_DIRECTORY ${directory})
# The window's binary needs no display to print its page, but Qt may look for one.
set(ENV{QT_QPA_PLATFORM} offscreen)
execute_process(COMMAND ${PROGRAM} --man OUTPUT_FILE ${PAGE} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} --man failed: ${status}")
endif()
execute_process(COMMAND ${GZIP} -9 -n -c ${PAGE} OUTPUT_FILE ${PAGE}.gz RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "gzip ${PAGE} failed: ${status}")
endif()
