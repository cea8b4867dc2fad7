"""The pure completion core: ``suggest(text, cursor, ctx) -> list[Suggestion]``.

No prompt_toolkit, no network: the cursor context comes from ``analysis.analyze`` (on
gshell's own tokens), metadata from the ``ShellContext`` (cached ``/info`` only).  Each
context kind has one provider in ``PROVIDERS``; each value domain (``Parameter.complete``)
one provider in ``DOMAINS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gshell.gradio.model import AppModel, Endpoint
    from gshell.runtime.registry import Parameter
from gshell.repl.analysis import CursorContext, Where, analyze
from gshell.repl.context import ShellContext
from gshell.repl.literal import literal
from gshell.repl.matching import rank
from gshell.repl.paths import path_candidates, quote_path
from gshell.repl.suggestions import Kind, Suggestion

MAX_SUGGESTIONS = 200
_BARE_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:\\*?+=")


def suggest(text: str, cursor: int, ctx: ShellContext) -> list[Suggestion]:
    """Typed suggestions for the word before ``cursor`` in ``text``."""
    cursor = max(0, min(cursor, len(text)))
    cc = analyze(text, cursor, ctx.registry)
    provider = PROVIDERS.get(cc.where)
    if provider is None:
        return []
    return provider(cc, ctx)[:MAX_SUGGESTIONS]


# ----------------------------------------------------------------------------- helpers

def _quote_value(value: str, quote: str = "") -> str:
    """A value as written in argument mode: bare when safe, else single-quoted."""
    if not quote and value and all(ch in _BARE_SAFE for ch in value) and not value.startswith("-"):
        return value
    return literal(value, quote)   # server text: never ends early, never runs, shows no control


def _unquoted_word(cc: CursorContext) -> str:
    return cc.word[1:] if cc.quote else cc.word


def _values(cc: CursorContext, kind: Kind, items: Iterable[tuple[str, str, str]]) -> list[Suggestion]:
    """items: (value, display, description), ranked against the partial word."""
    ranked = rank(_unquoted_word(cc), list(items), key=lambda it: it[0])
    return [Suggestion(kind, _quote_value(v, cc.quote), cc.start, d or v, desc) for v, d, desc in ranked]


def _session_ref(cc: CursorContext, ctx: ShellContext) -> Any:
    """The session a command line targets: -Session value, else -AppUrl, else default."""
    cmd = cc.command
    if cmd is None:
        return None
    for p in cmd.all_params():
        if p.complete == "session" and p.name in cc.bound:
            raw = cc.bound[p.name].strip()
            if raw.startswith("$"):
                return ctx.variables().get(raw[1:]) or _ci_get(ctx.variables(), raw[1:])
            return raw.strip("'\"")
    for p in cmd.all_params():
        if p.name.casefold() in ("appurl", "url") and p.name in cc.bound:
            return cc.bound[p.name].strip().strip("'\"")
    return None


def _ci_get(mapping: Mapping[str, Any], key: str) -> Any:
    folded = key.casefold()
    for k, v in mapping.items():
        if k.casefold() == folded:
            return v
    return None


def _app_model(cc: CursorContext, ctx: ShellContext) -> AppModel | None:
    """The endpoint model of the session the line targets (cached only: never fetches)."""
    return ctx.cached_model(_session_ref(cc, ctx))


def _chosen_endpoint(cc: CursorContext, ctx: ShellContext) -> Endpoint | None:
    cmd = cc.command
    if cmd is None:
        return None
    model = _app_model(cc, ctx)
    if model is None:
        return None
    for p in cmd.all_params():
        if p.complete == "endpoint" and p.name in cc.bound:
            return model.find(cc.bound[p.name])
    return None


def _param_description(p: Parameter) -> str:
    text = f"<{p.type}>" if not p.is_switch else "[switch]"
    if p.mandatory:
        text += " required"
    if p.help:
        text += "  " + p.help
    return text


# ----------------------------------------------------------------------------- providers

def _commands(cc: CursorContext, ctx: ShellContext) -> list[Suggestion]:
    registry = ctx.registry
    items: list[tuple[str, str]] = [(c.name, c.synopsis or c.kind) for c in registry.commands()]
    for alias, target in registry.aliases().items():
        target_cmd = registry.lookup(target)
        spelled = alias
        items.append((spelled, f"-> {target_cmd.name if target_cmd else target}"))
    ranked = rank(cc.word, items, key=lambda it: it[0])
    # prefix order: commands alphabetically, aliases after their namesakes
    return [Suggestion(Kind.COMMAND, name, cc.start, name, desc) for name, desc in ranked]


def _parameters(cc: CursorContext, ctx: ShellContext) -> list[Suggestion]:
    if cc.command is None:
        return []
    typed = cc.word.lstrip("-\u2013\u2014\u2015")
    bound = {n.casefold() for n in cc.bound}
    params = [p for p in cc.command.all_params() if p.name.casefold() not in bound]
    ranked = rank(typed, params, key=lambda p: p.name)
    return [Suggestion(Kind.PARAMETER, "-" + p.name, cc.start, "-" + p.name, _param_description(p))
            for p in ranked]


def _argument(cc: CursorContext, ctx: ShellContext) -> list[Suggestion]:
    p = cc.param
    if p is None:
        return []
    if p.choices:
        return _values(cc, Kind.VALUE, ((c, c, p.name) for c in p.choices))
    domain = p.complete or TYPE_DOMAINS.get(p.type)
    provider = DOMAINS.get(domain or "")
    return provider(cc, ctx) if provider is not None else []


def _endpoint_values(cc: CursorContext, ctx: ShellContext) -> list[Suggestion]:
    model = _app_model(cc, ctx)
    if model is None:
        return []
    word = _unquoted_word(cc).lstrip("/")
    ranked = rank(word, list(model.endpoints.values()), key=lambda e: e.short)
    return [Suggestion(Kind.ENDPOINT, _quote_value(e.short, cc.quote), cc.start, e.name, e.describe())
            for e in ranked]


def _session_values(cc: CursorContext, ctx: ShellContext) -> list[Suggestion]:
    default = ctx.default_session()
    items = []
    for name in ctx.session_names():
        desc = "default session" if default is not None and default.name == name else "session"
        items.append((name, name, desc))
    return _values(cc, Kind.SESSION_NAME, items)


def _path_values(cc: CursorContext, ctx: ShellContext) -> list[Suggestion]:
    partial = _unquoted_word(cc)
    out = []
    for text, display, is_dir in path_candidates(partial, ctx.cwd()):
        insert = literal(text, cc.quote, close=not is_dir) if cc.quote else quote_path(text)
        out.append(Suggestion(Kind.PATH, insert, cc.start, display, "directory" if is_dir else "file"))
    return out


def _command_values(cc: CursorContext, ctx: ShellContext) -> list[Suggestion]:
    return [Suggestion(Kind.COMMAND, s.insert, s.start, s.display, s.description)
            for s in _commands(CursorContext(Where.COMMAND, word=_unquoted_word(cc), start=cc.start), ctx)]


def _help_topic_values(cc: CursorContext, ctx: ShellContext) -> list[Suggestion]:
    topics = [(t, t, "help topic") for t in ctx.help_topics()]
    commands = [(c.name, c.name, c.synopsis) for c in ctx.registry.commands()]
    return _values(cc, Kind.VALUE, topics + commands)


def _variable_name_values(cc: CursorContext, ctx: ShellContext) -> list[Suggestion]:
    return _values(cc, Kind.VARIABLE, ((n, n, _short_type(v)) for n, v in ctx.variables().items()))


def _bool_values(cc: CursorContext, ctx: ShellContext) -> list[Suggestion]:
    return [Suggestion(Kind.VALUE, v, cc.start, v, "bool")
            for v in rank(cc.word, ["$true", "$false"], key=str)]


def _variables(cc: CursorContext, ctx: ShellContext) -> list[Suggestion]:
    typed = cc.word[1:].lstrip("{")
    names = list(ctx.variables().items())
    ranked = rank(typed, names, key=lambda it: it[0])
    return [Suggestion(Kind.VARIABLE, "$" + n, cc.start, "$" + n, _short_type(v)) for n, v in ranked]


_SIMPLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _short_type(value: Any) -> str:
    """A variable's type and a glimpse of its value (the menu's description column)."""
    from gshell.runtime.memberinfo import short_type

    try:
        if isinstance(value, Mapping):
            return f"{short_type(value)} ({len(value)} keys)"
        if isinstance(value, (list, tuple)):
            return f"Object[] ({len(value)})"
        if isinstance(value, str):
            return f"string {value if len(value) <= 30 else value[:27] + '...'!r}"
        if value is None or isinstance(value, (bool, int, float)):
            return f"{short_type(value)} {value!r}"
        return str(getattr(value, "type_name", "") or short_type(value))
    except Exception:
        return ""


def _quote_member(name: str) -> str:
    """``name`` as written after a dot: bare when it is a simple name, else single-quoted."""
    return name if _SIMPLE_NAME.match(name) else literal(name)


def _step(value: Any, segment: str | int) -> Any:
    """One `.name` / `[n]` of a member path, with the runtime's member access; None when it
    is missing, fails, or could need the network."""
    from gshell.runtime.memberinfo import fetches
    from gshell.runtime.members import get_index, get_member

    try:
        if isinstance(segment, int):
            return get_index(value, segment)
        if fetches(value, segment):
            return None
        return get_member(value, segment)
    except Exception:
        return None


def _members(cc: CursorContext, ctx: ShellContext) -> list[Suggestion]:
    """`$x.a[0].<Tab>`: the members the runtime's member model lists for the value (what
    Get-Member lists; for a hashtable its keys too, for an array its elements' properties)."""
    from gshell.runtime.memberinfo import access_members

    variables = ctx.variables()
    value = variables.get(cc.var_name)
    if value is None:
        value = _ci_get(variables, cc.var_name)
    for seg in cc.member_path:
        if value is None:
            return []
        value = _step(value, seg)
    if value is None:
        return []
    try:
        rows = access_members(value)
    except Exception:   # a value the model cannot read offers nothing
        return []
    ranked = rank(cc.word.lstrip("'"), rows, key=lambda m: m.name)
    out = []
    for m in ranked:
        if m.is_method:
            insert = m.name + ("(" if m.takes_arguments else "()")
        else:
            insert = _quote_member(m.name)
        definition = partial(getattr, m, "definition")   # read when the menu shows the row
        out.append(Suggestion(Kind.MEMBER, insert, cc.start, insert if m.is_method else m.name, definition))
    return out


