"""gshell.lazy: a LazyModule imports its module on first use and, given the declaring module's
namespace, puts the real module in its place; a LazyRegex compiles on first use."""
from __future__ import annotations

import re
import sys

from gshell.lazy import LazyModule, LazyRegex


def test_a_lazy_module_imports_on_first_use_and_replaces_itself(tmp_path, monkeypatch) -> None:
    (tmp_path / "lazy_probe_mod.py").write_text("VALUE = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "lazy_probe_mod", raising=False)
    namespace: dict[str, object] = {}
    lazy = LazyModule("lazy_probe_mod", namespace)
    namespace["probe"] = lazy
    namespace["other"] = "untouched"
    assert "lazy_probe_mod" not in sys.modules
    assert lazy.VALUE == 42
    assert namespace["probe"] is sys.modules["lazy_probe_mod"] and namespace["other"] == "untouched"
    assert lazy.VALUE == 42  # the object itself keeps working where it was copied


def test_dunder_probes_do_not_import(tmp_path, monkeypatch) -> None:
    (tmp_path / "lazy_probe_two.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "lazy_probe_two", raising=False)
    lazy = LazyModule("lazy_probe_two")
    assert not hasattr(lazy, "__wrapped__")
    assert "lazy_probe_two" not in sys.modules


def test_a_lazy_regex_behaves_like_the_compiled_pattern() -> None:
    lazy = LazyRegex(r"a(b+)", re.I)
    assert lazy.match("ABBc").group(1) == "BB"
    assert lazy.sub("x", "abab") == "xx" and lazy.pattern == "a(b+)" and lazy.flags & re.I
