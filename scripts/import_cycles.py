"""The import graph of analysis/ and its cycles (imports inside functions count too).

    python scripts/import_cycles.py [ROOT]

Prints each knot of modules that import one another (strongly connected component) and the
elementary cycles in it; exits 1 when there is a cycle. ``from analysis.x import name`` is an
edge to ``analysis.x``; ``from analysis import x`` an edge to ``analysis.x`` when that is a module.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Module name -> file, for every module of the ``analysis`` package under ``root``."""
    out = {}
    for p in sorted((root / "analysis").rglob("*.py")):
        parts = list(p.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = p
    return out


def _resolve(name: str, mods) -> str | None:
    parts = name.split(".")
    while parts:
        if ".".join(parts) in mods:
            return ".".join(parts)
        parts.pop()
    return None


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the package modules it imports, anywhere in its code."""
    mods = modules(root)
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for m, path in mods.items():
        package = m.split(".") if path.name == "__init__.py" else m.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
                names = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                target = _resolve(name, mods)
                if target is not None and target != m:
                    graph[m].add(target)
    return graph


def knots(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def cycles(graph: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """Every elementary import cycle, each starting at its smallest module name."""
    found = set()
    for comp in knots(graph):
        members = set(comp)
        for start in comp:
            todo = [(start, (start,))]
            while todo:
                v, path = todo.pop()
                for w in sorted(graph[v] & members):
                    if w == start:
                        found.add(path)
                    elif w not in path and w > start:
                        todo.append((w, path + (w,)))
    return sorted(found)


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else ROOT
    graph = import_graph(root)
    for comp in knots(graph):
        print(f"knot of {len(comp)}: {', '.join(comp)}")
    found = cycles(graph)
    for c in found:
        print("  " + " -> ".join(c + (c[0],)))
    print(f"{len(graph)} modules, {len(found)} import cycle(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
