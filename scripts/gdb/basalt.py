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
  1. the kernel's own loaded-module table (mm/sysldr.c: MiModules, MiModuleCount), read with
     the kernel's DWARF types, once MiInitializeLoadedModules has filled it;
  2. the loader block: KeLoaderBlock once KiSystemStartup has stored it, else the LoaderBlock
     argument of a KiSystemStartup frame, else RCX when stopped on KiSystemStartup's first
     instruction (where scripts/debug stops).
When the kernel's module table changes shape, adapt kernel_table_modules() below.

Each module's in-memory PE header is compared with the file's (TimeDateStamp, SizeOfImage,
AddressOfEntryPoint) so symbols from a different build are reported, not silently used.

Symbol path: the gdb parameter `basalt-symbol-path` (directories separated by ':', default
$BASALT_SYMBOL_PATH), then the folders next to the kernel symbol file: BUILD/nt/ntos,
BUILD/nt/hal and BUILD/nt/drivers. File names match case-insensitively.

Also: UNICODE_STRING and STRING/ANSI_STRING print as their counted text, and wide strings
decode as UTF-16LE (NT's WCHAR).

Load with `source scripts/gdb/basalt.py` after `file BUILD/nt/ntos/ntoskrnl.exe`.
"""

import os
import struct

import gdb

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
        """Names of the identifying fields in which two headers differ."""
        fields = ("timestamp", "size_of_image", "entry_rva")
        return [f for f in fields if getattr(self, f) != getattr(other, f)]


def pe_header_of_file(path):
    with open(path, "rb") as f:
        return PeHeader(f.read(PE_HEADER_BYTES))


def pe_header_in_memory(address):
    memory = gdb.selected_inferior().read_memory(address, PE_HEADER_BYTES)
    return PeHeader(bytes(memory))


def read_c_string(address, limit):
    data = bytes(gdb.selected_inferior().read_memory(address, limit))
    return data.split(b"\0", 1)[0].decode("ascii", "replace")


class Module:
    def __init__(self, name, base, size):
        self.name = name
        self.base = base
        self.size = size


def kernel_table_modules():
    """The kernel's loaded-module table, or None before it exists or is filled."""
    try:
        count = int(gdb.parse_and_eval("MiModuleCount"))
        table = gdb.parse_and_eval("MiModules")
    except gdb.error:
        return None
    if count == 0:
        return None
    modules = []
    for i in range(count):
        entry = table[i]
        loader = entry["Loader"].dereference()
        name = read_c_string(int(loader["BaseDllName"].address), loader["BaseDllName"].type.sizeof)
        modules.append(Module(name, int(entry["View"]["LoadBase"]), int(entry["View"]["Size"])))
    return modules


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
        name = read_c_string(int(entry["BaseDllName"].address), entry["BaseDllName"].type.sizeof)
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
        return "Basalt symbol path: %s (then %s)" % (svalue or "(empty)",
                                                     ":".join(build_directories()))


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
                return "main symbol file %s is at the wrong base (offset 0x%x)%s" % (
                    path, offset, note)
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
        if argument:
            modules = loader_block_modules(int(gdb.parse_and_eval(argument)))
        else:
            modules = kernel_table_modules()
            if modules is None:
                modules = loader_block_modules(find_loader_block())
        for module in modules:
            status = SYMBOLS.sync(module)
            gdb.write("%-14s 0x%016x 0x%08x  %s\n" % (module.name, module.base, module.size,
                                                       status))


BasaltModules()
gdb.pretty_printers.append(lookup_printer)
gdb.execute("set target-wide-charset UTF-16LE")
