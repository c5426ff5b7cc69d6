/* SPDX-License-Identifier: MIT */
/*
 * Virtual unwind for x64 (PE/COFF spec, "The .pdata Section" and x64 exception handling):
 * find the RUNTIME_FUNCTION for RIP, replay the UNWIND_INFO codes of the prologue part that
 * has executed in reverse, follow chained entries, then pop the return address.
 * Epilogues are not emulated: a fault inside an epilogue may give a wrong first frame.
 */
#include "peunwind.h"

#define UWOP_PUSH_NONVOL 0
#define UWOP_ALLOC_LARGE 1
#define UWOP_ALLOC_SMALL 2
#define UWOP_SET_FPREG 3
#define UWOP_SAVE_NONVOL 4
#define UWOP_SAVE_NONVOL_FAR 5
#define UWOP_SAVE_XMM128 8
#define UWOP_SAVE_XMM128_FAR 9
#define UWOP_PUSH_MACHFRAME 10
#define UNW_FLAG_CHAININFO 4
#define MAX_CHAIN 32

typedef struct _UNWIND_INFO_HEADER
{
    uint8_t VersionAndFlags;
    uint8_t SizeOfProlog;
    uint8_t CountOfCodes;
    uint8_t FrameRegisterAndOffset;
} UNWIND_INFO_HEADER;

const PE_RUNTIME_FUNCTION *
PeLookupFunctionEntry(const PE_VIEW *View, uint32_t Rva)
{
    const PE_DATA_DIRECTORY *Dir;
    const PE_RUNTIME_FUNCTION *Table;
    uint32_t Low = 0, High, Mid;

    if (View->Nt->OptionalHeader.NumberOfRvaAndSizes <= PE_DIRECTORY_EXCEPTION)
        return NULL;
    Dir = &View->Nt->OptionalHeader.DataDirectory[PE_DIRECTORY_EXCEPTION];
    Table = PeRvaToPointer(View, Dir->VirtualAddress, Dir->Size);
    if (Table == NULL || ((uintptr_t)Table & 3) != 0)
        return NULL;
    High = Dir->Size / sizeof(PE_RUNTIME_FUNCTION);
    while (Low < High)
    {
        Mid = Low + (High - Low) / 2;
        if (Rva < Table[Mid].BeginAddress)
            High = Mid;
        else if (Rva >= Table[Mid].EndAddress)
            Low = Mid + 1;
        else
            return &Table[Mid];
    }
    return NULL;
}

static int
Pop(PE_UNWIND_CONTEXT *Context, PE_READ_STACK Read, void *ReadContext, uint64_t *Value)
{
    if (!Read(ReadContext, Context->Gpr[PE_REG_RSP], Value))
        return 0;
    Context->Gpr[PE_REG_RSP] += 8;
    return 1;
}

/* Slots each unwind code occupies, including itself. */
static unsigned
CodeSlots(uint8_t Op, uint8_t Info)
{
    switch (Op)
    {
        case UWOP_ALLOC_LARGE:
            return Info == 0 ? 2 : 3;
        case UWOP_SAVE_NONVOL:
        case UWOP_SAVE_XMM128:
            return 2;
        case UWOP_SAVE_NONVOL_FAR:
        case UWOP_SAVE_XMM128_FAR:
            return 3;
        default:
            return 1;
    }
}

static uint32_t
Slot32(const uint16_t *Codes, unsigned I)
{
    return (uint32_t)Codes[I] | ((uint32_t)Codes[I + 1] << 16);
}

/* Apply one unwind code. *MachineFrame is set when it restored RIP itself. */
static PE_STATUS
ApplyCode(PE_UNWIND_CONTEXT *C, const uint16_t *Codes, unsigned I, uint8_t FrameReg,
          uint8_t FrameOffset, PE_READ_STACK Read, void *Rc, int *MachineFrame)
{
    uint8_t Op = (Codes[I] >> 8) & 0xF, Info = Codes[I] >> 12;
    uint64_t *Rsp = &C->Gpr[PE_REG_RSP];

    switch (Op)
    {
        case UWOP_PUSH_NONVOL:
            return Pop(C, Read, Rc, &C->Gpr[Info]) ? PE_OK : PE_E_BAD_DIRECTORY;
        case UWOP_ALLOC_LARGE:
            *Rsp += Info == 0 ? (uint64_t)Codes[I + 1] * 8 : Slot32(Codes, I + 1);
            return PE_OK;
        case UWOP_ALLOC_SMALL:
            *Rsp += (uint64_t)Info * 8 + 8;
            return PE_OK;
        case UWOP_SET_FPREG:
            *Rsp = C->Gpr[FrameReg] - (uint64_t)FrameOffset * 16;
            return PE_OK;
        case UWOP_SAVE_NONVOL:
            return Read(Rc, *Rsp + (uint64_t)Codes[I + 1] * 8, &C->Gpr[Info]) ? PE_OK
                                                                              : PE_E_BAD_DIRECTORY;
        case UWOP_SAVE_NONVOL_FAR:
            return Read(Rc, *Rsp + Slot32(Codes, I + 1), &C->Gpr[Info]) ? PE_OK
                                                                        : PE_E_BAD_DIRECTORY;
        case UWOP_SAVE_XMM128:
        case UWOP_SAVE_XMM128_FAR:
            return PE_OK;
        case UWOP_PUSH_MACHFRAME:
            if (Info == 1)
                *Rsp += 8;
            if (!Read(Rc, *Rsp, &C->Rip) || !Read(Rc, *Rsp + 24, Rsp))
                return PE_E_BAD_DIRECTORY;
            *MachineFrame = 1;
            return PE_OK;
        default:
            return PE_E_BAD_DIRECTORY;
    }
}

