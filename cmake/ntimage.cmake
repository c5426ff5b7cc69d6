# SPDX-License-Identifier: MIT
# Helpers for NT images: add_kernel_image(), add_hal_dll(), add_driver(). Subsystem, entry
# point, image base and flags are set here, in one place.

find_program(BASALT_DLLTOOL x86_64-w64-mingw32-dlltool REQUIRED)
find_path(BASALT_DDK_INCLUDE wdm.h
          PATHS /usr/x86_64-w64-mingw32/include/ddk /usr/share/mingw-w64/include/ddk
          NO_CMAKE_FIND_ROOT_PATH REQUIRED)
find_file(BASALT_FONT Lat15-Fixed16.psf.gz PATHS /usr/share/consolefonts
          NO_CMAKE_FIND_ROOT_PATH REQUIRED)

set(BASALT_NT_WARNINGS -Wall -Wextra -Werror)
# Frame pointers are kept only to help humans in gdb; stack walks use .pdata unwind data.
# min-pagesize=0: GCC 12 otherwise takes GS-relative loads at small constant offsets
# (__readgsqword(0x188)) for dereferences of null-page pointers and warns (array-bounds).
set(BASALT_NT_CFLAGS -ffreestanding -fno-builtin -fno-stack-protector -mno-red-zone
    -mno-stack-arg-probe -fno-omit-frame-pointer -fno-tree-loop-distribute-patterns -O2 -g
    --param=min-pagesize=0)
set(BASALT_NT_LDFLAGS -nostdlib -Wl,--subsystem,native -Wl,--dynamicbase -Wl,--nxcompat
    -Wl,--file-alignment,0x1000 -Wl,--section-alignment,0x1000)
set(BASALT_IMPLIB_DIR ${CMAKE_BINARY_DIR}/lib)
file(MAKE_DIRECTORY ${BASALT_IMPLIB_DIR})

# Import library generated from an image's .def file, so the kernel and the HAL can import
# from each other without a build cycle.
function(add_import_library NAME DEF_FILE DLL_NAME)
    set(output ${BASALT_IMPLIB_DIR}/lib${NAME}.a)
    add_custom_command(OUTPUT ${output}
        COMMAND ${BASALT_DLLTOOL} -d ${DEF_FILE} -D ${DLL_NAME} -l ${output}
        DEPENDS ${DEF_FILE} VERBATIM)
    add_custom_target(${NAME}_implib DEPENDS ${output})
    set(${NAME}_IMPORT_LIBRARY ${output} PARENT_SCOPE)
    set(${NAME}_IMPORT_LIBRARY ${output} CACHE INTERNAL "")
endfunction()

function(basalt_nt_target target)
    target_compile_options(${target} PRIVATE
        $<$<COMPILE_LANGUAGE:C>:${BASALT_NT_WARNINGS} ${BASALT_NT_CFLAGS}>)
    target_include_directories(${target} SYSTEM PRIVATE ${BASALT_DDK_INCLUDE})
    target_link_options(${target} PRIVATE ${BASALT_NT_LDFLAGS})
    set_target_properties(${target} PROPERTIES PREFIX "" IMPORT_PREFIX "" IMPORT_SUFFIX ".implib")
endfunction()

# ntoskrnl.exe: native subsystem, entry KiSystemStartup, based in the kernel half.
function(add_kernel_image target)
    cmake_parse_arguments(ARG "" "DEF;OUTPUT_NAME" "SOURCES;LIBRARIES;DEPENDS" ${ARGN})
    add_executable(${target} ${ARG_SOURCES})
    basalt_nt_target(${target})
    # An executable's .def is not picked up from the source list: hand it to the linker.
    target_link_options(${target} PRIVATE ${ARG_DEF})
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${ARG_DEF})
    # _CRTIMP empty: the kernel defines CRT-named routines (__C_specific_handler, memcpy)
    # that mingw-w64's headers would otherwise declare dllimport.
    target_compile_definitions(${target} PRIVATE _NTOSKRNL_ _NTSYSTEM_ _NTDDK_ _CRTIMP=)
    target_link_options(${target} PRIVATE -Wl,--image-base,0xFFFFF80000400000
        -Wl,--entry,KiSystemStartup -Wl,--exclude-all-symbols)
    target_link_libraries(${target} PRIVATE ${ARG_LIBRARIES} gcc)
    set_target_properties(${target} PROPERTIES OUTPUT_NAME ${ARG_OUTPUT_NAME} SUFFIX ".exe")
    if(ARG_DEPENDS)
        add_dependencies(${target} ${ARG_DEPENDS})
    endif()
endfunction()

