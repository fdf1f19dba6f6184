"""``enrich datasets download``: a release's shards from S2's Datasets API, streamed to disk.

* **One session.** Every request goes through the run's :class:`~enrich.http.EnrichSession`
  (its retries, rate limit and counters). The API key is sent to the Datasets API only (the
  session knows ``ENRICH_DATASETS_URL`` as S2's); the pre-signed file links carry their own
  credential in the query and get no key. Nothing here is cached: the listings hold signed
  links and the shards are gigabytes (``Cache-Control: no-store``, bodies streamed).
* **Resume.** A shard is written to ``<name>.part`` and renamed only once complete and
  verified, so a finished shard is never fetched again; a rerun (or a dropped connection, up to
  ``ENRICH_MAX_ATTEMPTS`` times a shard) asks for the rest with ``Range: bytes=<have>-``.
* **Verification.** The size must equal ``Content-Length`` (the total of ``Content-Range`` for
  a resumed shard) and the gzip stream must decompress to its end (CRC and length trailer).
* **Expired links.** The file host refuses a link past its expiry (403, sometimes 400): the
  dataset's listing is asked again for fresh links, up to :data:`MAX_RELINKS` times a shard.
* **No secret on disk or in a message.** Links are named by dataset and file name only; the
  session's log lines drop a signed link's query (:func:`enrich.http.redact_url`).

Layout written: ``TO/<release id>/<dataset>/<file>.gz``, the folder ``enrich datasets import``
reads.
"""

from __future__ import annotations

import gzip
import logging
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from urllib3.exceptions import ProtocolError, ReadTimeoutError

from enrich.errors import ConfigError, TransientUpstreamError, UpstreamError, UpstreamRefused
from enrich.http.messages import hide_signed_links
from enrich.settings import Settings

log = logging.getLogger(__name__)

NOT_KEPT = {"Cache-Control": "no-store"}
"""Sent with every request here: requests-cache neither reads nor writes the answer
(``expire_after=DO_NOT_CACHE`` alone skips the read but not the write)."""

DEFAULT_DATASETS = ("papers", "abstracts", "citations")
"""What ``run --source datasets`` reads (``paper-ids`` adds the non-primary paperIds)."""

DEFAULT_TO = Path("data/s2-releases")
"""Where releases are downloaded: ``data/s2-releases/<release id>/``."""

MAX_RELINKS = 3
"""Fresh listings asked for one shard whose links the file host refused, before giving up."""

CHUNK = 1 << 20
"""Bytes read and written at a time while streaming a shard."""

_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")
_BROKEN = (ProtocolError, ReadTimeoutError, requests.exceptions.RequestException)
"""A body cut short: the connection dropped, reset or stalled past the read timeout."""


@dataclass
class DownloadSummary:
    what: str  #: ``release <id>`` or ``diffs <a> to <b>``
    folder: Path
    shards: int = 0  #: shards downloaded now
    kept: int = 0  #: shards already complete from an earlier run
    bytes: int = 0  #: bytes received now
    resumed: int = 0  #: ranged requests (a dropped connection or an earlier partial run)
    relinked: int = 0  #: fresh listings asked after the file host refused expired links
    by_dataset: dict[str, int] = field(default_factory=dict)
    next_command: str = "import"  #: what reads the folder: ``import`` (a release), ``update``

    def lines(self) -> list[str]:
        sets = ", ".join(f"{name} {n}" for name, n in self.by_dataset.items())
        return [
            f"download: {self.what} -> {self.folder} ({sets} files)",
            f"download: {self.shards} shards fetched ({self.bytes / 1e6:,.1f} MB), {self.kept} "
            f"already complete; {self.resumed} resumed with Range, {self.relinked} fresh "
            "link listings",
            f"download: next: enrich datasets {self.next_command} {self.folder}",
        ]


