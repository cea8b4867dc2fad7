"""The built-in commands: each module of this package declares its cmdlets with ``@command``
(``gshell.runtime.registry``), which registers them in ``registry.BUILTINS`` when the module
is imported.  ``builtin_registry()`` imports them all and returns a registry of its own for one
interpreter; the CLI hands it to the interpreter.

Layout: ``pipeline_cmds`` (ForEach-Object, Where-Object, Select-Object), ``collect_cmds``
(Sort/Group/Measure-Object, Tee-Object, Compare-Object), ``output`` (Format-*, Out-*, Write-*),
``json_cmds`` (ConvertTo/From-Json), ``files`` (content, paths, location), ``objects``
(Get-Member, New-Object), ``variables`` (*-Variable), ``help`` (Get-Help, Get-Command,
aliases), ``misc`` (Get-Random, Get-Date, Start-Sleep, modules, host prompts), ``shell_cmds``,
``powershai``, ``pester`` (Should, Describe/Context/It), ``gradio*``, ``proxy``, ``hub``,
``teach_cmds``.  Shared helpers live in ``_common``.  Adding a cmdlet: declare it in one of
these modules (or a new one: every module here is found).
"""

from __future__ import annotations

import importlib
import os

from gshell.runtime.registry import BUILTINS, Registry


def command_module_names() -> list[str]:
    """The modules of this package that declare commands, in name order (like
    ``pkgutil.iter_modules``, whose import alone cost more than this scan)."""
    names: list[str] = []
    for entry in os.scandir(__path__[0]):
        if entry.name.endswith(".py"):
            names.append(entry.name[:-3])
        elif entry.is_dir() and os.path.exists(os.path.join(entry.path, "__init__.py")):
            names.append(entry.name)
    return sorted(n for n in names if n.isidentifier() and not n.startswith("_"))


def load_all() -> Registry:
    """Import every command module (once): ``BUILTINS`` then holds every built-in command."""
    for name in command_module_names():
        try:
            importlib.import_module(f"{__name__}.{name}")
        except Exception:  # noqa: BLE001 - a broken module must not break the shell
            if os.environ.get("GSHELL_DEBUG"):
                import traceback
                traceback.print_exc()
    return BUILTINS


def builtin_registry() -> Registry:
    """A registry with every built-in command, for one interpreter (functions and proxies it
    defines later stay in it)."""
    return load_all().copy()