# hal.dll: a native DLL with no entry point of its own.
function(add_hal_dll target)
    cmake_parse_arguments(ARG "" "DEF;OUTPUT_NAME" "SOURCES;LIBRARIES;DEPENDS" ${ARGN})
    add_library(${target} SHARED ${ARG_SOURCES} ${ARG_DEF})
    basalt_nt_target(${target})
    target_compile_definitions(${target} PRIVATE _NTHALDLL_ _NTDDK_)
    target_link_options(${target} PRIVATE -Wl,--image-base,0xFFFFF80000A00000
        -Wl,--entry,0 -Wl,--exclude-all-symbols)
    target_link_libraries(${target} PRIVATE ${ARG_LIBRARIES} gcc)
    set_target_properties(${target} PROPERTIES OUTPUT_NAME ${ARG_OUTPUT_NAME} SUFFIX ".dll")
    if(ARG_DEPENDS)
        add_dependencies(${target} ${ARG_DEPENDS})
    endif()
endfunction()

# A .sys driver from DDK headers only. IMPORT_LIBRARIES mingw links mingw-w64's own
# libntoskrnl.a/libhal.a (as a third party would); basalt links the ones from our .def files.
function(add_driver name)
    cmake_parse_arguments(ARG "" "IMPORT_LIBRARIES" "SOURCES;EXTRA_LIBRARIES;EXTRA_DEPENDS" ${ARGN})
    add_library(${name} SHARED ${ARG_SOURCES})
    basalt_nt_target(${name})
    target_compile_definitions(${name} PRIVATE _NTDDK_)
    target_link_options(${name} PRIVATE -Wl,--entry,DriverEntry -Wl,--image-base,0x140000000)
    if(ARG_IMPORT_LIBRARIES STREQUAL "basalt")
        target_link_libraries(${name} PRIVATE ${ntoskrnl_IMPORT_LIBRARY} ${hal_IMPORT_LIBRARY})
        add_dependencies(${name} ntoskrnl_implib hal_implib)
    else()
        target_link_libraries(${name} PRIVATE -lntoskrnl -lhal)
    endif()
    target_link_libraries(${name} PRIVATE ${ARG_EXTRA_LIBRARIES} gcc)
    if(ARG_EXTRA_DEPENDS)
        add_dependencies(${name} ${ARG_EXTRA_DEPENDS})
    endif()
    set_target_properties(${name} PROPERTIES SUFFIX ".sys")
endfunction()

# A driver compiled by clang (--target=x86_64-w64-windows-gnu), for what gcc cannot build:
# __try/__except/__finally. clang compiles, mingw-w64's gcc links, like add_driver(). The
# depfile makes an edited header rebuild the objects that include it.
find_program(BASALT_CLANG clang NO_CMAKE_FIND_ROOT_PATH)
# wdm.h defines InterlockedBitTestAndSet/Reset static inline after mingw-w64's intrin-impl.h
# declared them extern: clang then emits them as global symbols in every object, and a
# driver of several sources fails to link. Keeping intrin-impl.h's versions out leaves wdm.h's
# static ones.
set(BASALT_CLANG_DDK_DEFINES -D__INTRINSIC_DEFINED_InterlockedBitTestAndSet
    -D__INTRINSIC_DEFINED_InterlockedBitTestAndReset)
function(add_clang_driver name)
    cmake_parse_arguments(ARG "" "IMPORT_LIBRARIES" "SOURCES;INCLUDE_DIRECTORIES" ${ARGN})
    if(NOT BASALT_CLANG)
        message(FATAL_ERROR "clang is needed for ${name}.sys (Debian package: clang)")
    endif()
    get_filename_component(mingw_include ${BASALT_DDK_INCLUDE} DIRECTORY)
    set(includes "")
    foreach(directory ${ARG_INCLUDE_DIRECTORIES})
        list(APPEND includes -I${directory})
    endforeach()
    set(objects "")
    foreach(source ${ARG_SOURCES})
        get_filename_component(stem ${source} NAME_WE)
        set(object ${CMAKE_CURRENT_BINARY_DIR}/${name}-${stem}.obj)
        add_custom_command(OUTPUT ${object}
            COMMAND ${BASALT_CLANG} --target=x86_64-w64-windows-gnu -fms-extensions
                    -ffreestanding -fno-builtin -fno-stack-protector -mno-red-zone -O2 -g
                    -Wall -Wextra -Werror -D_NTDDK_ ${BASALT_CLANG_DDK_DEFINES}
                    -isystem ${BASALT_DDK_INCLUDE}
                    -isystem ${mingw_include} ${includes} -MD -MF ${object}.d
                    -c ${CMAKE_CURRENT_SOURCE_DIR}/${source} -o ${object}
            DEPENDS ${source} DEPFILE ${object}.d VERBATIM)
        list(APPEND objects ${object})
    endforeach()
    set_source_files_properties(${objects} PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)
    add_library(${name} SHARED ${objects})
    set_target_properties(${name} PROPERTIES LINKER_LANGUAGE C)
    basalt_nt_target(${name})
    target_link_options(${name} PRIVATE -Wl,--entry,DriverEntry -Wl,--image-base,0x140000000)
    target_link_libraries(${name} PRIVATE -lntoskrnl -lhal gcc)
    set_target_properties(${name} PROPERTIES SUFFIX ".sys")
endfunction()