class DatasetsApi:
    """S2's Datasets API through the run's session; answers are never cached."""

    def __init__(self, session: Any, base_url: str):
        self.session = session
        self.base = base_url.rstrip("/")

    def get(self, path: str) -> Any:
        url = f"{self.base}/{path}"
        response = self.session.get(url, headers=NOT_KEPT)
        if response.status_code == 404:
            raise ConfigError(f"S2's Datasets API has no {path} (HTTP 404): {_detail(response)}")
        if response.status_code != 200:
            raise UpstreamError(
                f"S2's Datasets API answered HTTP {response.status_code} for {path}",
                url=url,
                status=response.status_code,
            )
        try:
            return response.json()
        except ValueError:
            raise UpstreamError(f"S2's Datasets API: the answer for {path} is not JSON") from None

    def release_id(self, release: str) -> str:
        body = self.get(f"release/{quote(release)}")
        if not isinstance(body, dict) or not isinstance(body.get("release_id"), str):
            raise UpstreamError(f"S2's Datasets API: release/{release} has no release_id")
        return str(body["release_id"])

    def links(self, release_id: str, name: str) -> dict[str, str]:
        """The dataset's shard links by file name (fresh ones each call)."""
        body = self.get(f"release/{quote(release_id)}/dataset/{quote(name)}")
        files = body.get("files") if isinstance(body, dict) else None
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            raise UpstreamError(f"S2's Datasets API: dataset {name} lists no files")
        return {file_name(link, name): link for link in files}


    def diff_links(self, start: str, end: str, name: str) -> dict[str, str]:
        """The diff files from ``start`` to ``end`` by ``<a>_to_<b>/<kind>/<file>``, the layout
        ``enrich datasets update`` reads (fresh links each call)."""
        body = self.get(f"diffs/{quote(start)}/to/{quote(end)}/{quote(name)}")
        steps = body.get("diffs") if isinstance(body, dict) else None
        if not isinstance(steps, list):
            raise UpstreamError(f"S2's Datasets API: the {name} diffs list no steps")
        out: dict[str, str] = {}
        for step in steps:
            folder = f"{step.get('from_release')}_to_{step.get('to_release')}"
            if not _FILE_NAME.match(folder):
                raise UpstreamError(f"S2's Datasets API: a {name} diff step names {folder!r}")
            for kind in ("update_files", "delete_files"):
                for link in step.get(kind) or []:
                    out[f"{folder}/{kind}/{file_name(link, name)}"] = link
        return out


def file_name(link: str, dataset: str) -> str:
    """A shard's file name: the last part of its link's path (never the query, which signs
    it); one that is not a plain name is an upstream error, not a path to write."""
    name = PurePosixPath(urlsplit(link).path).name
    if not _FILE_NAME.match(name):
        raise UpstreamError(f"S2's Datasets API: a {dataset} link names no plain file ({name!r})")
    return name


def download(
    settings: Settings,
    session: Any,
    *,
    release: str = "latest",
    datasets: Sequence[str] = DEFAULT_DATASETS,
    to: Path | None = None,
    diffs_from: str | None = None,
    on_shard: Callable[[str], object] | None = None,
) -> DownloadSummary:
    """Download ``datasets`` of ``release`` into ``to/<release id>/``, or with ``diffs_from``
    the diffs from that release to ``release`` into ``to/<a>_to_<b>/`` (the folder
    ``enrich datasets update`` reads). See the module docstring."""
    if not settings.s2_api_key:
        raise ConfigError(
            "enrich datasets download needs an S2 API key (the Datasets API gives file links "
            "to keyed requests only): set S2_API_KEY; request one at "
            "https://www.semanticscholar.org/product/api#api-key-form"
        )
    if settings.offline:
        raise ConfigError("enrich datasets download needs the network: drop --offline")
    hide_signed_links()
    api = DatasetsApi(session, settings.datasets_url)
    release_id = api.release_id(release)
    if diffs_from:
        label = f"diffs {diffs_from} to {release_id}"
        summary = DownloadSummary(label, (to or DEFAULT_TO) / f"{diffs_from}_to_{release_id}")
        summary.next_command = "update"
    else:
        label = f"release {release_id}"
        summary = DownloadSummary(label, (to or DEFAULT_TO) / release_id)
    for name in datasets:
        if diffs_from:
            relist = partial(api.diff_links, diffs_from, release_id, name)
        else:
            relist = partial(api.links, release_id, name)
        links = relist()
        summary.by_dataset[name] = len(links)
        for key in sorted(links):
            dest = summary.folder / name / key
            dest.parent.mkdir(parents=True, exist_ok=True)
            _Shard(relist, key, dest, f"{name}/{key} of {label}", api).fetch(links, summary)
            if on_shard is not None:
                on_shard(f"download: {name}/{key} done")
    return summary


