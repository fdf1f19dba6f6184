import json
import os
import socket

import pytest

from enrich.errors import LockHeld
from enrich.lock import hold_lock


def test_second_holder_is_refused_and_lock_released(tmp_path):
    lock = tmp_path / ".enrich.lock"
    with hold_lock(lock):
        assert lock.exists()
        with pytest.raises(LockHeld, match="another enrich job is running"), hold_lock(lock):
            pass
    assert not lock.exists()


def test_stale_lock_of_dead_process_is_taken_over(tmp_path):
    lock = tmp_path / ".enrich.lock"
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    lock.write_text(json.dumps({"pid": pid, "host": socket.gethostname()}))
    with hold_lock(lock):
        assert json.loads(lock.read_text())["pid"] == os.getpid()
