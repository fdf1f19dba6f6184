"""A local replica of the Semantic Scholar Graph API and the arXiv query API.

Two stdlib HTTP servers on 127.0.0.1 (two netlocs, because the client rate-limits per host), each
answering from a :class:`~tests.replica.world.World` with the upstream shapes and quirks, plus what
makes upstreams hard: per-host rate limits answered the way each upstream answers them, seeded
fault injection, and a request log.

Order of checks for every request: API key (S2 only) -> rate limit -> injected fault -> answer.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.replica import atom, bulk
from tests.replica import hostile as hostile_answers
from tests.replica.world import ARXIV_ID_RE, FieldError, World, parse_fields, stable_fraction

S2_BASE = "/graph/v1"
ARXIV_PATH = "/api/query"

S2_429_BODY = (
    b'{"message": "Too Many Requests. Please wait and try again or apply for a key for higher '
    b'rate limits. https://www.semanticscholar.org/product/api#api-key-form", "code": "429"}'
)
"""Byte-for-byte the 2024-2026 S2 answer (``s2_error_429_too_many_requests.json``)."""

ARXIV_429_BODY = b"Rate exceeded."
"""arXiv's rate-limit answer is plain text, not a feed (``arxiv_error_429_rate_exceeded.txt``)."""

BATCH_MAX_IDS = 500
ARXIV_MAX_URL = 8192
"""arXiv answers 414 to a GET whose path and query pass this many characters (about 600 ids
or 40 title phrases; the limit of common web servers, inferred); a form POST carries the same
parameters in its body, which no URL limit bounds."""
ARXIV_MAX_RESULTS = 2000
SEARCH_MAX_LIMIT = 100

RATE_TOLERANCE = 0.25
"""Arrival jitter a limiter forgives, as a fraction of one interval. A client keeping exactly to the
server's rate never sees a 429; one that runs even slightly faster soon does (GCRA)."""

SWITCH_INTERVAL = 0.0005
"""Seconds a replica thread may hold the interpreter while another waits (Python's default:
5 ms). The two servers share one interpreter: with the default, one host building a large
answer holds the other host's arrivals back by up to 5 ms a switch, a few switches a request,
and that host's gate sees a late arrival followed by an on-time one as a burst (at the 20x
scaled limits a quarter interval is 12.5 ms), which two real servers never do."""

MAX_FAULTS_PER_REQUEST = 2
"""The same request (method, path, query, body) is faulted at most this many times, so a bounded
retrying client always gets through."""

FAULT_KINDS = ("500", "502", "503", "504", "reset", "truncate", "slow")
"""What ``faults=<probability>`` spreads that probability over (``slow`` only if ``slow`` is
set). ``arxiv_empty`` (an empty first page for an arXiv search that has results) is opt-in via
``faults={"arxiv_empty": p, ...}``."""

S2_5XX = {
    500: b'{"message": "Internal server error"}',
    502: b'{"message": "Bad Gateway"}',
    503: b'{"message": "Service Unavailable"}',
    504: b'{"message": "Endpoint request timed out"}',
}


@dataclass(frozen=True)
class RequestRecord:
    """One request as the replica saw it. ``status`` is ``None`` when the connection was reset."""

    t: float
    host: str
    endpoint: str
    method: str
    path: str
    query: dict[str, str]
    body: Any
    status: int | None
    api_key_present: bool
    api_key: str | None
    fault: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def _json(status: int, value: Any) -> Answer:
    return Answer(status, json.dumps(value, ensure_ascii=False).encode("utf-8"))


def _compact(status: int, value: Any) -> Answer:
    """Error bodies from S2's app come compact: ``{"error":"Title match not found"}``."""
    return Answer(status, json.dumps(value, separators=(",", ":")).encode("utf-8"))


class RateGate:
    """Generic cell rate algorithm: one request per ``interval`` seconds, forgiving jitter, plus
    ``burst - 1`` requests of credit for a client that has been idle."""

    def __init__(self, interval: float, burst: int = 1,
                 clock: Callable[[], float] = time.monotonic):
        self.interval = interval
        self.tolerance = interval * (burst - 1 + RATE_TOLERANCE)
        self._clock = clock
        self._tat = 0.0
        self._lock = threading.Lock()

    def admit(self) -> bool:
        with self._lock:
            now = self._clock()
            if now < self._tat - self.tolerance:
                return False
            self._tat = max(now, self._tat) + self.interval
            return True


