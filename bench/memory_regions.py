"""Where the resident memory of this process is, by kind (Linux and glibc; diagnosis for bench/soak.py).

- ``regions()``: /proc/self/smaps summed by region: ``heap`` (glibc's main arena, [heap]), ``arenas``
  (glibc's per-thread arenas: anonymous mappings whose reservation is 64 MB-aligned, each thread that
  mallocs takes one, up to 8 per core), ``anon`` (the other anonymous mappings: Python's 1 MB obmalloc
  arenas, malloc's own mappings of big blocks, Qt's), ``files`` (libraries, fonts) and ``other``
  (stacks, vdso...).
- ``malloc_arenas()``: glibc's malloc_info(3), per arena: memory the arena has from the system and how
  much of it is free (in its bins), so in use = system - free.
- ``obmalloc()``: Python's small-object allocator (sys._debugmallocstats): arenas held, bytes in blocks
  handed out, and free in its pools and arenas.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass

#: glibc's HEAP_MAX_SIZE on 64-bit: a per-thread arena's heap is reserved at this size and alignment.
ARENA_ALIGN = 64 << 20
MB = 1e6


def regions() -> dict[str, float]:
    """Resident MB by region (see the module's doc)."""
    maps: list[tuple[int, int, str, str, int]] = []  # start, end, permissions, name, resident kB
    try:
        with open("/proc/self/smaps") as fh:
            for line in fh:
                head = line.split(maxsplit=5)
                if head[0] == "Rss:" and maps:
                    maps[-1] = (*maps[-1][:4], int(head[1]))
                elif "-" in head[0] and not head[0].endswith(":") and len(head) >= 5:
                    low, high = (int(x, 16) for x in head[0].split("-"))
                    maps.append((low, high, head[1], head[5].strip() if len(head) > 5 else "", 0))
    except OSError:
        return {}
    found: dict[str, float] = defaultdict(float)
    arena_end = 0  # the end of the per-thread arena's reservation being walked
    for i, (low, high, perms, name, rss_kb) in enumerate(maps):
        if name == "[heap]":
            kind = "heap"
        elif name.startswith("["):
            kind = "other"
        elif name:
            kind = "files"
        elif low < arena_end:
            kind = "arenas"
        elif (
            low % ARENA_ALIGN == 0
            and perms.startswith("rw")
            and (
                high - low == ARENA_ALIGN
                or (
                    i + 1 < len(maps)
                    and maps[i + 1][2].startswith("---")
                    and maps[i + 1][1] == low + ARENA_ALIGN
                )
            )
        ):
            kind, arena_end = "arenas", low + ARENA_ALIGN
        else:
            kind = "anon"
        found[kind] += rss_kb * 1024 / MB
    return dict(found)


@dataclass
class Arena:
    number: int
    system_mb: float  # what the arena has from the system (its heaps)
    free_mb: float  # of which free in its bins (fast and rest)

    @property
    def in_use_mb(self) -> float:
        return self.system_mb - self.free_mb


def malloc_arenas() -> list[Arena]:
    """glibc's arenas as malloc_info(3) describes them ([] elsewhere)."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        malloc_info, fopen, fclose = libc.malloc_info, libc.fopen, libc.fclose
    except (OSError, AttributeError):
        return []
    fopen.restype = ctypes.c_void_p
    fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
    fclose.argtypes = [ctypes.c_void_p]
    fd, path = tempfile.mkstemp(prefix="soak-malloc-info-", suffix=".xml")
    os.close(fd)
    try:
        stream = fopen(path.encode(), b"w")
        if not stream:
            return []
        malloc_info(0, stream)
        fclose(stream)
        with open(path, encoding="utf-8") as fh:
            root = ET.fromstring(fh.read())
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
    arenas = []
    for heap in root.findall("heap"):
        free = sum(
            int(t.get("size", "0")) for t in heap.findall("total") if t.get("type") in ("fast", "rest")
        )
        system = next(
            (int(s.get("size", "0")) for s in heap.findall("system") if s.get("type") == "current"), 0
        )
        arenas.append(Arena(int(heap.get("nr", "0")), system / MB, free / MB))
    return arenas


@dataclass
class ObMalloc:
    arenas: int  # 1 MB arenas held
    arenas_mb: float
    allocated_mb: float  # in blocks handed out
    free_mb: float  # free in pools and arenas (held, not handed out)


_OB_ARENAS = re.compile(r"(\d+) arenas \* (\d+) bytes/arena\s*=\s*([\d,]+)")
_OB_FIELDS = {
    "allocated": re.compile(r"# bytes in allocated blocks\s*=\s*([\d,]+)"),
    "available": re.compile(r"# bytes in available blocks\s*=\s*([\d,]+)"),
    "empty_pools": re.compile(r"\d+ unused pools \* \d+ bytes\s*=\s*([\d,]+)"),
    "quantization": re.compile(r"# bytes lost to quantization\s*=\s*([\d,]+)"),
}


def obmalloc() -> ObMalloc | None:
    """Python's small-object allocator, from sys._debugmallocstats (written to the C stderr)."""
    debug = getattr(sys, "_debugmallocstats", None)
    if debug is None:
        return None
    with tempfile.TemporaryFile(mode="w+b") as out:
        sys.stderr.flush()
        saved = os.dup(2)
        try:
            os.dup2(out.fileno(), 2)
            debug()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    arenas = _OB_ARENAS.search(text)
    values = {}
    for name, pattern in _OB_FIELDS.items():
        match = pattern.search(text)
        values[name] = int(match.group(1).replace(",", "")) if match else 0
    if arenas is None:
        return None
    held = int(arenas.group(3).replace(",", ""))
    return ObMalloc(
        int(arenas.group(1)),
        held / MB,
        values["allocated"] / MB,
        (values["available"] + values["empty_pools"]) / MB,
    )


def threads() -> int:
    """Native threads of this process (Qt's and Python's)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


def describe() -> str:
    """One line: the regions, malloc's arenas (system / in use) and obmalloc's."""
    parts = [" ".join(f"{k} {v:.1f}" for k, v in sorted(regions().items()))]
    arenas = malloc_arenas()
    if arenas:
        main = arenas[0]
        rest = arenas[1:]
        parts.append(
            f"malloc main {main.system_mb:.1f}/{main.in_use_mb:.1f} "
            f"others x{len(rest)} {sum(a.system_mb for a in rest):.1f}/{sum(a.in_use_mb for a in rest):.1f}"
        )
    ob = obmalloc()
    if ob is not None:
        parts.append(
            f"obmalloc {ob.arenas} arenas {ob.arenas_mb:.1f} used {ob.allocated_mb:.1f} free {ob.free_mb:.1f}"
        )
    parts.append(f"threads {threads()}")
    return "; ".join(parts)


def snapshot() -> dict[str, float]:
    """Every figure above by name, in MB (threads: a count), for a table of what grew between two."""
    figures: dict[str, float] = {f"rss {k}": v for k, v in regions().items()}
    arenas = malloc_arenas()
    if arenas:
        figures["malloc main system"] = arenas[0].system_mb
        figures["malloc main in use"] = arenas[0].in_use_mb
        figures["malloc threads' system"] = sum(a.system_mb for a in arenas[1:])
        figures["malloc threads' in use"] = sum(a.in_use_mb for a in arenas[1:])
        figures["malloc arenas"] = len(arenas)
    ob = obmalloc()
    if ob is not None:
        figures["obmalloc arenas"] = ob.arenas_mb
        figures["obmalloc in blocks"] = ob.allocated_mb
        figures["obmalloc free"] = ob.free_mb
    figures["threads"] = threads()
    return figures


def table(rows: list[tuple[str, dict[str, float]]]) -> str:
    """The snapshots side by side, and the last minus the first."""
    names = list(dict.fromkeys(name for _label, snap in rows for name in snap))
    head = f"{'':26s}" + "".join(f"{label:>10s}" for label, _snap in rows) + f"{'growth':>10s}"
    lines = [head]
    for name in names:
        values = [snap.get(name, 0.0) for _label, snap in rows]
        lines.append(
            f"{name:26s}" + "".join(f"{v:10.1f}" for v in values) + f"{values[-1] - values[0]:+10.1f}"
        )
    return "\n".join(lines)