def _takes_endpoint_params(p: Parameter | None) -> bool:
    """The parameter whose hashtable keys are the chosen endpoint's parameter names:
    ``complete='params'``, or a parameter named Params without another domain."""
    return p is not None and (p.complete == "params" or (p.complete is None and p.name.casefold() == "params"))


def _hash_keys(cc: CursorContext, ctx: ShellContext) -> list[Suggestion]:
    if not _takes_endpoint_params(cc.hash_param):
        return []
    ep = _chosen_endpoint(cc, ctx)
    if ep is None:
        return []
    params = [p for p in ep.parameters if p.name.casefold() not in cc.hash_keys]
    ranked = rank(_unquoted_word(cc), params, key=lambda p: p.name)
    return [Suggestion(Kind.ENDPOINT_PARAM, _quote_value(p.name, cc.quote) if cc.quote else
                       (p.name if _SIMPLE_NAME.match(p.name) else _quote_value(p.name)),
                       cc.start, p.name, p.describe()) for p in ranked]


def _hash_values(cc: CursorContext, ctx: ShellContext) -> list[Suggestion]:
    if not _takes_endpoint_params(cc.hash_param):
        return []
    if cc.word.startswith("$"):
        return []
    ep = _chosen_endpoint(cc, ctx)
    if ep is None:
        return []
    p = ep.parameter(cc.hash_key)
    if p is None:
        return []
    if p.choices:
        quote = cc.quote or "'"
        ranked = rank(_unquoted_word(cc), list(p.choices), key=str)
        return [Suggestion(Kind.VALUE, _quote_value(c, quote), cc.start, c, f"{p.component} choice")
                for c in ranked]
    if p.kind == "bool":
        return _bool_values(cc, ctx)
    if p.is_file:
        return _path_values(cc, ctx)
    return []


PROVIDERS: dict[Where, Callable[[CursorContext, ShellContext], list[Suggestion]]] = {
    Where.COMMAND: _commands,
    Where.PARAMETER: _parameters,
    Where.ARGUMENT: _argument,
    Where.VARIABLE: _variables,
    Where.MEMBER: _members,
    Where.HASH_KEY: _hash_keys,
    Where.HASH_VALUE: _hash_values,
}

#: Parameter.complete -> value provider
DOMAINS: dict[str, Callable[[CursorContext, ShellContext], list[Suggestion]]] = {
    "endpoint": _endpoint_values,
    "session": _session_values,
    "path": _path_values,
    "command": _command_values,
    "help-topic": _help_topic_values,
    "variable": _variable_name_values,
    "bool": _bool_values,
}

#: Parameter.type -> default domain when ``complete`` is not set
TYPE_DOMAINS: dict[str, str] = {"path": "path", "path[]": "path", "bool": "bool"}
