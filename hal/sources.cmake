# SPDX-License-Identifier: MIT
# hal.dll's freestanding sources (ACPI table parsing, RTC register conversion), compiled into
# hal.dll and into the host unit tests (tests/unit). Fixed-width types only, no DDK headers;
# the including build adds hal/acpi and hal/rtc to the include path.
set(HAL_PORTABLE_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/acpi/acpifadt.c
    ${CMAKE_CURRENT_LIST_DIR}/acpi/acpihpet.c
    ${CMAKE_CURRENT_LIST_DIR}/acpi/acpiirq.c
    ${CMAKE_CURRENT_LIST_DIR}/acpi/acpimadt.c
    ${CMAKE_CURRENT_LIST_DIR}/acpi/acpimcfg.c
    ${CMAKE_CURRENT_LIST_DIR}/acpi/acpisleep.c
    ${CMAKE_CURRENT_LIST_DIR}/acpi/acpisys.c
    ${CMAKE_CURRENT_LIST_DIR}/acpi/acpitab.c
    ${CMAKE_CURRENT_LIST_DIR}/rtc/rtcconv.c
)
set(HAL_PORTABLE_HEADERS ${CMAKE_CURRENT_LIST_DIR}/../lib/rtl/rtlbytes.h)
set(HAL_PORTABLE_INCLUDE_DIRS
    ${CMAKE_CURRENT_LIST_DIR}/acpi
    ${CMAKE_CURRENT_LIST_DIR}/rtc
    ${CMAKE_CURRENT_LIST_DIR}/../lib/rtl
)
