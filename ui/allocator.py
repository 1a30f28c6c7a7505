"""Big blocks kept out of the C heap, so that memory freed goes back to the system (glibc only).

glibc serves a request above its mmap threshold (128 KB at first) with its own mapping, unmapped when
freed; but each time such a block is freed it raises the threshold to that block's size (up to 32 MB).
After the first 5 MB article was closed, its copies (the text as a str of 20 MB, the text document,
the offsets) came from the heap: freed, they left holes under what was allocated after them, which the
heap cannot give back. A 10k-action session with the 5 MB article switched to and fro kept ~120 MB of
such holes (RSS after malloc_trim minus malloc's memory in use, bench/soak.py). A fixed threshold (which
also stops glibc from moving it) keeps every block of a megabyte or more in its own mapping.
"""

from __future__ import annotations

import ctypes
import sys

#: glibc's mallopt parameter (malloc.h) and the threshold set: blocks this big or more are mapped apart.
M_MMAP_THRESHOLD = -3
THRESHOLD = 1 << 20


def map_big_blocks() -> bool:
    """Set the threshold once at start (before the window); whether it was set (False: not glibc)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # another C library (musl)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return bool(mallopt(M_MMAP_THRESHOLD, THRESHOLD))
