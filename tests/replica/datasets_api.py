"""A local replica of S2's Datasets API and of the file host its pre-signed links point at.

One stdlib HTTP server on 127.0.0.1 plays both (two path prefixes; the client tells them apart
by the configured ``ENRICH_DATASETS_URL``, as it tells S3 from S2 in production by host):

* ``GET /datasets/v1/release/`` -> ``["2025-01-07", "2025-01-14"]``
* ``GET /datasets/v1/release/{id|latest}`` -> ``{"release_id", "README", "datasets": [{"name",
  "description", "README"}]}``
* ``GET /datasets/v1/release/{id}/dataset/{name}`` -> ``{"name", "description", "README",
  "files": [pre-signed links]}``; an ``x-api-key`` is required (403 ``{"message":
  "Forbidden"}`` without one or with another than ``api_key``)
* ``GET /datasets/v1/diffs/{a}/to/{b}/{name}`` -> ``{"dataset", "start_release",
  "end_release", "diffs": [{"from_release", "to_release", "update_files", "delete_files"}]}``
* ``GET /files/{release}/{name}/{file}?X-Amz-Date=..&X-Amz-Expires=..&X-Amz-Signature=..``
  (a diff step's file: ``/files/diff/{a}_to_{b}/{name}/{update_files|delete_files}/{file}``):
  the shard, with ``Range: bytes=N-`` (206 and ``Content-Range``); a link whose signature does
  not match, or that :meth:`DatasetsReplica.expire_links` expired, is S3's 403 XML
  ``AccessDenied`` / ``Request has expired``.

Faults for the download's tests: ``cut_first=N`` sends the first answer for each file with its
full ``Content-Length`` but only N bytes, then closes (a dropped connection mid-shard);
``expire_after=K`` expires every link issued so far once K file answers have been sent (a long
download outliving its links). Every request is logged with whether it carried an API key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

BASE = "/datasets/v1"
FILES = "/files"
SECRET = b"replica-signing-key"

EXPIRED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
    b"<Message>Request has expired</Message><X-Amz-Expires>3600</X-Amz-Expires></Error>"
)

Shards = dict[str, dict[str, dict[str, bytes]]]
"""release id -> dataset name -> file name -> the file's bytes."""


@dataclass(frozen=True)
class Hit:
    """One request as the replica saw it."""

    path: str
    query: dict[str, str]
    status: int
    api_key: str | None
    range: str | None


class DatasetsReplica:
    """The running server (a context manager). ``url`` is the ``ENRICH_DATASETS_URL``."""

    def __init__(
        self,
        releases: Shards,
        *,
        api_key: str | None = None,
        cut_first: int | None = None,
        expire_after: int | None = None,
        diffs: dict[tuple[str, str], list[dict[str, Any]]] | None = None,
        # (a, b) -> steps {"from_release", "to_release", "update_files"/"delete_files":
        # {dataset: {file: bytes}}}
    ):
        self.releases = releases
        self.api_key = api_key
        self.cut_first = cut_first
        self.expire_after = expire_after
        self.diffs = diffs or {}
        self.log: list[Hit] = []
        self.generation = 0  #: links signed before this generation are expired
        self._issued = 0
        self._files_sent = 0
        self._cut: set[str] = set()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.replica = self  # type: ignore[attr-defined]
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.url = self.origin + BASE
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def __enter__(self) -> DatasetsReplica:
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def expire_links(self) -> None:
        """Every link issued so far answers 403 from now on."""
        with self._lock:
            self.generation = self._issued + 1

    def sign(self, path: str) -> str:
        with self._lock:
            self._issued += 1
            issued = self._issued
        query = {"X-Amz-Date": str(issued), "X-Amz-Expires": "3600"}
        query["X-Amz-Signature"] = _signature(path, query["X-Amz-Date"])
        return f"{self.origin}{path}?{urlencode(query)}"

    def file_bytes(self, path: str) -> bytes | None:
        """The bytes a ``/files/...`` path serves: a release's shard
        (``/files/<release>/<dataset>/<file>``) or a diff step's file
        (``/files/diff/<a>_to_<b>/<dataset>/<update_files|delete_files>/<file>``)."""
        parts = path.split("/")[2:]
        if len(parts) == 3:
            release, name, file = parts
            return self.releases.get(release, {}).get(name, {}).get(file)
        if len(parts) == 5 and parts[0] == "diff":
            _, step, name, kind, file = parts
            for steps in self.diffs.values():
                for st in steps:
                    if f"{st['from_release']}_to_{st['to_release']}" == step:
                        return st.get(kind, {}).get(name, {}).get(file)
        return None

    def link_ok(self, path: str, query: dict[str, str]) -> bool:
        issued = query.get("X-Amz-Date", "")
        good = hmac.compare_digest(query.get("X-Amz-Signature", ""), _signature(path, issued))
        return good and issued.isdigit() and int(issued) >= self.generation

    def sent_file(self) -> None:
        with self._lock:
            self._files_sent += 1
            if self.expire_after is not None and self._files_sent == self.expire_after:
                self.generation = self._issued + 1

    def first_time(self, path: str) -> bool:
        with self._lock:
            first = path not in self._cut
            self._cut.add(path)
            return first


