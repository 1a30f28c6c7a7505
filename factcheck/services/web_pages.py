"""Articles from the web: a page downloaded by its address, then read exactly as a saved page is.

`fetch_page(url)` downloads with the standard library only: http and https (a redirect elsewhere is
refused), at most `MAX_REDIRECTS` redirects, a connect/read timeout, a size cap enforced while reading
(chunks; the body is never held bigger than the cap), HTML or plain text only (by Content-Type), the
system's proxies as urllib finds them, a User-Agent naming factcheck. `fetch_article(url)` then hands the
bytes to `core.articles.read_page`, the reading of a saved file, so charset, title and offsets are a saved
page's; the document's source is the final address (after redirects). Every failure is a `WebPageError`:
one line saying what happened and what to do.

The download runs on a thread of its own while the caller waits for it, looking at the cancel flag (and
calling progress) every `POLL_S`: a Cancel is heard within that time in every phase (the name lookup,
connecting, the TLS handshake, a server stalled mid-page), while the `TIMEOUT_S` limit for a stalled
server is unchanged. On cancel the caller returns at once; the abandoned download's socket is shut down so
its thread ends too.

A name lookup (getaddrinfo) cannot be interrupted with the standard library: a download cancelled during
one leaves its thread waiting for the system's resolver (the resolver's own timeout, often 10-30 s). That
thread is bounded so it can do no harm: it is a daemon thread (quitting never waits for it), it connects
to nothing and writes nothing once the lookup returns (`_Transfer.look_up`), and at most
`MAX_STALLED_LOOKUPS` of them may wait at once: a new download is refused, saying why, until one ends.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import http.client
import http.cookiejar
import re
import socket
import ssl
import threading
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from typing import IO, Any

from factcheck import __version__
from factcheck.core.errors import ArticleError, FactcheckError
from factcheck.core.model import Document

__all__ = [
    "MAX_PAGE_BYTES",
    "MAX_REDIRECTS",
    "TIMEOUT_S",
    "USER_AGENT",
    "DownloadCancelled",
    "WebPage",
    "WebPageError",
    "fetch_article",
    "fetch_page",
    "is_address",
    "looks_like_address",
    "short_address",
]

#: Seconds to wait for the connection, and then for each piece of the page, before giving up.
TIMEOUT_S = 15.0
#: Largest page downloaded (20 MB): far above any article, a bound on memory and time.
MAX_PAGE_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024
#: How often the waiting caller looks at the cancel flag and reports progress (seconds).
POLL_S = 0.1
#: Cancelled downloads whose name lookup may still wait for the resolver: a bound on lingering threads.
MAX_STALLED_LOOKUPS = 4
USER_AGENT = f"factcheck/{__version__} (news fact-checkers' annotator; Python urllib)"
SCHEMES = ("http", "https")
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/markdown")
#: What to do when the address cannot be read directly: the browser can, and factcheck imports its file.
SAVE_ADVICE = "or open it in your browser, save the page (Ctrl+S) and import the file"

Progress = Callable[[int, int], None]


class WebPageError(ArticleError):
    """A page that could not be downloaded or read; nothing was imported."""


class DownloadCancelled(FactcheckError):
    """The download was cancelled (its cancel flag was set); nothing was imported."""


@dataclass(frozen=True)
class WebPage:
    url: str  # the final address, after redirects
    content_type: str  # "text/html", lower case, no parameters
    charset: str  # the charset the server declared, or ""
    data: bytes


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


def looks_like_address(text: str) -> bool:
    """Something meant as an address ("scheme://..."), whether or not factcheck can fetch it."""
    return bool(_SCHEME.match(text.strip()))


def is_address(text: str) -> bool:
    """An http or https address with a host."""
    parts = urllib.parse.urlsplit(text.strip())
    return (
        parts.scheme.lower() in SCHEMES
        and bool(parts.hostname)
        and not any(c.isspace() for c in text.strip())
    )


def short_address(url: str, width: int = 60) -> str:
    """The address without its scheme, cut in the middle to width: for a progress line or a title."""
    shown = re.sub(r"^https?://(www\.)?", "", url.strip(), flags=re.IGNORECASE)
    if len(shown) <= width:
        return shown
    half = (width - 1) // 2
    return f"{shown[:half]}…{shown[-(width - 1 - half) :]}"


def _check_address(url: str) -> str:
    url = url.strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise WebPageError(
            f"{url} is not a web address; factcheck opens http:// and https:// addresses. Check the address, "
            "or import the file itself."
        )
    incomplete = WebPageError(f"{url} is not a complete web address; check it (https://site/page).")
    if not parts.hostname or any(c.isspace() for c in url):
        raise incomplete
    try:
        port = parts.port
        # A pasted address may hold letters beyond ASCII (an accented path, an internationalized host):
        # sent as a browser sends them, the host in IDNA, the rest percent-encoded as UTF-8.
        host = parts.hostname.encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        raise incomplete from None
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address
    netloc = host if port is None else f"{host}:{port}"
    if parts.username is not None:
        login = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{urllib.parse.quote(login, safe=':%')}@{netloc}"
    return urllib.parse.urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            urllib.parse.quote(parts.path, safe=_URL_SAFE),
            urllib.parse.quote(parts.query, safe=_URL_SAFE + "?"),
            urllib.parse.quote(parts.fragment, safe=_URL_SAFE + "?"),
        )
    )


#: What stays as is in an address's path and query: the reserved characters, and % (already encoded).
_URL_SAFE = "/%:@!$&'()*+,;=-._~"


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
    ) -> Any:
        # Checked before urllib's own rule, which lets ftp: through and calls file: a loop.
        location = headers.get("location") or headers.get("uri")
        if location:
            target = urllib.parse.urljoin(req.full_url, location)
            scheme = urllib.parse.urlsplit(target).scheme.lower()
            if scheme not in SCHEMES:
                fp.close()
                raise WebPageError(
                    f"{req.full_url} redirects to {target}, not a web address; factcheck follows only "
                    "http and https. Open the page in your browser, save it (Ctrl+S) and "
                    "import the file."
                )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


@functools.cache
def _tls() -> ssl.SSLContext:
    """The system's certificates, loaded once (tens of milliseconds): verified as a browser does."""
    return ssl.create_default_context()