class FaultPlan:
    """Seeded, per-request fault decisions: the n-th attempt of a given request gets the same
    fate in every run with the same seed, whatever the thread interleaving."""

    def __init__(self, faults: float | Mapping[str, float] | None, seed: int, slow: float | None):
        self.seed = seed
        self.slow = slow
        if faults is None:
            probs: dict[str, float] = {}
        elif isinstance(faults, Mapping):
            probs = {k: float(v) for k, v in faults.items()}
            unknown = set(probs) - set(FAULT_KINDS) - {"arxiv_empty"}
            if unknown:
                raise ValueError(f"unknown fault kinds {sorted(unknown)}; "
                                 f"choose from {[*FAULT_KINDS, 'arxiv_empty']}")
        else:
            kinds = [k for k in FAULT_KINDS if k != "slow" or slow]
            probs = {k: float(faults) / len(kinds) for k in kinds}
        if "slow" in probs and not slow:
            raise ValueError("the 'slow' fault needs slow=<seconds>")
        self.probs = probs
        self._attempts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def decide(self, key: str, *, arxiv_search: bool = False) -> str | None:
        if not self.probs:
            return None
        with self._lock:
            attempt = self._attempts[key]
            self._attempts[key] += 1
        if attempt >= MAX_FAULTS_PER_REQUEST:
            return None
        roll = stable_fraction(self.seed, key, attempt)
        edge = 0.0
        for kind, p in self.probs.items():
            if kind == "arxiv_empty" and not arxiv_search:
                continue
            edge += p
            if roll < edge:
                return kind
        return None


# ---- S2 ----------------------------------------------------------------------------------------


def s2_endpoint(method: str, path: str) -> str:
    rest = path[len(S2_BASE):] if path.startswith(S2_BASE) else None
    if rest == "/paper/search/match":
        return "s2.match"
    if rest == "/paper/search":
        return "s2.search"
    if rest == "/paper/search/bulk":
        return "s2.bulk"
    if rest == "/paper/batch":
        return "s2.batch"
    if rest and rest.startswith("/paper/") and len(rest) > len("/paper/"):
        return "s2.paper"
    return "s2.other"


def s2_answer(world: World, endpoint: str, method: str, path: str, query: Mapping[str, str],
              body: Any) -> Answer:
    """What S2 answers (no rate limits or faults: those are the transport's business)."""
    expect_method = "POST" if endpoint == "s2.batch" else "GET"
    if endpoint == "s2.other":
        return _compact(404, {"error": "Not found"})
    if method != expect_method:
        return _compact(405, {"error": f"Method {method} not allowed"})
    try:
        spec = parse_fields(query.get("fields"))
    except FieldError as exc:
        return _compact(400, {"error": f"Unrecognized or unsupported fields: [{exc}]"})

    if endpoint == "s2.match":
        text = query.get("query", "")
        if not text.strip():
            return _compact(400, {"error": "Missing required parameter: 'query'"})
        hit = world.match(text)
        if hit is None:
            return _compact(404, {"error": "Title match not found"})
        paper, score = hit
        record = world.select(paper, spec)
        record["matchScore"] = score
        return _json(200, {"data": [record]})

    if endpoint == "s2.search":
        text = query.get("query", "")
        if not text.strip():
            return _compact(400, {"error": "Missing required parameter: 'query'"})
        try:
            offset = int(query.get("offset", "0"))
            limit = int(query.get("limit", "100"))
        except ValueError:
            return _compact(400, {"error": "offset and limit must be integers"})
        if limit > SEARCH_MAX_LIMIT or limit < 1 or offset < 0:
            return _compact(400, {"error": "Limit must be between 1 and 100, offset >= 0"})
        hits = world.search(text)
        if not hits:
            return _json(200, {"total": 0, "offset": 0})  # no "data" key: a real quirk
        out: dict[str, Any] = {"total": len(hits), "offset": offset}
        if offset + limit < len(hits):
            out["next"] = offset + limit
        out["data"] = [world.select(p, spec) for p in hits[offset : offset + limit]]
        return _json(200, out)

    if endpoint == "s2.bulk":
        return bulk_answer(world, query, spec)

    if endpoint == "s2.batch":
        ids = body.get("ids") if isinstance(body, dict) else None
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            return _compact(400, {"error": 'Body must be JSON of the form {"ids": [...]}'})
        if len(ids) > BATCH_MAX_IDS:
            return _compact(400, {"error": f"Cannot process more than {BATCH_MAX_IDS} ids at "
                                           f"once; got {len(ids)}"})
        papers = [world.lookup(i) for i in ids]
        return _json(200, [world.select(p, spec, batch=True) if p else None for p in papers])

    ident = unquote(path[len(S2_BASE) + len("/paper/"):])
    paper = world.lookup(ident)
    if paper is None:
        return _compact(404, {"error": f"Paper with id {ident} not found"})
    return _json(200, world.select(paper, spec))


