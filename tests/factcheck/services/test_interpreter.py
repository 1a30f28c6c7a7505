"""While a worker computes, the interpreter changes hands within SWITCH_S; the interval is put back once
the last one is done, whatever the order they end in (and after an error)."""

from __future__ import annotations

import sys
import threading

import pytest

from factcheck.services import interpreter


def test_lowered_while_inside_and_restored_after_the_last() -> None:
    before = sys.getswitchinterval()
    first, second = interpreter.shared(), interpreter.shared()
    first.__enter__()
    assert sys.getswitchinterval() == pytest.approx(min(before, interpreter.SWITCH_S))
    second.__enter__()
    first.__exit__(None, None, None)  # the first ends before the second: still lowered
    assert sys.getswitchinterval() == pytest.approx(interpreter.SWITCH_S)
    second.__exit__(None, None, None)
    assert sys.getswitchinterval() == before
    assert interpreter.active() == 0


def test_restored_after_an_error_on_a_thread() -> None:
    before = sys.getswitchinterval()
    seen: list[float] = []

    def work() -> None:
        try:
            with interpreter.shared():
                seen.append(sys.getswitchinterval())
                raise ValueError("a bug in the computation")
        except ValueError:
            pass

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [pytest.approx(interpreter.SWITCH_S)]
    assert sys.getswitchinterval() == before
