/* SPDX-License-Identifier: MIT */
/*
 * Run-time image loading self-tests: the boot files, MmLoadSystemImage/MmUnloadSystemImage
 * on the test images of drivers/test/ldr (in System32\drivers, never boot drivers), export
 * drivers and their reference counts, every failure status with nothing left behind, and
 * SystemModuleInformation.
 */
#include "ntos.h"
#include "../mm/mi.h"

#define KT_MM_LOADER_TAG 0x644C6D4D /* "MmLd", sysload.c's */
#define KT_LDR_TAG 0x744C744B       /* "KtLt" */
#define KT_DRIVERS L"\\SystemRoot\\System32\\drivers\\"

typedef ULONG(NTAPI *PKT_BINARY)(ULONG A, ULONG B);
typedef VOID(NTAPI *PKT_SET_COUNTER)(volatile LONG *Counter);

/* ldrexport.sys's LdrExportState. */
typedef struct _KT_EXPORT_STATE
{
    LONG InitializeCalls;
    WCHAR RegistryPath[96];
} KT_EXPORT_STATE;

static BOOLEAN
KtEqual(PCSTR A, PCSTR B)
{
    SIZE_T Length = strlen(A);

    return Length == strlen(B) && RtlCompareMemory(A, B, Length) == Length;
}

static PVOID
KtExport(PCSTR Module, PCSTR Name)
{
    ULONG64 Address;

    if (PeResolveExport(MiFindModuleView, NULL, Module, strlen(Module), Name, 0, &Address) != PE_OK)
        return NULL;
    return (PVOID)(ULONG_PTR)Address;
}

static NTSTATUS
KtLoad(PCWSTR Name, ULONG Flags, PKLDR_MODULE *Module)
{
    WCHAR Buffer[96];
    UNICODE_STRING Path;

    RtlStringCchPrintfW(Buffer, RTL_NUMBER_OF(Buffer), L"%s%s", KT_DRIVERS, Name);
    RtlInitUnicodeString(&Path, Buffer);
    return MmLoadSystemImage(&Path, Flags, Module);
}

static ULONG
KtLoaderPool(VOID)
{
    MM_POOL_TAG_USAGE Usage;

    if (!MmQueryPoolTag(KT_MM_LOADER_TAG, &Usage))
        return 0;
    return Usage.NonPagedAllocations - Usage.NonPagedFrees;
}

static VOID
KtBootFiles(PKT_CONTEXT Context)
{
    static const PCWSTR Same[] = {KT_DRIVERS L"ldrexport.sys",
                                  L"\\SYSTEMROOT\\system32\\DRIVERS\\LdrExport.SYS",
                                  L"System32\\drivers\\ldrexport.sys"};
    UNICODE_STRING Path;
    const VOID *Data, *First = NULL;
    SIZE_T Size;
    ULONG I;
    MMPTE Pte;

    for (I = 0; I < RTL_NUMBER_OF(Same); I++)
    {
        RtlInitUnicodeString(&Path, Same[I]);
        KT_CHECK(Context, NT_SUCCESS(IoGetBootFile(&Path, &Data, &Size)), "%ws not found", Same[I]);
        KT_CHECK(Context, Size > 1024 && ((const UCHAR *)Data)[0] == 'M', "%ws: not a PE file",
                 Same[I]);
        KT_CHECK(Context, First == NULL || Data == First, "%ws is another file", Same[I]);
        First = Data;
    }
    Pte = MmQueryPteContents((PVOID)Data);
    KT_CHECK(Context, (Pte & MI_PTE_VALID) && !(Pte & MI_PTE_WRITE) && (Pte & MI_PTE_NO_EXECUTE),
             "boot file mapped with PTE %I64x, want read-only no-execute", Pte);
    RtlInitUnicodeString(&Path, KT_DRIVERS L"nosuch.sys");
    KT_CHECK(Context, IoGetBootFile(&Path, &Data, &Size) == STATUS_OBJECT_NAME_NOT_FOUND,
             "a missing file is not STATUS_OBJECT_NAME_NOT_FOUND");
    KT_CHECK(Context, Data == NULL && Size == 0, "outputs not cleared");
    RtlInitUnicodeString(&Path, L"\\SystemRoot\\hal.dll");
    KT_CHECK(Context, IoGetBootFile(&Path, &Data, &Size) == STATUS_OBJECT_PATH_NOT_FOUND,
             "a path outside System32\\drivers is not STATUS_OBJECT_PATH_NOT_FOUND");
}

