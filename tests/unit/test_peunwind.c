/* SPDX-License-Identifier: MIT */
/*
 * unit.pe.unwind: PeLookupFunctionEntry's binary search of .pdata, and PeVirtualUnwind
 * replaying UNWIND_INFO codes (pushes, allocations, frame register, saves, machine frames,
 * partial prologues, chained entries) against a fake stack, and refusing malformed input.
 */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "petest.h"
#include "peunwind.h"

/* The test image: .text, .xdata (UNWIND_INFO blobs), .pdata (the RUNTIME_FUNCTION table). */
#define TEXT_RVA 0x1000u
#define XDATA_RVA 0x2000u
#define PDATA_RVA 0x3000u
#define IMAGE_SIZE 0x4000u
#define LOAD_BASE 0xFFFFF80000400000ull
#define FUNC_BEGIN 0x1100u
#define FUNC_END 0x1200u
#define BODY_RIP (LOAD_BASE + FUNC_BEGIN + 0x80)
#define RETURN_RIP 0xFFFFF80000C01234ull /* the caller's RIP (outside the image) */

/* The fake stack: STACK_SLOTS quadwords at STACK_BASE; everything else is unreadable. */
#define STACK_BASE 0xFFFFF88000020000ull
#define STACK_SLOTS 256u
#define STACK_POISON 0xDEAD000000000000ull

/* Register values: what the caller had, what the function left, and untouched ones. */
#define CALLER(Reg) (0xCA11E00000000000ull | (uint64_t)(Reg) << 8)
#define GARBAGE(Reg) (0x6A4BA6E000000000ull | (uint64_t)(Reg) << 8)
#define SENTINEL(Reg) (0x5E5E000000000000ull | (uint64_t)(Reg) << 8)

#define UNW_FLAG_CHAININFO PB_UNW_FLAG_CHAININFO
#define UWOP_PUSH_NONVOL 0
#define UWOP_ALLOC_LARGE 1
#define UWOP_ALLOC_SMALL 2
#define UWOP_SET_FPREG 3
#define UWOP_SAVE_NONVOL 4
#define UWOP_SAVE_NONVOL_FAR 5
#define UWOP_EPILOG 6 /* version 2 only */
#define UWOP_SPARE 7
#define UWOP_SAVE_XMM128 8
#define UWOP_SAVE_XMM128_FAR 9
#define UWOP_PUSH_MACHFRAME 10

/* An UNWIND_CODE slot: offset of the end of the prologue instruction, operation, info. */
#define CODE(Offset, Op, Info) ((uint16_t)((Offset) | (Op) << 8 | (Info) << 12))
/* A version 1 UNWIND_INFO holding exactly the given slots; with a frame register and its
 * offset (in units of 16 bytes). SizeOfProlog is informational and left 0. */
#define SLOTS(...) (sizeof((uint16_t[]){__VA_ARGS__}) / 2)
#define INFO(...)                                                                  \
    {                                                                              \
        .Version = 1, .CountOfCodes = SLOTS(__VA_ARGS__), .Codes = { __VA_ARGS__ } \
    }
#define FRAME_INFO(Reg, Offset, ...)                                   \
    {                                                                  \
        .Version = 1, .FrameRegister = (Reg), .FrameOffset = (Offset), \
        .CountOfCodes = SLOTS(__VA_ARGS__), .Codes = {                 \
            __VA_ARGS__                                                \
        }                                                              \
    }

enum
{
    RG_RAX,
    RG_RCX,
    RG_RDX,
    RG_RBX,
    RG_RSP,
    RG_RBP,
    RG_RSI,
    RG_RDI,
    RG_R8,
    RG_R9,
    RG_R10,
    RG_R11,
    RG_R12,
    RG_R13,
    RG_R14,
    RG_R15
};

typedef PB_UNWIND_INFO UT_INFO;

typedef struct UT_IMAGE
{
    uint8_t Text[0x1000];
    PB_UNWIND Unwind;
} UT_IMAGE;

/* One unwind: the fake stack, the context at the fault, and the caller's context. */
typedef struct UT_CASE
{
    uint64_t Slots[STACK_SLOTS];
    uint64_t Refused; /* an address the callback refuses as if not present; 0: none */
    PE_UNWIND_CONTEXT Context;
    PE_UNWIND_CONTEXT Expected;
} UT_CASE;

static const UT_INFO NoCodes = {.Version = 1};

/* ---- Image and stack helpers ------------------------------------------------------------- */

static void
UtInit(UT_IMAGE *Image)
{
    memset(Image->Text, 0xCC, sizeof(Image->Text));
    PbUnwindInit(&Image->Unwind, XDATA_RVA);
}

/* Images loaded by the running test, so that one failing half-way leaks nothing. */
static PB_LOADED UtLive[4];

static void
UtUnload(PB_LOADED *Loaded)
{
    for (size_t i = 0; i < sizeof(UtLive) / sizeof(UtLive[0]); i++)
    {
        if (UtLive[i].File == Loaded->File)
        {
            memset(&UtLive[i], 0, sizeof(UtLive[i]));
            break;
        }
    }
    PbUnload(Loaded);
}

static int
UtUnloadAll(void **State)
{
    (void)State;
    for (size_t i = 0; i < sizeof(UtLive) / sizeof(UtLive[0]); i++)
    {
        if (UtLive[i].File != NULL)
        {
            PbUnload(&UtLive[i]);
        }
    }
    return 0;
}

static void
UtLoad(const UT_IMAGE *Image, PB_LOADED *Loaded)
{
    PB_IMAGE Pb;
    PE_STATUS Status;
    size_t Slot = 0;

    PbInit(&Pb, LOAD_BASE);
    assert_int_equal(PbAddSection(&Pb, ".text", PB_CODE, Image->Text, sizeof(Image->Text), 0),
                     TEXT_RVA);
    assert_int_equal(PbAddUnwindSections(&Pb, &Image->Unwind), PDATA_RVA);
    while (UtLive[Slot].File != NULL)
    {
        assert_true(++Slot < sizeof(UtLive) / sizeof(UtLive[0]));
    }
    Status = PbLoad(&Pb, "unwind.sys", LOAD_BASE, Loaded);
    PbFree(&Pb);
    UtLive[Slot] = *Loaded;
    assert_pe_status(Status, PE_OK);
    assert_int_equal(Loaded->View.Size, IMAGE_SIZE);
}

/* An image with one function, FUNC_BEGIN..FUNC_END, described by Info. */
static void
UtLoadOne(const UT_INFO *Info, PB_LOADED *Loaded)
{
    UT_IMAGE Image;

    UtInit(&Image);
    PbAddRuntimeFunction(&Image.Unwind, FUNC_BEGIN, FUNC_END, PbAddUnwindInfo(&Image.Unwind, Info));
    UtLoad(&Image, Loaded);
}

/* The mapped RUNTIME_FUNCTION table and directory, for tests that corrupt them. */
static PE_RUNTIME_FUNCTION *
UtTable(PB_LOADED *Loaded)
{
    return (PE_RUNTIME_FUNCTION *)(void *)(Loaded->Memory + PDATA_RVA);
}

static PE_DATA_DIRECTORY *
UtDirectory(PB_LOADED *Loaded)
{
    return &Loaded->View.Nt->OptionalHeader.DataDirectory[PE_DIRECTORY_EXCEPTION];
}

