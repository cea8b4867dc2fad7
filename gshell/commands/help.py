"""Get-Help, Get-Command, Get-Alias, Set-Alias: everything here is generated from the command
declarations (``registry.Command``), so built-ins, script functions and Gradio proxy
functions are described the same way.  ``about_*`` topics are text files in ``gshell/help/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import gshell
from gshell.commands._common import E, P, S, as_list, has_wildcard, registry_of, to_bool, to_str, wildcard_match
from gshell.runtime.registry import COMMON_PARAMETERS, Command, Invocation, Parameter, command
from gshell.runtime.values import Hashtable, Record

MODULE = "gshell.Core"
HELP_DIR = os.path.join(os.path.dirname(gshell.__file__), "help")

#: type names as PowerShell's help prints them
_TYPE_NAMES = {
    "object": "Object", "object[]": "Object[]", "string": "String", "string[]": "String[]", "int": "Int32",
    "int[]": "Int32[]", "float": "Double", "bool": "Boolean", "switch": "SwitchParameter",
    "scriptblock": "ScriptBlock", "hashtable": "Hashtable", "path": "String", "path[]": "String[]",
    "datetime": "DateTime",
    "actionpreference": "ActionPreference",
}


def type_display(p: Parameter) -> str:
    return _TYPE_NAMES.get(p.type.casefold(), p.type)


# =========================================================================================
# Syntax
# =========================================================================================


def _param_syntax(p: Parameter) -> str:
    if p.is_switch:
        return f"-{p.name}" if p.mandatory else f"[-{p.name}]"
    value = "{" + " | ".join(p.choices) + "}" if p.choices else f"<{type_display(p)}>"
    name = f"-{p.name}"
    if p.position is not None:
        name = f"[{name}]"
    text = f"{name} {value}"
    return text if p.mandatory else f"[{text}]"


def parameter_sets(cmd: Command) -> list[tuple[str | None, list[Parameter]]]:
    names: list[str] = []
    for p in cmd.params:
        for s in p.sets:
            if s not in names:
                names.append(s)
    if not names:
        return [(None, list(cmd.params))]
    if cmd.default_set in names:
        names.remove(cmd.default_set)
        names.insert(0, cmd.default_set)
    return [(s, [p for p in cmd.params if not p.sets or s in p.sets]) for s in names]


def syntax_lines(cmd: Command) -> list[str]:
    """PowerShell-style syntax, one line per parameter set:
    ``Name [-P] <type> [[-Q] <type>] [-S] [<CommonParameters>]``."""
    lines = []
    for _, params in parameter_sets(cmd):
        positional = sorted([p for p in params if p.position is not None and not p.is_switch],
                            key=lambda p: p.position or 0)
        named_mandatory = [p for p in params if p not in positional and p.mandatory]
        named = [p for p in params if p not in positional and not p.mandatory]
        parts = [cmd.name] + [_param_syntax(p) for p in positional + named_mandatory + named]
        if cmd.supports_whatif:
            parts += ["[-WhatIf]", "[-Confirm]"]
        if cmd.common:
            parts.append("[<CommonParameters>]")
        lines.append(" ".join(parts))
    return lines


# =========================================================================================
# Help text
# =========================================================================================


def _wrap(text: str, indent: int, width: int = 100) -> list[str]:
    import textwrap
    out: list[str] = []
    for para in (text or "").split("\n"):
        if not para.strip():
            out.append("")
            continue
        out.extend(textwrap.wrap(para, width=max(width - indent, 20), initial_indent=" " * indent,
                                 subsequent_indent=" " * indent, break_long_words=False, break_on_hyphens=False))
    return out


def _pipeline_text(p: Parameter) -> str:
    kinds = []
    if p.from_pipeline:
        kinds.append("ByValue")
    if p.from_pipeline_by_name:
        kinds.append("ByPropertyName")
    return f"True ({', '.join(kinds)})" if kinds else "False"


def _default_text(p: Parameter) -> str:
    if p.default is None or (p.is_switch and p.default is False):
        return "False" if p.is_switch else "None"
    from gshell.runtime.conversions import to_str as _ts
    return _ts(p.default)


def parameter_block(p: Parameter, full: bool) -> list[str]:
    head = f"    -{p.name}" + ("" if p.is_switch else f" <{type_display(p)}>")
    lines = [head]
    lines += _wrap(p.help or "(no description)", 8)
    if p.choices:
        lines.append(f"        Accepted values: {', '.join(p.choices)}")
    if full:
        lines.append("")
        rows = [
            ("Required?", "true" if p.mandatory else "false"),
            ("Position?", str(p.position) if p.position is not None else "Named"),
            ("Default value", _default_text(p)),
            ("Accept pipeline input?", _pipeline_text(p)),
            ("Aliases", ", ".join(p.aliases) if p.aliases else "none"),
        ]
        if p.remaining:
            rows.append(("Remaining arguments?", "true"))
        lines += [f"        {k:<28} {v}" for k, v in rows]
    lines.append("")
    return lines


def _example_block(i: int, ex: Any) -> list[str]:
    lines = [f"    -------------------------- EXAMPLE {i} --------------------------", ""]
    lines += [f"    PS > {line}" if j == 0 else f"    {line}" for j, line in enumerate(ex.code.split("\n"))]
    lines.append("")
    if ex.remarks:
        lines += _wrap(ex.remarks, 4)
        lines.append("")
    return lines


def help_text(cmd: Command, *, mode: str = "default", parameter: str | None = None,
              aliases: list[str] | None = None) -> str:
    """The Get-Help text of a command.  ``mode``: default | detailed | full | examples."""
    out: list[str] = [""]
    if parameter is not None:
        params = [p for p in cmd.all_params() if wildcard_match(p.name, parameter)
                  or any(wildcard_match(a, parameter) for a in p.aliases)]
        for p in params:
            out += parameter_block(p, True)
        return "\n".join(out)
    out += ["NAME", f"    {cmd.name}", "", "SYNOPSIS"]
    out += _wrap(cmd.synopsis or "(no synopsis)", 4)
    out.append("")
    if mode != "examples":
        out += ["", "SYNTAX"]
        out += [f"    {line}" for line in syntax_lines(cmd)]
        out += ["", "", "DESCRIPTION"]
        out += _wrap(cmd.description or cmd.synopsis or "", 4)
        out.append("")
    if mode in ("detailed", "full"):
        out += ["", "PARAMETERS"]
        for p in cmd.params:
            out += parameter_block(p, mode == "full")
        if cmd.supports_whatif:
            for p in cmd.all_params():
                if p.name in ("WhatIf", "Confirm"):
                    out += parameter_block(p, mode == "full")
        if cmd.common:
            out += ["    <CommonParameters>",
                    "        This cmdlet supports the common parameters: "
                    + ", ".join(p.name for p in COMMON_PARAMETERS) + ".", ""]
    if mode in ("detailed", "full", "examples"):
        out += ["", "EXAMPLES" if mode != "examples" else "EXAMPLES", ""]
        for i, ex in enumerate(cmd.examples, 1):
            out += _example_block(i, ex)
    if aliases:
        out += ["", "ALIASES", "    " + ", ".join(sorted(aliases, key=str.casefold)), ""]
    if mode == "default":
        out += ["", "REMARKS",
                f"    To see the examples, type: \"Get-Help {cmd.name} -Examples\".",
                f"    For more information, type: \"Get-Help {cmd.name} -Detailed\".",
                f"    For technical information, type: \"Get-Help {cmd.name} -Full\".", ""]
    return "\n".join(out)


# -- about topics -------------------------------------------------------------------------------

def help_topics() -> dict[str, str]:
    """about_* topic name → file path."""
    topics: dict[str, str] = {}
    if os.path.isdir(HELP_DIR):
        for f in sorted(os.listdir(HELP_DIR)):
            if f.casefold().startswith("about_") and f.endswith(".txt"):
                topics[f[:-4]] = os.path.join(HELP_DIR, f)
    return topics


#: PowerShAI's names for topics gshell has under its own name
TOPIC_ALIASES: dict[str, str] = {
    "about_powershai_huggingface": "about_HuggingFace",
    "about_powershai_providers": "about_HuggingFace",
    "about_powershai_gradio": "about_Gradio_Sessions",
}


def topic_text(name: str) -> str | None:
    name = TOPIC_ALIASES.get(name.casefold(), name)
    for topic, path in help_topics().items():
        if topic.casefold() == name.casefold():
            with open(path, encoding="utf-8") as fh:
                return fh.read()
    return None


def _topic_synopsis(path: str) -> str:
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    for i, line in enumerate(lines):
        if line.strip().upper() in ("SHORT DESCRIPTION", "SYNOPSIS") and i + 1 < len(lines):
            paragraph: list[str] = []   # the whole paragraph: a synopsis may wrap
            for following in lines[i + 1:]:
                if not following.strip():
                    break
                paragraph.append(following.strip())
            return " ".join(paragraph)
    return next((ln.strip() for ln in lines[1:] if ln.strip()), "")


def _aliases_of(registry: Any, name: str) -> list[str]:
    return [a for a, t in registry.aliases().items() if t.casefold() == name.casefold()]


OVERVIEW = """
gshell help
    gshell speaks a subset of PowerShell to explore and call Gradio apps.

    Get-Help <command>            help on a command (also -Detailed, -Full, -Examples, -Parameter <name>)
    Get-Help about_<topic>        a help topic; `Get-Help about_*` lists them
    Get-Command [-Noun|-Verb|-Module] <pattern>   list commands
    <command> -?                  same as Get-Help <command>

    Start with: Get-Help about_gshell_Language