/* Every page of a loaded image has its section's protection (W^X), headers read-only. */
static BOOLEAN
KtImageProtected(PKT_CONTEXT Context, PKLDR_MODULE Module)
{
    const PE_SECTION_HEADER *Section = PeFirstSection(&Module->View, NULL);
    ULONG64 Base = Module->View.LoadBase, Va, Want;
    USHORT Count, S;
    MMPTE Pte;

    PeFirstSection(&Module->View, &Count);
    Pte = MmQueryPteContents((PVOID)(ULONG_PTR)Base);
    if ((Pte & (MI_PTE_VALID | MI_PTE_WRITE | MI_PTE_NO_EXECUTE)) !=
        (MI_PTE_VALID | MI_PTE_NO_EXECUTE))
    {
        KtFail(Context, __FILE__, __LINE__, "headers: PTE %I64x", Pte);
        return FALSE;
    }
    for (S = 0; S < Count; S++)
    {
        ULONG Protection = PeSectionProtection(&Section[S]);

        Want = MI_PTE_VALID | ((Protection & PE_PROT_WRITE) ? MI_PTE_WRITE : 0) |
               ((Protection & PE_PROT_EXECUTE) ? 0 : MI_PTE_NO_EXECUTE);
        for (Va = Base + Section[S].VirtualAddress;
             Va < Base + Section[S].VirtualAddress + Section[S].VirtualSize; Va += PAGE_SIZE)
        {
            Pte = MmQueryPteContents((PVOID)(ULONG_PTR)Va);
            if ((Pte & (MI_PTE_VALID | MI_PTE_WRITE | MI_PTE_NO_EXECUTE)) != Want)
            {
                KtFail(Context, __FILE__, __LINE__, "%.8s at +0x%I64x: PTE %I64x", Section[S].Name,
                       Va - Base, Pte);
                return FALSE;
            }
        }
    }
    return TRUE;
}

/* Find a module in SystemModuleInformation by base name; its entry, or NULL. */
static BOOLEAN
KtInModuleInformation(PCSTR Name, PRTL_PROCESS_MODULE_INFORMATION Found)
{
    PRTL_PROCESS_MODULES Modules;
    ULONG Length = 0, I;
    BOOLEAN Present = FALSE;

    ZwQuerySystemInformation(SystemModuleInformation, NULL, 0, &Length);
    Modules = ExAllocatePoolWithTag(NonPagedPoolNx, Length, KT_LDR_TAG);
    if (Modules == NULL)
        return FALSE;
    if (NT_SUCCESS(ZwQuerySystemInformation(SystemModuleInformation, Modules, Length, &Length)))
    {
        for (I = 0; I < Modules->NumberOfModules && !Present; I++)
        {
            PRTL_PROCESS_MODULE_INFORMATION Info = &Modules->Modules[I];

            if (PeModuleNameMatches((PCSTR)Info->FullPathName + Info->OffsetToFileName, Name,
                                    strlen(Name)))
            {
                *Found = *Info;
                Present = TRUE;
            }
        }
    }
    ExFreePoolWithTag(Modules, KT_LDR_TAG);
    return Present;
}

/* Load and unload twice: the first may make page tables that stay. */
static VOID
KtWarmUp(VOID)
{
    PKLDR_MODULE Module;

    if (NT_SUCCESS(KtLoad(L"ldrexport.sys", MM_LOAD_AS_DRIVER, &Module)))
        MmUnloadSystemImage(Module);
}

