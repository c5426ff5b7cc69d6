# SPDX-License-Identifier: MIT
"""gdb support for Basalt: symbols for every module the kernel has loaded.

ntoskrnl.exe runs at its link-time ImageBase, so `file ntoskrnl.exe` gives correct kernel
symbols. hal.dll and the drivers are relocated by the loader (and, later, by the kernel) to
addresses known only at run time, so their symbols are added with
`add-symbol-file FILE -o OFFSET`, OFFSET being the running DllBase minus the ImageBase in the
file's PE header on disk (the in-memory header already holds the new base).

`basalt-modules` reads the list of loaded modules from the running kernel, finds each file in
the symbol path and loads whatever is not loaded yet, so it can be rerun after more modules
are loaded. The list comes, in order of preference, from:
  1. the kernel's own loaded-module list (mm/sysldr.c: MiLoadedModuleList of KLDR_MODULEs,
     boot modules and the images loaded at run time), read with the kernel's DWARF types, once
     MiInitializeLoadedModules has filled it;
  2. the loader block: KeLoaderBlock once KiSystemStartup has stored it, else the LoaderBlock
     argument of a KiSystemStartup frame, else RCX when stopped on KiSystemStartup's first
     instruction (where scripts/debug stops).
When the kernel's module list changes shape, adapt kernel_table_modules() below.

Each module's in-memory PE header is compared with the file's (TimeDateStamp, SizeOfImage,
AddressOfEntryPoint) so symbols from a different build are reported, not silently used.

Symbol path: the gdb parameter `basalt-symbol-path` (directories separated by ':', default
$BASALT_SYMBOL_PATH), then the folders next to the kernel symbol file: BUILD/nt/ntos,
BUILD/nt/hal and BUILD/nt/drivers. File names match case-insensitively.

Also: backtraces continue through trap frames (an unwinder for trap.S's KiTrapCommon, whose
.seh unwind data this gdb cannot read); UNICODE_STRING and STRING/ANSI_STRING print as their
counted text; wide strings decode as UTF-16LE (NT's WCHAR).

Load with `source scripts/gdb/basalt.py` after `file BUILD/nt/ntos/ntoskrnl.exe`.
"""

import os
import struct

import gdb
import gdb.unwinder

LOADER_BLOCK_SIGNATURE = 0x4B4C4254534142  # "BASTBLK", include/arc.h
PE_HEADER_BYTES = 4096


class PeHeader:
    """The few fields of a PE32+ header that matter here."""

    def __init__(self, data):
        if len(data) < 0x40 or data[:2] != b"MZ":
            raise ValueError("no MZ header")
        nt = struct.unpack_from("<I", data, 0x3C)[0]
        if nt + 24 + 64 > len(data) or data[nt:nt + 4] != b"PE\0\0":
            raise ValueError("no PE header")
        self.timestamp = struct.unpack_from("<I", data, nt + 8)[0]
        optional = nt + 24
        magic, = struct.unpack_from("<H", data, optional)
        if magic != 0x20B:
            raise ValueError("not a PE32+ image")
        self.entry_rva = struct.unpack_from("<I", data, optional + 16)[0]
        self.image_base = struct.unpack_from("<Q", data, optional + 24)[0]
        self.size_of_image = struct.unpack_from("<I", data, optional + 56)[0]

    def differences(self, other):
        """The identifying fields in which two headers differ, by their PE names."""
        fields = (("timestamp", "TimeDateStamp"), ("size_of_image", "SizeOfImage"),
                  ("entry_rva", "AddressOfEntryPoint"))
        return [name for field, name in fields if getattr(self, field) != getattr(other, field)]


def pe_header_of_file(path):
    with open(path, "rb") as f:
        return PeHeader(f.read(PE_HEADER_BYTES))


def pe_header_in_memory(address):
    memory = gdb.selected_inferior().read_memory(address, PE_HEADER_BYTES)
    return PeHeader(bytes(memory))


