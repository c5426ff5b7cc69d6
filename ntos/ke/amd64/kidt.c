/* SPDX-License-Identifier: MIT */
/*
 * Descriptor tables with NT's x64 selector layout: a GDT and TSS per processor, one IDT for
 * all. The double fault, NMI and machine check handlers run on their own IST stacks (in
 * each processor's TSS) so a corrupt kernel stack still reaches the bugcheck screen.
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

typedef struct _KI_PROCESSOR_TABLES
{
    ULONG64 Gdt[KI_GDT_ENTRIES];
    KTSS64 Tss;
} KI_PROCESSOR_TABLES;

static KI_PROCESSOR_TABLES KiProcessorTables[MAXIMUM_PROCESSORS];
static KIDT_ENTRY KiIdt[256];
/* The boot processor's IST stacks; the others get theirs from MmCreateKernelStack. */
static DECLSPEC_ALIGN(16) UCHAR KiBootIstStacks[KI_IST_COUNT][KI_IST_STACK_SIZE];

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
SetTssDescriptor(ULONG64 *Gdt, ULONG Selector, ULONG64 Base, ULONG Limit)
{
    ULONG Index = Selector / 8;

    Gdt[Index] = (Limit & 0xFFFF) | ((Base & 0xFFFFFF) << 16) | (0x89ull << 40) |
                 ((ULONG64)((Limit >> 16) & 0xF) << 48) | (((Base >> 24) & 0xFF) << 56);
    Gdt[Index + 1] = Base >> 32;
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

static VOID
KiBuildIdt(VOID)
{
    ULONG Vector;

    for (Vector = 0; Vector < 256; Vector++)
        SetIdtEntry(Vector, 0);
    SetIdtEntry(2, KI_IST_NMI);
    SetIdtEntry(8, KI_IST_DOUBLE_FAULT);
    SetIdtEntry(18, KI_IST_MACHINE_CHECK);
}

/*
 * Load processor Number's GDT and TSS and the shared IDT (built by processor 0). IstStacks
 * are the tops of the double-fault, NMI and machine-check stacks; NULL on processor 0,
 * which uses static ones. Rsp0 is the stack for interrupts from user mode.
 */
VOID
KiInitializeDescriptorTables(ULONG Number, PVOID const *IstStacks, ULONG64 Rsp0)
{
    KI_PROCESSOR_TABLES *Tables = &KiProcessorTables[Number];
    KI_DESCRIPTOR_REGISTER Gdtr, Idtr;
    ULONG I;

    Tables->Gdt[KGDT64_R0_CODE / 8] = CodeDescriptor(0, TRUE);
    Tables->Gdt[KGDT64_R0_DATA / 8] = DataDescriptor(0);
    Tables->Gdt[KGDT64_R3_CMCODE / 8] = CodeDescriptor(3, FALSE);
    Tables->Gdt[KGDT64_R3_DATA / 8] = DataDescriptor(3);
    Tables->Gdt[KGDT64_R3_CODE / 8] = CodeDescriptor(3, TRUE);
    Tables->Gdt[KGDT64_R3_CMTEB / 8] = DataDescriptor(3);

    for (I = 0; I < KI_IST_COUNT; I++)
        Tables->Tss.Ist[I + 1] = IstStacks != NULL
                                     ? (ULONG64)(ULONG_PTR)IstStacks[I]
                                     : (ULONG64)(ULONG_PTR)(KiBootIstStacks[I] + KI_IST_STACK_SIZE);
    Tables->Tss.Rsp0 = Rsp0;
    Tables->Tss.IoMapBase = sizeof(Tables->Tss); /* no I/O permission bitmap */
    SetTssDescriptor(Tables->Gdt, KGDT64_SYS_TSS, (ULONG64)(ULONG_PTR)&Tables->Tss,
                     sizeof(Tables->Tss) - 1);

    Gdtr.Limit = sizeof(Tables->Gdt) - 1;
    Gdtr.Base = (ULONG64)(ULONG_PTR)Tables->Gdt;
    KiLoadGdt(&Gdtr, KGDT64_SYS_TSS);

    if (Number == 0)
        KiBuildIdt();
    Idtr.Limit = sizeof(KiIdt) - 1;
    Idtr.Base = (ULONG64)(ULONG_PTR)KiIdt;
    KiLoadIdt(&Idtr);
}
