"""Big blocks kept out of the C heap, so that memory freed goes back to the system (glibc only).

glibc serves a request above its mmap threshold (128 KB at first) with its own mapping, unmapped when
freed; but each time such a block is freed it raises the threshold to that block's size (up to 32 MB).
After the first 5 MB article was closed, its copies (the text as a str of 20 MB, the text document,
the offsets) came from the heap: freed, they left holes under what was allocated after them, which the
heap cannot give back. A 10k-action session with the 5 MB article switched to and fro kept ~120 MB of
such holes (RSS after malloc_trim minus malloc's memory in use, bench/soak.py). A fixed threshold (which
also stops glibc from moving it) keeps every block of a megabyte or more in its own mapping.

Freed memory below the top of the heap (or of a worker thread's arena) is kept by glibc for the process
until ``malloc_trim`` gives its whole pages back: done after work that makes and drops a lot at once
(a long operation on its worker, ``ui/operations.py``; the article's layouts renewed,
``ui/layout_release.py``). About 0.5 ms on the soak's window (bench/soak.py).

What glibc is not asked: a cap on its per-thread arenas (M_ARENA_MAX). Measured over a 10k-action soak,
the worker threads' arenas hold 2 MB in use and 3 to 5 MB resident after a trim, their number steady at
four besides the main one: sharing the main heap would mix the workers' short-lived blocks with the
window's long-lived ones, for nothing to gain.
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


def give_back() -> bool:
    """The free memory glibc keeps, given back to the system (malloc_trim(0)); whether any was (False
    elsewhere). Any thread: glibc locks each arena as it trims it (ctypes lets go of the interpreter)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # another C library (musl): it keeps what it keeps
        return False
    trim.argtypes = [ctypes.c_size_t]
    return bool(trim(0))