def char_array_string(value):
    """A NUL-terminated char array field (LOADER_MODULE.BaseDllName) as a Python string."""
    data = bytes(gdb.selected_inferior().read_memory(int(value.address), value.type.sizeof))
    return data.split(b"\0", 1)[0].decode("ascii", "replace")


class Module:
    def __init__(self, name, base, size):
        self.name = name
        self.base = base
        self.size = size


def kernel_table_modules():
    """The kernel's loaded-module list, or None before it exists or is filled.

    MiLoadedModuleList (mm/sysldr.c) is a LIST_ENTRY heading KLDR_MODULEs linked through
    InLoadOrderLinks, boot modules first, then the images MmLoadSystemImage loaded at run
    time. Only Flink is followed, as the kernel's own lock-free readers do."""
    try:
        head = gdb.parse_and_eval("&MiLoadedModuleList")
        module_type = gdb.lookup_type("KLDR_MODULE")
    except gdb.error:
        return None
    links = [f for f in module_type.strip_typedefs().fields() if f.name == "InLoadOrderLinks"]
    if not links:
        return None
    offset = links[0].bitpos // 8
    head_address = int(head)
    link = int(head.dereference()["Flink"])
    modules = []
    while link not in (0, head_address) and len(modules) < 1024:
        entry = gdb.Value(link - offset).cast(module_type.pointer()).dereference()
        name = char_array_string(entry["Data"]["BaseDllName"])
        modules.append(Module(name, int(entry["View"]["LoadBase"]), int(entry["View"]["Size"])))
        link = int(entry["InLoadOrderLinks"]["Flink"])
    return modules or None


def loader_block_type():
    symbol = gdb.lookup_global_symbol("KeLoaderBlock")
    if symbol is None:
        raise gdb.GdbError("no kernel symbols: `file BUILD/nt/ntos/ntoskrnl.exe` first")
    return symbol.type


def is_loader_block(address):
    if address == 0:
        return False
    try:
        memory = gdb.selected_inferior().read_memory(address, 8)
    except gdb.MemoryError:
        return False
    return struct.unpack("<Q", bytes(memory))[0] == LOADER_BLOCK_SIGNATURE


def startup_frame_loader_block():
    """LoaderBlock as KiSystemStartup received it, from its frame or from RCX at entry."""
    entry = int(gdb.parse_and_eval("&KiSystemStartup"))
    frame = gdb.selected_frame()
    if frame.pc() == entry and frame.level() == 0:
        return int(frame.read_register("rcx"))
    while frame is not None:
        if frame.name() == "KiSystemStartup":
            try:
                return int(frame.read_var("LoaderBlock"))
            except (gdb.error, ValueError):
                return 0
        frame = frame.older()
    return 0


def find_loader_block():
    candidates = []
    try:
        candidates.append(int(gdb.parse_and_eval("KeLoaderBlock")))
    except gdb.error:
        pass
    try:
        candidates.append(startup_frame_loader_block())
    except gdb.error:
        pass
    for address in candidates:
        if is_loader_block(address):
            return address
    raise gdb.GdbError("no loader block yet: stop at KiSystemStartup (scripts/debug does) "
                       "or pass its address: basalt-modules ADDRESS")


def loader_block_modules(address):
    if not is_loader_block(address):
        raise gdb.GdbError("no loader block signature at 0x%x" % address)
    block = gdb.Value(address).cast(loader_block_type()).dereference()
    modules = []
    for i in range(int(block["ModuleCount"])):
        entry = block["Modules"][i]
        name = char_array_string(entry["BaseDllName"])
        modules.append(Module(name, int(entry["DllBase"]), int(entry["SizeOfImage"])))
    return modules


