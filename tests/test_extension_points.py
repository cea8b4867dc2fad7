"""The extension points of docs/architecture.md hold: a new cmdlet is one new file in
gshell/commands (plus the regenerated name index), and the index picks it up.

The check works on a copy of the package in a temporary directory: it adds one module with an
``@command`` declaration, runs the generator (`python -m gshell.commands`), and compares the
trees: only the new module and the generated ``_index.py`` differ.  The new cmdlet then runs,
shows in Get-Command and Get-Help, and completes, with no other file touched."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NEW_MODULE = '''"""A cmdlet added for the extension-point test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gshell.commands._common import E, P, to_str
from gshell.runtime.registry import Invocation, command


@command(
    "Get-ExtensionProbe",
    aliases=["gxp"],
    synopsis="Says hello to its argument (extension-point test).",
    params=[P("Name", "string", 0, help="Who to greet.")],
    examples=[E("Get-ExtensionProbe -Name world", "hello world")],
)
def get_extension_probe(inv: Invocation) -> Iterator[Any]:
    yield "hello " + to_str(inv.args.Name)
'''


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def _run(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1")
    return subprocess.run([sys.executable, *args], cwd=copy, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_a_new_cmdlet_is_one_file_plus_the_generated_index(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "gshell", copy / "gshell", ignore=shutil.ignore_patterns("__pycache__"))
    before = _tree(copy)

    (copy / "gshell" / "commands" / "extension_probe.py").write_text(NEW_MODULE, encoding="utf-8")
    generated = _run(copy, "-m", "gshell.commands")
    assert generated.returncode == 0, generated.stderr

    after = _tree(copy)
    changed = sorted(k for k in after.keys() | before.keys() if before.get(k) != after.get(k))
    assert changed == ["gshell/commands/_index.py", "gshell/commands/extension_probe.py"]
    assert "'get-extensionprobe': 'extension_probe'" in (copy / "gshell/commands/_index.py").read_text()

    script = "Get-ExtensionProbe world; gxp -Name again; (Get-Command Get-ExtensionProbe).Name; Get-Help gxp"
    ran = _run(copy, "-m", "gshell", "-c", script)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines()[:3] == ["hello world", "hello again", "Get-ExtensionProbe"]
    assert "Says hello to its argument (extension-point test)." in ran.stdout   # Get-Help

    completion = _run(copy, "-c", "from gshell.repl.context import StaticContext\n"
                                  "from gshell.commands import builtin_registry\n"
                                  "from gshell.repl.suggest import suggest\n"
                                  "ctx = StaticContext(registry=builtin_registry())\n"
                                  "print([s.insert for s in suggest('Get-ExtensionP', 14, ctx)])\n"
                                  "print([s.insert for s in suggest('Get-ExtensionProbe -N', 21, ctx)])")
    assert completion.returncode == 0, completion.stderr
    assert completion.stdout.splitlines() == ["['Get-ExtensionProbe']", "['-Name']"]