#: The downloads whose thread is inside a name lookup now (see the module's doc).
_looking_up: set[_Transfer] = set()
_looking_up_lock = threading.Lock()


def stalled_lookups() -> int:
    """Cancelled downloads whose thread still waits for a name lookup."""
    with _looking_up_lock:
        return sum(1 for t in _looking_up if t.abandoned)


class _Transfer:
    """One download's state shared between its thread and the caller waiting for it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.abandoned = False
        self.read = 0
        self.total = 0
        self.done = threading.Event()
        self.page: WebPage | None = None
        self.error: BaseException | None = None

    def look_up(self, host: str, port: int) -> list[Any]:
        """host's addresses; DownloadCancelled when the caller stopped waiting meanwhile (nothing is
        connected to after a Cancel, however late the resolver answers)."""
        with _looking_up_lock:
            _looking_up.add(self)
        try:
            found = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
        finally:
            with _looking_up_lock:
                _looking_up.discard(self)
        if self.abandoned:
            raise DownloadCancelled(f"The download from {host} was cancelled; nothing was imported.")
        return found

    def connected(self, sock: socket.socket) -> None:
        with self.lock:
            if not self.abandoned:
                self.sockets.append(sock)
                return
        _shut(sock)  # abandoned while connecting: stop now

    def abandon(self) -> None:
        """The caller stopped waiting: end the download's blocking reads now, not at its timeout."""
        with self.lock:
            self.abandoned = True
            sockets, self.sockets = self.sockets, []
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    # shutdown (not close) wakes a recv blocked on another thread; the owner still closes the socket.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _tracked(base: type[http.client.HTTPConnection], transfer: _Transfer) -> type[http.client.HTTPConnection]:
    class Tracked(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            fields: dict[str, Any] = self.__dict__  # http.client's own attributes, set by its __init__
            create: Callable[..., socket.socket] = fields["_create_connection"]

            def created(address: tuple[str, int], *a: Any, **k: Any) -> socket.socket:
                host, port = address
                error: OSError | None = None
                # Looked up here (not in create_connection) so that a Cancel meanwhile connects nowhere.
                for *_, sockaddr in transfer.look_up(host, port):
                    try:
                        sock = create((sockaddr[0], port), *a, **k)
                    except OSError as exc:  # as create_connection: the next address, else the last error
                        error = exc
                        continue
                    transfer.connected(sock)  # before any TLS handshake: a stalled one is woken too
                    return sock
                raise error or OSError(f"{host} has no address")

            fields["_create_connection"] = created
            if "_context" in fields:  # https: the TLS socket replaces (detaches) the plain one
                fields["_context"] = _TrackedTLS(fields["_context"], transfer)

    return Tracked


class _TrackedTLS:
    """An SSLContext's wrap_socket, with the TLS socket made known before its handshake (which may
    stall): wrapping detaches the plain socket, so shutting that one down would no longer wake it."""

    def __init__(self, context: ssl.SSLContext, transfer: _Transfer) -> None:
        self._context = context
        self._transfer = transfer

    def wrap_socket(self, sock: socket.socket, server_hostname: str | None = None) -> ssl.SSLSocket:
        tls = self._context.wrap_socket(sock, server_hostname=server_hostname, do_handshake_on_connect=False)
        self._transfer.connected(tls)
        try:
            tls.do_handshake()
        except BaseException:
            tls.close()  # the connection closes only the plain socket, detached by now
            raise
        return tls


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, transfer: _Transfer) -> None:
        super().__init__()
        self._connection = _tracked(http.client.HTTPConnection, transfer)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, transfer: _Transfer, context: ssl.SSLContext) -> None:
        super().__init__(context=context)
        self._tls_context = context
        self._connection = _tracked(http.client.HTTPSConnection, transfer)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req, context=self._tls_context)


