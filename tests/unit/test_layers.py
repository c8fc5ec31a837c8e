"""The import rule of docs/architecture.md: no module imports from a layer above its own.

Every `iepgen` import in `src/` is read with `ast` (lazy imports inside functions too) and
checked against the layer table below, which is the one the architecture document draws.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src"

# Lowest first. A module belongs to the layer of the longest prefix that names it;
# `*.router` (an HTTP router inside a domain package) sits in the routers layer.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("foundation", ("iepgen", "iepgen.config", "iepgen.errors", "iepgen.logging")),
    ("storage", ("iepgen.db", "iepgen.models", "iepgen.migrations")),
    ("queue", ("iepgen.queue",)),
    (
        "shapes",
        ("iepgen.api.fields", "iepgen.api.schemas", "iepgen.api.responses", "iepgen.sections"),
    ),
    (
        "records",
        (
            "iepgen.users",
            "iepgen.audit",
            "iepgen.students",
            "iepgen.templates",
            "iepgen.ieps",
            "iepgen.meetings",
            "iepgen.progress",
        ),
    ),
    ("generation", ("iepgen.generation",)),
    ("providers", ("iepgen.llm",)),
    (
        "services",
        (
            "iepgen.jobs",
            "iepgen.export",
            "iepgen.translation",
            "iepgen.documents",
            "iepgen.teacher_copies",
            "iepgen.caseload",
        ),
    ),
    ("http", ("iepgen.api",)),
    ("routers", ("*.router",)),
    ("web", ("iepgen.web",)),
    (
        "roots",
        (
            "iepgen.components",
            "iepgen.app",
            "iepgen.worker_app",
            "iepgen.cli",
            "iepgen.selfcheck",
            "iepgen.demo",
            "iepgen.demo_data",
            "iepgen.__main__",
        ),
    ),
]


def layer_of(module: str) -> int:
    if module.endswith(".router") and not module.startswith("iepgen.web."):
        return next(i for i, (name, _) in enumerate(LAYERS) if name == "routers")
    best: tuple[int, int] | None = None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (
                best is None or len(prefix) > best[1]
            ):
                best = (index, len(prefix))
    if best is None:
        raise AssertionError(f"{module} is in no layer: add it to the table")
    return best[0]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from iepgen.x import y` may import the module iepgen.x.y
            found.update(
                f"{node.module}.{alias.name}"
                for alias in node.names
                if (SOURCE / node.module.replace(".", "/") / alias.name).exists()
                or (SOURCE / node.module.replace(".", "/") / f"{alias.name}.py").exists()
            )
    return {name for name in found if name == "iepgen" or name.startswith("iepgen.")}


def _upward_imports() -> list[str]:
    problems = []
    for path in sorted((SOURCE / "iepgen").rglob("*.py")):
        module = _module_name(path)
        own = layer_of(module)
        for imported in sorted(_imports(path)):
            target = layer_of(imported)
            if target > own:
                problems.append(
                    f"{module} ({LAYERS[own][0]}) imports {imported} ({LAYERS[target][0]})"
                )
    return problems


def test_no_module_imports_a_higher_layer() -> None:
    assert _upward_imports() == []


def test_the_queue_knows_nothing_of_iep_drafting() -> None:
    forbidden = ("iepgen.generation", "iepgen.api", "iepgen.web", "iepgen.templates")
    forbidden += ("iepgen.demo_data", "iepgen.llm", "iepgen.jobs", "iepgen.ieps")
    for path in (SOURCE / "iepgen" / "queue").rglob("*.py"):
        for imported in _imports(path):
            assert not imported.startswith(forbidden), f"{path.name} imports {imported}"


@pytest.mark.parametrize(
    ("module", "layer"),
    [
        ("iepgen.queue.worker", "queue"),
        ("iepgen.api.deps", "http"),
        ("iepgen.api.fields", "shapes"),
        ("iepgen.jobs.router", "routers"),
        ("iepgen.web.routes.jobs", "web"),
        ("iepgen.app", "roots"),
    ],
)
def test_the_table_places_modules_by_their_longest_prefix(module: str, layer: str) -> None:
    assert LAYERS[layer_of(module)][0] == layer


def test_the_check_catches_an_upward_import() -> None:
    """A test that cannot fail is a defect: an upward import is found."""
    path = SOURCE / "iepgen" / "queue" / "handlers.py"
    source = path.read_text(encoding="utf-8") + "\nfrom iepgen.generation import handlers\n"
    tree = ast.parse(source)
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("iepgen.")
    }
    assert any(layer_of(name) > layer_of("iepgen.queue.handlers") for name in imported)
