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
#define UWOP_EPILOG 6 /* version 2 only */
#define UWOP_SAVE_XMM128 8
#define UWOP_SAVE_XMM128_FAR 9
#define UWOP_PUSH_MACHFRAME 10
#define UNW_FLAG_CHAININFO 4
#define MAX_CHAIN 32
/* Prologue offset for chained parents: their prologues ran completely. */
#define CHAINED_PARENT 0xFFFFFFFFu

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

/* Slots each unwind code occupies, including itself; 0 for an invalid code. */
static unsigned
CodeSlots(uint8_t Version, uint8_t Op, uint8_t Info)
{
    switch (Op)
    {
        case UWOP_PUSH_NONVOL:
        case UWOP_ALLOC_SMALL:
        case UWOP_SET_FPREG:
        case UWOP_PUSH_MACHFRAME:
            return 1;
        case UWOP_ALLOC_LARGE:
            return Info == 0 ? 2 : Info == 1 ? 3 : 0;
        case UWOP_SAVE_NONVOL:
        case UWOP_SAVE_XMM128:
            return 2;
        case UWOP_SAVE_NONVOL_FAR:
        case UWOP_SAVE_XMM128_FAR:
            return 3;
        case UWOP_EPILOG:
            return Version >= 2 ? 1 : 0;
        default:
            return 0;
    }
}

static uint32_t
Slot32(const uint16_t *Codes, unsigned I)
{
    return (uint32_t)Codes[I] | ((uint32_t)Codes[I + 1] << 16);
}

typedef struct _UNWIND_STATE
{
    PE_UNWIND_CONTEXT *Context;
    PE_READ_STACK Read;
    void *ReadContext;
    uint64_t FrameBase; /* what SAVE_* offsets count from: the fixed allocation's base */
    int MachineFrame;
} UNWIND_STATE;

static PE_STATUS
ReadSlot(UNWIND_STATE *State, uint64_t Address, uint64_t *Value)
{
    return State->Read(State->ReadContext, Address, Value) ? PE_OK : PE_E_BAD_DIRECTORY;
}

/* Apply one unwind code. Sets State->MachineFrame when it restored RIP itself. */
static PE_STATUS
ApplyCode(UNWIND_STATE *State, const uint16_t *Codes, unsigned I)
{
    PE_UNWIND_CONTEXT *C = State->Context;
    uint8_t Op = (Codes[I] >> 8) & 0xF, Info = Codes[I] >> 12;
    uint64_t *Rsp = &C->Gpr[PE_REG_RSP];
    PE_STATUS Status;

    switch (Op)
    {
        case UWOP_PUSH_NONVOL:
            Status = ReadSlot(State, *Rsp, &C->Gpr[Info]);
            *Rsp += 8;
            return Status;
        case UWOP_ALLOC_LARGE:
            *Rsp += Info == 0 ? (uint64_t)Codes[I + 1] * 8 : Slot32(Codes, I + 1);
            return PE_OK;
        case UWOP_ALLOC_SMALL:
            *Rsp += (uint64_t)Info * 8 + 8;
            return PE_OK;
        case UWOP_SET_FPREG:
            *Rsp = State->FrameBase;
            return PE_OK;
        case UWOP_SAVE_NONVOL:
            return ReadSlot(State, State->FrameBase + (uint64_t)Codes[I + 1] * 8, &C->Gpr[Info]);
        case UWOP_SAVE_NONVOL_FAR:
            return ReadSlot(State, State->FrameBase + Slot32(Codes, I + 1), &C->Gpr[Info]);
        case UWOP_PUSH_MACHFRAME:
            if (Info == 1)
                *Rsp += 8; /* error code */
            Status = ReadSlot(State, *Rsp, &C->Rip);
            if (Status == PE_OK)
                Status = ReadSlot(State, *Rsp + 24, Rsp);
            State->MachineFrame = 1;
            return Status;
        default: /* XMM saves: not tracked; epilog descriptions: not prologue work */
            return PE_OK;
    }
}

/*
 * Where the fixed stack allocation starts. With a frame register whose SET_FPREG has run,
 * it is derived from that register (the body may have moved RSP, e.g. with alloca);
 * otherwise RSP has not moved since the prologue and is the base.
 */
static uint64_t
FrameBase(const PE_UNWIND_CONTEXT *C, const UNWIND_INFO_HEADER *Header, const uint16_t *Codes,
          uint32_t PrologOffset)
{
    uint8_t Register = Header->FrameRegisterAndOffset & 0xF;
    unsigned I;

    for (I = 0; Register != 0 && I < Header->CountOfCodes; I++)
    {
        if (((Codes[I] >> 8) & 0xF) == UWOP_SET_FPREG && (Codes[I] & 0xFF) <= PrologOffset)
            return C->Gpr[Register] - (uint64_t)(Header->FrameRegisterAndOffset >> 4) * 16;
    }
    return C->Gpr[PE_REG_RSP];
}

