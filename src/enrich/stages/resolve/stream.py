"""Run the chain's steps at the same time, each on its own thread, connected by inboxes: a group
goes on to the next step as soon as the current one is done with it, so S2 and arXiv work at
the same time, each at its own pace (the rate limiter spaces each host's requests, whichever
step sends them).

A step reads its :class:`Inbox` (the groups the step before it handed on, as they come) and
calls ``done(group)`` when it is done with a group; the chain passes the group on if it is
still open, and tells every later inbox that it will not come if a step closed it. A step that
plans over the whole set waits for it (:meth:`Inbox.everything`); one that plans batches by
hash ranges takes them as they become certain (:meth:`Inbox.settle`). Whatever the timing,
each group meets the steps in the chain's order, and each batch holds the same groups as when
the steps ran one after another: the results are the same.

The requests-cache SQLite backend serializes its writes under a lock and gives each thread its
own connection; the rate limiter reserves slots under a lock (:mod:`enrich.http.ratelimit`).
"""

from __future__ import annotations

import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.state import Attempts

Done = Callable[[Group], None]


class Aborted(Exception):
    """Another step failed: this one stops (the chain raises the first failure)."""


class Inbox:
    """The groups a step takes: those ``arrived`` and those still ``coming`` (which may
    arrive, or be closed by an earlier step). Thread-safe."""

    def __init__(self, arrived: Iterable[Group] = (), coming: Iterable[Group] = ()):
        self._cond = threading.Condition()
        self._queue: deque[Group] = deque(arrived)
        self._coming: dict[str, Group] = {g.group_id: g for g in coming}
        self._order = {g.group_id: i for i, g in enumerate([*self._queue, *self._coming.values()])}
        self._settled: list[Group] = []  # each group no longer coming, in turn
        self._aborted = False
        self.taken: list[Group] = []  #: the groups handed to the step so far
        self.total = len(self._order)  #: the groups that may arrive, at most

    def put(self, group: Group) -> None:
        with self._cond:
            self._coming.pop(group.group_id, None)
            self._queue.append(group)
            self._settled.append(group)
            self._cond.notify_all()

    def drop(self, group: Group) -> None:
        """``group`` will not come (an earlier step closed it)."""
        with self._cond:
            if self._coming.pop(group.group_id, None) is not None:
                self._settled.append(group)
                self._cond.notify_all()

    def abort(self) -> None:
        with self._cond:
            self._aborted = True
            self._cond.notify_all()

    def coming(self) -> list[Group]:
        """The groups that may still arrive, now."""
        with self._cond:
            return list(self._coming.values())

    def _take(self) -> list[Group]:
        taken = list(self._queue)
        self._queue.clear()
        self.taken.extend(taken)
        return taken

    def _wait(self, ready: Callable[[], bool]) -> None:
        self._cond.wait_for(lambda: self._aborted or ready())
        if self._aborted:
            raise Aborted

    def __iter__(self) -> Iterator[Group]:
        """Each group as it arrives, until none can come."""
        while True:
            with self._cond:
                self._wait(lambda: bool(self._queue) or not self._coming)
                if not self._queue:
                    return
                group = self._queue.popleft()
                self.taken.append(group)
            yield group

    def everything(self) -> list[Group]:
        """Every group that arrives, once none can come, in the order they entered the chain
        (for a step that plans over the whole set)."""
        with self._cond:
            self._wait(lambda: not self._coming)
            return sorted(self._take(), key=lambda g: self._order.get(g.group_id, 0))

    def settle(self, cursor: int) -> tuple[list[Group], list[Group], int, int]:
        """Once a group arrived or was dropped since ``cursor`` (or none can come): the groups
        arrived since the last call, those no longer coming since ``cursor``, the cursor to
        pass next time and how many may still come."""
        with self._cond:
            self._wait(lambda: len(self._settled) != cursor or not self._coming)
            settled = self._settled[cursor:]
            return self._take(), settled, cursor + len(settled), len(self._coming)


Run = Callable[[Inbox, Attempts, Done], None]

SWITCH_INTERVAL = 0.001
"""Seconds a thread may hold the interpreter while another waits, while the steps run (Python's
default: 5 ms). A request must leave soon after the rate limiter lets it go (the server counts
arrivals): with the default, a title match that got its slot could wait several slices while
the bulk step verifies a page of records, and arrive bunched with the next request."""


@contextmanager
def prompt_switches() -> Iterator[None]:
    """:data:`SWITCH_INTERVAL` inside the block, the interpreter's own setting after it."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


@dataclass(frozen=True)
class Step:
    """One strategy of the chain: its method name, the host it asks (``s2``, ``arxiv``) and
    the function that runs it over an inbox."""

    method: str
    host: str
    run: Run


def run_steps(steps: Sequence[Step], groups: list[Group], attempts: Attempts) -> None:
    """Every step on its own thread, groups handed on from one to the next; returns when all
    are done, raising the first failure of any (the others stop at their next group)."""
    inboxes = [Inbox(groups)] + [Inbox(coming=groups) for _ in steps[1:]]
    failures: list[BaseException] = []

    def work(i: int) -> None:
        handed: set[str] = set()

        def done(group: Group) -> None:
            if group.group_id in handed:
                return
            handed.add(group.group_id)
            if group.group_id in attempts.closed:
                for later in inboxes[i + 1 :]:
                    later.drop(group)
            elif i + 1 < len(inboxes):
                inboxes[i + 1].put(group)

        try:
            steps[i].run(inboxes[i], attempts, done)
            for group in [*inboxes[i].taken, *inboxes[i]]:  # what the step left: on it goes
                done(group)
        except Aborted:
            pass
        except BaseException as exc:  # noqa: BLE001 - raised again by the chain's thread
            failures.append(exc)
            for inbox in inboxes:
                inbox.abort()

    threads = [
        threading.Thread(target=work, args=(i,), name=f"resolve-{s.method}", daemon=True)
        for i, s in enumerate(steps)
    ]
    with prompt_switches():
        for t in threads:
            t.start()
        try:
            for t in threads:
                t.join()
        except BaseException:  # Ctrl-C: the steps stop at their next group
            for inbox in inboxes:
                inbox.abort()
            raise
    if failures:
        raise failures[0]

