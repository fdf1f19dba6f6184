"""Serve the replica until killed: ``python -m tests.replica --world PATH [options]``.

Prints ``ENRICH_S2_URL=...`` and ``ENRICH_ARXIV_URL=...`` (ready for ``export``/``env``), then
serves. ``--gen N`` serves a synthetic N-entry world instead of ``--world`` and can write its
reading list (``--write-list``) and world (``--write-world``) for a benchmark run.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from tests.replica import SEEDS_WORLD, start_replica
from tests.replica.build import dump_world
from tests.replica.server import RequestRecord


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.replica", description=__doc__)
    ap.add_argument("--world", type=Path, default=SEEDS_WORLD, help="world JSON (default: seeds)")
    ap.add_argument("--gen", type=int, metavar="N", help="serve a generated N-entry world")
    ap.add_argument("--write-list", type=Path, help="with --gen: write the reading list here")
    ap.add_argument("--write-world", type=Path, help="with --gen: write the world JSON here")
    ap.add_argument("--s2-port", type=int, default=0)
    ap.add_argument("--arxiv-port", type=int, default=0)
    ap.add_argument("--s2-rps", type=float, help="S2 requests per second before 429")
    ap.add_argument("--arxiv-interval", type=float, help="seconds between arXiv requests")
    ap.add_argument("--faults", type=float, help="probability of an injected fault per request")
    ap.add_argument("--slow", type=float, help="seconds a 'slow' fault sleeps")
    ap.add_argument("--latency", type=float, default=0.0,
                    help="seconds every answer takes (a round trip)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--api-key", help="S2 answers 403 to any other non-empty x-api-key")
    ap.add_argument("--log", type=Path, help="append every request as a JSON line to this file")
    args = ap.parse_args(argv)

    if args.gen:
        from tests.replica.gen import generate

        world, list_text = generate(args.gen, args.seed)
        if args.write_list:
            args.write_list.write_text(list_text, encoding="utf-8")
        if args.write_world:
            args.write_world.write_text(dump_world(world), encoding="utf-8")
    else:
        world = json.loads(args.world.read_text(encoding="utf-8"))

    log_lock = threading.Lock()
    log_file = args.log.open("a", encoding="utf-8") if args.log else None

    def on_record(record: RequestRecord) -> None:
        if log_file is not None:
            line = json.dumps(record.to_dict(), ensure_ascii=False, default=str)
            with log_lock:
                log_file.write(line + "\n")
                log_file.flush()

    replica = start_replica(
        world, s2_rps=args.s2_rps, arxiv_interval=args.arxiv_interval, faults=args.faults,
        seed=args.seed, api_key=args.api_key, slow=args.slow, latency=args.latency,
        s2_port=args.s2_port, arxiv_port=args.arxiv_port, on_record=on_record,
    )
    print(f"ENRICH_S2_URL={replica.s2_url}", flush=True)
    print(f"ENRICH_ARXIV_URL={replica.arxiv_url}", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    try:
        while not done.wait(0.5):
            pass
    finally:
        replica.stop()
        if log_file is not None:
            log_file.close()
        print(json.dumps({"requests": replica.counts(), "status": {
            str(k): v for k, v in replica.counts("status").items()}}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
