"""Polite HTTP: one request at a time per host, robots.txt obeyed, bounded in time, size and redirects.

Sites that publish news are shared resources and often fragile; a tool that
follows a relationship for months must never be the reason a site blocks
analysts. So every address goes through one `Fetcher` that names Accord in its
User-Agent, reads each host's robots.txt once (its Crawl-delay included), waits
between requests to one host, retries what may pass (timeouts, dropped
connections, 429 and 5xx) with doubling waits or the site's own Retry-After,
and gives up with a one-line reason on everything else.
"""
from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from ..records import Skip
from ..settings import Settings

REDIRECTS = {301, 302, 303, 307, 308}
TRANSIENT_STATUS = {429, 500, 502, 503, 504}
ROBOTS_AGENT = "Accord"


@dataclass(frozen=True)
class Response:
    """A complete 200 answer: the body within the size cap, and where it finally came from."""

    url: str
    requested: str
    content_type: str
    """The media type alone, lower case ('text/html')."""
    charset: str | None
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200
    """200, or 304 when a conditional request found the page unchanged (the body is then empty)."""


class _Retry(Exception):
    """A failure worth another try; `wait` is the site's own Retry-After when it gave one."""

    def __init__(self, reason: str, wait: float | None = None):
        super().__init__(reason)
        self.reason, self.wait = reason, wait


class _Fail(Exception):
    """A failure that ends this address for this run; `transient` when a later run may succeed."""

    def __init__(self, reason: str, transient: bool = False):
        super().__init__(reason)
        self.reason, self.transient = reason, transient


def is_address(text: str) -> bool:
    return urlsplit(text).scheme in ("http", "https") and bool(urlsplit(text).netloc)


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds asked for by a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def network_reason(err: Exception, url: str, timeout: float) -> tuple[str, bool]:
    """A one-line reason for a failed connection, and whether trying again may help.

    A host that does not resolve will not resolve a second later; a refused or dropped
    connection, or a timeout, may.
    """
    text = str(err)
    host = urlsplit(url).hostname or url
    if isinstance(err, httpx.TimeoutException):
        return f"timed out after {timeout:g} s", True
    if any(s in text for s in ("Name or service not known", "nodename nor servname", "getaddrinfo failed",
                               "Temporary failure in name resolution", "No address associated", "[Errno -2]",
                               "[Errno -3]", "[Errno -5]")):
        return f"DNS failure: cannot find host {host}", False
    if "refused" in text.lower():
        return f"connection refused by {host}", True
    if isinstance(err, httpx.UnsupportedProtocol):
        return "not an http or https address", False
    if isinstance(err, httpx.RemoteProtocolError):
        return f"the server broke the connection ({text.splitlines()[0] if text else 'no answer'})", True
    return f"network error: {text.splitlines()[0] if text else type(err).__name__}", True


