/* SPDX-License-Identifier: MIT */
/*
 * The boot processor's GDT, TSS and IDT, with NT's x64 selector layout. The double fault,
 * NMI and machine check handlers run on their own IST stacks so a corrupt kernel stack
 * still reaches the bugcheck screen.
 */
#include "ntos.h"
#include "kasm.h"

#pragma pack(push, 1)
typedef struct _KTSS64
{
    ULONG Reserved0;
    ULONG64 Rsp0;
    ULONG64 Rsp1;
    ULONG64 Rsp2;
    ULONG64 Ist[8]; /* Ist[0] is reserved */
    ULONG64 Reserved1;
    USHORT Reserved2;
    USHORT IoMapBase;
} KTSS64;

typedef struct _KI_DESCRIPTOR_REGISTER
{
    USHORT Limit;
    ULONG64 Base;
} KI_DESCRIPTOR_REGISTER;
#pragma pack(pop)

typedef struct _KIDT_ENTRY
{
    USHORT OffsetLow;
    USHORT Selector;
    USHORT IstAndType;
    USHORT OffsetMiddle;
    ULONG OffsetHigh;
    ULONG Reserved;
} KIDT_ENTRY;

C_ASSERT(sizeof(KTSS64) == 0x68);
C_ASSERT(sizeof(KIDT_ENTRY) == 16);
C_ASSERT(KGDT64_R3_DATA_RPL3 == (KGDT64_R3_DATA | 3));
C_ASSERT(KGDT64_R3_CMTEB_RPL3 == (KGDT64_R3_CMTEB | 3));

#define KI_IST_STACK_SIZE 0x2000
#define KI_GDT_ENTRIES (0x58 / 8)
#define IDT_INTERRUPT_GATE 0x8E00 /* present, DPL 0, 64-bit interrupt gate */

extern UCHAR KiTrapStubs[];
VOID KiLoadGdt(PVOID Gdtr, USHORT TssSelector);
VOID KiLoadIdt(PVOID Idtr);

static ULONG64 KiGdt[KI_GDT_ENTRIES];
static KTSS64 KiTss;
static KIDT_ENTRY KiIdt[256];
static DECLSPEC_ALIGN(16) UCHAR KiIstStacks[3][KI_IST_STACK_SIZE];

/* Code and data descriptors: base and limit are ignored in long mode. */
static ULONG64
CodeDescriptor(ULONG Dpl, BOOLEAN LongMode)
{
    ULONG64 Flags = LongMode ? (1ull << 53) : (1ull << 54); /* L, or D for 32-bit */

    return 0x0000FFFFull | (0xFull << 48) | (1ull << 55) | (0x9Aull << 40) | ((ULONG64)Dpl << 45) |
           Flags;
}

static ULONG64
DataDescriptor(ULONG Dpl)
{
    return 0x0000FFFFull | (0xFull << 48) | (1ull << 55) | (1ull << 54) | (0x92ull << 40) |
           ((ULONG64)Dpl << 45);
}

static VOID
SetTssDescriptor(ULONG Selector, ULONG64 Base, ULONG Limit)
{
    ULONG Index = Selector / 8;

    KiGdt[Index] = (Limit & 0xFFFF) | ((Base & 0xFFFFFF) << 16) | (0x89ull << 40) |
                   ((ULONG64)((Limit >> 16) & 0xF) << 48) | (((Base >> 24) & 0xFF) << 56);
    KiGdt[Index + 1] = Base >> 32;
}

static VOID
SetIdtEntry(ULONG Vector, ULONG Ist)
{
    ULONG64 Handler = (ULONG64)(ULONG_PTR)&KiTrapStubs[Vector * KI_TRAP_STUB_SIZE];

    KiIdt[Vector].OffsetLow = (USHORT)Handler;
    KiIdt[Vector].Selector = KGDT64_R0_CODE;
    KiIdt[Vector].IstAndType = (USHORT)(IDT_INTERRUPT_GATE | Ist);
    KiIdt[Vector].OffsetMiddle = (USHORT)(Handler >> 16);
    KiIdt[Vector].OffsetHigh = (ULONG)(Handler >> 32);
}

VOID
KiInitializeDescriptorTables(VOID)
{
    KI_DESCRIPTOR_REGISTER Gdtr, Idtr;
    ULONG Vector;

    KiGdt[KGDT64_R0_CODE / 8] = CodeDescriptor(0, TRUE);
    KiGdt[KGDT64_R0_DATA / 8] = DataDescriptor(0);
    KiGdt[KGDT64_R3_CMCODE / 8] = CodeDescriptor(3, FALSE);
    KiGdt[KGDT64_R3_DATA / 8] = DataDescriptor(3);
    KiGdt[KGDT64_R3_CODE / 8] = CodeDescriptor(3, TRUE);
    KiGdt[KGDT64_R3_CMTEB / 8] = DataDescriptor(3);

    KiTss.Ist[KI_IST_DOUBLE_FAULT] = (ULONG64)(ULONG_PTR)(KiIstStacks[0] + KI_IST_STACK_SIZE);
    KiTss.Ist[KI_IST_NMI] = (ULONG64)(ULONG_PTR)(KiIstStacks[1] + KI_IST_STACK_SIZE);
    KiTss.Ist[KI_IST_MACHINE_CHECK] = (ULONG64)(ULONG_PTR)(KiIstStacks[2] + KI_IST_STACK_SIZE);
    KiTss.Rsp0 = KeLoaderBlock->KernelStackLimit;
    KiTss.IoMapBase = sizeof(KiTss); /* no I/O permission bitmap */
    SetTssDescriptor(KGDT64_SYS_TSS, (ULONG64)(ULONG_PTR)&KiTss, sizeof(KiTss) - 1);

    Gdtr.Limit = sizeof(KiGdt) - 1;
    Gdtr.Base = (ULONG64)(ULONG_PTR)KiGdt;
    KiLoadGdt(&Gdtr, KGDT64_SYS_TSS);

    for (Vector = 0; Vector < 256; Vector++)
        SetIdtEntry(Vector, 0);
    SetIdtEntry(2, KI_IST_NMI);
    SetIdtEntry(8, KI_IST_DOUBLE_FAULT);
    SetIdtEntry(18, KI_IST_MACHINE_CHECK);
    Idtr.Limit = sizeof(KiIdt) - 1;
    Idtr.Base = (ULONG64)(ULONG_PTR)KiIdt;
    KiLoadIdt(&Idtr);
}