static VOID
KtPlainDriver(PKT_CONTEXT Context)
{
    RTL_PROCESS_MODULE_INFORMATION Info;
    PKLDR_MODULE Module, Again;
    KT_EXPORT_STATE *State;
    ULONG64 Base, InUse, Pool = KtLoaderPool();
    ULONG64 ImageBase = 0;
    ULONG Count = MmLoadedModuleCount(), Pages;
    PKT_BINARY Add;

    KtWarmUp();
    InUse = MmQueryPagesInUse();
    KT_CHECK(Context, NT_SUCCESS(KtLoad(L"ldrexport.sys", MM_LOAD_AS_DRIVER, &Module)),
             "ldrexport.sys did not load");
    Base = Module->View.LoadBase;
    Pages = (Module->View.Size + PAGE_SIZE - 1) / PAGE_SIZE;
    KT_CHECK(Context, MmLoadedModuleCount() == Count + 1, "module list did not grow by one");
    KT_CHECK(Context, MmFindModuleByName("LDREXPORT.SYS", 13) == Module, "not found by name");
    KT_CHECK(Context, MmFindModuleByAddress(Module->Loader->EntryPoint) == Module,
             "entry point %p not inside it", (PVOID)Module->Loader->EntryPoint);
    KT_CHECK(Context, Module->View.Nt->OptionalHeader.ImageBase == Base, "header base not updated");
    Add = (PKT_BINARY)KtExport("ldrexport.sys", "LdrExportAdd");
    KT_CHECK(Context, Add != NULL && Add(40, 2) == 42, "LdrExportAdd does not work");
    KT_CHECK(Context,
             RtlLookupFunctionEntry((ULONG64)(ULONG_PTR)Add, &ImageBase, NULL) != NULL &&
                 ImageBase == Base,
             "no unwind data for a run-time image");
    State = KtExport("ldrexport.sys", "LdrExportState");
    KT_CHECK(Context, State != NULL && State->InitializeCalls == 0,
             "DllInitialize ran for an image loaded as a driver");
    if (!KtImageProtected(Context, Module))
        return;
    KT_CHECK(Context, KtInModuleInformation("ldrexport.sys", &Info), "not in module information");
    KT_CHECK(Context,
             KtEqual((PCSTR)Info.FullPathName, "\\SystemRoot\\System32\\drivers\\ldrexport.sys") &&
                 (ULONG64)(ULONG_PTR)Info.ImageBase == Base && Info.LoadCount == 1,
             "module information: %s at %p, %u references", Info.FullPathName, Info.ImageBase,
             Info.LoadCount);
    KT_CHECK(Context,
             KtLoad(L"ldrexport.sys", MM_LOAD_AS_DRIVER, &Again) == STATUS_IMAGE_ALREADY_LOADED &&
                 Again == NULL,
             "a second driver load is not STATUS_IMAGE_ALREADY_LOADED");
    KT_CHECK(Context,
             NT_SUCCESS(KtLoad(L"ldrexport.sys", 0, &Again)) && Again == Module &&
                 Module->LoadCount == 2,
             "a load as a DLL does not add a reference");
    MmUnloadSystemImage(Again);
    KT_CHECK(Context, MmFindModuleByName("ldrexport.sys", 13) == Module, "gone after one unload");

    KT_CHECK(Context, NT_SUCCESS(MmUnloadSystemImage(Module)), "unload failed");
    KT_CHECK(Context, MmFindModuleByName("ldrexport.sys", 13) == NULL, "still listed");
    KT_CHECK(Context, MmFindModuleByAddress(Base) == NULL, "still found by address");
    KT_CHECK(Context, !KtInModuleInformation("ldrexport.sys", &Info),
             "still in module information");
    KT_CHECK(Context, MmLoadedModuleCount() == Count, "module count not back");
    KT_CHECK(Context, MmQueryPteContents((PVOID)(ULONG_PTR)Base) == 0, "image still mapped");
    KT_CHECK(Context, MmQueryPagesInUse() < InUse + Pages,
             "%I64u pages in use after unload, %I64u before", MmQueryPagesInUse(), InUse);
    KT_CHECK(Context, KtLoaderPool() == Pool, "loader pool not freed");
}