class SymbolPath(gdb.Parameter):
    """Directories (separated by ':') searched for module files before the build tree."""

    set_doc = "Set the directories searched for Basalt module symbol files."
    show_doc = "Show the directories searched for Basalt module symbol files."

    def __init__(self):
        super().__init__("basalt-symbol-path", gdb.COMMAND_FILES, gdb.PARAM_STRING)
        self.value = os.environ.get("BASALT_SYMBOL_PATH", "")

    def get_show_string(self, svalue):
        build = ":".join(build_directories()) or "the build folders, once a kernel is loaded"
        return "Basalt symbol path: %s (then %s)" % (svalue or "(empty)", build)


def build_directories():
    """BUILD/nt/{ntos,hal,drivers}, located from the kernel symbol file."""
    kernel = gdb.current_progspace().filename
    if not kernel:
        return []
    nt = os.path.dirname(os.path.dirname(os.path.abspath(kernel)))
    return [os.path.join(nt, d) for d in ("ntos", "hal", "drivers")]


def find_symbol_file(name):
    directories = [d for d in SYMBOL_PATH.value.split(":") if d] + build_directories()
    wanted = name.lower()
    for directory in directories:
        try:
            entries = os.listdir(directory)
        except OSError:
            continue
        for entry in entries:
            path = os.path.join(directory, entry)
            if entry.lower() == wanted and os.path.isfile(path):
                return os.path.realpath(path)
    return None


def signed_hex(value):
    return "-0x%x" % -value if value < 0 else "0x%x" % value


def gdb_quote(path):
    return '"%s"' % path.replace("\\", "\\\\").replace('"', '\\"')


class ModuleSymbols:
    """Which symbol file gdb holds for each module name, and where it was placed."""

    def __init__(self):
        self.loaded = {}  # lower-case name -> (path, base, offset)

    def objfile_paths(self):
        return {os.path.realpath(o.filename) for o in gdb.objfiles() if o.filename}

    def sync(self, module):
        """Load symbols for module unless gdb already has them at its base; return a status."""
        path = find_symbol_file(module.name)
        if path is None:
            return "no symbol file found"
        try:
            disk = pe_header_of_file(path)
        except (OSError, ValueError) as e:
            return "unreadable %s: %s" % (path, e)
        note = self.check_build(module, disk)
        offset = module.base - disk.image_base
        key = module.name.lower()
        if path == os.path.realpath(gdb.current_progspace().filename or ""):
            if offset != 0:
                return "main symbol file %s is at the wrong base (offset %s)%s" % (
                    path, signed_hex(offset), note)
            return "main symbol file %s%s" % (path, note)
        previous = self.loaded.get(key)
        if previous is not None and previous[0] in self.objfile_paths():
            if previous[1] == module.base and previous[0] == path:
                return "loaded %s%s" % (path, note)
            gdb.execute("remove-symbol-file %s" % gdb_quote(previous[0]), to_string=True)
        gdb.execute("add-symbol-file %s -o %s" % (gdb_quote(path), signed_hex(offset)),
                    to_string=True)
        self.loaded[key] = (path, module.base, offset)
        return "added %s -o %s%s" % (path, signed_hex(offset), note)

    @staticmethod
    def check_build(module, disk):
        try:
            memory = pe_header_in_memory(module.base)
        except (gdb.MemoryError, ValueError) as e:
            return " (header at base unreadable: %s)" % e
        differences = memory.differences(disk)
        if differences:
            return " (WARNING: file differs from the running image in %s)" % ", ".join(differences)
        return ""


class FrameId:
    def __init__(self, sp, pc):
        self.sp = sp
        self.pc = pc


