/* SPDX-License-Identifier: MIT */
/*
 * Loading the SYSTEM hive (the loader's copy of System32\config\SYSTEM) into key nodes.
 *
 * lib/regf validates the file and every cell it follows. A hive whose base block or bins are
 * bad is rejected as a whole (the SYSTEM key stays empty); a bad key or value cell is
 * skipped with a log line naming where it was, and the rest loads. The walk is iterative
 * over the nodes already built (each remembers its nk cell), so a deep hive cannot overflow
 * the kernel stack; a subkey must name its parent's cell as its parent and have a name no
 * sibling has, which keeps a corrupt hive from making loops or sharing cells.
 */
#include "cmp.h"
#include "regf.h"

typedef struct _CMP_LOADER
{
    REGF_HIVE Hive;
    ULONG Skipped;
} CMP_LOADER, *PCMP_LOADER;

static VOID
CmpLogSkip(PCM_KEY_NODE Key, PCSTR What, ULONG Index, ULONG Cell, PCSTR Reason)
{
    ULONG Length = CmpFullName(Key, NULL, 0);
    PWCH Path = ExAllocatePoolWithTag(PagedPool, Length + sizeof(WCHAR), CMP_NAME_TAG);

    if (Path != NULL)
    {
        CmpFullName(Key, Path, Length);
        Path[Length / sizeof(WCHAR)] = UNICODE_NULL;
    }
    DbgPrint("Cm: SYSTEM hive: %s %lu (cell 0x%X) of %ws skipped: %s\n", What, Index, Cell,
             Path != NULL ? Path : L"?", Reason);
    if (Path != NULL)
        ExFreePoolWithTag(Path, CMP_NAME_TAG);
}

/* A hive name as a counted string in pool (freed by the caller); FALSE if it is unusable. */
static BOOLEAN
CmpDecodeName(const REGF_NAME *Name, BOOLEAN KeyName, PUNICODE_STRING Out)
{
    ULONG Chars = Name->Compressed ? Name->Length : Name->Length / 2, I;
    PWCH Buffer;

    RtlZeroMemory(Out, sizeof(*Out));
    if (Chars > (KeyName ? CMP_MAX_KEY_NAME : CMP_MAX_VALUE_NAME) || (KeyName && Chars == 0))
        return FALSE;
    Buffer = ExAllocatePoolWithTag(PagedPool, Chars * sizeof(WCHAR) + sizeof(WCHAR), CMP_NAME_TAG);
    if (Buffer == NULL)
        return FALSE;
    for (I = 0; I < Chars; I++)
    {
        Buffer[I] = Name->Compressed ? Name->Bytes[I]
                                     : (WCHAR)(Name->Bytes[2 * I] | (Name->Bytes[2 * I + 1] << 8));
        if (KeyName && (Buffer[I] == L'\\' || Buffer[I] == UNICODE_NULL))
        {
            ExFreePoolWithTag(Buffer, CMP_NAME_TAG);
            return FALSE;
        }
    }
    Out->Buffer = Buffer;
    Out->Length = Out->MaximumLength = (USHORT)(Chars * sizeof(WCHAR));
    return TRUE;
}

static VOID
CmpLoadValue(PCMP_LOADER Loader, PCM_KEY_NODE Node, const REGF_KEY *Key, ULONG Index)
{
    REGF_VALUE Value;
    REGF_STATUS Status = RegfReadValue(&Loader->Hive, Key, Index, &Value);
    UNICODE_STRING Name;
    PVOID Data = NULL;

    if (Status == REGF_OK && !CmpDecodeName(&Value.Name, FALSE, &Name))
        Status = REGF_E_BAD_VALUE;
    if (Status != REGF_OK)
    {
        CmpLogSkip(Node, "value", Index, Value.Cell, RegfStatusText(Status));
        Loader->Skipped++;
        return;
    }
    if (Value.DataLength != 0)
        Data = ExAllocatePoolWithTag(PagedPool, Value.DataLength, CMP_NAME_TAG);
    if (Value.DataLength == 0 || Data != NULL)
    {
        Status = RegfCopyValueData(&Loader->Hive, &Value, Data, Value.DataLength);
        if (Status == REGF_OK && CmpFindValue(Node, &Name) == NULL)
            CmpSetValue(Node, &Name, Value.Type, Data, Value.DataLength);
        else
        {
            CmpLogSkip(Node, "value", Index, Value.Cell,
                       Status != REGF_OK ? RegfStatusText(Status) : "duplicate name");
            Loader->Skipped++;
        }
    }
    if (Data != NULL)
        ExFreePoolWithTag(Data, CMP_NAME_TAG);
    ExFreePoolWithTag(Name.Buffer, CMP_NAME_TAG);
}