static VOID
KtExportDriver(PKT_CONTEXT Context)
{
    static const WCHAR Services[] =
        L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\ldrexport";
    PKLDR_MODULE First, Second, Export;
    volatile LONG Unloads = 0;
    KT_EXPORT_STATE *State;
    PKT_BINARY Compute;
    ULONG Pool = KtLoaderPool(), Count = MmLoadedModuleCount();

    KT_CHECK(Context, NT_SUCCESS(KtLoad(L"ldrimport.sys", MM_LOAD_AS_DRIVER, &First)),
             "ldrimport.sys did not load");
    Export = MmFindModuleByName("ldrexport.sys", 13);
    KT_CHECK(Context,
             Export != NULL && Export->LoadCount == 1 &&
                 (Export->MiFlags & MI_MODULE_EXPORT_DRIVER),
             "ldrexport.sys not loaded as an export driver for its importer");
    State = KtExport("ldrexport.sys", "LdrExportState");
    KT_CHECK(Context, State != NULL && State->InitializeCalls == 1, "DllInitialize ran %d times",
             State ? State->InitializeCalls : -1);
    KT_CHECK(Context,
             wcslen(State->RegistryPath) == RTL_NUMBER_OF(Services) - 1 &&
                 RtlCompareMemory(State->RegistryPath, Services, sizeof(Services)) ==
                     sizeof(Services),
             "DllInitialize got %ws", State->RegistryPath);
    ((PKT_SET_COUNTER)KtExport("ldrexport.sys", "LdrExportSetUnloadCounter"))(&Unloads);
    KT_CHECK(Context,
             KtExport("ldrexport.sys", "LdrExportCompareMemory") == (PVOID)&RtlCompareMemory,
             "the forwarder does not resolve to ntoskrnl.exe!RtlCompareMemory");
    Compute = (PKT_BINARY)KtExport("ldrimport.sys", "LdrImportCompute");
    KT_CHECK(Context, Compute != NULL && Compute(3, 4) == 21 && Compute(5, 5) == 1050,
             "calls by name, ordinal and forwarder went wrong: %u %u", Compute(3, 4),
             Compute(5, 5));

    KT_CHECK(Context, NT_SUCCESS(KtLoad(L"ldrimport2.sys", MM_LOAD_AS_DRIVER, &Second)),
             "ldrimport2.sys did not load");
    KT_CHECK(Context, MmFindModuleByName("ldrexport.sys", 13) == Export && Export->LoadCount == 2,
             "a second importer does not share ldrexport.sys");
    KT_CHECK(Context, State->InitializeCalls == 1, "DllInitialize ran again");
    MmUnloadSystemImage(First);
    KT_CHECK(Context,
             MmFindModuleByName("ldrexport.sys", 13) == Export && Unloads == 0 &&
                 Export->LoadCount == 1,
             "ldrexport.sys went with its first importer");
    MmUnloadSystemImage(Second);
    KT_CHECK(Context, Unloads == 1, "DllUnload ran %d times after the last importer", Unloads);
    KT_CHECK(Context, MmFindModuleByName("ldrexport.sys", 13) == NULL, "ldrexport.sys stayed");
    KT_CHECK(Context, MmLoadedModuleCount() == Count && KtLoaderPool() == Pool,
             "modules or loader pool left behind");
}

/* A load that must fail with Expected and leave the list and the pool as they were. */
static VOID
KtLoadFails(PKT_CONTEXT Context, PCWSTR Name, NTSTATUS Expected)
{
    ULONG Pool = KtLoaderPool(), Count = MmLoadedModuleCount();
    PKLDR_MODULE Module = (PKLDR_MODULE)1;
    NTSTATUS Status = KtLoad(Name, MM_LOAD_AS_DRIVER, &Module);

    KT_CHECK(Context, Status == Expected, "%ws: status 0x%08X, want 0x%08X", Name, Status,
             Expected);
    KT_CHECK(Context, Module == NULL, "%ws: module not cleared", Name);
    KT_CHECK(Context, MmLoadedModuleCount() == Count, "%ws: modules left in the list", Name);
    KT_CHECK(Context, MmFindModuleByName("ldrexport.sys", 13) == NULL, "%ws: ldrexport.sys stayed",
             Name);
    KT_CHECK(Context, KtLoaderPool() == Pool, "%ws: loader pool left behind", Name);
}

static VOID
KtFailures(PKT_CONTEXT Context)
{
    KtLoadFails(Context, L"ldrnoname.sys", STATUS_DRIVER_ENTRYPOINT_NOT_FOUND);
    if (!Context->Failed)
        KtLoadFails(Context, L"ldrnoord.sys", STATUS_DRIVER_ORDINAL_NOT_FOUND);
    if (!Context->Failed)
        KtLoadFails(Context, L"ldrtrunc.sys", STATUS_INVALID_IMAGE_FORMAT);
    if (!Context->Failed)
        KtLoadFails(Context, L"ldrjunk.sys", STATUS_INVALID_IMAGE_FORMAT);
    if (!Context->Failed)
        KtLoadFails(Context, L"nosuch.sys", STATUS_OBJECT_NAME_NOT_FOUND);
    if (!Context->Failed)
        KtLoadFails(Context, L"hal.dll", STATUS_IMAGE_ALREADY_LOADED);
}

