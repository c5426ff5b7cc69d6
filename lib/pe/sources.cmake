# SPDX-License-Identifier: MIT
# Sources of the shared PE32+ image library, for the loader, kernel and host-test builds.
# Freestanding C11: the including build adds its own flags and lib/pe to the include path.
# PE_LIBRARY_HEADERS is for custom commands that cannot scan #include dependencies.
set(PE_LIBRARY_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/peexport.c
    ${CMAKE_CURRENT_LIST_DIR}/pefile.c
    ${CMAKE_CURRENT_LIST_DIR}/peheaders.c
    ${CMAKE_CURRENT_LIST_DIR}/peimport.c
    ${CMAKE_CURRENT_LIST_DIR}/pereloc.c
    ${CMAKE_CURRENT_LIST_DIR}/peresolve.c
    ${CMAKE_CURRENT_LIST_DIR}/pestatus.c
    ${CMAKE_CURRENT_LIST_DIR}/peunwind.c
    ${CMAKE_CURRENT_LIST_DIR}/peview.c
)
set(PE_LIBRARY_HEADERS
    ${CMAKE_CURRENT_LIST_DIR}/pe.h
    ${CMAKE_CURRENT_LIST_DIR}/pefmt.h
    ${CMAKE_CURRENT_LIST_DIR}/pep.h
    ${CMAKE_CURRENT_LIST_DIR}/peunwind.h
    ${CMAKE_CURRENT_LIST_DIR}/../rtl/rtlbytes.h
)
# Where the library's headers live (it also uses the shared lib/rtl/rtlbytes.h).
set(PE_LIBRARY_INCLUDE_DIRS ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_CURRENT_LIST_DIR}/../rtl)