/* The key's sk cell as its descriptor; a bad one is logged and the parent's kept. */
static VOID
CmpLoadSecurity(PCMP_LOADER Loader, PCM_KEY_NODE Node, const REGF_KEY *Key)
{
    const uint8_t *Sd;
    uint32_t Length;
    REGF_STATUS Status = RegfSecurity(&Loader->Hive, Key->Security, &Sd, &Length);

    if (Status == REGF_OK && !CmpValidHiveSecurity(Sd, Length))
        Status = REGF_E_BAD_SECURITY;
    if (Status == REGF_OK)
        CmpSetNodeSecurity(Node, Sd, Length); /* out of pool: the inherited one stays */
    else
    {
        CmpLogSkip(Node, "security of key", 0, Key->Security, RegfStatusText(Status));
        Loader->Skipped++;
    }
}

/* The Index-th subkey of Key as a new child node of Node. */
static VOID
CmpLoadSubkey(PCMP_LOADER Loader, PCM_KEY_NODE Node, const REGF_KEY *Key, ULONG Index, ULONG Depth)
{
    REGF_KEY Child;
    uint32_t Cell = REGF_NONE;
    UNICODE_STRING Name = {0};
    PCM_KEY_NODE New;
    PCSTR Reason = NULL;
    REGF_STATUS Status = RegfSubkey(&Loader->Hive, Key, Index, &Cell);

    if (Status == REGF_OK)
        Status = RegfReadKey(&Loader->Hive, Cell, &Child);
    if (Status != REGF_OK)
        Reason = RegfStatusText(Status);
    else if (Child.Parent != Key->Cell)
        Reason = "parent cell mismatch";
    else if (Depth >= CMP_MAX_DEPTH)
        Reason = "nested too deeply";
    else if (!CmpDecodeName(&Child.Name, TRUE, &Name))
        Reason = "bad key name";
    else if (CmpFindSubkey(Node, &Name) != NULL)
        Reason = "duplicate name";
    else if (!NT_SUCCESS(CmpCreateNode(Node, &Name,
                                       (Child.Flags & REGF_KEY_SYM_LINK) ? CMP_KEY_LINK : 0, &New)))
        Reason = "out of pool";
    else
    {
        New->HiveCell = Cell;
        New->LastWriteTime.QuadPart = (LONGLONG)Child.LastWriteTime;
        CmpLoadSecurity(Loader, New, &Child);
    }
    if (Reason != NULL)
    {
        CmpLogSkip(Node, "subkey", Index, Cell, Reason);
        Loader->Skipped++;
    }
    if (Name.Buffer != NULL)
        ExFreePoolWithTag(Name.Buffer, CMP_NAME_TAG);
}

/* Values and subkey nodes of one node; the subkeys are filled when the walk reaches them. */
static VOID
CmpLoadNode(PCMP_LOADER Loader, PCM_KEY_NODE Node, ULONG Depth)
{
    REGF_KEY Key;
    ULONG I;

    if (RegfReadKey(&Loader->Hive, Node->HiveCell, &Key) != REGF_OK)
        return; /* checked when its node was made */
    for (I = 0; I < Key.ValueCount; I++)
        CmpLoadValue(Loader, Node, &Key, I);
    for (I = 0; I < Key.SubkeyCount; I++)
        CmpLoadSubkey(Loader, Node, &Key, I, Depth + 1);
}

/* Pre-order walk of the nodes built so far, below System. */
static PCM_KEY_NODE
CmpNextNode(PCM_KEY_NODE Node, PCM_KEY_NODE Top, PULONG Depth)
{
    if (!IsListEmpty(&Node->Subkeys))
    {
        (*Depth)++;
        return CONTAINING_RECORD(Node->Subkeys.Flink, CM_KEY_NODE, SiblingLink);
    }
    while (Node != Top)
    {
        if (Node->SiblingLink.Flink != &Node->Parent->Subkeys)
            return CONTAINING_RECORD(Node->SiblingLink.Flink, CM_KEY_NODE, SiblingLink);
        Node = Node->Parent;
        (*Depth)--;
    }
    return NULL;
}

/* Must be called with the registry lock held exclusive (or before anyone else can look). */
VOID
CmpLoadSystemHive(PCM_KEY_NODE System, PVOID Data, ULONG Length)
{
    CMP_LOADER Loader;
    REGF_STATUS Status = RegfOpenHive(&Loader.Hive, Data, Length);
    PCM_KEY_NODE Node = System;
    ULONG Depth = 0, Keys = 0;
    REGF_KEY Root;

    if (Status != REGF_OK)
    {
        DbgPrint("Cm: SYSTEM hive rejected (%s); \\Registry\\Machine\\SYSTEM starts empty\n",
                 RegfStatusText(Status));
        return;
    }
    Loader.Skipped = 0;
    System->HiveCell = Loader.Hive.RootCell;
    if (RegfReadKey(&Loader.Hive, System->HiveCell, &Root) == REGF_OK)
        CmpLoadSecurity(&Loader, System, &Root);
    for (; Node != NULL; Node = CmpNextNode(Node, System, &Depth))
    {
        CmpLoadNode(&Loader, Node, Depth);
        Keys++;
    }
    DbgPrint("Cm: SYSTEM hive loaded: %lu keys, %lu bytes%s\n", Keys, Length,
             Loader.Skipped ? ", with corrupt cells skipped" : "");
}