static VOID
KtModuleInformation(PKT_CONTEXT Context)
{
    extern const UCHAR __ImageBase[];
    RTL_PROCESS_MODULES Small;
    PRTL_PROCESS_MODULES Modules;
    ULONG Length = 0, Count = MmLoadedModuleCount(), Want;

    Want =
        FIELD_OFFSET(RTL_PROCESS_MODULES, Modules) + Count * sizeof(RTL_PROCESS_MODULE_INFORMATION);
    KT_CHECK(Context,
             ZwQuerySystemInformation(SystemModuleInformation, &Small, sizeof(Small), &Length) ==
                 STATUS_INFO_LENGTH_MISMATCH,
             "a short buffer is not STATUS_INFO_LENGTH_MISMATCH");
    KT_CHECK(Context, Length == Want, "ReturnLength %u, want %u", Length, Want);
    Modules = ExAllocatePoolWithTag(NonPagedPoolNx, Length, KT_LDR_TAG);
    KT_CHECK(Context, Modules != NULL, "no pool");
    if (!NT_SUCCESS(ZwQuerySystemInformation(SystemModuleInformation, Modules, Length, &Length)) ||
        Modules->NumberOfModules != Count || Modules->Modules[0].ImageBase != (PVOID)__ImageBase ||
        !KtEqual((PCSTR)Modules->Modules[0].FullPathName, "\\SystemRoot\\ntoskrnl.exe") ||
        Modules->Modules[0].OffsetToFileName != 12 || Modules->Modules[1].LoadOrderIndex != 1)
        KtFail(Context, __FILE__, __LINE__, "first module %s at %p, %u modules",
               Modules->Modules[0].FullPathName, Modules->Modules[0].ImageBase,
               Modules->NumberOfModules);
    ExFreePoolWithTag(Modules, KT_LDR_TAG);
    KT_CHECK(Context, ZwQuerySystemInformation(0, NULL, 0, NULL) == STATUS_INVALID_INFO_CLASS,
             "class 0 is not STATUS_INVALID_INFO_CLASS");
}

/* Stack walks and exception dispatch read the list at any moment: look addresses up on one
 * processor while another loads and unloads. */
static volatile BOOLEAN KtReaderStop;
static volatile LONG KtReaderLookups;

static VOID NTAPI
KtModuleReader(PVOID Argument)
{
    UNREFERENCED_PARAMETER(Argument);
    while (!KtReaderStop)
    {
        KIRQL Irql = KeRaiseIrqlToDpcLevel();

        if (MmFindModuleByAddress((ULONG64)(ULONG_PTR)&KiSystemStartup) == NULL)
            KeBugCheckEx(MANUALLY_INITIATED_CRASH, 0x1D, 0, 0, 0);
        MmFindModuleByName("ldrexport.sys", 13);
        KeLowerIrql(Irql);
        InterlockedIncrement(&KtReaderLookups);
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static VOID
KtListUnderLoad(PKT_CONTEXT Context)
{
    static KTHREAD Reader;
    PKLDR_MODULE Module;
    ULONG I;
    KAFFINITY Other = KeQueryActiveProcessorCount(NULL) > 1 ? 2 : 1;

    KtReaderStop = FALSE;
    KtReaderLookups = 0;
    KT_CHECK(Context,
             NT_SUCCESS(KtStartThreadOn(&Reader, KtModuleReader, NULL, KT_SYSTEM_PRIORITY, Other)),
             "no reader thread");
    for (I = 0; I < 16; I++)
    {
        if (!NT_SUCCESS(KtLoad(L"ldrimport.sys", MM_LOAD_AS_DRIVER, &Module)))
            break;
        MmUnloadSystemImage(Module);
    }
    KtReaderStop = TRUE;
    KtJoinThread(&Reader);
    KT_CHECK(Context, I == 16, "load %u failed", I);
    KT_CHECK(Context, Other == 1 || KtReaderLookups > 0, "the reader never ran");
}

static const KT_TEST KtLdrLoadTests[] = {
    {"boot files are found by NT path, read-only", KtBootFiles},
    {"a driver image loads W^X, resolves, unloads without a trace", KtPlainDriver},
    {"an export driver serves its importers, DllInitialize once, DllUnload after the last",
     KtExportDriver},
    {"missing imports, corrupt images, missing files fail exactly and leave nothing", KtFailures},
    {"SystemModuleInformation lists the modules as Windows does", KtModuleInformation},
    {"module lookups run while images load and unload", KtListUnderLoad},
};

const KT_SUITE KtLdrLoadSuite = {"Ldr load", KtLdrLoadTests, RTL_NUMBER_OF(KtLdrLoadTests)};
