"""PowerShAI's provider and settings commands as compatible shims.

gshell has one provider, Hugging Face (its Gradio and Hub cmdlets).  PowerShAI scripts and
tests start with `Set-AiProvider huggingface` or `Switch-PowershaiSetting <name>`; these run
here and change nothing.  Asking for another provider writes a warning saying so, and the
current provider stays huggingface.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from gshell.commands._common import E, P, S, to_str
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import Hashtable

MODULE = "gshell.HuggingFace"
PROVIDER = "huggingface"

#: PowerShAI's providers (from its documentation); only huggingface exists in gshell.
POWERSHAI_PROVIDERS = ("openai", "azure", "google", "groq", "cohere", "maritalk", "ollama", "huggingface",
                       "deepseek", "mistral", "openrouter", "anthropic")


def provider_object() -> Hashtable:
    """The provider as PowerShAI returns it (a hashtable of its fields)."""
    h = Hashtable()
    h["name"] = PROVIDER
    h["DefaultModel"] = None
    h["url"] = "https://huggingface.co"
    h["desc"] = "Hugging Face: Gradio apps (spaces and local demos) and the Hub API"
    h["IsOpenaiCompatible"] = False
    return h


def _other_provider_note(inv: Invocation, name: str) -> None:
    known = name.casefold() in POWERSHAI_PROVIDERS
    what = f"the PowerShAI provider '{name}'" if known else f"a provider named '{name}'"
    inv.warning(f"gshell has only the Hugging Face provider; {what} is not available. "
                f"The current provider stays '{PROVIDER}'.")


@command(
    "Set-AiProvider",
    module=MODULE,
    synopsis="PowerShAI compatibility: accepts 'huggingface' (the only provider in gshell) and changes nothing.",
    description=("PowerShAI selects the provider its AI commands use.  gshell has only Hugging Face, always "
                 "active: `Set-AiProvider huggingface` does nothing, any other name writes a warning."),
    params=[
        P("Provider", "string", 0, help="The provider's name; only 'huggingface' exists in gshell."),
        P("Url", "string", 1, help="Accepted for compatibility (ignored)."),
        P("TempScript", "object", help="Accepted for compatibility (ignored)."),
    ],
    examples=[E("Set-AiProvider huggingface", "Does nothing: Hugging Face is gshell's provider.")],
)
def set_ai_provider(inv: Invocation) -> Iterable[Any]:
    name = to_str(inv.args.Provider).strip() if inv.args.Provider is not None else ""
    if name and name.casefold() != PROVIDER:
        _other_provider_note(inv, name)
    return ()


@command(
    "Get-AiCurrentProvider",
    module=MODULE,
    synopsis="PowerShAI compatibility: the current provider, always huggingface in gshell.",
    params=[
        S("ContextProvider", help="Accepted for compatibility."),
        P("CallStack", "object", 0, help="Accepted for compatibility (ignored)."),
        P("FilterContext", "object", 1, help="Accepted for compatibility (ignored)."),
    ],
    examples=[E("(Get-AiCurrentProvider).name", "huggingface")],
)
def get_ai_current_provider(inv: Invocation) -> Iterator[Any]:
    yield provider_object()


@command(
    "Get-AiProviders",
    module=MODULE,
    synopsis="PowerShAI compatibility: the providers gshell has (only huggingface).",
    params=[],
    examples=[E("Get-AiProviders | % name", "huggingface")],
)
def get_ai_providers(inv: Invocation) -> Iterator[Any]:
    yield provider_object()


@command(
    "Switch-PowershaiSetting",
    module=MODULE,
    synopsis="PowerShAI compatibility: accepted and ignored (gshell keeps no PowerShAI settings stores).",
    description=("PowerShAI keeps named settings stores (providers, chats, credentials) and switches between "
                 "them.  gshell has no such store: the command does nothing (-Verbose says so)."),
    params=[
        P("Name", "string", 0, help="The settings store's name (ignored)."),
        S("DeleteOld", help="Accepted for compatibility."),
    ],
    examples=[E("Switch-PowershaiSetting default", "Does nothing.")],
)
def switch_powershai_setting(inv: Invocation) -> Iterable[Any]:
    name = to_str(inv.args.Name) if inv.args.Name is not None else "default"
    inv.verbose(f"Switch-PowershaiSetting {name}: gshell keeps no PowerShAI settings; nothing changed.")
    return ()