def _opener(transfer: _Transfer, context: ssl.SSLContext | None) -> urllib.request.OpenerDirector:
    # Built by hand rather than with build_opener: no file:, ftp: or data: handlers at all.
    opener = urllib.request.OpenerDirector()
    handlers: list[Any] = [
        urllib.request.ProxyHandler(),  # the system's proxies (environment, registry, macOS settings)
        # In memory for this one download: some sites set a cookie and redirect to the page with it.
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
        _HTTP(transfer),
        _HTTPS(transfer, context or _tls()),
        urllib.request.HTTPDefaultErrorHandler(),
        _Redirects(),
        urllib.request.HTTPErrorProcessor(),
    ]
    for handler in handlers:
        opener.add_handler(handler)
    return opener


def fetch_page(
    url: str,
    *,
    timeout: float | None = None,
    max_bytes: int | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    context: ssl.SSLContext | None = None,
) -> WebPage:
    """Download the page at url. progress(bytes read, bytes expected or 0) is called every `POLL_S` on
    the caller's thread and may raise to stop; a set `cancel` stops within `POLL_S` in any phase
    (DownloadCancelled). Raises WebPageError. timeout (seconds) and max_bytes default to TIMEOUT_S and
    MAX_PAGE_BYTES; context: the TLS certificates trusted (default: the system's)."""
    url = _check_address(url)
    timeout = TIMEOUT_S if timeout is None else timeout  # read now: a test may shorten them
    max_bytes = MAX_PAGE_BYTES if max_bytes is None else max_bytes
    if (stalled := stalled_lookups()) >= MAX_STALLED_LOOKUPS:
        raise WebPageError(
            f"{url} was not downloaded: the last {stalled} cancelled downloads are still waiting for the "
            "network to find their sites' addresses (the name server does not answer). Check the "
            f"connection and try again in a minute, {SAVE_ADVICE}."
        )
    transfer = _Transfer()

    def run() -> None:
        try:
            transfer.page = _download(url, transfer, timeout, max_bytes, context)
        except BaseException as exc:  # handed to the caller, never left on this thread
            transfer.error = exc
        finally:
            transfer.done.set()

    threading.Thread(target=run, name="factcheck-download", daemon=True).start()
    try:
        while not transfer.done.wait(POLL_S):
            if cancel is not None and cancel.is_set():
                raise DownloadCancelled(f"The download of {url} was cancelled; nothing was imported.")
            if progress is not None:
                progress(transfer.read, transfer.total)
    except BaseException:
        transfer.abandon()
        raise
    if progress is not None:  # the last count (a short download is over before the first look)
        progress(transfer.read, transfer.total)
    if transfer.error is not None:
        raise transfer.error
    assert transfer.page is not None
    return transfer.page