/* Replay the codes of one UNWIND_INFO whose prologue has run up to PrologOffset. */
static PE_STATUS
ApplyUnwindInfo(const PE_VIEW *View, uint32_t InfoRva, uint32_t PrologOffset, PE_UNWIND_CONTEXT *C,
                PE_READ_STACK Read, void *Rc, int *MachineFrame,
                const PE_RUNTIME_FUNCTION **Chained)
{
    const UNWIND_INFO_HEADER *Header = PeRvaToPointer(View, InfoRva, sizeof(*Header));
    const uint16_t *Codes;
    unsigned I, Count, Slots;
    PE_STATUS Status;

    if (Header == NULL || (Header->VersionAndFlags & 7) == 0 || (Header->VersionAndFlags & 7) > 2)
        return PE_E_BAD_DIRECTORY;
    Count = Header->CountOfCodes;
    Codes = PeRvaToPointer(View, InfoRva + 4, Count ? Count * 2 : 2);
    if (Codes == NULL)
        return PE_E_BAD_DIRECTORY;
    for (I = 0; I < Count; I += Slots)
    {
        uint8_t Op = (Codes[I] >> 8) & 0xF;
        Slots = CodeSlots(Op, Codes[I] >> 12);
        if (I + Slots > Count)
            return PE_E_BAD_DIRECTORY;
        if ((Codes[I] & 0xFF) > PrologOffset)
            continue; /* this prologue instruction has not executed yet */
        Status = ApplyCode(C, Codes, I, Header->FrameRegisterAndOffset & 0xF,
                           Header->FrameRegisterAndOffset >> 4, Read, Rc, MachineFrame);
        if (Status != PE_OK || *MachineFrame)
            return Status;
    }
    *Chained = NULL;
    if ((Header->VersionAndFlags >> 3) & UNW_FLAG_CHAININFO)
        *Chained = PeRvaToPointer(View, InfoRva + 4 + ((Count + 1) & ~1u) * 2,
                                  sizeof(PE_RUNTIME_FUNCTION));
    return PE_OK;
}

PE_STATUS
PeVirtualUnwind(const PE_VIEW *View, PE_UNWIND_CONTEXT *Context, PE_READ_STACK Read,
                void *ReadContext)
{
    const PE_RUNTIME_FUNCTION *Function, *Chained;
    uint32_t Rva, PrologOffset;
    int MachineFrame = 0, Depth;
    PE_STATUS Status;

    if (Context->Rip < View->LoadBase || Context->Rip - View->LoadBase >= View->Size)
        return PE_E_BAD_DIRECTORY;
    Rva = (uint32_t)(Context->Rip - View->LoadBase);
    Function = PeLookupFunctionEntry(View, Rva);
    /* The function's own prologue may be partly executed; chained parents ran fully. */
    PrologOffset = Function ? Rva - Function->BeginAddress : 0;
    for (Depth = 0; Function != NULL; Depth++)
    {
        if (Depth == MAX_CHAIN)
            return PE_E_BAD_DIRECTORY;
        Status = ApplyUnwindInfo(View, Function->UnwindData & ~1u, PrologOffset, Context, Read,
                                 ReadContext, &MachineFrame, &Chained);
        if (Status != PE_OK)
            return Status;
        if (MachineFrame)
            return PE_OK;
        Function = Chained;
        PrologOffset = 0xFFFFFFFFu;
    }
    return Pop(Context, Read, ReadContext, &Context->Rip) ? PE_OK : PE_E_BAD_DIRECTORY;
}
