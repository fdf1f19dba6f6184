"""A deadline for one attempt at a request, from the connection to the last byte.

requests' timeout bounds each socket read, not the answer: a host that sends a byte a second
never reaches a 60-second read timeout, and one request runs forever. So each attempt runs
under :func:`deadline` (``ENRICH_REQUEST_DEADLINE``): a timer shuts the attempt's socket down
when the time is up, the blocked read ends, and the attempt fails as a ``ReadTimeout``, retried
and given up on like any timeout (exit 3).

The socket is found through urllib3's connection classes (:class:`DeadlineAdapter` mounts pools
of :class:`_WatchedHTTPConnection`): each registers its socket with the attempt that is running
in its thread when it waits for an answer.
"""

from __future__ import annotations

import contextlib
import contextvars
import socket
import threading
from collections.abc import Iterator
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class Attempt:
    """One attempt's deadline: which socket to shut down, and whether the time ran out."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sock: Any = None
        self._done = False
        self.expired = False

    def watch(self, sock: Any) -> None:
        with self._lock:
            self._sock = sock
            if self.expired:
                _shut(sock)

    def expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            if self._sock is not None:
                _shut(self._sock)

    def finish(self) -> None:
        with self._lock:
            self._done = True
            self._sock = None


def _shut(sock: Any) -> None:
    """End every read on ``sock`` (a plain or TLS socket; a TLS-in-TLS proxy tunnel is closed)."""
    with contextlib.suppress(OSError):
        if isinstance(sock, socket.socket):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the OS socket under TLS too
        else:
            sock.close()


_CURRENT: contextvars.ContextVar[Attempt | None] = contextvars.ContextVar(
    "enrich_attempt", default=None
)


@contextlib.contextmanager
def deadline(seconds: float, setting: str = "ENRICH_REQUEST_DEADLINE") -> Iterator[Attempt]:
    """Run the block as one attempt that may last ``seconds``: past them its socket is shut
    down, and the block raises ``requests.exceptions.ReadTimeout`` (whatever the read raised,
    or even if a body without a length ended there)."""
    attempt = Attempt()
    timer = threading.Timer(seconds, attempt.expire)
    timer.daemon = True
    token = _CURRENT.set(attempt)
    timer.start()
    try:
        yield attempt
    except Exception as exc:
        if attempt.expired:
            raise _too_slow(seconds, setting) from exc
        raise
    finally:
        timer.cancel()
        attempt.finish()
        _CURRENT.reset(token)
    if attempt.expired:
        raise _too_slow(seconds, setting)


def _too_slow(seconds: float, setting: str) -> requests.exceptions.ReadTimeout:
    return requests.exceptions.ReadTimeout(
        f"no whole answer within {setting} ({seconds:g}s): the host sends too slowly"
    )


class _Watched:
    """Registers the connection's socket with the running attempt before waiting for the
    answer (a kept-alive connection is registered again by each request it serves)."""

    sock: Any

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        attempt = _CURRENT.get()
        if attempt is not None and self.sock is not None:
            attempt.watch(self.sock)
        return super().getresponse(*args, **kwargs)  # type: ignore[misc]


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class DeadlineAdapter(HTTPAdapter):
    """An adapter whose connections (direct or through an HTTP proxy) can be cut by
    :func:`deadline`; through a SOCKS proxy only the per-read timeout holds."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):  # SOCKS pools make connections of their own
            manager.pool_classes_by_scheme = POOLS
        return manager
