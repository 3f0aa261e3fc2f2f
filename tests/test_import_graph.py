"""The import graph of xuanjiao (docs/architecture.md): no cycle, and arrows one way.

Read from the `import` statements (ast), not from what happens to be loaded: a cycle among
module-level imports is a module that can be half-initialised depending on which one is
imported first; the rooms' rule is that the stages and everything under them never import the
command line (`commands/`, `cli`) or the pipeline that runs them. Then every module is imported
alone, in a fresh interpreter, leaves first.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "xuanjiao"

# What sits on top: the command line, the pipeline that runs the stages, the live preview and
# the browser workspace (both run builds). Everything else is a stage or what stages share.
TOP = (
    "xuanjiao.cli",
    "xuanjiao.__main__",
    "xuanjiao.commands",
    "xuanjiao.pipeline",
    "xuanjiao.serve",
    "xuanjiao.workspace",
)
# module prefix -> what it must not import
FORBIDDEN = {
    "": ("xuanjiao.commands", "xuanjiao.cli", "xuanjiao.pipeline"),  # any stage or shared module
    "xuanjiao.pipeline": ("xuanjiao.commands", "xuanjiao.cli"),
    "xuanjiao.serve": ("xuanjiao.commands", "xuanjiao.cli"),
    "xuanjiao.workspace": ("xuanjiao.commands", "xuanjiao.cli"),
}


def _name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "themes" not in p.relative_to(PACKAGE).parts}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.Module, module: str, is_package: bool) -> list[tuple[str, bool]]:
    """(imported xuanjiao module or attribute path, at module level) for every import statement."""
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.body:  # never run: layering counts them, cycles do not
                    visit_one(sub, False)
                for sub in child.orelse:
                    visit_one(sub, top)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, False)
            else:
                visit_one(child, top)

    def visit_one(node: ast.AST, top: bool) -> None:
        if isinstance(node, ast.Import):
            found.extend((a.name, top) for a in node.names if a.name.split(".")[0] == "xuanjiao")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").split(".")[0] == "xuanjiao":
                prefix = node.module or ""
            else:
                return
            found.extend((f"{prefix}.{a.name}", top) for a in node.names)
        else:
            visit(node, top)

    visit(tree, True)
    return found


def graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(module-level edges, all edges) between xuanjiao modules. `from pkg import name` is an
    edge to pkg.name when that is a module, else to pkg; importing a module also runs its
    packages' __init__, an edge unless the importer is inside that package."""
    known = modules()
    runtime: dict[str, set[str]] = {m: set() for m in known}
    every: dict[str, set[str]] = {m: set() for m in known}
    for module, path in known.items():
        for target, top in _imports(ast.parse(path.read_text("utf-8")), module, path.name == "__init__.py"):
            while target and target not in known:
                target = target.rpartition(".")[0]
            if not target or target == module:
                continue
            chain = [target]
            parent = target.rpartition(".")[0]
            while parent and parent != "xuanjiao" and not (module + ".").startswith(parent + "."):
                chain.append(parent)
                parent = parent.rpartition(".")[0]
            for t in chain:
                every[module].add(t)
                if top:
                    runtime[module].add(t)
    return runtime, every


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := walk(node)):
            return found
    return None


def leaves_first(edges: dict[str, set[str]]) -> list[str]:
    order: list[str] = []
    done: set[str] = set()

    def walk(node: str) -> None:
        done.add(node)
        for nxt in sorted(edges[node]):
            if nxt not in done:
                walk(nxt)
        order.append(node)

    for node in sorted(edges):
        if node not in done:
            walk(node)
    return order


PRELOAD = (
    "weasyprint",
    "pikepdf",
    "pydantic",
    "jinja2",
    "markdown",
    "ruamel.yaml",
    "openpyxl",
    "docx",
    "matplotlib.pyplot",
    "mkdocs.commands.build",
    "babel.dates",
    "icalendar",
    "lunar_python",
    "click",
)


def test_the_graph_reader_sees_what_python_sees():
    runtime, every = graph()
    assert "xuanjiao.stage" in runtime["xuanjiao.pipeline"]  # from .stage import ...
    assert "xuanjiao.site.urls" in runtime["xuanjiao.site.model"]  # from .urls import ...
    assert "xuanjiao.printing.laying" in runtime["xuanjiao.printing.kinds"]
    assert "xuanjiao.stage" in every["xuanjiao.schedule"] - runtime["xuanjiao.schedule"]  # under TYPE_CHECKING
    assert "xuanjiao.site" not in runtime["xuanjiao.site.model"]  # its own package is running already
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle():
    runtime, _ = graph()
    cycle = _cycle(runtime)
    assert cycle is None, " -> ".join(cycle or [])


def test_arrows_point_one_way():
    _, every = graph()
    wrong = []
    for module, targets in every.items():
        rule = next((k for k in FORBIDDEN if k and (module == k or module.startswith(k + "."))), None)
        if rule is None and module.startswith(TOP):
            continue
        banned = FORBIDDEN[rule or ""]
        wrong += [f"{module} -> {t}" for t in sorted(targets) if t.startswith(banned)]
    assert not wrong, "\n".join(wrong)


def test_every_module_imports_alone_in_a_fresh_interpreter():
    """Leaves first; each in its own process forked from one that has imported nothing of
    xuanjiao (a fresh module table, without paying the interpreter's start each time; the big
    third-party packages are loaded once before: they are not what is tested here). As many
    children at a time as there are cores, each started in the order; the parent's objects
    are frozen out of the collector, so that a child's collections do not copy them."""
    runtime, _ = graph()
    order = [m for m in leaves_first(runtime) if m != "xuanjiao.__main__"]  # that one runs the CLI
    script = (
        "import gc, importlib, os, sys, traceback\n"
        f"for name in {PRELOAD!r}:\n"
        "    importlib.import_module(name)\n"
        "assert not [m for m in sys.modules if m.startswith('xuanjiao')]\n"
        "gc.freeze()\n"
        "names, running, failed = sys.argv[1:], {}, set()\n"
        "def reap():\n"
        "    pid, status = os.wait()\n"
        "    if status:\n"
        "        failed.add(running[pid])\n"
        "    del running[pid]\n"
        "for name in names:\n"
        "    if len(running) >= (os.cpu_count() or 1):\n"
        "        reap()\n"
        "    pid = os.fork()\n"
        "    if pid == 0:\n"
        "        try:\n"
        "            importlib.import_module(name)\n"
        "        except BaseException:\n"
        "            traceback.print_exc()\n"
        "            os._exit(1)\n"
        "        os._exit(0)\n"
        "    running[pid] = name\n"
        "while running:\n"
        "    reap()\n"
        "print(' '.join(n for n in names if n in failed))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run([sys.executable, "-c", script, *order], capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr
