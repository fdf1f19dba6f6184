import os
import subprocess
import sys
import time

import pytest

from enrich.errors import LockHeld
from enrich.lock import hold_lock, holder_path

HOLD = (
    "import sys, time\n"
    "from enrich.lock import hold_lock\n"
    "with hold_lock(sys.argv[1]):\n"
    "    print('held', flush=True)\n"
    "    time.sleep(60)\n"
)


def test_second_holder_is_refused_with_pid_and_since_and_lock_released(tmp_path):
    lock = tmp_path / ".enrich.lock"
    refused = pytest.raises(LockHeld, match=rf"held by PID {os.getpid()} on .* since 20")
    with hold_lock(lock), refused, hold_lock(lock):
        pass
    with hold_lock(lock):  # released: taken again at once
        pass
    assert not holder_path(lock).exists()


def test_a_killed_holder_never_wedges_the_next_job(tmp_path):
    lock = tmp_path / ".enrich.lock"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lock)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld, match=f"PID {proc.pid}"), hold_lock(lock):
            pass
    finally:
        proc.kill()  # kill -9: no cleanup runs; the holder file stays
        proc.wait()
    assert holder_path(lock).exists()
    with hold_lock(lock):
        pass


@pytest.mark.parametrize("leftover", [b"", b"{not json", b'{"pid": null, "host": null}'])
def test_leftover_lock_files_of_any_content_are_no_lock(tmp_path, leftover):
    # a full disk once left an empty lock file that wedged every later job ("pid None")
    lock = tmp_path / ".enrich.lock"
    lock.write_bytes(leftover)
    holder_path(lock).write_bytes(leftover)
    start = time.monotonic()
    with hold_lock(lock):
        pass
    assert time.monotonic() - start < 1


def test_an_unreadable_holder_file_still_refuses(tmp_path):
    lock = tmp_path / ".enrich.lock"
    with hold_lock(lock):
        holder_path(lock).write_text("garbage")
        with pytest.raises(LockHeld, match="a running process"), hold_lock(lock):
            pass
