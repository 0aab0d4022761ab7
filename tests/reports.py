"""Reports that tests on several pytest-xdist workers add to, one file each."""

from __future__ import annotations

import contextlib
import fcntl
import json
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def shared_report(path: Path, *, indent: int = 2) -> Iterator[dict]:
    """The JSON report at `path` (empty if missing or unreadable), held under a lock
    beside it until the block ends, then written back: one worker's addition at a time."""
    path.parent.mkdir(exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            report = json.loads(path.read_text())
        except (FileNotFoundError, ValueError):
            report = {}
        yield report
        path.write_text(json.dumps(report, indent=indent))