def _download(
    url: str, transfer: _Transfer, timeout: float, max_bytes: int, context: ssl.SSLContext | None
) -> WebPage:
    host = urllib.parse.urlsplit(url).hostname or url
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
            "Accept-Encoding": "gzip, deflate",
        },
    )
    try:
        with _opener(transfer, context).open(request, timeout=timeout) as response:
            final = response.geturl()
            content_type, charset = _content_type(final, response.headers)
            data = _read_body(final, response, max_bytes, transfer)
    except (WebPageError, DownloadCancelled):
        raise
    except urllib.error.HTTPError as exc:
        exc.close()
        raise _http_error(url, exc) from None
    except urllib.error.URLError as exc:
        raise _network_error(url, host, exc.reason, timeout) from None
    except TimeoutError as exc:
        raise _network_error(url, host, exc, timeout) from None
    except http.client.HTTPException as exc:
        raise WebPageError(
            f"{url}: the server broke off the connection ({type(exc).__name__}). Try again later, "
            f"{SAVE_ADVICE}."
        ) from None
    except OSError as exc:
        raise _network_error(url, host, exc, timeout) from None
    except ValueError as exc:  # an address (or a redirect's) that http.client cannot send
        raise WebPageError(f"{url} cannot be requested ({exc}); check the address, {SAVE_ADVICE}.") from None
    return WebPage(final, content_type, charset, data)


def fetch_article(
    url: str,
    *,
    timeout: float | None = None,
    max_bytes: int | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    context: ssl.SSLContext | None = None,
) -> tuple[Document, str]:
    """(document, encoding) of the article at url, read as a saved page is; its source is the final
    address. Raises WebPageError (DownloadCancelled when cancelled). context: as for fetch_page."""
    from factcheck.core.articles import read_page

    page = fetch_page(
        url, timeout=timeout, max_bytes=max_bytes, progress=progress, cancel=cancel, context=context
    )
    html = page.content_type in HTML_TYPES
    content: bytes | str = page.data
    if page.charset and not page.data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # The server's charset comes before the page's <meta charset>, as in a browser.
        try:
            content = page.data.decode(page.charset)
        except (LookupError, UnicodeDecodeError):
            content = page.data  # a wrong declaration: read as a saved file would be
    try:
        return read_page(
            content,
            page.url,
            page.url,
            html=html,
            markdown=page.content_type == "text/markdown",
            title_name=_file_name(page.url),
            advice=f"Check that the address is an article (not a home, search or login page), {SAVE_ADVICE}.",
        )
    except ArticleError as exc:
        raise WebPageError(str(exc)) from None


def _file_name(url: str) -> str:
    """What a title falls back to: the page's last path segment ("g20-summit.html"), else the host."""
    parts = urllib.parse.urlsplit(url)
    last = urllib.parse.unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    return last or parts.hostname or url


def _content_type(final: str, headers: Message) -> tuple[str, str]:
    raw = headers.get("Content-Type")
    kind = headers.get_content_type() if raw else "text/html"  # no type said: read it as a page
    if kind not in HTML_TYPES + TEXT_TYPES:
        raise WebPageError(
            f"{final} is not a web page but {kind}; factcheck reads HTML pages and plain text. "
            "Open it in its own program, or copy its text into a .txt file and import that."
        )
    return kind, (headers.get_content_charset() or "")