/*
 * The language handler follows the codes (padded to an even count) when the primary
 * UNWIND_INFO has EHANDLER/UHANDLER set. Inside the prologue no handler applies: its frame
 * is not established yet.
 */
static void
RecordHandler(const PE_VIEW *View, uint32_t InfoRva, const UNWIND_INFO_HEADER *Header,
              uint32_t PrologOffset, PE_UNWIND_FRAME *Frame)
{
    uint32_t Flags = (Header->VersionAndFlags >> 3) & (PE_UNW_FLAG_EHANDLER | PE_UNW_FLAG_UHANDLER);
    uint32_t HandlerRva = InfoRva + 4 + ((Header->CountOfCodes + 1u) & ~1u) * 2;
    const uint32_t *Handler = PeRvaToPointer(View, HandlerRva, sizeof(uint32_t));

    if (Flags == 0 || Handler == NULL || PrologOffset < Header->SizeOfProlog)
        return;
    Frame->HandlerFlags = Flags;
    Frame->HandlerRva = *Handler;
    Frame->HandlerDataRva = HandlerRva + 4;
}

/* Replay the codes of one UNWIND_INFO whose prologue has run up to PrologOffset. */
static PE_STATUS
ApplyUnwindInfo(const PE_VIEW *View, uint32_t InfoRva, uint32_t PrologOffset, UNWIND_STATE *State,
                const PE_RUNTIME_FUNCTION **Chained, PE_UNWIND_FRAME *Frame)
{
    const UNWIND_INFO_HEADER *Header = PeRvaToPointer(View, InfoRva, sizeof(*Header));
    uint8_t Version = Header != NULL ? (Header->VersionAndFlags & 7) : 0;
    const uint16_t *Codes = NULL;
    unsigned I, Count, Slots;
    PE_STATUS Status;

    if ((InfoRva & 3) != 0 || Header == NULL || Version == 0 || Version > 2)
        return PE_E_BAD_DIRECTORY;
    Count = Header->CountOfCodes;
    if (Count > 0 && (Codes = PeRvaToPointer(View, InfoRva + 4, Count * 2)) == NULL)
        return PE_E_BAD_DIRECTORY;
    State->FrameBase = FrameBase(State->Context, Header, Codes, PrologOffset);
    if (Frame != NULL && PrologOffset != CHAINED_PARENT)
        Frame->EstablisherFrame = State->FrameBase;
    /* A chain ends in the function's primary entry, which names its handler. */
    if (Frame != NULL && !((Header->VersionAndFlags >> 3) & UNW_FLAG_CHAININFO))
        RecordHandler(View, InfoRva, Header, PrologOffset, Frame);
    for (I = 0; I < Count; I += Slots)
    {
        uint8_t Op = (Codes[I] >> 8) & 0xF;

        Slots = CodeSlots(Version, Op, Codes[I] >> 12);
        if (Slots == 0 || I + Slots > Count)
            return PE_E_BAD_DIRECTORY;
        if (Op == UWOP_EPILOG || (Codes[I] & 0xFF) > PrologOffset)
            continue; /* an epilog description, or a prologue step not yet executed */
        Status = ApplyCode(State, Codes, I);
        if (Status != PE_OK || State->MachineFrame)
            return Status;
    }
    *Chained = NULL;
    if ((Header->VersionAndFlags >> 3) & UNW_FLAG_CHAININFO)
    {
        *Chained = PeRvaToPointer(View, InfoRva + 4 + ((Count + 1) & ~1u) * 2,
                                  sizeof(PE_RUNTIME_FUNCTION));
        if (*Chained == NULL)
            return PE_E_BAD_DIRECTORY;
    }
    return PE_OK;
}

PE_STATUS
PeVirtualUnwind(const PE_VIEW *View, PE_UNWIND_CONTEXT *Context, PE_READ_STACK Read,
                void *ReadContext)
{
    return PeVirtualUnwindFrame(View, Context, Read, ReadContext, NULL);
}

PE_STATUS
PeVirtualUnwindFrame(const PE_VIEW *View, PE_UNWIND_CONTEXT *Context, PE_READ_STACK Read,
                     void *ReadContext, PE_UNWIND_FRAME *Frame)
{
    const PE_RUNTIME_FUNCTION *Function, *Chained;
    UNWIND_STATE State = {Context, Read, ReadContext, 0, 0};
    uint32_t Rva, PrologOffset;
    PE_STATUS Status;
    int Depth;

    if (Frame != NULL)
    {
        Frame->EstablisherFrame = Context->Gpr[PE_REG_RSP]; /* a leaf function's frame */
        Frame->HandlerFlags = 0;
    }
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
        Status = ApplyUnwindInfo(View, Function->UnwindData, PrologOffset, &State, &Chained, Frame);
        if (Status != PE_OK || State.MachineFrame)
            return Status;
        Function = Chained;
        PrologOffset = CHAINED_PARENT;
    }
    Status = ReadSlot(&State, Context->Gpr[PE_REG_RSP], &Context->Rip);
    Context->Gpr[PE_REG_RSP] += 8;
    return Status;
}