def bulk_answer(world: World, query: Mapping[str, str], spec: Any) -> Answer:
    """``/paper/search/bulk`` (see :mod:`tests.replica.bulk`): ``{"total", "token", "data"}``,
    ``token`` null on the last page; only plain fields (a nested one is a 400)."""
    nested = sorted(f"{k}.{s}" for k, subs in spec.sub.items() for s in subs)
    unsupported = sorted(spec.top & {"citations", "references", "embedding", "tldr"})
    if nested or unsupported:
        return _compact(400, {"error": "Unrecognized or unsupported fields: "
                                       f"[{', '.join(nested or unsupported)}]"})
    text = query.get("query", "")
    if not text.strip():
        return _compact(400, {"error": "Missing required parameter: 'query'"})
    offset = 0
    if query.get("token"):
        found = bulk.read_token(text, query["token"])
        if found is None:
            return _compact(400, {"error": "Invalid token"})
        offset = found
    hits = bulk.index_of(world).search(text)
    page = hits[offset : offset + bulk.PAGE]
    more = offset + bulk.PAGE < len(hits)
    out = {
        "total": len(hits),
        "token": bulk.make_token(text, offset + bulk.PAGE) if more else None,
        "data": [world.select(p, spec) for p in page],
    }
    answer = _json(200, out)
    if len(answer.body) > bulk.MAX_BODY:
        return _compact(400, {"error": "Response would exceed maximum size. Please request "
                                       "fewer fields."})
    return answer


URI_TOO_LONG = (b"<html><head><title>414 Request-URI Too Large</title></head>"
                b"<body><h1>Request-URI Too Large</h1></body></html>\n")
"""What an edge answers to a URL past :data:`tests.replica.bulk.MAX_URL` characters (arXiv's
server past :data:`ARXIV_MAX_URL`)."""


# ---- arXiv -------------------------------------------------------------------------------------


def arxiv_endpoint(method: str, path: str, query: Mapping[str, str]) -> str:
    if path.rstrip("/") != ARXIV_PATH:
        return "arxiv.other"
    return "arxiv.id_list" if query.get("id_list", "").strip() else "arxiv.search"


def arxiv_answer(world: World, endpoint: str, query: Mapping[str, str], *,
                 empty_glitch: bool = False, max_phrases: int | None = None) -> Answer:
    if endpoint == "arxiv.other":
        return Answer(404, b"Not Found", "text/plain")
    feed_type = "application/atom+xml; charset=utf-8"
    if max_phrases is not None and query.get("search_query", "").count('ti:"') > max_phrases:
        return Answer(400, atom.error_feed(message="too many boolean clauses"), feed_type)
    raw_ids = query.get("id_list", "")
    ids = [i.strip() for i in raw_ids.split(",") if i.strip()]
    for ident in ids:
        if not ARXIV_ID_RE.match(ident):
            return Answer(400, atom.error_feed(ident), feed_type)
    try:
        start = int(query.get("start", "0"))
        max_results = int(query.get("max_results", "10"))
    except ValueError:
        return Answer(400, atom.error_feed(message="start and max_results must be integers"),
                      feed_type)
    if start < 0 or max_results < 0:
        return Answer(400, atom.error_feed(message="start and max_results must be non-negative"),
                      feed_type)
    max_results = min(max_results, ARXIV_MAX_RESULTS)
    search_query = query.get("search_query", "")
    if ids:
        entries = [e for e in (world.arxiv_get(i) for i in ids) if e is not None]
        if search_query.strip():
            allowed = {e["id"] for e in world.arxiv_search(search_query)}
            entries = [e for e in entries if e["id"] in allowed]
    elif search_query.strip():
        entries = world.arxiv_search(search_query)
    else:
        entries = []
    if empty_glitch:
        entries = []
    page = entries[start : start + max_results]
    body = atom.result_feed(page, search_query=search_query, id_list=raw_ids, start=start,
                            max_results=max_results, total=len(entries))
    return Answer(200, body, feed_type)


