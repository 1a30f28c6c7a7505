"""Web pages downloaded from a real HTTP server on 127.0.0.1, read as saved pages, refused in one line."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from db import Store
from factcheck import __version__
from factcheck.core.articles import read_article
from factcheck.core.spans import new_annotation
from factcheck.services.importing import import_paths
from factcheck.services.web_pages import (
    DownloadCancelled,
    WebPageError,
    fetch_article,
    fetch_page,
    is_address,
    looks_like_address,
)
from tests.helpers.web_server import WebServer

STORY = """<!doctype html><html><head><title>Minister denies report | The Daily</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Minister denies report</h1>
<p>The minister said on Monday that crime fell by twenty percent in the capital over the last year.</p>
<p>Critics called the claim misleading, pointing to the police's own figures for the same period.</p>
<p>“We never said that,” the minister’s spokeswoman told reporters outside the ministry later.</p>
</article><footer>© The Daily</footer></body></html>"""


def test_a_page_after_a_redirect_is_read_as_the_saved_page_and_keeps_its_final_address(
    web_server: WebServer, tmp_path: Path
) -> None:
    final = web_server.page("/2026/minister-denies.html", STORY)
    start = web_server.redirect("/s/abc", "/2026/minister-denies.html", 301)
    document, _ = fetch_article(start)
    assert document.source == final
    assert document.title == "Minister denies report"
    assert "crime fell by twenty percent" in document.text and "Home" not in document.text
    saved = tmp_path / "saved.html"
    saved.write_text(STORY, encoding="utf-8")
    assert (document.text, document.title) == (read_article(saved).text, read_article(saved).title)
    path, headers = web_server.requests[-1]
    assert path == "/2026/minister-denies.html"
    assert headers["User-Agent"].startswith(f"factcheck/{__version__}")
    # A tag's code-point offsets land on its words (the text has curly quotes and an apostrophe).
    start_at = document.text.index("“We never said that,”")
    ann = new_annotation(document, start_at, start_at + len("“We never said that,”"), "denial", "ana")
    assert document.text[ann.start : ann.end] == "“We never said that,”"


def test_the_same_address_twice_is_one_document_with_the_address_as_its_source(
    web_server: WebServer, store: Store
) -> None:
    url = web_server.page("/story", STORY)
    first = import_paths(store, [url])
    again = import_paths(store, [url])
    assert (first.documents_added, again.documents_added, again.documents_existing) == (1, 0, 1)
    [doc] = store.documents()
    assert doc.source == url and first.document_ids == again.document_ids == [doc.id]
    assert first.files[0].source == url


def test_a_page_in_another_charset_is_decoded_by_its_meta_charset(web_server: WebServer) -> None:
    html = STORY.replace("<head>", '<head><meta charset="iso-8859-2">').replace(
        "The minister said", "Łódź’s minister Żaneta said"
    )
    html = html.replace("“", '"').replace("”", '"').replace("’", "'").replace("©", "(c)")
    url = web_server.page("/pl", html.encode("iso-8859-2"), content_type="text/html")
    document, _ = fetch_article(url)
    assert "Łódź's minister Żaneta said" in document.text


def test_the_servers_charset_comes_before_the_pages_own(web_server: WebServer) -> None:
    # A page served as windows-1252 by its header, whose <meta> claims UTF-8 (a common CMS slip).
    html = STORY.replace("<head>", '<head><meta charset="utf-8">').replace(
        "The minister", "Zürich's minister"
    )
    html = html.replace("“", '"').replace("”", '"').replace("’", "'")
    url = web_server.page("/ch", html.encode("cp1252"), content_type="text/html; charset=windows-1252")
    document, _ = fetch_article(url)
    assert "Zürich's minister said" in document.text


def test_plain_text_is_read_as_a_text_file(web_server: WebServer) -> None:
    url = web_server.page("/notes/g20_summit.txt", "Minister denies report\n\nShe said it.\n", "text/plain")
    document, encoding = fetch_article(url)
    assert (document.title, document.text, encoding) == (
        "Minister denies report",
        "Minister denies report\n\nShe said it.\n",
        "UTF-8",
    )


def test_404_says_the_status_and_what_to_do(web_server: WebServer) -> None:
    with pytest.raises(WebPageError) as caught:
        fetch_article(web_server.url("/gone"))
    message = str(caught.value)
    assert "404 Not Found" in message and "check the address" in message and "Ctrl+S" in message
    assert "\n" not in message


def test_a_server_error_says_its_status(web_server: WebServer) -> None:
    web_server.routes["/broken"] = (503, {"Content-Type": "text/html"}, b"down")
    with pytest.raises(WebPageError, match=r"503 Service Unavailable.*try again later"):
        fetch_article(web_server.url("/broken"))


def test_a_stalled_server_times_out(web_server: WebServer) -> None:
    web_server.stalling("/stall")
    began = time.monotonic()
    with pytest.raises(WebPageError, match=r"did not answer within 0\.5 seconds"):
        fetch_article(web_server.url("/stall"), timeout=0.5)
    assert time.monotonic() - began < 5


def test_too_big_is_refused_from_its_length_and_while_reading(web_server: WebServer) -> None:
    url = web_server.page("/big", STORY * 10)
    with pytest.raises(WebPageError, match=r"bigger .* than the 1000 bytes a web page may have"):
        fetch_page(url, max_bytes=1000)

    def endless(request: BaseHTTPRequestHandler) -> None:  # no Content-Length: stopped while reading
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.end_headers()
        for _ in range(200):
            request.wfile.write(b"<p>" + b"x" * 8000 + b"</p>")

    web_server.routes["/endless"] = endless
    read: list[int] = []
    with pytest.raises(WebPageError, match="than the 100000 bytes"):
        fetch_page(web_server.url("/endless"), max_bytes=100_000, progress=lambda n, _: read.append(n))
    assert read[-1] <= 100_000 + 64 * 1024  # stopped at the cap, not at the end


def test_a_pdf_is_not_a_web_page(web_server: WebServer) -> None:
    url = web_server.page("/report.pdf", b"%PDF-1.7 ...", content_type="application/pdf")
    with pytest.raises(WebPageError, match="not a web page but application/pdf"):
        fetch_article(url)


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/story.html"])
def test_a_redirect_to_another_scheme_is_refused(web_server: WebServer, target: str) -> None:
    url = web_server.redirect("/jump", target)
    with pytest.raises(WebPageError, match=f"redirects to {target}, not a web address"):
        fetch_article(url)


def test_too_many_redirects_are_refused(web_server: WebServer) -> None:
    for i in range(7):
        web_server.redirect(f"/r{i}", f"/r{i + 1}")
    web_server.page("/r7", STORY)
    with pytest.raises(WebPageError, match="redirects more than 5 times"):
        fetch_article(web_server.url("/r0"))
    assert fetch_article(web_server.url("/r2"))[0].source == web_server.url("/r7")  # five are followed


def test_other_schemes_and_broken_addresses_are_refused_before_any_request(web_server: WebServer) -> None:
    with pytest.raises(WebPageError, match="is not a web address; factcheck opens http:// and https://"):
        fetch_article("ftp://example.org/a.html")
    with pytest.raises(WebPageError, match="not a complete web address"):
        fetch_article("https://")
    assert web_server.requests == []
    assert is_address("https://example.org/a") and not is_address("ftp://example.org/a")
    assert looks_like_address("ftp://example.org/a") and not looks_like_address("C:\\news\\a.html")


def test_a_refused_connection_and_an_unknown_name_say_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(WebPageError, match=r"refused the connection. Check the address"):
        fetch_article(f"http://127.0.0.1:{port}/story")

    def not_found(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", not_found)
    with pytest.raises(WebPageError, match=r"the site news.example was not found .*online"):
        fetch_article("https://news.example/story")


def test_a_page_without_article_text_says_so(web_server: WebServer) -> None:
    url = web_server.page(
        "/empty", "<html><head><title>Home</title></head><body><script>start();</script></body></html>"
    )
    with pytest.raises(WebPageError, match="no article text was found"):
        fetch_article(url)


def test_a_download_is_cancelled_from_another_thread_between_chunks(web_server: WebServer) -> None:
    first_chunk = threading.Event()

    def slow(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.end_headers()
        for _ in range(400):
            request.wfile.write(b"<p>" + b"x" * 64 * 1024 + b"</p>")
            request.wfile.flush()
            if server_stop.wait(0.02):
                return

    server_stop = web_server.stop
    web_server.routes["/slow"] = slow
    cancel = threading.Event()
    outcome: list[BaseException] = []

    def download() -> None:
        try:
            fetch_article(web_server.url("/slow"), cancel=cancel, progress=lambda n, _: first_chunk.set())
        except BaseException as exc:  # what the worker ended on
            outcome.append(exc)

    worker = threading.Thread(target=download)
    worker.start()
    assert first_chunk.wait(10)
    cancel.set()
    worker.join(10)
    assert not worker.is_alive()
    assert isinstance(outcome[0], DownloadCancelled)


def test_an_import_of_a_file_and_a_failing_address_stores_nothing(
    web_server: WebServer, store: Store, tmp_path: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("An article.\n", encoding="utf-8")
    with pytest.raises(WebPageError, match="404"):
        import_paths(store, [str(article), web_server.url("/missing")])
    assert store.documents() == []
    # A cancel through the import's progress (what the window's Cancel does) also stores nothing.
    url = web_server.page("/story", STORY)

    def cancel(done: int, total: int) -> None:
        raise DownloadCancelled("cancelled")

    with pytest.raises(DownloadCancelled):
        import_paths(store, [str(article), url], progress=cancel)
    assert store.documents() == []


def test_a_cookie_set_on_a_redirect_is_sent_to_the_page_and_forgotten_after(web_server: WebServer) -> None:
    web_server.routes["/consent"] = (302, {"Location": "/story", "Set-Cookie": "consent=yes; Path=/"}, b"")

    def story(request: BaseHTTPRequestHandler) -> None:
        if "consent=yes" not in (request.headers.get("Cookie") or ""):
            request.send_error(403, "Forbidden")
            return
        body = STORY.encode()
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    web_server.routes["/story"] = story
    assert fetch_article(web_server.url("/consent"))[0].source == web_server.url("/story")
    with pytest.raises(WebPageError, match="403 Forbidden"):  # the next download starts with no cookie
        fetch_article(web_server.url("/story"))


def test_an_address_with_letters_beyond_ascii_is_sent_as_a_browser_sends_it(
    web_server: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    web_server.page("/z%C3%BCrich/caf%C3%A9?q=%C3%A9t%C3%A9", STORY)
    document, _ = fetch_article(web_server.url("/zürich/café?q=été"))
    assert document.source == web_server.url("/z%C3%BCrich/caf%C3%A9?q=%C3%A9t%C3%A9")
    asked: list[object] = []

    def resolve(host: object, *args: object, **kwargs: object) -> object:
        asked.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(WebPageError, match="was not found"):
        fetch_article("https://bücher.example/neu")
    assert asked == ["xn--bcher-kva.example"]
    with pytest.raises(WebPageError, match="not a complete web address"):
        fetch_article("http://news.example:port/")


def test_a_compressed_page_is_inflated_and_its_size_capped_as_it_inflates(web_server: WebServer) -> None:
    import gzip

    packed = gzip.compress(STORY.encode())
    web_server.routes["/gz"] = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, packed)
    assert "crime fell by twenty percent" in fetch_article(web_server.url("/gz"))[0].text
    bomb = gzip.compress(b"<p>" + b"a" * 5_000_000 + b"</p>")  # 5 MB that travel as a few KB
    web_server.routes["/bomb"] = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb)
    with pytest.raises(WebPageError, match="than the 1 MB a web page may have"):
        fetch_page(web_server.url("/bomb"), max_bytes=1024 * 1024)


def test_the_systems_proxy_is_used(web_server: WebServer, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("no_proxy", "NO_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", web_server.base)  # the local server plays the proxy
    web_server.routes["http://news.example/story"] = (200, {"Content-Type": "text/html"}, STORY.encode())
    document, _ = fetch_article("http://news.example/story")
    assert document.source == "http://news.example/story"
    assert web_server.requests[-1][0] == "http://news.example/story"  # asked of the proxy, in full