def _read_body(url: str, response: Any, max_bytes: int, transfer: _Transfer) -> bytes:
    expected = response.headers.get("Content-Length", "")
    encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
    total = int(expected) if expected.isdigit() else 0
    if encoding == "identity" and total > max_bytes:
        raise _too_big(url, max_bytes, total)
    inflate = zlib.decompressobj(wbits=47) if encoding in ("gzip", "x-gzip", "deflate") else None
    if inflate is None and encoding != "identity":
        raise WebPageError(
            f"{url}: the server sent the page in an unknown encoding ({encoding}); {SAVE_ADVICE}."
        )
    transfer.total = total
    body = bytearray()
    read = 0
    while True:
        if transfer.abandoned:  # the caller has gone (cancelled): nobody waits for the rest
            raise DownloadCancelled(f"The download of {url} was cancelled; nothing was imported.")
        chunk = response.read1(CHUNK_BYTES)  # what has arrived: a slow page still reports, and cancels
        if not chunk:
            break
        read += len(chunk)
        if inflate is not None:
            try:
                # At most one byte past the cap: enough to know it is too big, never more held.
                chunk = inflate.decompress(chunk, max_bytes + 1 - len(body))
            except zlib.error as exc:
                raise WebPageError(
                    f"{url}: the server sent a damaged compressed page ({exc}); try again."
                ) from None
        body += chunk
        if len(body) > max_bytes:
            raise _too_big(url, max_bytes, total if inflate is None else 0)
        transfer.read = read
    return bytes(body)


def _too_big(url: str, max_bytes: int, size: int) -> WebPageError:
    said = f" ({size / 1e6:.1f} MB)" if size else ""
    return WebPageError(
        f"{url} is bigger{said} than the {_megabytes(max_bytes)} a web page may have; check that it is an "
        f"article, {SAVE_ADVICE}."
    )


def _megabytes(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _http_error(url: str, exc: urllib.error.HTTPError) -> WebPageError:
    where = exc.url if exc.url and exc.url != url else url
    if 300 <= exc.code < 400:
        return WebPageError(
            f"{url} redirects more than {MAX_REDIRECTS} times (or in a loop); check the address, "
            f"{SAVE_ADVICE}."
        )
    reason = exc.reason if isinstance(exc.reason, str) else ""
    reason = reason or http.client.responses.get(exc.code, "")
    status = f"{exc.code} {reason}".strip()
    if exc.code in (401, 403):
        what = "the site refuses to give this page to factcheck (a login, a paywall or a bot filter)"
        todo = "open it in your browser, save the page (Ctrl+S) and import the file"
    elif exc.code == 404 or exc.code == 410:
        what, todo = "there is no such page", f"check the address, {SAVE_ADVICE}"
    elif exc.code == 429:
        what, todo = "the site asks to wait (too many requests)", f"try again later, {SAVE_ADVICE}"
    elif exc.code >= 500:
        what, todo = "the site has a problem of its own", f"try again later, {SAVE_ADVICE}"
    else:
        what, todo = "the site refused the request", f"check the address, {SAVE_ADVICE}"
    return WebPageError(f"{where}: the server answered {status}: {what}; {todo}.")


def _network_error(url: str, host: str, reason: object, timeout: float) -> WebPageError:
    if isinstance(reason, WebPageError):
        return reason
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return WebPageError(
            f"{url}: {host} did not answer within {timeout:g} seconds. Check your connection and try again, "
            f"{SAVE_ADVICE}."
        )
    if isinstance(reason, socket.gaierror):
        return WebPageError(
            f"{url}: the site {host} was not found (no network, or a mistyped address). Check that this "
            f"computer is online and the address is right, {SAVE_ADVICE}."
        )
    if isinstance(reason, ConnectionRefusedError):
        return WebPageError(
            f"{url}: {host} refused the connection. Check the address (and its port), or try again later."
        )
    if isinstance(reason, ssl.SSLCertVerificationError):
        return WebPageError(
            f"{url}: the site's certificate is not trusted ({reason.verify_message}); factcheck does not "
            f"open pages it cannot trust. Check the address, {SAVE_ADVICE}."
        )
    if isinstance(reason, OSError) and reason.strerror:
        detail = reason.strerror
    else:
        detail = str(reason) or type(reason).__name__
    return WebPageError(
        f"{url}: cannot reach {host} ({detail}). Check that this computer is online, {SAVE_ADVICE}."
    )