# ---- transport ---------------------------------------------------------------------------------


class _Host:
    """Per-server state: which upstream this server plays and its limiter."""

    def __init__(self, kind: str, replica: Replica, interval: float | None, burst: int = 1):
        self.kind = kind
        self.replica = replica
        self.gate = RateGate(interval, burst) if interval else None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, addr: tuple[str, int], host: _Host):
        self.host = host
        self.open_sockets: set[socket.socket] = set()
        self.sockets_lock = threading.Lock()
        super().__init__(addr, _Handler)

    def process_request(self, request, client_address):  # type: ignore[override]
        with self.sockets_lock:
            self.open_sockets.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):  # type: ignore[override]
        with self.sockets_lock:
            self.open_sockets.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address):  # type: ignore[override]
        if isinstance(sys.exc_info()[1], ConnectionError):  # the client hung up: its business
            return
        super().handle_error(request, client_address)

    def drop_connections(self) -> None:
        with self.sockets_lock:
            socks = list(self.open_sockets)
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "replica"
    sys_version = ""
    timeout = 60
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle + delayed ACK add
        # 40 ms to every keep-alive answer and the benchmarks would measure the replica.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # the replica keeps its own log

    def do_GET(self) -> None:  # noqa: N802
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def _handle(self, method: str) -> None:
        host = self.server.host
        replica = host.replica
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body: Any = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode("utf-8", "replace")
        key = self.headers.get("x-api-key")
        if host.kind == "s2":
            endpoint = s2_endpoint(method, parts.path)
        else:
            endpoint = arxiv_endpoint(method, parts.path, query)
            if method == "POST" and isinstance(body, str):  # arXiv also takes form posts
                query.update(parse_qsl(body, keep_blank_values=True))
                endpoint = arxiv_endpoint(method, parts.path, query)
        fault: str | None = None
        if replica.latency:
            time.sleep(replica.latency)
        if host.kind == "s2" and len(self.path) > bulk.MAX_URL:  # the edge, before the API
            answer: Answer | None = Answer(414, URI_TOO_LONG, "text/html")
        elif host.kind == "arxiv" and len(self.path) > ARXIV_MAX_URL:  # its server's limit
            answer = Answer(414, URI_TOO_LONG, "text/html")
        elif host.kind == "s2" and replica.api_key and key and key != replica.api_key:
            answer = _compact(403, {"message": "Forbidden"})
        elif host.kind == "s2" and replica.redirect_to:  # 307 keeps a POST a POST
            answer = Answer(307 if method == "POST" else 302, b"", "text/plain",
                            {"Location": replica.redirect_to + self.path})
        elif host.gate is not None and not host.gate.admit():
            if host.kind == "s2":
                answer = Answer(429, S2_429_BODY, "application/json",
                                {"x-amzn-ErrorType": "TooManyRequestsException"})
            else:
                answer = Answer(429, ARXIV_429_BODY, "text/plain")
        else:
            text = raw.decode("utf-8", "replace")
            request_key = json.dumps([host.kind, method, parts.path, sorted(query.items()), text])
            fault = replica.faults.decide(request_key, arxiv_search=endpoint == "arxiv.search")
            answer = None
        if fault == "slow" and replica.faults.slow:
            time.sleep(replica.faults.slow)
        if fault and fault.isdigit():
            code = int(fault)
            answer = (Answer(code, S2_5XX[code]) if host.kind == "s2"
                      else Answer(code, f"{code} Server Error\n".encode(), "text/plain"))
        if answer is None and fault != "reset":
            answer = self._answer(endpoint, method, parts.path, query, body,
                                  empty_glitch=fault == "arxiv_empty")
            kind = replica.hostile.get(endpoint)
            if kind and answer.status == 200:
                answer = Answer(200, hostile_answers.transform(kind, answer.body,
                                                               answer.content_type),
                                answer.content_type, answer.headers)
        # Log before answering, so a client that has its answer finds the request in the log.
        replica._record(RequestRecord(
            t=time.time(), host=host.kind, endpoint=endpoint, method=method, path=parts.path,
            query=query, body=body, status=answer.status if answer else None,
            api_key_present=key is not None, api_key=key, fault=fault,
        ))
        if answer is None:
            self._reset()
        else:
            self._send(answer, truncate=fault == "truncate")

    def _answer(self, endpoint: str, method: str, path: str, query: dict[str, str], body: Any,
                *, empty_glitch: bool) -> Answer:
        replica = self.server.host.replica
        world = replica.world
        try:
            if self.server.host.kind == "s2":
                failed = replica.batch_failure(endpoint, body)
                return failed or s2_answer(world, endpoint, method, path, query, body)
            return arxiv_answer(world, endpoint, query, empty_glitch=empty_glitch,
                                max_phrases=replica.arxiv_max_phrases)
        except Exception as exc:  # a replica bug must look like an upstream 500, not a hang
            return Answer(500, json.dumps({"message": f"replica error: {exc!r}"}).encode())

    def _send(self, answer: Answer, *, truncate: bool = False) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if truncate:
            self.send_header("Connection", "close")
        self.end_headers()
        if truncate:
            self.wfile.write(answer.body[: len(answer.body) // 2])
            self.wfile.flush()
            self.close_connection = True  # a clean FIN after half the promised bytes
        else:
            self.wfile.write(answer.body)

    def _reset(self) -> None:
        """Drop the connection with a TCP RST and without answering."""
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
        self.close_connection = True


class Replica:
    """A running pair of replica servers. Use as a context manager or call :meth:`stop`."""

    def __init__(self, world: World, *, s2_rps: float | None, arxiv_interval: float | None,
                 faults: float | Mapping[str, float] | None, seed: int, api_key: str | None,
                 slow: float | None, s2_port: int = 0, arxiv_port: int = 0,
                 s2_burst: int = 1, on_record: Callable[[RequestRecord], None] | None = None,
                 batch_poison: Collection[str] = (), batch_timeout_over: int | None = None,
                 hostile: Mapping[str, str] | None = None, latency: float = 0.0,
                 redirect_to: str | None = None, arxiv_max_phrases: int | None = None):
        self.world = world
        self.arxiv_max_phrases = arxiv_max_phrases
        self.redirect_to = redirect_to
        self.latency = latency
        self.hostile = dict(hostile or {})
        for kind in self.hostile.values():
            if kind not in hostile_answers.KINDS:
                raise ValueError(f"unknown hostile kind {kind!r}")
        self.api_key = api_key
        self.batch_poison = frozenset(batch_poison)
        self.batch_timeout_over = batch_timeout_over
        self.faults = FaultPlan(faults, seed, slow)
        self.log: list[RequestRecord] = []
        self._log_lock = threading.Lock()
        self._on_record = on_record
        self._switch_interval = sys.getswitchinterval()  # restored by stop()
        sys.setswitchinterval(min(self._switch_interval, SWITCH_INTERVAL))
        s2_interval = 1.0 / s2_rps if s2_rps else None
        self._s2 = _Server(("127.0.0.1", s2_port), _Host("s2", self, s2_interval, s2_burst))
        self._arxiv = _Server(("127.0.0.1", arxiv_port), _Host("arxiv", self, arxiv_interval))
        self.s2_url = f"http://127.0.0.1:{self._s2.server_address[1]}{S2_BASE}"
        self.arxiv_url = f"http://127.0.0.1:{self._arxiv.server_address[1]}{ARXIV_PATH}"
        self._threads = [
            threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05},
                             name=f"replica-{name}", daemon=True)
            for name, s in (("s2", self._s2), ("arxiv", self._arxiv))
        ]
        for t in self._threads:
            t.start()
        self._stopped = False

    def batch_failure(self, endpoint: str, body: Any) -> Answer | None:
        """S2's batch failures that depend on what is asked, not on luck: a batch with more than
        ``batch_timeout_over`` ids times out at the gateway (s2-folks #58, #59: 504 "Endpoint
        request timed out"), and any batch holding an id of ``batch_poison`` answers 500 while
        that id alone by ``GET /paper/{id}`` is fine (s2-folks #103)."""
        if endpoint != "s2.batch" or not isinstance(body, dict):
            return None
        ids = body.get("ids")
        if not isinstance(ids, list):
            return None
        if self.batch_timeout_over is not None and len(ids) > self.batch_timeout_over:
            return Answer(504, S2_5XX[504])
        if self.batch_poison.intersection(i for i in ids if isinstance(i, str)):
            return Answer(500, S2_5XX[500])
        return None

    def _record(self, record: RequestRecord) -> None:
        with self._log_lock:
            self.log.append(record)
        if self._on_record is not None:
            self._on_record(record)

    def records(self, **match: Any) -> list[RequestRecord]:
        """Log records whose attributes equal ``match`` (e.g. ``host="arxiv"``)."""
        with self._log_lock:
            rows = list(self.log)
        return [r for r in rows if all(getattr(r, k) == v for k, v in match.items())]

    def counts(self, by: str = "endpoint") -> dict[Any, int]:
        """Requests grouped by a record attribute: ``endpoint``, ``status``, ``host``, ``fault``."""
        with self._log_lock:
            return dict(Counter(getattr(r, by) for r in self.log))

    def counts_by_endpoint(self) -> dict[str, int]:
        return self.counts("endpoint")

    def counts_by_status(self) -> dict[int | None, int]:
        return self.counts("status")

    def reset_log(self) -> None:
        with self._log_lock:
            self.log.clear()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        for server in (self._s2, self._arxiv):
            server.shutdown()
            server.drop_connections()
            server.server_close()
        for t in self._threads:
            t.join(timeout=5)
        sys.setswitchinterval(self._switch_interval)

    def __enter__(self) -> Replica:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_replica(
    world: World | dict[str, Any] | str | Path,
    *,
    s2_rps: float | None = None,
    arxiv_interval: float | None = None,
    faults: float | Mapping[str, float] | None = None,
    seed: int = 0,
    api_key: str | None = None,
    slow: float | None = None,
    s2_port: int = 0,
    arxiv_port: int = 0,
    s2_burst: int = 1,
    on_record: Callable[[RequestRecord], None] | None = None,
    batch_poison: Collection[str] = (),
    batch_timeout_over: int | None = None,
    hostile: Mapping[str, str] | None = None,
    latency: float = 0.0,
    redirect_to: str | None = None,
    arxiv_max_phrases: int | None = None,
) -> Replica:
    """Start the S2 and arXiv replicas on 127.0.0.1 (ephemeral ports unless given).

    ``world``: a :class:`World`, a world dict, or a path to a world JSON file.
    ``s2_rps``: S2 requests/second before 429s (``None``: unlimited); requests must be spaced
    ``1/s2_rps`` apart (25% jitter forgiven), unless ``s2_burst`` > 1 grants idle credit.
    ``arxiv_interval``: minimum seconds between arXiv requests before 429s.
    ``faults``: probability of an injected fault per request, spread over 5xx, resets,
    truncated bodies and (with ``slow``) slow answers; or a dict ``{kind: probability}``.
    ``seed``: makes faults reproducible. ``api_key``: S2 answers 403 to any other non-empty key.
    ``on_record``: called with every :class:`RequestRecord` (e.g. to stream a log to a file).
    ``batch_poison``, ``batch_timeout_over``: S2 batches that fail whatever the retries (see
    :meth:`Replica.batch_failure`).
    ``hostile``: ``{endpoint: kind}``, 200 answers of the wrong shape or content for that
    endpoint (``s2.match``, ``s2.batch``, ``arxiv.search``...; kinds in
    :mod:`tests.replica.hostile`).
    ``latency``: seconds every answer takes (a real API's round trip), in parallel across
    connections.
    ``redirect_to``: an origin (``http://127.0.0.1:PORT``) every S2 request is redirected to,
    same path and query (302, or 307 for a POST): a hostile network or a moved host.
    ``arxiv_max_phrases``: an arXiv search of more ``ti:"..."`` phrases is refused with a 400
    error feed, as a query engine refuses a boolean query of too many clauses.
    """
    if not isinstance(world, World):
        world = World(world) if isinstance(world, dict) else World.load(world)
    return Replica(world, s2_rps=s2_rps, arxiv_interval=arxiv_interval, faults=faults, seed=seed,
                   api_key=api_key, slow=slow, s2_port=s2_port, arxiv_port=arxiv_port,
                   s2_burst=s2_burst, on_record=on_record, batch_poison=batch_poison,
                   batch_timeout_over=batch_timeout_over, hostile=hostile,
                   latency=latency, redirect_to=redirect_to,
                   arxiv_max_phrases=arxiv_max_phrases)
