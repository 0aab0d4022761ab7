"""Count import cycles between the top-level packages of safetouch, read statically.

    python3 scripts/cycles.py [src/safetouch] [--exclude accounts/demo.py ...]

Every `import` and `from ... import` in a module (migrations aside), at any depth in the
module, is an edge from its top-level package to the one it names; a cycle is a strongly
connected set of two or more packages. Exits 1 when there is one. import-linter's layers
contract (`make lint`) keeps the order; this script counts what it would not name.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

Graph = dict[str, set[str]]


def _module_parts(root: Path, path: Path) -> list[str]:
    parts = [root.name, *path.relative_to(root).parts]
    parts[-1] = parts[-1].removesuffix(".py")
    return parts[:-1] if parts[-1] == "__init__" else parts


def _imported(tree: ast.AST, package: list[str]) -> Iterator[str]:
    """Every dotted name a module imports, relative imports resolved against `package`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def _top(name: str, root: str, tops: set[str]) -> str | None:
    """The top-level package of `root` that a dotted name lies in, if any."""
    dotted = name.split(".")
    return dotted[1] if len(dotted) > 1 and dotted[0] == root and dotted[1] in tops else None


def import_graph(root: Path, exclude: Iterable[str] = ()) -> Graph:
    """Top-level package -> the other top-level packages of `root` it imports."""
    skipped = {root / name for name in exclude}
    tops = {p.name.removesuffix(".py") for p in root.iterdir() if not p.name.startswith("_")}
    graph: Graph = {}
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts or path in skipped:
            continue
        parts = _module_parts(root, path)
        # A package's __init__ resolves relative imports against itself; a module, its parent.
        package = parts if path.name == "__init__.py" else parts[:-1]
        source = parts[1] if len(parts) > 1 else None
        for name in _imported(ast.parse(path.read_text()), package):
            target = _top(name, root.name, tops)
            if source and target and target != source:
                graph.setdefault(source, set()).add(target)
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected sets of two or more packages (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    nodes = sorted(set(graph) | {n for targets in graph.values() for n in targets})
    for node in nodes:
        if node not in index:
            visit(node)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default="src/safetouch", type=Path)
    parser.add_argument("--exclude", nargs="*", default=[], help="files under root to skip")
    args = parser.parse_args(argv)
    graph = import_graph(args.root, args.exclude)
    found = cycles(graph)
    packages = set(graph) | {n for targets in graph.values() for n in targets}
    print(f"{len(packages)} top-level packages, {len(found)} cycles")
    for component in found:
        print("  cycle:", ", ".join(component))
        for member in component:
            print("     ", member, "->", sorted(graph.get(member, set()) & set(component)))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