static int
UtRead(void *Context, uint64_t Address, uint64_t *Value)
{
    UT_CASE *Case = Context;

    if (Address < STACK_BASE || Address - STACK_BASE >= STACK_SLOTS * 8u || (Address & 7) != 0 ||
        Address == Case->Refused)
    {
        return 0;
    }
    *Value = Case->Slots[(Address - STACK_BASE) / 8];
    return 1;
}

static void
UtPut(UT_CASE *Case, uint64_t Address, uint64_t Value)
{
    assert_true(Address >= STACK_BASE && Address - STACK_BASE < STACK_SLOTS * 8u);
    assert_int_equal(Address & 7, 0);
    Case->Slots[(Address - STACK_BASE) / 8] = Value;
}

/* A poisoned stack; every register holds its sentinel, and is expected to keep it. */
static void
UtBegin(UT_CASE *Case, uint64_t Rip, uint64_t Rsp)
{
    for (unsigned i = 0; i < STACK_SLOTS; i++)
    {
        Case->Slots[i] = STACK_POISON | i * 8u;
    }
    Case->Refused = 0;
    for (unsigned i = 0; i < 16; i++)
    {
        Case->Context.Gpr[i] = SENTINEL(i);
    }
    Case->Context.Rip = Rip;
    Case->Context.Gpr[RG_RSP] = Rsp;
    Case->Expected = Case->Context;
}

/* Address holds the caller's Reg, which the function has since overwritten. */
static void
UtSaved(UT_CASE *Case, uint64_t Address, unsigned Reg)
{
    UtPut(Case, Address, CALLER(Reg));
    Case->Context.Gpr[Reg] = GARBAGE(Reg);
    Case->Expected.Gpr[Reg] = CALLER(Reg);
}

/* Address holds the return address: the caller resumes there with RSP just above it. */
static void
UtReturnAt(UT_CASE *Case, uint64_t Address)
{
    UtPut(Case, Address, RETURN_RIP);
    Case->Expected.Rip = RETURN_RIP;
    Case->Expected.Gpr[RG_RSP] = Address + 8;
}

static PE_STATUS
Unwind(PB_LOADED *Loaded, UT_CASE *Case)
{
    return PeVirtualUnwind(&Loaded->View, &Case->Context, UtRead, Case);
}

