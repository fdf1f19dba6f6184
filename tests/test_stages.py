"""Progress bars shared by the stages: shown on a terminal only, without a monitor thread."""

import io
import sys
import threading

from enrich.stages.progress import progress, progress_bar


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_yields_every_item_and_draws_only_on_a_terminal(monkeypatch):
    for terminal, enabled in ((io.StringIO(), True), (_Terminal(), False)):
        monkeypatch.setattr(sys, "stderr", terminal)
        assert list(progress(iter("abc"), total=3, desc="resolve", enabled=enabled)) == list("abc")
        assert terminal.getvalue() == ""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    items = progress(iter("abc"), total=3, desc="resolve", enabled=True)
    assert next(items) == "a"
    assert "\rresolve:   0%|" in terminal.getvalue()  # counted once done, not when handed out
    assert list(items) == ["b", "c"]


def test_a_bar_on_a_terminal_runs_no_monitor_thread(monkeypatch):
    monkeypatch.setattr(sys, "stderr", _Terminal())
    threads = threading.active_count()
    with progress_bar(10, "ingest", "list", True) as bar:
        bar.update(5)
        assert threading.active_count() == threads  # ingest forks while its bar is open
