"""A download cancelled in every phase (name lookup, TLS handshake, waiting for the answer, mid-page) ends
within a fraction of a second; pages over https with a certificate made for the test."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from factcheck.services import web_pages
from factcheck.services.web_pages import DownloadCancelled, WebPageError, fetch_article
from tests.helpers.tls import https_server, make_certificate
from tests.helpers.web_server import WebServer

STORY = """<!doctype html><html><head><title>Minister denies report | The Daily</title></head><body>
<article><h1>Minister denies report</h1>
<p>The minister said on Monday that crime fell by twenty percent in the capital over the last year.</p>
<p>Critics called the claim misleading, pointing to the police's own figures for the same period.</p>
</article></body></html>"""

#: Far below the 15 s timeout, generous for a loaded machine.
QUICK_S = 5.0


def _downloads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "factcheck-download" and t.is_alive()]


def cancelled_within(url: str, **kwargs: object) -> float:
    """Download url, cancelling after 0.2 s from another thread; the seconds until it stopped."""
    cancel = threading.Event()
    timer = threading.Timer(0.2, cancel.set)
    timer.start()
    began = time.monotonic()
    try:
        with pytest.raises(DownloadCancelled, match="was cancelled; nothing was imported"):
            fetch_article(url, cancel=cancel, **kwargs)  # type: ignore[arg-type]
    finally:
        timer.cancel()
    return time.monotonic() - began


def test_cancel_is_heard_while_the_server_stalls_mid_page(web_server: WebServer) -> None:
    web_server.stalling("/stall")
    assert cancelled_within(web_server.url("/stall")) < QUICK_S
    # The abandoned download's socket was shut down: its thread ends too, long before the timeout.
    deadline = time.monotonic() + QUICK_S
    while _downloads() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _downloads()


def test_cancel_is_heard_before_the_server_answers(web_server: WebServer) -> None:
    web_server.routes["/silent"] = lambda request: web_server.stop.wait(30)  # type: ignore[assignment]
    assert cancelled_within(web_server.url("/silent")) < QUICK_S


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never says a word: a stalled TLS
    handshake."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def test_cancel_is_heard_during_a_stalled_tls_handshake(silent_port: int) -> None:
    assert cancelled_within(f"https://127.0.0.1:{silent_port}/story") < QUICK_S
    deadline = time.monotonic() + QUICK_S
    while _downloads() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _downloads()


def test_cancel_is_heard_during_a_slow_name_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    released = threading.Event()
    real: Callable[..., object] = socket.getaddrinfo

    def slow_lookup(host: str, *args: object, **kwargs: object) -> object:
        if host == "news.example":
            released.wait(30)  # a resolver that does not answer
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow_lookup)
    try:
        assert cancelled_within("http://news.example/story") < QUICK_S
    finally:
        released.set()


def test_a_truly_stalled_server_still_gets_its_whole_timeout(web_server: WebServer) -> None:
    # The short polling is the caller's: the socket's own limit is still the one given (here 1 s).
    web_server.routes["/silent"] = lambda request: web_server.stop.wait(30)  # type: ignore[assignment]
    began = time.monotonic()
    with pytest.raises(WebPageError, match=r"did not answer within 1 seconds"):
        fetch_article(web_server.url("/silent"), timeout=1.0)
    assert 0.9 < time.monotonic() - began < QUICK_S
    assert web_pages.TIMEOUT_S == 15.0


def test_a_page_over_https_is_read_with_the_certificate_trusted(tmp_path: Path) -> None:
    cert, key = make_certificate(tmp_path)
    trusted = ssl.create_default_context(cafile=str(cert))
    with https_server(cert, key) as server:
        url = server.page("/story", STORY)
        document, _ = fetch_article(url, context=trusted)
        assert document.source == url and url.startswith("https://")
        assert document.title == "Minister denies report"
        assert "crime fell by twenty percent" in document.text
        assert server.requests[-1][0] == "/story"


def test_a_certificate_nobody_trusts_is_refused_in_one_clear_line(tmp_path: Path) -> None:
    cert, key = make_certificate(tmp_path)
    with https_server(cert, key) as server:
        url = server.page("/story", STORY)
        with pytest.raises(WebPageError) as refused:
            fetch_article(url)  # the system's certificates: the self-signed one is not among them
        assert not server.requests  # nothing was asked of a site not trusted
    message = str(refused.value)
    assert "the site's certificate is not trusted (" in message
    assert "Check the address" in message and "\n" not in message