static void
AssertCaller(const UT_CASE *Case)
{
    static const char *const Names[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                          "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
    const PE_UNWIND_CONTEXT *Actual = &Case->Context, *Expected = &Case->Expected;
    int Same = Actual->Rip == Expected->Rip;

    if (!Same)
    {
        print_error("rip %#" PRIx64 ", expected %#" PRIx64 "\n", Actual->Rip, Expected->Rip);
    }
    for (unsigned i = 0; i < 16; i++)
    {
        if (Actual->Gpr[i] != Expected->Gpr[i])
        {
            print_error("%s %#" PRIx64 ", expected %#" PRIx64 "\n", Names[i], Actual->Gpr[i],
                        Expected->Gpr[i]);
            Same = 0;
        }
    }
    assert_true(Same);
}

static void
UnwindAndAssert(PB_LOADED *Loaded, UT_CASE *Case)
{
    assert_pe_status(Unwind(Loaded, Case), PE_OK);
    AssertCaller(Case);
}

/* Unwind Case through the one-function image of Info: success, and the caller's state. */
static void
ExpectUnwind(const UT_INFO *Info, UT_CASE *Case)
{
    PB_LOADED Loaded;

    UtLoadOne(Info, &Loaded);
    UnwindAndAssert(&Loaded, Case);
    UtUnload(&Loaded);
}

/* Unwind through the one-function image of Info at Rip: a failure status, and no crash. */
static void
ExpectFailure(const UT_INFO *Info, uint64_t Rip)
{
    PB_LOADED Loaded;
    UT_CASE Case;

    UtLoadOne(Info, &Loaded);
    UtBegin(&Case, Rip, STACK_BASE + 0x100);
    assert_int_not_equal(Unwind(&Loaded, &Case), PE_OK);
    UtUnload(&Loaded);
}

/* ---- Lookup ------------------------------------------------------------------------------ */

/* Tables of 1 to 9 entries with gaps between them: every entry is found at its first and
 * last byte and inside, and no RVA in a gap, before or after the table maps to anything. */
static void
LookupHitsEveryEntry(void **State)
{
    (void)State;
    for (uint32_t Count = 1; Count <= 9; Count++)
    {
        UT_IMAGE Image;
        PB_LOADED Loaded;
        uint32_t Info;

        UtInit(&Image);
        Info = PbAddUnwindInfo(&Image.Unwind, &NoCodes);
        for (uint32_t i = 0; i < Count; i++)
        {
            PbAddRuntimeFunction(&Image.Unwind, TEXT_RVA + 0x100 * i + 0x10,
                                 TEXT_RVA + 0x100 * i + 0x80, Info);
        }
        UtLoad(&Image, &Loaded);
        for (uint32_t i = 0; i < Count; i++)
        {
            uint32_t Begin = TEXT_RVA + 0x100 * i + 0x10, End = TEXT_RVA + 0x100 * i + 0x80;
            const PE_RUNTIME_FUNCTION *Entry = &UtTable(&Loaded)[i];

            assert_ptr_equal(PeLookupFunctionEntry(&Loaded.View, Begin), Entry);
            assert_ptr_equal(PeLookupFunctionEntry(&Loaded.View, Begin + 0x33), Entry);
            assert_ptr_equal(PeLookupFunctionEntry(&Loaded.View, End - 1), Entry);
            assert_null(PeLookupFunctionEntry(&Loaded.View, Begin - 1));
            assert_null(PeLookupFunctionEntry(&Loaded.View, End)); /* the end is exclusive */
        }
        assert_null(PeLookupFunctionEntry(&Loaded.View, 0));
        assert_null(PeLookupFunctionEntry(&Loaded.View, TEXT_RVA));
        assert_null(PeLookupFunctionEntry(&Loaded.View, TEXT_RVA + 0x100 * Count + 0x10));
        assert_null(PeLookupFunctionEntry(&Loaded.View, IMAGE_SIZE));
        assert_null(PeLookupFunctionEntry(&Loaded.View, 0xFFFFFFFFu));
        UtUnload(&Loaded);
    }
}

/* Functions that touch: the boundary byte belongs to the later one. */
static void
LookupAdjacentEntries(void **State)
{
    static const uint32_t Bounds[] = {0x1000, 0x1040, 0x1041, 0x1100, 0x1101};
    UT_IMAGE Image;
    PB_LOADED Loaded;
    uint32_t Info;

    (void)State;
    UtInit(&Image);
    Info = PbAddUnwindInfo(&Image.Unwind, &NoCodes);
    for (unsigned i = 0; i + 1 < 5; i++)
    {
        PbAddRuntimeFunction(&Image.Unwind, Bounds[i], Bounds[i + 1], Info);
    }
    UtLoad(&Image, &Loaded);
    assert_ptr_equal(PeLookupFunctionEntry(&Loaded.View, 0x103F), &UtTable(&Loaded)[0]);
    assert_ptr_equal(PeLookupFunctionEntry(&Loaded.View, 0x1040), &UtTable(&Loaded)[1]);
    assert_ptr_equal(PeLookupFunctionEntry(&Loaded.View, 0x1041), &UtTable(&Loaded)[2]);
    assert_ptr_equal(PeLookupFunctionEntry(&Loaded.View, 0x10FF), &UtTable(&Loaded)[2]);
    assert_ptr_equal(PeLookupFunctionEntry(&Loaded.View, 0x1100), &UtTable(&Loaded)[3]);
    assert_null(PeLookupFunctionEntry(&Loaded.View, 0x1101));
    assert_null(PeLookupFunctionEntry(&Loaded.View, 0x0FFF));
    UtUnload(&Loaded);
}

/* No exception directory, or one past NumberOfRvaAndSizes: nothing is found. */
static void
LookupWithoutTable(void **State)
{
    UT_IMAGE Image;
    PB_LOADED Loaded;
    PE_OPTIONAL_HEADER64 *Optional;

    (void)State;
    UtInit(&Image);
    UtLoad(&Image, &Loaded);
    assert_null(PeLookupFunctionEntry(&Loaded.View, FUNC_BEGIN));
    assert_null(PeLookupFunctionEntry(&Loaded.View, 0));
    UtUnload(&Loaded);

    UtLoadOne(&NoCodes, &Loaded);
    Optional = &Loaded.View.Nt->OptionalHeader;
    Optional->NumberOfRvaAndSizes = PE_DIRECTORY_EXCEPTION + 1;
    assert_ptr_equal(PeLookupFunctionEntry(&Loaded.View, FUNC_BEGIN), &UtTable(&Loaded)[0]);
    Optional->NumberOfRvaAndSizes = PE_DIRECTORY_EXCEPTION;
    assert_null(PeLookupFunctionEntry(&Loaded.View, FUNC_BEGIN));
    Optional->NumberOfRvaAndSizes = 0;
    assert_null(PeLookupFunctionEntry(&Loaded.View, FUNC_BEGIN));
    UtUnload(&Loaded);
}

/* A directory corrupted after loading: outside the image, wrapping, misaligned, too small,
 * pointing at code. Never a crash, never an entry outside the image; the unwind then treats
 * the function as a leaf. */
static void
LookupRejectsBadTable(void **State)
{
    static const PE_DATA_DIRECTORY Bad[] = {
        {IMAGE_SIZE, 12},         {IMAGE_SIZE - 12, 24},     {IMAGE_SIZE - 4, 12},
        {0xFFFFFFF4u, 0x18},      {PDATA_RVA, 0xFFFFFFF4u},  {PDATA_RVA + 2, 36},
        {PDATA_RVA + 1, 36},      {PDATA_RVA, 11},           {TEXT_RVA, 0x600},
        {PDATA_RVA + 12 * 3, 12}, {0xFFFFFFFFu, 0xFFFFFFFFu}};
    UT_IMAGE Image;
    PB_LOADED Loaded;
    UT_CASE Case;
    uint32_t Info;

    (void)State;
    UtInit(&Image);
    Info = PbAddUnwindInfo(&Image.Unwind, &NoCodes);
    PbAddRuntimeFunction(&Image.Unwind, 0x1000, 0x1080, Info);
    PbAddRuntimeFunction(&Image.Unwind, FUNC_BEGIN, FUNC_END, Info);
    PbAddRuntimeFunction(&Image.Unwind, 0x1300, 0x1380, Info);
    UtLoad(&Image, &Loaded);
    for (size_t i = 0; i < sizeof(Bad) / sizeof(Bad[0]); i++)
    {
        *UtDirectory(&Loaded) = Bad[i];
        assert_null(PeLookupFunctionEntry(&Loaded.View, FUNC_BEGIN));
        assert_null(PeLookupFunctionEntry(&Loaded.View, 0x1000));
        UtBegin(&Case, BODY_RIP, STACK_BASE + 0x100);
        UtReturnAt(&Case, STACK_BASE + 0x100);
        UnwindAndAssert(&Loaded, &Case);
    }

    /* A size that is not a multiple of 12 uses the whole entries only. */
    *UtDirectory(&Loaded) = (PE_DATA_DIRECTORY){PDATA_RVA, 3 * 12 + 11};
    assert_ptr_equal(PeLookupFunctionEntry(&Loaded.View, 0x1300), &UtTable(&Loaded)[2]);
    *UtDirectory(&Loaded) = (PE_DATA_DIRECTORY){PDATA_RVA, 2 * 12 + 11};
    assert_ptr_equal(PeLookupFunctionEntry(&Loaded.View, FUNC_BEGIN), &UtTable(&Loaded)[1]);
    assert_null(PeLookupFunctionEntry(&Loaded.View, 0x1300));
    /* A table that starts one entry late only knows the later entries. */
    *UtDirectory(&Loaded) = (PE_DATA_DIRECTORY){PDATA_RVA + 12, 24};
    assert_null(PeLookupFunctionEntry(&Loaded.View, 0x1000));
    assert_ptr_equal(PeLookupFunctionEntry(&Loaded.View, 0x1300), &UtTable(&Loaded)[2]);
    UtUnload(&Loaded);
}

/* ---- Unwinding, one operation at a time -------------------------------------------------- */

/* Outside any RUNTIME_FUNCTION (a leaf): Rip = [Rsp], Rsp += 8, nothing else changes. */
static void
UnwindLeaf(void **State)
{
    static const uint32_t LeafRvas[] = {TEXT_RVA, FUNC_BEGIN - 1, FUNC_END, IMAGE_SIZE - 1};
    UT_IMAGE Image;
    PB_LOADED Loaded;
    UT_CASE Case;

    (void)State;
    UtLoadOne(&NoCodes, &Loaded);
    for (size_t i = 0; i < sizeof(LeafRvas) / sizeof(LeafRvas[0]); i++)
    {
        UtBegin(&Case, LOAD_BASE + LeafRvas[i], STACK_BASE + 0x88);
        UtReturnAt(&Case, STACK_BASE + 0x88);
        UnwindAndAssert(&Loaded, &Case);
    }
    UtUnload(&Loaded);

    UtInit(&Image); /* no exception directory at all */
    UtLoad(&Image, &Loaded);
    UtBegin(&Case, BODY_RIP, STACK_BASE);
    UtReturnAt(&Case, STACK_BASE);
    UnwindAndAssert(&Loaded, &Case);
    UtUnload(&Loaded);
}

/* push rbp; push rbx; push r12; push r15: each register comes back from its slot. */
static void
UnwindPushNonvol(void **State)
{
    static const UT_INFO Info =
        INFO(CODE(6, UWOP_PUSH_NONVOL, RG_R15), CODE(4, UWOP_PUSH_NONVOL, RG_R12),
             CODE(2, UWOP_PUSH_NONVOL, RG_RBX), CODE(1, UWOP_PUSH_NONVOL, RG_RBP));
    const uint64_t Sp = STACK_BASE + 0x100;
    UT_CASE Case;

    (void)State;
    UtBegin(&Case, BODY_RIP, Sp);
    UtSaved(&Case, Sp, RG_R15);
    UtSaved(&Case, Sp + 0x08, RG_R12);
    UtSaved(&Case, Sp + 0x10, RG_RBX);
    UtSaved(&Case, Sp + 0x18, RG_RBP);
    UtReturnAt(&Case, Sp + 0x20);
    ExpectUnwind(&Info, &Case);
}

/* Prologues that only allocate: Rsp moves by the size, and the return address is read
 * right above the allocation. ALLOC_LARGE info 0 has size / 8 in one slot (up to
 * 512K - 8), info 1 the size in two. */
static void
UnwindAllocations(void **State)
{
    static const struct
    {
        UT_INFO Info;
        uint64_t Size;
    } Cases[] = {
        {INFO(CODE(4, UWOP_ALLOC_SMALL, 0)), 8},
        {INFO(CODE(4, UWOP_ALLOC_SMALL, 4)), 40},
        {INFO(CODE(4, UWOP_ALLOC_SMALL, 15)), 128},
        {INFO(CODE(7, UWOP_ALLOC_LARGE, 0), 0x88 / 8), 0x88},
        {INFO(CODE(7, UWOP_ALLOC_LARGE, 0), 0xFFFF), 0x7FFF8},
        {INFO(CODE(7, UWOP_ALLOC_LARGE, 1), 0x3450, 0x0012), 0x123450},
        {INFO(CODE(7, UWOP_ALLOC_LARGE, 1), 0xFFF8, 0xFFFF), 0xFFFFFFF8u},
    };
    const uint64_t Top = STACK_BASE + 0x100;
    UT_CASE Case;

    (void)State;
    for (size_t i = 0; i < sizeof(Cases) / sizeof(Cases[0]); i++)
    {
        UtBegin(&Case, BODY_RIP, Top - Cases[i].Size);
        UtReturnAt(&Case, Top);
        ExpectUnwind(&Cases[i].Info, &Case);
    }
}

/* push rbp; sub rsp, 0x40; lea rbp, [rsp+0x20], then the body moved RSP (alloca): the
 * frame is found from RBP, not from RSP. Then the same with r13 and the largest offset:
 * push r13; sub rsp, 0x100; lea r13, [rsp+0xF0]. */
static void
UnwindSetFpreg(void **State)
{
    static const UT_INFO Rbp =
        FRAME_INFO(RG_RBP, 2, CODE(10, UWOP_SET_FPREG, 0), CODE(5, UWOP_ALLOC_SMALL, 7),
                   CODE(1, UWOP_PUSH_NONVOL, RG_RBP));
    static const UT_INFO R13 =
        FRAME_INFO(RG_R13, 15, CODE(17, UWOP_SET_FPREG, 0), CODE(9, UWOP_ALLOC_LARGE, 0), 0x100 / 8,
                   CODE(2, UWOP_PUSH_NONVOL, RG_R13));
    const uint64_t Frame = STACK_BASE + 0x100; /* RSP right after the prologue */
    UT_CASE Case;

    (void)State;
    UtBegin(&Case, BODY_RIP, Frame - 0x300);
    UtSaved(&Case, Frame + 0x40, RG_RBP);
    UtReturnAt(&Case, Frame + 0x48);
    Case.Context.Gpr[RG_RBP] = Frame + 0x20;
    ExpectUnwind(&Rbp, &Case);

    UtBegin(&Case, BODY_RIP, Frame - 0x1000);
    UtSaved(&Case, Frame + 0x100, RG_R13);
    UtReturnAt(&Case, Frame + 0x108);
    Case.Context.Gpr[RG_R13] = Frame + 0xF0;
    ExpectUnwind(&R13, &Case);
}

/* sub rsp, 0x48; mov [rsp+0x20], rsi; mov [rsp+0x28], rdi. */
static void
UnwindSaveNonvol(void **State)
{
    static const UT_INFO Info =
        INFO(CODE(14, UWOP_SAVE_NONVOL, RG_RDI), 0x28 / 8, CODE(9, UWOP_SAVE_NONVOL, RG_RSI),
             0x20 / 8, CODE(4, UWOP_ALLOC_SMALL, 8));
    const uint64_t Frame = STACK_BASE + 0x100;
    UT_CASE Case;

    (void)State;
    UtBegin(&Case, BODY_RIP, Frame);
    UtSaved(&Case, Frame + 0x20, RG_RSI);
    UtSaved(&Case, Frame + 0x28, RG_RDI);
    UtReturnAt(&Case, Frame + 0x48);
    ExpectUnwind(&Info, &Case);
}

/* sub rsp, 0x80020; mov [rsp+0x80010], r14 (the 32-bit form); mov [rsp+0x7FFF8], rbx (the
 * largest 16-bit slot). */
static void
UnwindSaveNonvolFar(void **State)
{
    static const UT_INFO Info =
        INFO(CODE(23, UWOP_SAVE_NONVOL, RG_RBX), 0xFFFF, CODE(15, UWOP_SAVE_NONVOL_FAR, RG_R14),
             0x0010, 0x0008, CODE(7, UWOP_ALLOC_LARGE, 1), 0x0020, 0x0008);
    const uint64_t Frame = STACK_BASE + 0x80 - 0x80000;
    UT_CASE Case;

    (void)State;
    UtBegin(&Case, BODY_RIP, Frame);
    UtSaved(&Case, Frame + 0x7FFF8, RG_RBX);
    UtSaved(&Case, Frame + 0x80010, RG_R14);
    UtReturnAt(&Case, Frame + 0x80020);
    ExpectUnwind(&Info, &Case);
}

/* With a frame register, save offsets are relative to where RSP was when the frame register
 * was set (FP - 16 * FrameOffset), not to the current RSP (Microsoft, "x64 exception
 * handling", struct UNWIND_CODE). push rbp; sub rsp, 0x40; lea rbp, [rsp+0x20];
 * mov [rsp+0x30], rbx; then the body allocated 0x100 more bytes (alloca). */
static void
UnwindSaveNonvolWithFrameRegister(void **State)
{
    static const UT_INFO Info = FRAME_INFO(
        RG_RBP, 2, CODE(15, UWOP_SAVE_NONVOL, RG_RBX), 0x30 / 8, CODE(10, UWOP_SET_FPREG, 0),
        CODE(5, UWOP_ALLOC_SMALL, 7), CODE(1, UWOP_PUSH_NONVOL, RG_RBP));
    const uint64_t Frame = STACK_BASE + 0x200;
    UT_CASE Case;

    (void)State;
    UtBegin(&Case, BODY_RIP, Frame - 0x100);
    UtSaved(&Case, Frame + 0x30, RG_RBX);
    UtSaved(&Case, Frame + 0x40, RG_RBP);
    UtReturnAt(&Case, Frame + 0x48);
    Case.Context.Gpr[RG_RBP] = Frame + 0x20;
    ExpectUnwind(&Info, &Case);
}

/* XMM saves restore nothing here but must skip their 2 and 3 slots: the offset slots would
 * decode as PUSH_NONVOL rax if taken for codes. push rbp; sub rsp, 0x60;
 * movaps [rsp+0x20], xmm6; movaps [rsp+0x30], xmm7 (far form); mov [rsp+0x50], rbx. */
static void
UnwindSkipsXmmSaves(void **State)
{
    static const UT_INFO Info =
        INFO(CODE(20, UWOP_SAVE_NONVOL, RG_RBX), 0x50 / 8, CODE(15, UWOP_SAVE_XMM128_FAR, 7),
             0x0030, 0x0000, CODE(10, UWOP_SAVE_XMM128, 6), 0x20 / 16,
             CODE(5, UWOP_ALLOC_SMALL, 11), CODE(1, UWOP_PUSH_NONVOL, RG_RBP));
    const uint64_t Frame = STACK_BASE + 0x100;
    UT_CASE Case;

    (void)State;
    UtBegin(&Case, BODY_RIP, Frame);
    UtSaved(&Case, Frame + 0x50, RG_RBX);
    UtSaved(&Case, Frame + 0x60, RG_RBP);
    UtReturnAt(&Case, Frame + 0x68);
    ExpectUnwind(&Info, &Case);
}

/* An interrupt handler: the CPU pushed [error code,] RIP, CS, RFLAGS, RSP, SS; the dummy
 * prologue records that, then push rax; push rbp. RIP and RSP come from the machine frame
 * and no return address is popped. At the handler's first byte only the frame applies. */
static void
UnwindMachineFrame(void **State)
{
    const uint64_t TrapRip = 0xFFFFF80000C05678ull, TrapRsp = 0xFFFFF88000123450ull;
    const uint64_t Sp = STACK_BASE + 0x100;

    (void)State;
    for (unsigned ErrorCode = 0; ErrorCode <= 1; ErrorCode++)
    {
        const UT_INFO Info =
            INFO(CODE(2, UWOP_PUSH_NONVOL, RG_RBP), CODE(1, UWOP_PUSH_NONVOL, RG_RAX),
                 CODE(0, UWOP_PUSH_MACHFRAME, ErrorCode));
        const uint64_t Frame = Sp + 0x10 + ErrorCode * 8;
        PB_LOADED Loaded;
        UT_CASE Case;

        UtLoadOne(&Info, &Loaded);
        for (unsigned AtEntry = 0; AtEntry <= 1; AtEntry++)
        {
            UtBegin(&Case, AtEntry ? LOAD_BASE + FUNC_BEGIN : BODY_RIP, AtEntry ? Sp + 0x10 : Sp);
            if (!AtEntry)
            {
                UtSaved(&Case, Sp, RG_RBP);
                UtSaved(&Case, Sp + 8, RG_RAX);
            }
            UtPut(&Case, Sp + 0x10, 0xE0E0); /* the error code, when there is one */
            UtPut(&Case, Frame, TrapRip);
            UtPut(&Case, Frame + 8, 0x10);
            UtPut(&Case, Frame + 16, 0x246);
            UtPut(&Case, Frame + 24, TrapRsp);
            UtPut(&Case, Frame + 32, 0x18);
            Case.Expected.Rip = TrapRip;
            Case.Expected.Gpr[RG_RSP] = TrapRsp;
            UnwindAndAssert(&Loaded, &Case);
        }
        UtUnload(&Loaded);
    }
}

/* ---- Partial prologues, chained entries -------------------------------------------------- */

/* push rbp (ends at 1); push rbx (2); sub rsp, 0x28 (6); lea rbp, [rsp+0x20] (11). For every
 * RIP from the first byte into the body, the stack holds only what the executed instructions
 * wrote (the rest is poison), and the caller's state must come back exactly. */
static void
UnwindPartialPrologue(void **State)
{
    static const UT_INFO Info =
        FRAME_INFO(RG_RBP, 2, CODE(11, UWOP_SET_FPREG, 0), CODE(6, UWOP_ALLOC_SMALL, 4),
                   CODE(2, UWOP_PUSH_NONVOL, RG_RBX), CODE(1, UWOP_PUSH_NONVOL, RG_RBP));
    const uint64_t CallerSp = STACK_BASE + 0x200;
    PB_LOADED Loaded;

    (void)State;
    UtLoadOne(&Info, &Loaded);
    for (uint32_t Offset = 0; Offset <= 16; Offset++)
    {
        uint64_t Sp = CallerSp - 8;
        UT_CASE Case;

        UtBegin(&Case, LOAD_BASE + FUNC_BEGIN + Offset, 0);
        Case.Context.Gpr[RG_RBX] = Case.Expected.Gpr[RG_RBX] = CALLER(RG_RBX);
        Case.Context.Gpr[RG_RBP] = Case.Expected.Gpr[RG_RBP] = CALLER(RG_RBP);
        UtReturnAt(&Case, Sp);
        if (Offset >= 1)
        {
            UtSaved(&Case, Sp -= 8, RG_RBP);
        }
        if (Offset >= 2)
        {
            UtSaved(&Case, Sp -= 8, RG_RBX);
        }
        if (Offset >= 6)
        {
            Sp -= 0x28;
        }
        if (Offset >= 11)
        {
            Case.Context.Gpr[RG_RBP] = Sp + 0x20;
        }
        Case.Context.Gpr[RG_RSP] = Offset > 11 ? Sp - 0x40 : Sp; /* the body may move RSP */
        if (Unwind(&Loaded, &Case) != PE_OK || Case.Context.Rip != RETURN_RIP ||
            Case.Context.Gpr[RG_RSP] != CallerSp)
        {
            print_error("RIP at prologue offset %u\n", Offset);
        }
        AssertCaller(&Case);
    }
    UtUnload(&Loaded);
}

/* The stack as P's prologue (push rbp; push rsi; sub rsp, 0x10) left it, at Sp. */
static void
UtParentFrame(UT_CASE *Case, uint64_t Sp)
{
    UtSaved(Case, Sp + 0x10, RG_RSI);
    UtSaved(Case, Sp + 0x18, RG_RBP);
    UtReturnAt(Case, Sp + 0x20);
}

/* Parent P (0x1000): push rbp; push rsi; sub rsp, 0x10. Child C (0x1080), chained to P:
 * push rdi (one code: the chain entry follows a padding slot). Grandchild G (0x10C0),
 * chained to C: push r12; sub rsp, 0x20 (two codes, no padding). Parents apply in full even
 * when the child's own prologue has not run. */
static void
UnwindChained(void **State)
{
    UT_INFO Child = INFO(CODE(1, UWOP_PUSH_NONVOL, RG_RDI));
    UT_INFO Grandchild = INFO(CODE(6, UWOP_ALLOC_SMALL, 3), CODE(2, UWOP_PUSH_NONVOL, RG_R12));
    const UT_INFO Parent = INFO(CODE(6, UWOP_ALLOC_SMALL, 1), CODE(2, UWOP_PUSH_NONVOL, RG_RSI),
                                CODE(1, UWOP_PUSH_NONVOL, RG_RBP));
    const uint64_t Sp = STACK_BASE + 0x100; /* RSP in C's body */
    UT_IMAGE Image;
    PB_LOADED Loaded;
    UT_CASE Case;

    (void)State;
    UtInit(&Image);
    Child.Flags = Grandchild.Flags = UNW_FLAG_CHAININFO;
    Child.Chain = (PE_RUNTIME_FUNCTION){0x1000, 0x1080, PbAddUnwindInfo(&Image.Unwind, &Parent)};
    Grandchild.Chain =
        (PE_RUNTIME_FUNCTION){0x1080, 0x10C0, PbAddUnwindInfo(&Image.Unwind, &Child)};
    PbAddRuntimeFunction(&Image.Unwind, 0x1000, 0x1080, Child.Chain.UnwindData);
    PbAddRuntimeFunction(&Image.Unwind, 0x1080, 0x10C0, Grandchild.Chain.UnwindData);
    PbAddRuntimeFunction(&Image.Unwind, 0x10C0, 0x1100,
                         PbAddUnwindInfo(&Image.Unwind, &Grandchild));
    UtLoad(&Image, &Loaded);

    UtBegin(&Case, LOAD_BASE + 0x1090, Sp); /* C's body */
    UtSaved(&Case, Sp, RG_RDI);
    UtParentFrame(&Case, Sp + 8);
    UnwindAndAssert(&Loaded, &Case);

    UtBegin(&Case, LOAD_BASE + 0x10C8, Sp - 0x28); /* G's body: two chain links */
    UtSaved(&Case, Sp - 8, RG_R12);
    UtSaved(&Case, Sp, RG_RDI);
    UtParentFrame(&Case, Sp + 8);
    UnwindAndAssert(&Loaded, &Case);

    UtBegin(&Case, LOAD_BASE + 0x1080, Sp + 8); /* C's first byte: push rdi has not run */
    UtParentFrame(&Case, Sp + 8);
    UnwindAndAssert(&Loaded, &Case);
    UtUnload(&Loaded);
}

/* A chain of eight links, each allocating 8 bytes, is followed to its end. */
static void
UnwindLongChain(void **State)
{
    UT_INFO Info = INFO(CODE(0, UWOP_ALLOC_SMALL, 0));
    UT_IMAGE Image;
    PB_LOADED Loaded;
    UT_CASE Case;
    uint32_t Rva;

    (void)State;
    UtInit(&Image);
    Rva = PbAddUnwindInfo(&Image.Unwind, &Info);
    Info.Flags = UNW_FLAG_CHAININFO;
    for (unsigned i = 1; i < 8; i++)
    {
        Info.Chain = (PE_RUNTIME_FUNCTION){0x1000, 0x1010, Rva};
        Rva = PbAddUnwindInfo(&Image.Unwind, &Info);
    }
    PbAddRuntimeFunction(&Image.Unwind, FUNC_BEGIN, FUNC_END, Rva);
    UtLoad(&Image, &Loaded);
    UtBegin(&Case, BODY_RIP, STACK_BASE + 0x100);
    UtReturnAt(&Case, STACK_BASE + 0x140);
    UnwindAndAssert(&Loaded, &Case);
    UtUnload(&Loaded);
}

/* Version 2 puts UWOP_EPILOG descriptors (one slot each) before the prologue codes; a
 * prologue unwind skips them. Here: an epilog of 1 byte at the end of the function, another
 * 0x40 bytes before the end, then push rbp. */
static void
UnwindVersion2EpilogCodes(void **State)
{
    static const UT_INFO Info = {
        .Version = 2,
        .SizeOfProlog = 1,
        .CountOfCodes = 3,
        .Codes = {CODE(1, UWOP_EPILOG, 1), CODE(0x40, UWOP_EPILOG, 0),
                  CODE(1, UWOP_PUSH_NONVOL, RG_RBP)},
    };
    const uint64_t Sp = STACK_BASE + 0x100;
    UT_CASE Case;

    (void)State;
    UtBegin(&Case, BODY_RIP, Sp);
    UtSaved(&Case, Sp, RG_RBP);
    UtReturnAt(&Case, Sp + 8);
    ExpectUnwind(&Info, &Case);
}

/* ---- A realistic frame ------------------------------------------------------------------- */

/* What gcc emits for a function with locals and alloca: push rbp; push rbx;
 * sub rsp, 0x158; lea rbp, [rsp+0x80], with .seh_setframe %rbp, 0x80. */
static const uint8_t GccPrologue[] = {
    0x55,                                          /* push rbp             ends at 1 */
    0x53,                                          /* push rbx             ends at 2 */
    0x48, 0x81, 0xEC, 0x58, 0x01, 0x00, 0x00,      /* sub rsp, 0x158       ends at 9 */
    0x48, 0x8D, 0xAC, 0x24, 0x80, 0x00, 0x00, 0x00 /* lea rbp, [rsp+0x80]  ends at 17 */
};

static const UT_INFO GccInfo = {
    .Version = 1,
    .SizeOfProlog = sizeof(GccPrologue),
    .FrameRegister = RG_RBP,
    .FrameOffset = 0x80 / 16,
    .CountOfCodes = 5,
    .Codes = {CODE(17, UWOP_SET_FPREG, 0), CODE(9, UWOP_ALLOC_LARGE, 0), 0x158 / 8,
              CODE(2, UWOP_PUSH_NONVOL, RG_RBX), CODE(1, UWOP_PUSH_NONVOL, RG_RBP)},
};

#define GCC_CALLER_SP (STACK_BASE + 0x200)
#define GCC_FRAME (GCC_CALLER_SP - 0x170) /* RSP after its prologue */

/* The gcc function at FUNC_BEGIN, a callee of it at 0x1200 (push rsi; sub rsp, 0x20), and
 * a stack as the gcc function's prologue left it. */
static void
UtLoadGccImage(PB_LOADED *Loaded, UT_CASE *Case)
{
    static const UT_INFO Callee =
        INFO(CODE(5, UWOP_ALLOC_SMALL, 3), CODE(1, UWOP_PUSH_NONVOL, RG_RSI));
    UT_IMAGE Image;

    UtInit(&Image);
    memcpy(Image.Text + FUNC_BEGIN - TEXT_RVA, GccPrologue, sizeof(GccPrologue));
    PbAddRuntimeFunction(&Image.Unwind, FUNC_BEGIN, FUNC_END,
                         PbAddUnwindInfo(&Image.Unwind, &GccInfo));
    PbAddRuntimeFunction(&Image.Unwind, 0x1200, 0x1240, PbAddUnwindInfo(&Image.Unwind, &Callee));
    UtLoad(&Image, Loaded);

    UtBegin(Case, BODY_RIP, GCC_FRAME);
    UtReturnAt(Case, GCC_CALLER_SP - 8);
    UtSaved(Case, GCC_CALLER_SP - 16, RG_RBP);
    UtSaved(Case, GCC_CALLER_SP - 24, RG_RBX);
    Case->Context.Gpr[RG_RBP] = GCC_FRAME + 0x80;
}

/* The caller's RIP, RSP, RBX and RBP come back exactly, whether or not the body moved RSP. */
static void
UnwindGccFrame(void **State)
{
    PB_LOADED Loaded;
    UT_CASE Case;

    (void)State;
    for (uint64_t Alloca = 0; Alloca <= 0x60; Alloca += 0x30)
    {
        UtLoadGccImage(&Loaded, &Case);
        Case.Context.Gpr[RG_RSP] = GCC_FRAME - Alloca;
        UnwindAndAssert(&Loaded, &Case);
        UtUnload(&Loaded);
    }
}

/* A stack walk: the callee returns into the gcc function's body (after an alloca of 0x40),
 * which returns to the caller outside the image. */
static void
UnwindWalksTwoFrames(void **State)
{
    const uint64_t CalleeSp = GCC_FRAME - 0x40 - 0x30;
    PB_LOADED Loaded;
    UT_CASE Case;
    PE_UNWIND_CONTEXT Caller;

    (void)State;
    UtLoadGccImage(&Loaded, &Case);
    Caller = Case.Expected;
    Case.Expected = Case.Context;
    Case.Context.Rip = LOAD_BASE + 0x1220;
    Case.Context.Gpr[RG_RSP] = CalleeSp;
    UtSaved(&Case, CalleeSp + 0x20, RG_RSI);
    UtPut(&Case, CalleeSp + 0x28, BODY_RIP);
    Case.Expected.Gpr[RG_RSP] = CalleeSp + 0x30;
    UnwindAndAssert(&Loaded, &Case);

    Case.Expected = Caller;
    Case.Expected.Gpr[RG_RSI] = CALLER(RG_RSI);
    UnwindAndAssert(&Loaded, &Case);
    UtUnload(&Loaded);
}

/* ---- Errors ------------------------------------------------------------------------------ */

/* For each stack slot the unwind needs, a callback that refuses that one read fails it. */
static void
ExpectEveryReadChecked(const UT_INFO *Info, uint64_t Sp, const uint64_t *Slots, size_t Count)
{
    PB_LOADED Loaded;

    UtLoadOne(Info, &Loaded);
    for (size_t i = 0; i < Count; i++)
    {
        UT_CASE Case;

        UtBegin(&Case, BODY_RIP, Sp);
        Case.Refused = Sp + Slots[i];
        Case.Context.Gpr[RG_RBP] = Sp + 0x20; /* for the frame-register case */
        if (Unwind(&Loaded, &Case) == PE_OK)
        {
            print_error("the read at RSP + %#" PRIx64 " was refused, yet the unwind succeeded\n",
                        Slots[i]);
            fail();
        }
    }
    UtUnload(&Loaded);
}

static void
UnwindRefusedReads(void **State)
{
    static const uint64_t Push[] = {0, 8, 0x10, 0x18, 0x20}, Leaf[] = {0};
    static const uint64_t Save[] = {0x20, 0x28, 0x48}, Far[] = {0x10010, 0x10018};
    static const uint64_t Frame[] = {0x30}, Machine[] = {0, 0x18};
    static const UT_INFO PushInfo =
        INFO(CODE(6, UWOP_PUSH_NONVOL, RG_R15), CODE(4, UWOP_PUSH_NONVOL, RG_R12),
             CODE(2, UWOP_PUSH_NONVOL, RG_RBX), CODE(1, UWOP_PUSH_NONVOL, RG_RBP));
    static const UT_INFO SaveInfo =
        INFO(CODE(14, UWOP_SAVE_NONVOL, RG_RDI), 0x28 / 8, CODE(9, UWOP_SAVE_NONVOL, RG_RSI),
             0x20 / 8, CODE(4, UWOP_ALLOC_SMALL, 8));
    static const UT_INFO FarInfo = INFO(CODE(9, UWOP_SAVE_NONVOL_FAR, RG_RBX), 0x0010, 0x0001,
                                        CODE(4, UWOP_ALLOC_LARGE, 0), 0x10018 / 8);
    /* RSP comes from RBP = RSP + 0x20, then 0x10 are freed: the return is at RSP + 0x30. */
    static const UT_INFO FrameInfo =
        FRAME_INFO(RG_RBP, 0, CODE(6, UWOP_SET_FPREG, 0), CODE(1, UWOP_ALLOC_SMALL, 1));
    static const UT_INFO MachineInfo = INFO(CODE(0, UWOP_PUSH_MACHFRAME, 0));

    (void)State;
    ExpectEveryReadChecked(&PushInfo, STACK_BASE + 0x100, Push, 5);
    ExpectEveryReadChecked(&NoCodes, STACK_BASE + 0x100, Leaf, 1);
    ExpectEveryReadChecked(&SaveInfo, STACK_BASE + 0x100, Save, 3);
    ExpectEveryReadChecked(&FarInfo, STACK_BASE + 0x100 - 0x10000, Far, 2);
    ExpectEveryReadChecked(&FrameInfo, STACK_BASE + 0x100, Frame, 1);
    ExpectEveryReadChecked(&MachineInfo, STACK_BASE + 0x100, Machine, 2);
}

/* The UNWIND_INFO itself, or its code array, outside the image. */
static void
UnwindInfoOutOfBounds(void **State)
{
    static const uint32_t BadRvas[] = {IMAGE_SIZE,  IMAGE_SIZE - 2, IMAGE_SIZE + 0x1000,
                                       0xFFFFFFFCu, 0xFFFFFFFEu,    0x7FFFFFFEu};
    /* Version 1; two codes: ALLOC_SMALL 8 at offsets 4 and 0. */
    static const uint8_t TwoCodes[] = {1, 0, 2, 0, 4, UWOP_ALLOC_SMALL, 0, UWOP_ALLOC_SMALL};
    PB_LOADED Loaded;
    UT_CASE Case;

    (void)State;
    UtLoadOne(&NoCodes, &Loaded);
    for (size_t i = 0; i < sizeof(BadRvas) / sizeof(BadRvas[0]); i++)
    {
        UtTable(&Loaded)[0].UnwindData = BadRvas[i];
        UtBegin(&Case, BODY_RIP, STACK_BASE + 0x100);
        assert_int_not_equal(Unwind(&Loaded, &Case), PE_OK);
    }

    /* A header in the image's last bytes whose codes run past its end. */
    memcpy(Loaded.Memory + IMAGE_SIZE - 4, TwoCodes, 4);
    UtTable(&Loaded)[0].UnwindData = IMAGE_SIZE - 4;
    UtBegin(&Case, BODY_RIP, STACK_BASE + 0x100);
    assert_int_not_equal(Unwind(&Loaded, &Case), PE_OK);

    /* ... and moved back so that the codes end exactly at the end of the image: valid. */
    memcpy(Loaded.Memory + IMAGE_SIZE - 8, TwoCodes, 8);
    UtTable(&Loaded)[0].UnwindData = IMAGE_SIZE - 8;
    UtBegin(&Case, BODY_RIP, STACK_BASE + 0x100);
    UtReturnAt(&Case, STACK_BASE + 0x110);
    UnwindAndAssert(&Loaded, &Case);
    UtUnload(&Loaded);
}

/* Versions 1 and 2 are known; 0 and 3..7 are refused. */
static void
UnwindBadVersion(void **State)
{
    UT_INFO Info = INFO(CODE(4, UWOP_ALLOC_SMALL, 0));
    UT_CASE Case;

    (void)State;
    for (uint8_t Version = 0; Version < 8; Version++)
    {
        Info.Version = Version;
        if (Version == 1 || Version == 2)
        {
            UtBegin(&Case, BODY_RIP, STACK_BASE + 0x100);
            UtReturnAt(&Case, STACK_BASE + 0x108);
            ExpectUnwind(&Info, &Case);
        }
        else
        {
            ExpectFailure(&Info, BODY_RIP);
        }
    }
}

/* A code whose operand slots lie past CountOfCodes: refused, even when the code has not
 * executed yet (RIP at the first byte), since the array cannot be walked past it. */
static void
UnwindCodesPastArray(void **State)
{
    static const UT_INFO Short[] = {
        INFO(CODE(7, UWOP_ALLOC_LARGE, 0)),
        INFO(CODE(7, UWOP_ALLOC_LARGE, 1), 0x10),
        INFO(CODE(7, UWOP_SAVE_NONVOL, RG_RBX)),
        INFO(CODE(7, UWOP_SAVE_NONVOL_FAR, RG_RBX), 1),
        INFO(CODE(7, UWOP_SAVE_XMM128, 6)),
        INFO(CODE(7, UWOP_SAVE_XMM128_FAR, 6), 1),
        INFO(CODE(8, UWOP_PUSH_NONVOL, RG_RBP), CODE(7, UWOP_ALLOC_LARGE, 0)),
        INFO(CODE(8, UWOP_PUSH_NONVOL, RG_RBP), CODE(7, UWOP_ALLOC_LARGE, 1), 0x10),
    };

    (void)State;
    for (size_t i = 0; i < sizeof(Short) / sizeof(Short[0]); i++)
    {
        ExpectFailure(&Short[i], BODY_RIP);
        ExpectFailure(&Short[i], LOAD_BASE + FUNC_BEGIN);
    }
}

/* Operations with no meaning in a version 1 prologue. */
static void
UnwindUnknownOps(void **State)
{
    static const uint8_t Ops[] = {UWOP_EPILOG, UWOP_SPARE, 11, 12, 13, 14, 15};

    (void)State;
    for (size_t i = 0; i < sizeof(Ops) / sizeof(Ops[0]); i++)
    {
        const UT_INFO Info = INFO(CODE(1, Ops[i], 0), 0);

        ExpectFailure(&Info, BODY_RIP);
    }
}

/* An entry chained to itself, and two chained to each other: stopped, not followed forever,
 * whether or not each link reads the stack. */
static void
UnwindChainLoop(void **State)
{
    static const uint8_t Ops[] = {UWOP_ALLOC_SMALL, UWOP_PUSH_NONVOL};

    (void)State;
    for (size_t i = 0; i < 2 * sizeof(Ops); i++)
    {
        UT_INFO Info = INFO(CODE(0, Ops[i / 2], 0));
        UT_IMAGE Image;
        PB_LOADED Loaded;
        UT_CASE Case;
        uint32_t First, Second;

        UtInit(&Image);
        Info.Flags = UNW_FLAG_CHAININFO;
        First = PbNextUnwindInfo(&Image.Unwind);
        Second = First + PbUnwindInfoSize(&Info);
        Info.Chain = (PE_RUNTIME_FUNCTION){FUNC_BEGIN, FUNC_END, i % 2 ? Second : First};
        PbAddRuntimeFunction(&Image.Unwind, FUNC_BEGIN, FUNC_END,
                             PbAddUnwindInfo(&Image.Unwind, &Info));
        Info.Chain.UnwindData = First;
        assert_int_equal(PbAddUnwindInfo(&Image.Unwind, &Info), Second);
        UtLoad(&Image, &Loaded);
        UtBegin(&Case, BODY_RIP, STACK_BASE);
        assert_int_not_equal(Unwind(&Loaded, &Case), PE_OK);
        UtUnload(&Loaded);
    }
}

/* The chained RUNTIME_FUNCTION (after the codes) partly or wholly outside the image, or its
 * UNWIND_INFO outside: an error, not the end of the chain. The info sits at the image's end:
 * version 1, CHAININFO, two codes (ALLOC_SMALL 8 at offset 0, twice). */
static void
UnwindChainedEntryOutOfBounds(void **State)
{
    static const uint8_t Header[] = {1 | UNW_FLAG_CHAININFO << 3, 0, 2, 0, 0, 2, 0, 2};
    static const uint32_t InfoRvas[] = {IMAGE_SIZE - 8, IMAGE_SIZE - 12, IMAGE_SIZE - 20};
    static const PE_RUNTIME_FUNCTION Far = {0x1000, 0x1010, 0xFFFFFFF0u};
    PB_LOADED Loaded;
    UT_CASE Case;
    int Accepted = 0;

    (void)State;
    UtLoadOne(&NoCodes, &Loaded);
    for (size_t i = 0; i < sizeof(InfoRvas) / sizeof(InfoRvas[0]); i++)
    {
        memset(Loaded.Memory + IMAGE_SIZE - 20, 0, 20);
        memcpy(Loaded.Memory + InfoRvas[i], Header, sizeof(Header));
        if (InfoRvas[i] + 8 + sizeof(Far) <= IMAGE_SIZE)
        {
            memcpy(Loaded.Memory + InfoRvas[i] + 8, &Far, sizeof(Far));
        }
        UtTable(&Loaded)[0].UnwindData = InfoRvas[i];
        UtBegin(&Case, BODY_RIP, STACK_BASE + 0x100);
        if (Unwind(&Loaded, &Case) == PE_OK)
        {
            print_error("UNWIND_INFO at %#x: chained entry at %#x..%#x accepted\n", InfoRvas[i],
                        InfoRvas[i] + 8, InfoRvas[i] + 20);
            Accepted++;
        }
    }
    UtUnload(&Loaded);
    assert_int_equal(Accepted, 0);
}

/* UNWIND_INFO must be DWORD aligned. One at 2 mod 4 with a chained entry must not be read
 * through misaligned pointers (UBSan aborts on that). Either status is acceptable; the
 * unwind runs in a child process so that a sanitizer abort fails this test only. */
static void
UnwindMisalignedInfo(void **State)
{
    UT_INFO Info = INFO(CODE(0, UWOP_ALLOC_SMALL, 0));
    UT_IMAGE Image;
    PB_LOADED Loaded;
    UT_CASE Case;
    pid_t Child;
    int Status;

    (void)State;
    UtInit(&Image);
    Info.Flags = UNW_FLAG_CHAININFO;
    Info.Chain = (PE_RUNTIME_FUNCTION){0x1000, 0x1010, PbAddUnwindInfo(&Image.Unwind, &NoCodes)};
    PbAddRuntimeFunction(&Image.Unwind, FUNC_BEGIN, FUNC_END,
                         PbPutUnwindInfo(&Image.Unwind, 0x102, &Info));
    UtLoad(&Image, &Loaded);
    UtBegin(&Case, BODY_RIP, STACK_BASE + 0x100);
    fflush(NULL);
    Child = fork();
    assert_true(Child >= 0);
    if (Child == 0)
    {
        _exit(Unwind(&Loaded, &Case) == PE_OK ? 10 : 11);
    }
    assert_int_equal(waitpid(Child, &Status, 0), Child);
    UtUnload(&Loaded);
    if (!WIFEXITED(Status) || (WEXITSTATUS(Status) != 10 && WEXITSTATUS(Status) != 11))
    {
        print_error("PeVirtualUnwind died (wait status %#x): see the sanitizer report\n", Status);
        fail();
    }
}

/* RIP not inside the image: refused. */
static void
UnwindRipOutsideImage(void **State)
{
    static const uint64_t Rips[] = {0, LOAD_BASE - 1, LOAD_BASE + IMAGE_SIZE,
                                    LOAD_BASE + 0x100000000ull + FUNC_BEGIN, UINT64_MAX};
    PB_LOADED Loaded;
    UT_CASE Case;

    (void)State;
    UtLoadOne(&NoCodes, &Loaded);
    for (size_t i = 0; i < sizeof(Rips) / sizeof(Rips[0]); i++)
    {
        UtBegin(&Case, Rips[i], STACK_BASE);
        UtPut(&Case, STACK_BASE, RETURN_RIP);
        assert_int_not_equal(Unwind(&Loaded, &Case), PE_OK);
    }
    UtUnload(&Loaded);
}

#define UT_TEST(Test) cmocka_unit_test_teardown(Test, UtUnloadAll)

int
main(void)
{
    const struct CMUnitTest Tests[] = {
        UT_TEST(LookupHitsEveryEntry),
        UT_TEST(LookupAdjacentEntries),
        UT_TEST(LookupWithoutTable),
        UT_TEST(LookupRejectsBadTable),
        UT_TEST(UnwindLeaf),
        UT_TEST(UnwindPushNonvol),
        UT_TEST(UnwindAllocations),
        UT_TEST(UnwindSetFpreg),
        UT_TEST(UnwindSaveNonvol),
        UT_TEST(UnwindSaveNonvolFar),
        UT_TEST(UnwindSaveNonvolWithFrameRegister),
        UT_TEST(UnwindSkipsXmmSaves),
        UT_TEST(UnwindMachineFrame),
        UT_TEST(UnwindPartialPrologue),
        UT_TEST(UnwindChained),
        UT_TEST(UnwindLongChain),
        UT_TEST(UnwindVersion2EpilogCodes),
        UT_TEST(UnwindGccFrame),
        UT_TEST(UnwindWalksTwoFrames),
        UT_TEST(UnwindRefusedReads),
        UT_TEST(UnwindInfoOutOfBounds),
        UT_TEST(UnwindBadVersion),
        UT_TEST(UnwindCodesPastArray),
        UT_TEST(UnwindUnknownOps),
        UT_TEST(UnwindChainLoop),
        UT_TEST(UnwindChainedEntryOutOfBounds),
        UT_TEST(UnwindMisalignedInfo),
        UT_TEST(UnwindRipOutsideImage),
    };

    return cmocka_run_group_tests_name("unit.pe.unwind", Tests, NULL, NULL);
}
