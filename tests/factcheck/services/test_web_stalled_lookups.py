"""A name lookup the resolver never answers cannot be interrupted: the download cancelled during it
leaves a thread waiting. That thread connects to nothing once the lookup returns (nothing is asked of
the site after a Cancel), and at most MAX_STALLED_LOOKUPS of them wait at once: the next download is
refused, saying why, until one ends."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from factcheck.services import web_pages
from factcheck.services.web_pages import DownloadCancelled, WebPageError, fetch_article
from tests.helpers.web_server import WebServer

QUICK_S = 5.0
STORY = "<html><head><title>Report</title></head><body><p>The minister said crime fell.</p></body></html>"


def _downloads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "factcheck-download" and t.is_alive()]


@pytest.fixture
def stalled_resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, list[str]]]:
    """news.example's lookup waits until released, then answers 127.0.0.1; other names as usual."""
    released = threading.Event()
    asked: list[str] = []
    real: Callable[..., Any] = socket.getaddrinfo

    def lookup(host: str, port: object, *args: object, **kwargs: object) -> Any:
        if host == "news.example":
            asked.append(host)
            released.wait(30)
            return real("127.0.0.1", port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    yield released, asked
    released.set()
    deadline = time.monotonic() + QUICK_S
    while _downloads() and time.monotonic() < deadline:
        time.sleep(0.02)


def cancel_during_lookup(url: str, asked: list[str]) -> None:
    """Start url's download, cancel it once its lookup waits; returns when the caller has stopped."""
    cancel = threading.Event()
    before = len(asked)

    def when_asked() -> None:
        deadline = time.monotonic() + QUICK_S
        while len(asked) == before and time.monotonic() < deadline:
            time.sleep(0.01)
        cancel.set()

    threading.Thread(target=when_asked, daemon=True).start()
    began = time.monotonic()
    with pytest.raises(DownloadCancelled):
        fetch_article(url, cancel=cancel)
    assert time.monotonic() - began < QUICK_S


def test_a_lookup_answered_after_cancel_connects_nowhere(
    stalled_resolver: tuple[threading.Event, list[str]],
) -> None:
    released, asked = stalled_resolver
    with socket.socket() as listener:  # where the late answer points: any connection would queue here
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = listener.getsockname()[1]
        cancel_during_lookup(f"http://news.example:{port}/story", asked)
        assert web_pages.stalled_lookups() == 1
        released.set()  # the resolver answers at last
        deadline = time.monotonic() + QUICK_S
        while _downloads() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not _downloads() and web_pages.stalled_lookups() == 0
        listener.settimeout(0.3)
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody connected: nothing was asked of the site after the Cancel


def test_stalled_lookups_are_bounded_and_the_next_download_says_why(
    web_server: WebServer, stalled_resolver: tuple[threading.Event, list[str]]
) -> None:
    released, asked = stalled_resolver
    for _ in range(web_pages.MAX_STALLED_LOOKUPS):
        cancel_during_lookup("http://news.example/story", asked)
    assert web_pages.stalled_lookups() == web_pages.MAX_STALLED_LOOKUPS
    threads = len(_downloads())
    with pytest.raises(WebPageError) as refused:
        fetch_article(web_server.page("/story", STORY))
    message = str(refused.value)
    assert f"the last {web_pages.MAX_STALLED_LOOKUPS} cancelled downloads are still waiting" in message
    assert "try again in a minute" in message and "\n" not in message
    assert len(_downloads()) == threads  # no thread was started for it
    released.set()
    deadline = time.monotonic() + QUICK_S
    while web_pages.stalled_lookups() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert fetch_article(web_server.url("/story"))[0].title == "Report"  # downloads go again
