/* SPDX-License-Identifier: MIT */
/* MSVC intrinsics that mingw-w64's intrin.h lacks, under MSVC's names so code reads as it
 * would against the WDK. Kernel and HAL only. */
#ifndef BASALT_INTRINX_H
#define BASALT_INTRINX_H

#include <intrin.h>

/* intrin.h declares these but mingw-w64 ships no freestanding definition. */
#define _disable() __asm__ volatile("cli" ::: "memory")
#define _enable() __asm__ volatile("sti" ::: "memory")

static inline void
__halt(void)
{
    __asm__ volatile("hlt" ::: "memory");
}

static inline unsigned long long
__readeflags(void)
{
    unsigned long long Flags;

    __asm__ volatile("pushfq; popq %0" : "=r"(Flags)::"memory");
    return Flags;
}

static inline void
__writeeflags(unsigned long long Flags)
{
    __asm__ volatile("pushq %0; popfq" ::"r"(Flags) : "memory", "cc");
}

#define __invlpg(Address) __asm__ volatile("invlpg (%0)" ::"r"(Address) : "memory")
#define _ReturnAddress() __builtin_return_address(0)

#endif
