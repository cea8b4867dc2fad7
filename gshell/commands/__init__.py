"""The built-in commands.  Importing this package fills ``registry.BUILTINS``: each module
below declares its cmdlets with ``@command``.

Layout: ``pipeline_cmds`` (ForEach-Object, Where-Object, Select/Sort/Group/Measure-Object,
Tee-Object, Compare-Object), ``output`` (Format-*, Out-*, Write-*), ``json_cmds``
(ConvertTo/From-Json), ``files`` (content, paths, location), ``objects`` (Get-Member,
New-Object), ``variables`` (*-Variable), ``help`` (Get-Help, Get-Command, aliases), ``misc``
(Get-Random, Get-Date, Start-Sleep, modules, host prompts, refused commands), ``pester``
(Should, Describe/Context/It).  Shared helpers live in ``_common``.
"""

from gshell.commands import (  # noqa: F401 - imported for their @command declarations
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


def _import_other_command_modules() -> None:
    """Modules added by other parts of gshell (Gradio, Hugging Face, ...) register their
    commands the same way; import every module of the package."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_") and info.name != "registry":
            importlib.import_module(f"{__name__}.{info.name}")


_import_other_command_modules()

from gshell.commands import proxy  # noqa: E402,F401 - proxy functions, Invoke-GradioDynamicApi
from gshell.commands import hub  # noqa: E402,F401 - Hugging Face Hub cmdlets
from gshell.commands import gradio, gradio_sessions  # noqa: E402,F401 - Gradio cmdlets (also found by the loop above)