class _Shard:
    """One shard's download: resume, verify, relink. ``relist`` asks for fresh links, by the
    same keys (``key`` is this shard's)."""

    def __init__(
        self, relist: Callable[[], dict[str, str]], key: str, dest: Path, what: str, api: Any
    ):
        self.relist, self.key, self.dest, self.what = relist, key, dest, what
        self.part = dest.with_name(dest.name + ".part")
        self.session = api.session
        self.max_attempts = api.session.config.max_attempts

    def fetch(self, links: dict[str, str], summary: DownloadSummary) -> None:
        if self.dest.exists():
            summary.kept += 1
            return
        attempts = relinks = 0
        while True:
            try:
                link = links.get(self.key)
                if link is None:
                    raise UpstreamError(f"{self.what}: no longer listed by S2; rerun")
                if self._stream(link, summary):
                    break
                attempts += 1  # the connection dropped or the body came short: resume
            except _LinkRefused:
                relinks += 1
                if relinks > MAX_RELINKS:
                    raise UpstreamRefused(
                        f"the file host refused {self.what} after {MAX_RELINKS} fresh links; "
                        "rerun later to resume"
                    ) from None
                links.update(self.relist())
                summary.relinked += 1
            if attempts >= self.max_attempts:
                raise TransientUpstreamError(
                    f"{self.what}: incomplete after {attempts} attempts; rerun to resume "
                    f"(the {self.part.stat().st_size if self.part.exists() else 0} bytes "
                    "received are kept)"
                )
        self._verify()
        self.part.rename(self.dest)
        summary.shards += 1

    def _stream(self, link: str, summary: DownloadSummary) -> bool:
        """One request for the rest of the shard; True when the part file is complete."""
        have = self.part.stat().st_size if self.part.exists() else 0
        headers = {**NOT_KEPT, "Range": f"bytes={have}-"} if have else NOT_KEPT
        try:
            response = self.session.get(link, headers=headers, stream=True)
        except UpstreamRefused as exc:
            if exc.status in (401, 403):
                raise _LinkRefused from None
            raise
        with response:
            total, mode = self._plan(response, have)
            if total is None:
                return True  # 416: nothing left to send
            if have and mode == "ab":
                summary.resumed += 1
            try:
                with open(self.part, mode) as out:
                    # read1: what has arrived, so bytes before a dropped connection are kept
                    while chunk := response.raw.read1(CHUNK):
                        out.write(chunk)
                        summary.bytes += len(chunk)
            except _BROKEN as exc:
                log.warning("download %s: connection dropped (%s); resuming", self.what, exc)
                return False
        size = self.part.stat().st_size
        if size > total:
            self.part.unlink()
            raise UpstreamError(f"{self.what}: {size} bytes received, {total} announced")
        return size == total

    def _plan(self, response: requests.Response, have: int) -> tuple[int | None, str]:
        """The shard's full size and how to open the part file, from the answer's status."""
        status = response.status_code
        if status in (400, 401, 403):
            raise _LinkRefused
        if status == 416 and have:
            return None, "ab"
        if status == 206:
            start, _, total = _content_range(response.headers.get("Content-Range", ""))
            if start != have or total is None:
                raise UpstreamError(f"{self.what}: a ranged answer from byte {start}, not {have}")
            return total, "ab"
        if status == 200:
            length = response.headers.get("Content-Length", "")
            if not length.isdigit():
                raise UpstreamError(f"{self.what}: the file host sent no Content-Length")
            return int(length), "wb"  # a host that ignores Range sends it all: start over
        raise UpstreamError(f"{self.what}: the file host answered HTTP {status}", status=status)

    def _verify(self) -> None:
        """The gzip stream decompresses to its end: a damaged shard never gets its name."""
        try:
            with gzip.open(self.part, "rb") as stream:
                while stream.read(CHUNK):
                    pass
        except (OSError, EOFError, zlib.error) as exc:
            self.part.unlink()
            raise UpstreamError(
                f"{self.what}: not a whole gzip file ({exc}); it was deleted: rerun to fetch it "
                "again"
            ) from None


class _LinkRefused(Exception):
    """The file host refused a link (expired): ask the listing again."""


def _content_range(header: str) -> tuple[int | None, int | None, int | None]:
    """``bytes 100-199/200`` -> (100, 199, 200)."""
    m = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+|\*)", header.strip())
    if not m:
        return None, None, None
    total = None if m.group(3) == "*" else int(m.group(3))
    return int(m.group(1)), int(m.group(2)), total


def _detail(response: requests.Response) -> str:
    from enrich.http import error_detail

    return error_detail(response) or "no detail"
