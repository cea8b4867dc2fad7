"""The built-in commands.  Importing this package fills ``registry.BUILTINS``: each module
below declares its cmdlets with ``@command``.

Layout: ``pipeline_cmds`` (ForEach-Object, Where-Object, Select-Object), ``collect_cmds``
(Sort/Group/Measure-Object, Tee-Object, Compare-Object), ``output`` (Format-*, Out-*, Write-*), ``json_cmds``
(ConvertTo/From-Json), ``files`` (content, paths, location), ``objects`` (Get-Member,
New-Object), ``variables`` (*-Variable), ``help`` (Get-Help, Get-Command, aliases), ``misc``
(Get-Random, Get-Date, Start-Sleep, modules, host prompts, refused commands), ``pester``
(Should, Describe/Context/It).  Shared helpers live in ``_common``.
"""

from gshell.commands import (  # noqa: F401 - imported for their @command declarations
    collect_cmds,
    files,
    help,
    json_cmds,
    misc,
    objects,
    output,
    pester,
    pipeline_cmds,
    variables,
)


def command_module_names() -> list[str]:
    """The modules of this package that declare commands, in name order (like
    ``pkgutil.iter_modules``, whose import alone cost more than this scan)."""
    import os

    names: list[str] = []
    for entry in os.scandir(__path__[0]):
        if entry.name.endswith(".py"):
            names.append(entry.name[:-3])
        elif entry.is_dir() and os.path.exists(os.path.join(entry.path, "__init__.py")):
            names.append(entry.name)
    return sorted(n for n in names if n.isidentifier() and not n.startswith("_") and n != "registry")


def _import_other_command_modules() -> None:
    """Modules added by other parts of gshell (Gradio, Hugging Face, ...) register their
    commands the same way; import every module of the package."""
    import importlib

    for name in command_module_names():
        importlib.import_module(f"{__name__}.{name}")


_import_other_command_modules()

from gshell.commands import (  # noqa: E402,F401 - Gradio cmdlets (also found by the loop above)
    gradio,
    gradio_sessions,
    hub,  # noqa: E402,F401 - Hugging Face Hub cmdlets
    proxy,  # noqa: E402,F401 - proxy functions, Invoke-GradioDynamicApi
)