def _signature(path: str, issued: str) -> str:
    return hmac.new(SECRET, f"{path}|{issued}".encode(), hashlib.sha256).hexdigest()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        replica: DatasetsReplica = self.server.replica  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query))
        key = self.headers.get("x-api-key")
        if parts.path.startswith(FILES + "/"):
            status = self._file(replica, parts.path, query)
        else:
            status, body = _api(replica, parts.path, key)
            self._send(status, json.dumps(body).encode(), "application/json")
        replica.log.append(Hit(parts.path, query, status, key, self.headers.get("Range")))

    def _file(self, replica: DatasetsReplica, path: str, query: dict[str, str]) -> int:
        data = replica.file_bytes(path)
        if data is None:
            self._send(404, b"<Error><Code>NoSuchKey</Code></Error>", "application/xml")
            return 404
        if not replica.link_ok(path, query):
            self._send(403, EXPIRED, "application/xml")
            return 403
        start = _range_start(self.headers.get("Range"))
        if start is not None and start >= len(data):
            self._send(416, b"", "application/xml")
            return 416
        body = data[start or 0 :]
        headers = {"Content-Range": f"bytes {start}-{len(data) - 1}/{len(data)}"} if start else {}
        cut = replica.cut_first is not None and replica.first_time(path)
        self._send(206 if start else 200, body, "binary/octet-stream", headers, cut=cut)
        replica.sent_file()
        return 206 if start else 200

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
        *,
        cut: bool = False,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if cut:
            self.send_header("Connection", "close")
        self.end_headers()
        replica: DatasetsReplica = self.server.replica  # type: ignore[attr-defined]
        self.wfile.write(body[: replica.cut_first] if cut else body)
        if cut:
            self.wfile.flush()
            self.close_connection = True


def _range_start(header: str | None) -> int | None:
    if not header or not header.startswith("bytes=") or not header.endswith("-"):
        return None
    value = header[len("bytes=") : -1]
    return int(value) if value.isdigit() else None


def _api(replica: DatasetsReplica, path: str, key: str | None) -> tuple[int, Any]:
    """The Datasets API's answer to ``path``: (status, JSON body)."""
    if not path.startswith(BASE + "/"):
        return 404, {"message": "Not Found"}
    parts = path[len(BASE) + 1 :].rstrip("/").split("/")
    releases = sorted(replica.releases)
    if parts == ["release"]:
        return 200, releases
    if parts[0] == "release" and len(parts) in (2, 4):
        release = releases[-1] if parts[1] == "latest" else parts[1]
        if release not in replica.releases:
            return 404, {"message": f"Release {parts[1]} not found"}
        if len(parts) == 2:
            names = sorted(replica.releases[release])
            datasets = [{"name": n, "description": n, "README": "readme"} for n in names]
            return 200, {"release_id": release, "README": "readme", "datasets": datasets}
        return _dataset(replica, release, parts[3], key)
    if parts[0] == "diffs" and len(parts) == 5 and parts[2] == "to":
        return _diffs(replica, parts[1], parts[3], parts[4], key)
    return 404, {"message": "Not Found"}


def _refused(replica: DatasetsReplica, key: str | None) -> bool:
    return not key or (replica.api_key is not None and key != replica.api_key)


def _dataset(replica: DatasetsReplica, release: str, name: str, key: str | None) -> tuple[int, Any]:
    if _refused(replica, key):
        return 403, {"message": "Forbidden"}
    files = replica.releases[release].get(name)
    if files is None:
        return 404, {"message": f"Dataset {name} not found"}
    links = [replica.sign(f"{FILES}/{release}/{name}/{f}") for f in sorted(files)]
    return 200, {"name": name, "description": name, "README": "readme", "files": links}


def _diffs(
    replica: DatasetsReplica, start: str, end: str, name: str, key: str | None
) -> tuple[int, Any]:
    if _refused(replica, key):
        return 403, {"message": "Forbidden"}
    steps = replica.diffs.get((start, end))
    if steps is None:
        return 404, {"message": f"No diffs from {start} to {end}"}
    out = []
    for st in steps:
        folder = f"{FILES}/diff/{st['from_release']}_to_{st['to_release']}/{name}"
        sign = {
            kind: [replica.sign(f"{folder}/{kind}/{f}") for f in sorted(st[kind].get(name, {}))]
            for kind in ("update_files", "delete_files")
        }
        out.append({"from_release": st["from_release"], "to_release": st["to_release"], **sign})
    return 200, {"dataset": name, "start_release": start, "end_release": end, "diffs": out}