class Fetcher:
    """Fetches addresses for one run; keeps robots.txt rules and request times per host.

    `sleep` and `clock` are the real ones; they are parameters so that a caller that
    already runs in a loop (the watcher) can share one clock.
    """

    def __init__(self, settings: Settings, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic):
        self.settings, self.sleep, self.clock = settings, sleep, clock
        self.client = httpx.Client(
            headers={"User-Agent": settings.user_agent, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
            timeout=httpx.Timeout(settings.fetch_timeout), follow_redirects=False, trust_env=False)
        self._robots: dict[str, RobotFileParser | _Fail] = {}
        self._last: dict[str, float] = {}
        self.transient: set[str] = set()
        """Addresses whose last failure may pass on a later try (timeouts, 429, 5xx)."""

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the per-host clock ------------------------------------------------------------------------------

    def _delay(self, host: str) -> float:
        rules = self._robots.get(host)
        crawl = rules.crawl_delay(ROBOTS_AGENT) if isinstance(rules, RobotFileParser) else None
        return max(self.settings.fetch_delay, float(crawl or 0))

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = self._delay(host) - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    # -- robots.txt --------------------------------------------------------------------------------------

    def _rules(self, url: str) -> RobotFileParser | _Fail:
        """The host's robots.txt rules, or why the host cannot be fetched at all."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._robots:
            return self._robots[origin]
        rules = RobotFileParser()
        try:
            answer = self._get(origin + "/robots.txt", max_bytes=500_000, check_robots=False)
            rules.parse(answer.body.decode("utf-8", errors="replace").splitlines())
        except _Fail as err:
            if err.reason.startswith("HTTP 4"):
                rules.parse([])  # no robots.txt: everything is allowed
            elif err.reason.startswith("HTTP 5"):
                # RFC 9309: an unreachable robots.txt means the whole site is off limits for now.
                self._robots[origin] = _Fail(f"robots.txt unavailable ({err.reason}); the site is not fetched for now", True)
                return self._robots[origin]
            else:
                self._robots[origin] = err
                return err
        self._robots[origin] = rules
        return rules

    # -- requests ----------------------------------------------------------------------------------------

    def _once(self, url: str, max_bytes: int, headers: dict[str, str] | None = None) -> Response | str:
        """One request: a Response, a redirect target, or an exception saying what went wrong."""
        host = urlsplit(url).netloc
        self._wait_turn(host)
        deadline = self.clock() + 10 * self.settings.fetch_timeout
        try:
            with self.client.stream("GET", url, headers=headers) as answer:
                if answer.status_code == 304 and headers:
                    return Response(url, url, "", None, b"", dict(answer.headers), status=304)
                if answer.status_code in REDIRECTS:
                    location = answer.headers.get("location")
                    if not location:
                        raise _Fail(f"HTTP {answer.status_code} redirect without a Location")
                    return urljoin(url, location)
                if answer.status_code in TRANSIENT_STATUS:
                    wait = retry_after(answer.headers.get("retry-after"), time.time())
                    label = "too many requests" if answer.status_code == 429 else answer.reason_phrase or "server error"
                    raise _Retry(f"HTTP {answer.status_code} {label}", wait)
                if answer.status_code != 200:
                    raise _Fail(f"HTTP {answer.status_code} {answer.reason_phrase}".rstrip())
                declared = answer.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise _Fail(f"too large ({int(declared):,} bytes > {max_bytes:,} limit)")
                chunks, size = [], 0
                for chunk in answer.iter_bytes():  # decoded: the cap also holds against a compressed bomb
                    size += len(chunk)
                    if size > max_bytes:
                        raise _Fail(f"too large (more than {max_bytes:,} bytes)")
                    if self.clock() > deadline:
                        raise _Retry(f"timed out after {10 * self.settings.fetch_timeout:g} s reading the page")
                    chunks.append(chunk)
                media = answer.headers.get("content-type", "")
                return Response(url=url, requested=url, content_type=media.split(";")[0].strip().lower(),
                                charset=answer.charset_encoding, body=b"".join(chunks), headers=dict(answer.headers))
        except httpx.HTTPError as err:
            reason, again = network_reason(err, url, self.settings.fetch_timeout)
            raise (_Retry(reason) if again else _Fail(reason)) from None

    def _get(self, url: str, max_bytes: int, check_robots: bool = True, headers: dict[str, str] | None = None) -> Response:
        """Follow redirects within the limit, retrying each hop as the settings allow; raises _Fail."""
        hops: list[str] = [url]
        current = url
        while True:
            if not is_address(current):
                raise _Fail("not an http or https address" if current == url else
                            f"redirected to something that is not a web address ({current})")
            if check_robots:
                rules = self._rules(current)
                where = "" if current == url else f"redirected to {current}: "
                if isinstance(rules, _Fail):
                    raise _Fail(where + rules.reason, rules.transient)
                if not rules.can_fetch(ROBOTS_AGENT, current):
                    raise _Fail(where + "forbidden by the site's robots.txt")
            got = self._with_retries(current, max_bytes, headers)
            if isinstance(got, Response):
                return Response(got.url, url, got.content_type, got.charset, got.body, got.headers, got.status)
            if got in hops:
                raise _Fail(f"redirect loop ({' -> '.join(hops[hops.index(got):] + [got])})")
            if len(hops) > self.settings.fetch_redirects:
                raise _Fail(f"too many redirects (more than {self.settings.fetch_redirects})")
            hops.append(got)
            current = got

    def _with_retries(self, url: str, max_bytes: int, headers: dict[str, str] | None) -> Response | str:
        backoff = self.settings.fetch_backoff
        for attempt in range(self.settings.fetch_retries + 1):
            try:
                return self._once(url, max_bytes, headers)
            except _Retry as err:
                if attempt == self.settings.fetch_retries:
                    raise _Fail(err.reason + (f" (the site asks to retry after {err.wait:g} s)" if err.wait else ""), True)
                if err.wait is not None and err.wait > self.settings.fetch_max_wait:
                    raise _Fail(f"{err.reason}; the site asks to retry after {err.wait:g} s", True)
                self.sleep(err.wait if err.wait is not None else min(backoff * 2 ** attempt, self.settings.fetch_max_wait))
        raise AssertionError("unreachable")

    def get(self, url: str, max_bytes: int | None = None, headers: dict[str, str] | None = None) -> Response | Skip:
        """The page at `url`, or a Skip with a one-line reason; never raises for a network or HTTP failure.

        `headers` may make the request conditional (If-None-Match, If-Modified-Since): an unchanged page
        then comes back as a Response with status 304 and no body.
        """
        self.transient.discard(url)
        try:
            return self._get(url, max_bytes or self.settings.max_bytes, headers=headers)
        except _Fail as err:
            if err.transient:
                self.transient.add(url)
            return Skip(url, err.reason)

    def post_json(self, url: str, payload: Any) -> str | None:
        """POST a JSON body (a webhook); None when the receiver took it, else why not."""
        try:
            answer = self.client.post(url, json=payload)
        except httpx.HTTPError as err:
            return network_reason(err, url, self.settings.fetch_timeout)[0]
        if not 200 <= answer.status_code < 300:
            return f"HTTP {answer.status_code} {answer.reason_phrase}".rstrip()
        return None
