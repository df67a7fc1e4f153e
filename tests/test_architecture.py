"""The layers' rules, read from the source with ast: who may import whom, and sizes.

Data flows one way (docs: DESIGN.md): bot/ and scheduler/ call services/, which use coach/
(pure rules) and storage/ (repositories) through the unit of work's Protocol
(services/uow.py): no service imports storage/ but services/runtime.py, the wiring that
names storage's parts for the bot. A rule broken on purpose, for now, is listed in
KNOWN_EXCEPTIONS with the reason and who removes it; the list only shrinks.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "coach", "scheduler", "services", "storage", "i18n")
MAX_MODULE_LINES = 300
MAX_HANDLER_LINES = 15
COMPOSITION_ROOT = "bot/app.py"  # may wire scheduler/ too, never storage/ (services/runtime.py)
WIRING = "services/runtime.py"  # the one module of services/ that imports storage/
TOOLS = ("fakes", "tools", "tests", "bench")  # developer packages: the product never needs them
FORBIDDEN = {  # package -> the imports it must not make
    "coach": ("bot", "scheduler", "storage", "services", *TOOLS),
    "storage": ("bot", "scheduler", "services", *TOOLS),
    "scheduler": ("storage.models", *TOOLS),
    "services": ("storage", *TOOLS),  # the unit of work is a Protocol (services/uow.py)
    "bot": ("scheduler", "storage", *TOOLS),
    "i18n": ("bot", "coach", "scheduler", "services", "storage", *TOOLS),  # a leaf: all use it
}
HANDLER_PARAMS = (("update", "ctx"), ("update", "context"), ("update", "_ctx"))

# (rule, module, what) -> why it is still here. The lead empties this list at merge.
KNOWN_EXCEPTIONS: dict[tuple[str, str, str], str] = {}


def modules() -> Iterator[Path]:
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imported(tree: ast.AST) -> Iterator[str]:
    """Every module an import statement names (relative imports are not used here)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def breaks(module: str, target: str) -> str | None:
    """The forbidden import `target` is, for `module`; None if allowed."""
    package = module.split("/")[0]
    if module == COMPOSITION_ROOT:
        rules: tuple[str, ...] = ("storage", *TOOLS)
    else:
        rules = TOOLS if module == WIRING else FORBIDDEN.get(package, ())
    for banned in rules:
        if target == banned or target.startswith(f"{banned}."):
            return banned
    return None


def import_breaks() -> set[tuple[str, str, str]]:
    found = set()
    for path in modules():
        module = name(path)
        for target in imported(ast.parse(path.read_text())):
            banned = breaks(module, target)
            if banned is not None:
                found.add(("import", module, banned))
    return found


def handlers(tree: ast.Module) -> Iterator[ast.AsyncFunctionDef]:
    """Async functions taking (update, context): PTB callbacks."""
    for node in ast.walk(tree):
        if isinstance(node, ast.AsyncFunctionDef):
            params = tuple(arg.arg for arg in node.args.args[:2])
            if params in HANDLER_PARAMS and len(node.args.args) == 2:
                yield node


def body_lines(function: ast.AsyncFunctionDef) -> int:
    """Lines of the body, without the docstring."""
    body = function.body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:] or body
    end = function.end_lineno or function.lineno
    return end - body[0].lineno + 1


def size_breaks() -> set[tuple[str, str, str]]:
    found = set()
    for path in modules():
        text = path.read_text()
        if len(text.splitlines()) > MAX_MODULE_LINES:
            found.add(("size", name(path), "module"))
        if name(path).startswith("bot/"):
            found |= {("handler", name(path), handler.name)
                      for handler in handlers(ast.parse(text))
                      if body_lines(handler) > MAX_HANDLER_LINES}
    return found


@pytest.mark.parametrize("rule", ["import", "size", "handler"])
def test_no_layer_rule_is_broken_beyond_the_known_exceptions(rule: str) -> None:
    found = {b for b in import_breaks() | size_breaks() if b[0] == rule}
    assert found - KNOWN_EXCEPTIONS.keys() == set()


def test_every_known_exception_still_exists_so_the_list_only_shrinks() -> None:
    assert KNOWN_EXCEPTIONS.keys() - (import_breaks() | size_breaks()) == set()


def test_the_checks_see_a_forbidden_import_and_a_long_handler() -> None:
    assert breaks("coach/plan.py", "storage.models") == "storage"
    assert breaks("scheduler/x.py", "storage.models.User") == "storage.models"
    assert breaks("scheduler/x.py", "storage.uow") is None
    assert breaks(COMPOSITION_ROOT, "scheduler.delivery") is None
    assert breaks(COMPOSITION_ROOT, "storage.db") == "storage"
    assert breaks("bot/x.py", "storage.records") == "storage"
    assert breaks("services/x.py", "tools.harness") == "tools"
    assert breaks("services/x.py", "storage.models") == "storage"
    assert breaks("services/x.py", "storage.uow.UnitOfWork") == "storage"
    assert breaks(WIRING, "storage.uow") is None
    assert breaks(WIRING, "tools.harness") == "tools"
    source = "async def h(update, ctx):\n    '''Doc.'''\n" + "    x = 1\n" * 16
    (handler,) = handlers(ast.parse(source))
    assert body_lines(handler) == 16
