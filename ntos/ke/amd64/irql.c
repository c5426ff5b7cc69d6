/* SPDX-License-Identifier: MIT */
/*
 * IRQL is CR8 (the local APIC task priority) on x64. The DDK inlines raise and lower for
 * drivers; these exported versions exist for binaries that import them and check the
 * direction of the change, as NT's checked kernel does.
 * Delivery of software interrupts (APC, DPC) when IRQL drops arrives with the local APIC:
 * they will be self-IPIs that the processor holds back until CR8 allows them.
 */
#include "ntos.h"

KIRQL NTAPI
KeGetCurrentIrql(VOID)
{
    return (KIRQL)__readcr8();
}

KIRQL NTAPI
KfRaiseIrql(KIRQL NewIrql)
{
    KIRQL OldIrql = (KIRQL)__readcr8();

    if (NewIrql < OldIrql)
        KeBugCheckEx(IRQL_NOT_GREATER_OR_EQUAL, OldIrql, NewIrql, 0, 0);
    __writecr8(NewIrql);
    return OldIrql;
}

VOID NTAPI
KeLowerIrql(KIRQL NewIrql)
{
    KIRQL OldIrql = (KIRQL)__readcr8();

    if (NewIrql > OldIrql)
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, OldIrql, NewIrql, 0, 0);
    __writecr8(NewIrql);
}

KIRQL NTAPI
KeRaiseIrqlToDpcLevel(VOID)
{
    return KfRaiseIrql(DISPATCH_LEVEL);
}
