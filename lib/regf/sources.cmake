# SPDX-License-Identifier: MIT
# Sources of the shared regf (registry hive) library. Freestanding C11: the including build
# adds its own flags and REGF_LIBRARY_INCLUDE_DIRS. The kernel takes the reader only; the
# loader the reader and the boot-driver list.
set(REGF_READER_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/regfbase.c
    ${CMAKE_CURRENT_LIST_DIR}/regffind.c
    ${CMAKE_CURRENT_LIST_DIR}/regfkey.c
    ${CMAKE_CURRENT_LIST_DIR}/regfstatus.c
    ${CMAKE_CURRENT_LIST_DIR}/regfvalue.c
)
# The boot-start driver list of a SYSTEM hive, for the UEFI loader (on top of the reader).
set(REGF_BOOT_SOURCES ${CMAKE_CURRENT_LIST_DIR}/regfboot.c)
set(REGF_LIBRARY_SOURCES ${REGF_READER_SOURCES} ${REGF_BOOT_SOURCES}
    ${CMAKE_CURRENT_LIST_DIR}/regfwrite.c)
set(REGF_LIBRARY_HEADERS
    ${CMAKE_CURRENT_LIST_DIR}/regf.h
    ${CMAKE_CURRENT_LIST_DIR}/regfboot.h
    ${CMAKE_CURRENT_LIST_DIR}/regfp.h
    ${CMAKE_CURRENT_LIST_DIR}/../rtl/rtlbytes.h
)
set(REGF_LIBRARY_INCLUDE_DIRS ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_CURRENT_LIST_DIR}/../rtl)