"""


@command(
    "Get-Help",
    aliases=("help", "man"),
    module=MODULE,
    synopsis="Shows help on gshell commands and about_* topics.",
    description=("Get-Help NAME shows the synopsis, syntax and description of a command (built-in, script "
                 "function or Gradio proxy); -Detailed adds the parameters and examples, -Full the "
                 "parameter attributes, -Examples only the examples, -Parameter one parameter.  "
                 "`Get-Help about_X` shows a topic; a pattern with wildcards lists the matches."),
    params=[
        P("Name", "string", 0, help="A command name, alias, about_* topic or wildcard pattern.", complete="help-topic"),
        S("Full", help="Everything: parameters with their attributes and the examples."),
        S("Detailed", help="Adds the parameter descriptions and the examples."),
        S("Examples", help="Only the examples."),
        P("Parameter", "string", help="Only the description of this parameter (wildcards allowed)."),
        P("Category", "string[]", choices=("Alias", "Cmdlet", "Function", "HelpFile", "All"),
          help="Restricts a search to these kinds of help."),
        S("Online", help="Not supported in gshell (no browser)."),
        S("ShowWindow", help="Not supported in gshell."),
    ],
    examples=[
        E("Get-Help Invoke-GradioSessionApi -Full", "Everything about a Gradio cmdlet."),
        E("Get-Help Get-Random -Parameter Maximum", "One parameter."),
        E("Get-Help about_gshell_Language", "What gshell supports and how it differs from PowerShell."),
        E("help *Gradio*", "Lists the commands whose name contains Gradio."),
    ],
)
def get_help(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    if to_bool(args.Online) or to_bool(args.ShowWindow):
        from gshell.runtime.errors import not_supported
        raise not_supported("Get-Help -Online" if to_bool(args.Online) else "Get-Help -ShowWindow")
    name = to_str(args.Name) if args.Name is not None else ""
    if not name:
        yield OVERVIEW
        return
    registry = registry_of(inv)
    mode = "full" if to_bool(args.Full) else "detailed" if to_bool(args.Detailed) else \
        "examples" if to_bool(args.Examples) else "default"
    if name.casefold().startswith("about_") and not has_wildcard(name):
        text = topic_text(name)
        if text is None:
            topics = ", ".join(help_topics()) or "(none)"
            inv.error(f"No help topic '{name}' in gshell. Available topics: {topics}.", category="ObjectNotFound",
                      target=name)
            return
        yield text
        return
    if has_wildcard(name) and registry.lookup(name) is None:   # `help %` / `help ?` are aliases
        rows = _help_matches(registry, name, [to_str(c).casefold() for c in as_list(args.Category)])
        if len(rows) == 1 and rows[0]["Category"] != "HelpFile":
            cmd = registry.lookup(rows[0]["Name"])
            if cmd is not None:
                yield help_text(cmd, mode=mode, parameter=args.Parameter, aliases=_aliases_of(registry, cmd.name))
                return
        if not rows:
            inv.error(f"Get-Help could not find anything matching '{name}' in gshell.", category="ObjectNotFound",
                      target=name)
        yield from rows
        return
    cmd = registry.lookup(name)
    if cmd is None:
        rows = _help_search(registry, name)
        named = [r for r in rows if name.casefold() in to_str(r["Name"]).casefold() and r["Category"] != "HelpFile"]
        if len(named) == 1:   # one command has the word in its name: its help
            rows = named
        if len(rows) == 1 and rows[0]["Category"] != "HelpFile":
            found = registry.lookup(rows[0]["Name"])
            if found is not None:
                yield help_text(found, mode=mode, parameter=args.Parameter, aliases=_aliases_of(registry, found.name))
                return
        if len(rows) == 1:
            yield topic_text(rows[0]["Name"])
            return
        if not rows:
            inv.error(f"Get-Help could not find '{name}': it is neither a gshell command nor a help topic, and no "
                      f"help text mentions it. Try Get-Command *{name}* or Get-Help about_*.",
                      category="ObjectNotFound", target=name)
        yield from rows
        return
    if args.Parameter is not None:
        text = help_text(cmd, parameter=to_str(args.Parameter))
        if not text.strip():
            raise inv.fail(f"No parameter matches criteria {to_str(args.Parameter)}.", category="InvalidArgument")
        yield text
        return
    yield help_text(cmd, mode=mode, aliases=_aliases_of(registry, cmd.name))


def _help_search(registry: Any, word: str) -> list[Record]:
    """`Get-Help <word>` when no command or topic has that name: the commands whose name
    contains it, then those whose help mentions it, then the topics that mention it (pwsh
    searches the help content the same way)."""
    needle = word.casefold()
    by_name: list[Record] = []
    by_text: list[Record] = []
    for cmd in sorted(registry.commands(), key=lambda c: c.name.casefold()):
        row = Record([("Name", cmd.name), ("Category", cmd.kind), ("Synopsis", cmd.synopsis)],
                     type_name="HelpInfoShort")
        if needle in cmd.name.casefold():
            by_name.append(row)
        elif needle in cmd.synopsis.casefold() or needle in cmd.description.casefold() \
                or any(needle in p.help.casefold() for p in cmd.params):
            by_text.append(row)
    topics: list[Record] = []
    for topic, path in help_topics().items():
        with open(path, encoding="utf-8") as fh:
            if needle in fh.read().casefold():
                topics.append(Record([("Name", topic), ("Category", "HelpFile"), ("Synopsis", _topic_synopsis(path))],
                                     type_name="HelpInfoShort"))
    return by_name + by_text + topics


def _help_matches(registry: Any, pattern: str, categories: list[str]) -> list[Record]:
    rows: list[Record] = []
    want = set(categories) - {"all"}
    for cmd in registry.commands():
        if wildcard_match(cmd.name, pattern) and (not want or cmd.kind.casefold() in want):
            rows.append(Record([("Name", cmd.name), ("Category", cmd.kind), ("Synopsis", cmd.synopsis)],
                               type_name="HelpInfoShort"))
    if not want or "alias" in want:
        for alias, target in sorted(registry.aliases().items()):
            if wildcard_match(alias, pattern) and not any(r["Name"].casefold() == alias for r in rows):
                rows.append(Record([("Name", alias), ("Category", "Alias"), ("Synopsis", target)],
                                   type_name="HelpInfoShort"))
    if not want or "helpfile" in want:
        for topic, path in help_topics().items():
            if wildcard_match(topic, pattern):
                rows.append(Record([("Name", topic), ("Category", "HelpFile"), ("Synopsis", _topic_synopsis(path))],
                                   type_name="HelpInfoShort"))
    return rows


# =========================================================================================
# Get-Command
# =========================================================================================

_KIND_ORDER = {"alias": 0, "function": 1, "cmdlet": 2}


def command_info(cmd: Command) -> Record:
    params = Hashtable()
    for p in cmd.all_params():
        params[p.name] = Record([("Name", p.name), ("ParameterType", type_display(p)), ("Aliases", list(p.aliases)),
                                 ("IsMandatory", p.mandatory), ("Position", p.position),
                                 ("ValueFromPipeline", p.from_pipeline), ("HelpMessage", p.help)],
                                type_name="ParameterMetadata")
    return Record([
        ("CommandType", cmd.kind), ("Name", cmd.name), ("Version", gshell.__version__ if cmd.kind == "Cmdlet" else ""),
        ("Source", cmd.module), ("Verb", cmd.verb), ("Noun", cmd.noun), ("ModuleName", cmd.module),
        ("Definition", "\n".join(syntax_lines(cmd))), ("Parameters", params), ("Synopsis", cmd.synopsis),
    ], type_name="CommandInfo")


def alias_info(alias: str, target: str, registry: Any) -> Record:
    cmd = registry.lookup(target)
    return Record([
        ("CommandType", "Alias"), ("Name", f"{alias} -> {target}"), ("Version", ""),
        ("Source", cmd.module if cmd is not None else ""), ("Definition", target), ("ReferencedCommand", target),
        ("ResolvedCommandName", target), ("DisplayName", f"{alias} -> {target}"),
    ], type_name="AliasInfo")


#: PowerShAI's module name stands for the gshell modules that implement its commands, so
#: `Get-Command -Module powershai -Noun Gradio*` lists them as in PowerShAI's docs.
MODULE_ALIASES: dict[str, tuple[str, ...]] = {
    "powershai": ("gshell.Gradio", "gshell.HuggingFace"),
}


def _module_patterns(name: str) -> tuple[str, ...]:
    return MODULE_ALIASES.get(name.casefold(), (name,))


@command(
    "Get-Command",
    aliases=("gcm",),
    module=MODULE,
    synopsis="Lists the commands gshell knows: cmdlets, functions (Gradio proxies included) and aliases.",
    description=("Filters by name (wildcards, several patterns), -Noun, -Verb, -Module and -CommandType.  "
                 "An exact name that is not found is an error."),
    params=[
        P("Name", "string[]", 0, help="Command names or wildcard patterns.", complete="command"),
        P("Noun", "string[]", help="Nouns (the part after '-'), wildcards allowed."),
        P("Verb", "string[]", help="Verbs (the part before '-'), wildcards allowed."),
        P("Module", "string[]", help="Modules (e.g. gshell.Core, gshell.Gradio), wildcards allowed."),
        P("CommandType", "string[]", aliases=("Type",), choices=("Alias", "Function", "Cmdlet", "All"),
          help="Kinds of commands to list."),
        S("Syntax", help="Outputs the syntax of the commands instead."),
        P("TotalCount", "int", help="At most this many results."),
        S("All", help="Accepted for compatibility."),
        S("ListImported", help="Accepted for compatibility."),
    ],
    examples=[
        E("Get-Command -Noun Gradio*", "The Gradio commands."),
        E("gcm -mo gshell.HuggingFace", "The Hugging Face commands."),
        E("Get-Command Invoke-GradioApi* -Syntax", "The syntax of the generated proxies."),
    ],
)
def get_command(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    registry = registry_of(inv)
    names = [to_str(n) for n in as_list(args.Name)]
    nouns = [to_str(n) for n in as_list(args.Noun)]
    verbs = [to_str(n) for n in as_list(args.Verb)]
    modules = [m for n in as_list(args.Module) for m in _module_patterns(to_str(n))]
    kinds = {to_str(k).casefold() for k in as_list(args.CommandType)} - {"all"}
    results: list[tuple[int, str, Any]] = []

    def keep_cmd(cmd: Command) -> bool:
        if nouns and not any(wildcard_match(cmd.noun, n) for n in nouns):
            return False
        if verbs and not any(wildcard_match(cmd.verb, v) for v in verbs):
            return False
        if modules and not any(wildcard_match(cmd.module, m) for m in modules):
            return False
        return not kinds or cmd.kind.casefold() in kinds

    for cmd in registry.commands():
        if names and not any(wildcard_match(cmd.name, n) for n in names):
            continue
        if keep_cmd(cmd):
            results.append((_KIND_ORDER.get(cmd.kind.casefold(), 3), cmd.name.casefold(), cmd))
    if (not kinds or "alias" in kinds) and not nouns and not verbs:
        for alias, target in registry.aliases().items():
            if names and not any(wildcard_match(alias, n) for n in names):
                continue
            target_cmd = registry.lookup(alias)
            if modules and (target_cmd is None or not any(wildcard_match(target_cmd.module, m) for m in modules)):
                continue
            results.append((0, alias.casefold(), (alias, target)))
    for n in names:
        if not has_wildcard(n) and not any(_result_name(r[2]).casefold() == n.casefold() for r in results):
            inv.error(f"The term '{n}' is not recognized as a name of a cmdlet, function, script file, or "
                      "executable program.", category="ObjectNotFound", target=n)
    results.sort(key=lambda r: (r[0], r[1]))
    if "TotalCount" in args:
        results = results[: int(args.TotalCount)]
    for _, _, item in results:
        if isinstance(item, tuple):
            if to_bool(args.Syntax):
                yield item[1]
            else:
                yield alias_info(item[0], item[1], registry)
        elif to_bool(args.Syntax):
            yield "\n".join(syntax_lines(item))
        else:
            yield command_info(item)


def _result_name(item: Any) -> str:
    return item[0] if isinstance(item, tuple) else item.name


# =========================================================================================
# Aliases
# =========================================================================================


@command(
    "Get-Alias",
    aliases=("gal",),
    module=MODULE,
    synopsis="Lists aliases (e.g. % -> ForEach-Object).",
    params=[
        P("Name", "string[]", 0, help="Alias names (wildcards allowed)."),
        P("Definition", "string[]", help="Lists the aliases of these commands (wildcards allowed)."),
        P("Exclude", "string[]", help="Aliases to leave out."),
    ],
    examples=[E("Get-Alias", "All aliases."), E("Get-Alias -Definition ForEach-Object", "%, foreach.")],
)
def get_alias(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    registry = registry_of(inv)
    names = [to_str(n) for n in as_list(args.Name)]
    defs = [to_str(n) for n in as_list(args.Definition)]
    exclude = [to_str(n) for n in as_list(args.Exclude)]
    found = False
    for alias, target in sorted(registry.aliases().items(), key=lambda kv: kv[0].casefold()):
        if names and not any(wildcard_match(alias, n) for n in names):
            continue
        if defs and not any(wildcard_match(target, d) for d in defs):
            continue
        if any(wildcard_match(alias, x) for x in exclude):
            continue
        found = True
        yield alias_info(alias, target, registry)
    if names and not found and not any(has_wildcard(n) for n in names):
        inv.error(f"This command cannot find a matching alias because an alias with the name '{names[0]}' does not "
                  "exist.", category="ObjectNotFound", target=names[0])


@command(
    "Set-Alias",
    aliases=("sal",),
    module=MODULE,
    synopsis="Creates or changes an alias for a command.",
    params=[
        P("Name", "string", 0, mandatory=True, help="The alias."),
        P("Value", "string", 1, mandatory=True, help="The command it stands for.", complete="command"),
        S("PassThru", help="Outputs the alias."),
        S("Force", help="Accepted for compatibility."),
        P("Scope", "string", help="Accepted for compatibility."),
    ],
    examples=[E("Set-Alias gi Get-GradioInfo", "gi now runs Get-GradioInfo.")],
)
def set_alias(inv: Invocation) -> Iterator[Any]:
    registry = registry_of(inv)
    name, target = to_str(inv.args.Name), to_str(inv.args.Value)
    if registry.lookup(target) is None:
        inv.warning(f"'{target}' is not a known command yet; the alias is created anyway.")
    registry.add_alias(name, target)
    if to_bool(inv.args.PassThru):
        yield alias_info(name, target, registry)
