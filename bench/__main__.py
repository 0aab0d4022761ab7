"""Dispatch `python -m bench [NAME] [ARGS...]`; with no NAME, run every benchmark."""

from __future__ import annotations

import importlib
import sys

# name -> module with main(argv) -> int; add new benchmarks here.
BENCHMARKS = {
    "engine": "bench.engine",
    "population": "bench.practice",
    "practices": "bench.practices",
    "bounds": "bench.bounds",
    "forecast": "bench.forecast",
    "service": "bench.service",
    "scale": "bench.scale",
    "exports": "bench.exports",
    "pages": "bench.pages",
}


def _usage() -> str:
    names = ", ".join(BENCHMARKS)
    return f"usage: python -m bench [{'|'.join(BENCHMARKS)}] [--quick] [...]\nbenchmarks: {names}"


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(_usage())
        return 0
    if argv and not argv[0].startswith("-"):
        name, rest = argv[0], argv[1:]
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}\n{_usage()}", file=sys.stderr)
            return 2
        return importlib.import_module(BENCHMARKS[name]).main(rest)
    status = 0
    for module in BENCHMARKS.values():
        status |= importlib.import_module(module).main(list(argv))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