class TrapFrameUnwinder(gdb.unwinder.Unwinder):
    """Unwind KiTrapCommon (ke/amd64/trap.S) into the code the trap interrupted.

    trap.S describes its frame with .seh directives only, which this gdb does not read, so
    backtraces from a trap handler would end there. While KiDispatchTrap runs, RBX holds the
    KTRAP_FRAME (.seh_setframe %rbx) with every integer register of the interrupted code."""

    REGISTERS = ("Rax", "Rcx", "Rdx", "Rbx", "Rbp", "Rsi", "Rdi", "R8", "R9", "R10", "R11",
                 "R12", "R13", "R14", "R15", "Rip", "Rsp")

    def __init__(self):
        super().__init__("basalt-trap-frame")
        self.return_address = None  # after KiTrapCommon's call to KiDispatchTrap

    def find_return_address(self, architecture):
        try:
            start = int(gdb.parse_and_eval("(unsigned long long)&KiTrapCommon"))
            instructions = architecture.disassemble(start, count=64)
        except gdb.error:
            return None
        for call, following in zip(instructions, instructions[1:]):
            if "call" in call["asm"] and "KiDispatchTrap" in call["asm"]:
                return following["addr"]
        return None

    def __call__(self, pending_frame):
        if pending_frame.level() == 0:
            return None
        if self.return_address is None:
            self.return_address = self.find_return_address(pending_frame.architecture()) or 0
        pc = int(pending_frame.read_register("rip"))
        if pc != self.return_address:
            return None
        try:
            trap_type = gdb.lookup_type("struct _KTRAP_FRAME")
        except gdb.error:
            return None
        trap = pending_frame.read_register("rbx").cast(trap_type.pointer()).dereference()
        frame_id = FrameId(pending_frame.read_register("rsp"), gdb.Value(self.return_address))
        unwind_info = pending_frame.create_unwind_info(frame_id)
        for name in self.REGISTERS:
            unwind_info.add_saved_register(name.lower(), trap[name])
        return unwind_info


def forget_trap_return_address(event):
    TRAP_UNWINDER.return_address = None


class CountedStringPrinter:
    """UNICODE_STRING and STRING: the Length bytes of Buffer as a string, then both lengths."""

    def __init__(self, value, wide):
        self.value = value
        self.wide = wide

    def to_string(self):
        buffer = self.value["Buffer"]
        if int(buffer) == 0:
            return "NULL"
        unit = buffer.type.strip_typedefs().target().sizeof
        return buffer.lazy_string(length=int(self.value["Length"]) // unit)

    def children(self):
        yield "Length", self.value["Length"]
        yield "MaximumLength", self.value["MaximumLength"]


def lookup_printer(value):
    tag = value.type.strip_typedefs().tag
    if tag == "_UNICODE_STRING":
        return CountedStringPrinter(value, True)
    if tag == "_STRING":
        return CountedStringPrinter(value, False)
    return None


SYMBOLS = ModuleSymbols()
SYMBOL_PATH = SymbolPath()


class BasaltModules(gdb.Command):
    """Load symbols for every module the running Basalt kernel has loaded.

Usage: basalt-modules [LOADER_BLOCK_ADDRESS]
Reads the kernel's loaded-module table, or the loader block before the kernel has built it
(or the one at LOADER_BLOCK_ADDRESS), and runs add-symbol-file with the right offset for
each module whose symbols gdb does not have yet. Rerun it after modules are loaded."""

    def __init__(self):
        super().__init__("basalt-modules", gdb.COMMAND_FILES)

    def invoke(self, argument, from_tty):
        argument = argument.strip()
        loader_block_type()
        try:
            if argument:
                modules = loader_block_modules(int(gdb.parse_and_eval(argument)))
            else:
                modules = kernel_table_modules()
                if modules is None:
                    modules = loader_block_modules(find_loader_block())
        except gdb.MemoryError as e:
            raise gdb.GdbError("cannot read the module list: %s" % e)
        for module in modules:
            status = SYMBOLS.sync(module)
            gdb.write("%-14s 0x%016x 0x%08x  %s\n" % (module.name, module.base, module.size,
                                                       status))


BasaltModules()
gdb.pretty_printers.append(lookup_printer)
TRAP_UNWINDER = TrapFrameUnwinder()
gdb.unwinder.register_unwinder(None, TRAP_UNWINDER, replace=True)
gdb.events.new_objfile.connect(forget_trap_return_address)
gdb.execute("set target-wide-charset UTF-16LE")
