"""Big blocks stay out of the C heap after the threshold is fixed (ui/allocator.py): a 2 MB block asked
for after a 20 MB one was freed gets a mapping of its own (given back when freed), where glibc's moving
threshold would have put it in the heap. Checked in a fresh interpreter each (the setting is for the
whole process)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import ctypes, sys
from ui import allocator
if sys.argv[1] == "set":
    assert allocator.map_big_blocks()
class Info(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                "fsmblks", "uordblks", "fordblks", "keepcost")]
libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = Info
big = bytearray(20_000_000)
del big  # freed: glibc raises its threshold to 20 MB unless it was fixed
before = libc.mallinfo2().hblks
block = bytearray(2_000_000)
print(libc.mallinfo2().hblks - before)
"""


def _mapped(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True)
    return int(done.stdout.strip())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_a_big_block_gets_its_own_mapping_once_the_threshold_is_fixed() -> None:
    assert _mapped("default") == 0, "glibc's moving threshold: the 2 MB block came from the heap"
    assert _mapped("set") == 1
