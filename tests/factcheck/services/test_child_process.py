"""Work run in a child process on a real project file: its result, its errors and its progress come
back; a cancel (the check raising) or a child that dies ends it at once, leaving no process behind."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from db import Store
from db.errors import StoreError
from factcheck.core.model import Document
from factcheck.services.agreement_report import measure_agreement
from factcheck.services.child_process import ChildFailed, run_in_child
from tests.factcheck.services import curated_project
from tests.factcheck.services.test_agreement_store import random_project

Progress = Callable[[int, int], None]


class Stop(Exception):
    pass


def _nothing() -> None:
    pass


def _ignore(done: int, total: int) -> None:
    pass


# The works below run in the child: module-level, pickled by name.
def pid_and_titles(store: Store, progress: Progress) -> tuple[int, list[str]]:
    return os.getpid(), [d.title for d in store.documents()]


def refuse(store: Store, progress: Progress) -> None:
    raise StoreError("The project is locked by another program.")


class Unpicklable(Exception):
    def __init__(self, a: int, b: int) -> None:  # pickling calls it with one argument: fails
        super().__init__(f"{a}+{b}")


def bug(store: Store, progress: Progress) -> None:
    raise Unpicklable(1, 2)


def count_to_three(store: Store, progress: Progress) -> str:
    for i in range(1, 4):
        time.sleep(0.06)  # more than the child's progress interval: every step is sent
        progress(i, 3)
    return "counted"


def pid_then_sleep(store: Store, progress: Progress) -> None:
    progress(os.getpid(), 0)
    time.sleep(60)


def die(store: Store, progress: Progress) -> None:
    os._exit(3)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.factcheck"
    with Store.open(path) as store:
        store.add_document(Document.create("The bridge is safe.", title="Bridge"))
    return path


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_work_runs_in_another_process_on_the_project_and_its_result_comes_back(project: Path) -> None:
    pid, titles = run_in_child(pid_and_titles, project, _ignore, _nothing)
    assert pid != os.getpid() and titles == ["Bridge"]
    assert multiprocessing.active_children() == []


def test_the_agreement_measured_in_a_child_equals_the_one_measured_here(tmp_path: Path) -> None:
    path = tmp_path / "random.factcheck"
    with Store.open(path) as store:
        random_project(store, seed=5)
        here = measure_agreement(store)
    assert here[0]  # rows to compare
    assert run_in_child(measure_agreement, path, _ignore, _nothing) == here
    path = tmp_path / "curated.factcheck"
    with curated_project.build(path) as store:
        here = measure_agreement(store)
    assert here[0] and here[2]  # agreement rows and scores against the curated set
    assert run_in_child(measure_agreement, path, _ignore, _nothing) == here


def test_what_the_work_raises_comes_back(project: Path) -> None:
    with pytest.raises(StoreError, match="locked by another program"):
        run_in_child(refuse, project, _ignore, _nothing)
    with pytest.raises(RuntimeError, match=r"Unpicklable: 1\+2"):  # said, if it cannot travel as is
        run_in_child(bug, project, _ignore, _nothing)


def test_progress_reaches_the_caller(project: Path) -> None:
    seen: list[tuple[int, int]] = []
    assert run_in_child(count_to_three, project, lambda d, t: seen.append((d, t)), _nothing) == "counted"
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_a_check_that_raises_ends_the_child_at_once(project: Path) -> None:
    pids: list[int] = []

    def check() -> None:
        if pids:
            raise Stop

    def progress(done: int, total: int) -> None:
        pids.append(done)

    t0 = time.monotonic()
    with pytest.raises(Stop):
        run_in_child(pid_then_sleep, project, progress, check)
    assert time.monotonic() - t0 < 30  # not the 60 s the work sleeps
    assert gone(pids[0]) and multiprocessing.active_children() == []


def test_a_child_that_dies_says_so(project: Path) -> None:
    with pytest.raises(ChildFailed, match="exit code 3"):
        run_in_child(die, project, _ignore, _nothing)
    assert multiprocessing.active_children() == []
