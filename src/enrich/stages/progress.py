"""Progress bars for long stage work, on a terminal only."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")


class _NoBar:
    """What :func:`progress_bar` gives off a terminal: a bar that shows nothing."""

    def update(self, n: int = 1) -> None:
        pass

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def progress_bar(total: int | None, desc: str, unit: str, enabled: bool) -> Any:
    """A progress bar (``update(n)``, a context manager) on stderr when ``enabled`` and stderr
    is a terminal; a silent one otherwise.

    The bar runs no monitor thread (tqdm's default): ingest forks its parser processes while
    its bar is open, and a fork should copy a process with one thread only.
    ``update(n)`` may be passed to the HTTP clients as the callback of their chunked calls.
    """
    if not (enabled and sys.stderr.isatty()):
        return _NoBar()
    from tqdm import tqdm

    class Bar(tqdm):  # type: ignore[type-arg]
        monitor_interval = 0

    return Bar(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False)


def progress(items: Iterable[T], *, total: int | None, desc: str, enabled: bool) -> Iterator[T]:
    """``items``, counted on a :func:`progress_bar` as each is done."""
    with progress_bar(total, desc, "paper", enabled) as bar:
        for item in items:
            yield item
            bar.update()
