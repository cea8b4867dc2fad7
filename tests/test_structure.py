"""The shape of the code: small modules."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "gshell"
MAX_LINES = 600

#: Modules still over the limit, each with the work that brings it under.  The test fails when
#: one of them is already under (remove it from here) or when any other module is over.
OVER_LIMIT: dict[str, str] = {
}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_over_the_limit() -> None:
    over = {str(p.relative_to(PACKAGE)): _lines(p) for p in _modules() if _lines(p) > MAX_LINES}
    unexpected = {name: n for name, n in over.items() if name not in OVER_LIMIT}
    assert not unexpected, f"modules over {MAX_LINES} lines (split them): {unexpected}"


def test_the_over_limit_list_is_current() -> None:
    fixed = [name for name in OVER_LIMIT
             if not (PACKAGE / name).exists() or _lines(PACKAGE / name) <= MAX_LINES]
    assert not fixed, f"now at or under {MAX_LINES} lines, remove from OVER_LIMIT: {fixed}"


def test_the_modules_are_found() -> None:
    names = {str(p.relative_to(PACKAGE)) for p in _modules()}
    assert {"runtime/interpreter.py", "lang/parser.py", "runtime/registry.py", "cli.py"} <= names


def test_the_license_pyproject_names_is_in_the_repository() -> None:
    root = Path(__file__).resolve().parents[1]
    assert 'license = { text = "MIT" }' in (root / "pyproject.toml").read_text(encoding="utf-8")
    assert (root / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_test_modules_have_unique_names() -> None:
    """pytest imports test modules by their base name (no __init__.py in tests/): two folders
    holding the same name make collection fail."""
    seen: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if "node_modules" not in path.parts:
            seen.setdefault(path.name, []).append(str(path.relative_to(ROOT)))
    assert {name: paths for name, paths in seen.items() if len(paths) > 1 and name != "conftest.py"} == {}
