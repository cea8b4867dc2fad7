"""Where is the cursor?  A pure analysis of the text before the cursor, on gshell's tokens.

It finds the statement (pipeline element) the cursor is in, the command of that element,
the parameters already bound (named, ``-Name:value``, positional through the Command
declaration), the parameter being filled, and whether the cursor is inside ``@{ }`` given
to a parameter (``-Params``), with the keys already written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:   # importing gshell.commands loads every cmdlet: keep it off the startup path
    from gshell.runtime.registry import Command, Parameter, Registry
from gshell.repl.lexing import Cat, Tok, scan


class Where(StrEnum):
    COMMAND = "command"          # a command name (statement start, after `|`)
    PARAMETER = "parameter"      # `-Na|`
    ARGUMENT = "argument"        # a value for ``param`` (None = unknown slot)
    VARIABLE = "variable"        # `$na|`
    MEMBER = "member"            # `$x.a.b|`
    HASH_KEY = "hash-key"        # `-Params @{ ke|`
    HASH_VALUE = "hash-value"    # `-Params @{ key = va|`
    NONE = "none"                # inside a comment, after an expression, ...


@dataclass
class Element:
    cat: Cat
    text: str
    start: int


@dataclass
class CursorContext:
    where: Where
    word: str = ""                      # the partial word before the cursor (raw text)
    start: int = 0                      # where the replacement starts
    command: Command | None = None
    command_name: str = ""
    bound: dict[str, str] = field(default_factory=dict)   # param name -> raw value text
    param: Parameter | None = None      # ARGUMENT: the parameter being filled
    hash_param: Parameter | None = None  # HASH_*: the parameter taking the hashtable
    hash_keys: set[str] = field(default_factory=set)     # keys present (case-folded)
    hash_key: str = ""                  # HASH_VALUE: the key being given a value
    var_name: str = ""                  # MEMBER: the variable
    member_path: list[str | int] = field(default_factory=list)  # MEMBER: `.name` (str) and `[n]` (int)
    #                                                         segments before the last dot
    quote: str = ""                     # the partial word is inside this open quote


# ----------------------------------------------------------------------------- regexes on the raw tail
_VAR_TAIL = re.compile(r"\$(\{[^}]*|[\w:?]*)$")
_SEGMENT = r"(?:\.(?:\w+|'[^']*'|\"[^\"]*\")|\[\s*(?:-?\d+|'[^']*'|\"[^\"]*\")\s*\])"
_MEMBER_TAIL = re.compile(
    r"\$(?P<var>[\w:?]+|\{[^}]*\})(?P<path>" + _SEGMENT + r"*)\.(?P<last>[\w]*|'[^']*)$")
_MEMBER_SEG = re.compile(r"\.(\w+|'[^']*'|\"[^\"]*\")|\[\s*(-?\d+|'[^']*'|\"[^\"]*\")\s*\]")
_ASSIGN_OPS = {"=", "+=", "-=", "*=", "/=", "%="}
_OPENERS = {"(", "$(", "@(", "{", "["}


@dataclass
class _Frame:
    kind: str                              # 'stmt' | 'hash' | 'index'
    elements: list[Element] = field(default_factory=list)
    owner: list[Element] | None = None     # hash: the statement elements before `@{`
    entry: list[Element] = field(default_factory=list)   # hash: the current entry
    keys: set[str] = field(default_factory=set)


_DASHES = "-\u2013\u2014\u2015"


def _resolve_param(cmd: Command, name: str) -> Parameter | None:
    """The runtime's parameter resolution (name, alias, unambiguous prefix); None when it fails."""
    from gshell.runtime.binding import BindingError, resolve_parameter

    try:
        return resolve_parameter(cmd, name)
    except BindingError:
        return None


@dataclass
class _Binding:
    bound: dict[str, str]
    pending: Parameter | None        # a named parameter waiting for its value
    continuing: Parameter | None     # the argument before a trailing `,` (array continues)
    next_positional: Parameter | None


def _binding_elements(args: list[Element]) -> tuple[list[Any], bool]:
    """The words before the cursor as the runtime binder's elements (values are the raw text;
    `a, b` is one value); also whether they end with a `,` (an array goes on)."""
    from gshell.runtime.binding import Named, Positional

    out: list[Any] = []
    after_comma = False
    colon_name: str | None = None    # `-Name:` with its value in the next word
    for el in args:
        if el.cat is Cat.OPERATOR and el.text == ",":
            after_comma = True
            continue
        last = out[-1] if out else None
        if after_comma and isinstance(last, Positional):
            out[-1] = Positional(f"{last.value},{el.text}")
        elif after_comma and isinstance(last, Named) and last.has_value:
            out[-1] = Named(last.name, f"{last.value},{el.text}", True)
        elif colon_name is not None:
            out.append(Named(colon_name, el.text, True))
            colon_name = None
        elif el.cat is Cat.PARAM:
            name, colon, value = el.text.lstrip(_DASHES).partition(":")
            if value:
                out.append(Named(name, value, True))
            elif colon:
                colon_name = name
            else:
                out.append(Named(name))
        else:
            out.append(Positional(el.text))
        after_comma = False
    if colon_name is not None:
        out.append(Named(colon_name))
    return out, after_comma


def _text(value: Any) -> str:
    if value is True:
        return "$true"
    if isinstance(value, list):
        return ",".join(map(str, value))
    return str(value)


def _bind(cmd: Command | None, args: list[Element]) -> _Binding:
    """Bind the words before the cursor with the runtime's binder (``assign``, lenient)."""
    if cmd is None:
        return _Binding({}, None, None, None)
    from gshell.runtime.binding import assign

    elements, continues = _binding_elements(args)
    done = assign(cmd, elements, lenient=True)
    bound = {done.params[key].name: _text(value) for key, value in done.values.items()}
    nxt = None if done.pending is not None else done.free_positional(cmd)
    return _Binding(bound, done.pending, done.last if continues else None, nxt)


def _strip_assignment(elements: list[Element]) -> list[Element]:
    """`$x = Get-Thing ...` -> the elements after the assignment operator; also drop a
    leading keyword (`return`, `throw`)."""
    for i, el in enumerate(elements):
        if el.cat is Cat.OPERATOR and el.text in _ASSIGN_OPS:
            return _strip_assignment(elements[i + 1:])
    if elements and elements[0].cat is Cat.KEYWORD:
        return elements[1:]
    return elements


def _walk(toks: list[Tok]) -> list[_Frame]:
    frames = [_Frame("stmt")]
    for tok in toks:
        frame = frames[-1]
        cat = tok.cat
        if cat in (Cat.WS, Cat.COMMENT):
            continue
        el = Element(cat, tok.text, tok.start)
        if cat is Cat.OPEN:
            target = frame.entry if frame.kind == "hash" else frame.elements
            if tok.text == "@{":
                owner = list(frame.elements) if frame.kind == "stmt" else None
                target.append(Element(Cat.GROUP, "@{", tok.start))
                frames.append(_Frame("hash", owner=owner))
            else:
                target.append(Element(Cat.GROUP, tok.text, tok.start))
                frames.append(_Frame("index" if tok.text == "[" else "stmt"))
            continue
        if cat is Cat.CLOSE:
            if len(frames) > 1:
                frames.pop()
            continue
        if frame.kind == "hash":
            if cat in (Cat.SEMI, Cat.NEWLINE):
                _end_entry(frame)
            elif cat is Cat.OPERATOR and tok.text == "=" and not _has_equals(frame.entry):
                if frame.entry:
                    frame.keys.add(_unquote(frame.entry[0].text).casefold())
                frame.entry.append(el)
            else:
                frame.entry.append(el)
            continue
        if cat in (Cat.PIPE, Cat.SEMI):
            frame.elements = []
            continue
        if cat is Cat.NEWLINE:
            # a newline ends a statement unless the line ended with `|` (then elements are
            # already empty) -- or the previous token is a `,` continuing an array
            if not (frame.elements and frame.elements[-1].text == ","):
                frame.elements = []
            continue
        frame.elements.append(el)
    return frames


def _has_equals(entry: list[Element]) -> bool:
    return any(e.cat is Cat.OPERATOR and e.text == "=" for e in entry)


def _end_entry(frame: _Frame) -> None:
    frame.entry = []


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] in "'\"" and text[-1] == text[0]:
        return text[1:-1]
    return text.lstrip("'\"")


def _command_of(elements: list[Element], registry: Registry) -> tuple[str, Command | None, list[Element]]:
    elements = _strip_assignment(elements)
    if not elements or elements[0].cat not in (Cat.WORD, Cat.COMMAND):
        return "", None, elements
    name = elements[0].text
    return name, registry.lookup(name), elements[1:]


def _is_word(tok: Tok) -> bool:
    return tok.cat in (Cat.WORD, Cat.COMMAND, Cat.PARAM, Cat.VAR, Cat.STRING, Cat.NUMBER,
                       Cat.SPLAT, Cat.KEYWORD, Cat.MEMBER) or (tok.cat is Cat.OPERATOR and tok.text in ("-", "\u2013"))


def analyze(text: str, cursor: int, registry: Registry) -> CursorContext:
    before = text[:cursor]
    toks = scan(before)
    last = toks[-1] if toks else None
    if last is not None and last.cat is Cat.COMMENT:
        return CursorContext(Where.NONE, start=cursor)
    if last is not None and last.cat is Cat.STRING and last.text[:1] == "'" and (
            len(last.text) == 1 or not last.text.endswith("'")):
        in_single = True
    else:
        in_single = False

    # members and variables: decided on the raw tail (tokenizers differ on `$x.`)
    if not in_single:
        m = _MEMBER_TAIL.search(before)
        if m:
            path = [_unquote(name) if name else (int(index) if index.lstrip("-").isdigit() else _unquote(index))
                    for name, index in _MEMBER_SEG.findall(m.group("path"))]
            var = m.group("var").strip("{}")
            return CursorContext(Where.MEMBER, word=m.group("last"),
                                 start=cursor - len(m.group("last")), var_name=var, member_path=path)
        m = _VAR_TAIL.search(before)
        if m and (last is None or last.text.startswith("$") or last.cat in (Cat.VAR, Cat.WORD, Cat.OTHER)
                  or last.text.endswith("$")):
            word = "$" + m.group(1)
            return CursorContext(Where.VARIABLE, word=word, start=cursor - len(word))

    partial: Tok | None = None
    if last is not None and last.end == cursor and _is_word(last):
        partial = last
        toks = toks[:-1]
    word = partial.text if partial is not None else ""
    start = partial.start if partial is not None else cursor

    frames = _walk(toks)
    frame = frames[-1]
    quote = word[:1] if word[:1] in ("'", '"') else ""

    if frame.kind == "hash":
        owner = frame.owner
        name, cmd, args = _command_of(owner or [], registry)
        binding = _bind(cmd, args[:-1] if args and args[-1].cat is Cat.GROUP else args)
        hash_param = binding.pending or binding.continuing or binding.next_positional
        if _has_equals(frame.entry):
            key = _unquote(frame.entry[0].text) if frame.entry[0].cat is not Cat.OPERATOR else ""
            value_part = frame.entry[[e.text for e in frame.entry].index("=") + 1:]
            if value_part:   # `key = a, b|` or an expression: only the first value is offered
                if not (value_part[-1].cat is Cat.OPERATOR and value_part[-1].text == ","):
                    return CursorContext(Where.NONE, word=word, start=start)
            return CursorContext(Where.HASH_VALUE, word=word, start=start, command=cmd,
                                 command_name=name, bound=binding.bound, hash_param=hash_param,
                                 hash_keys=set(frame.keys), hash_key=key, quote=quote)
        if frame.entry:
            return CursorContext(Where.NONE, word=word, start=start)
        return CursorContext(Where.HASH_KEY, word=word, start=start, command=cmd, command_name=name,
                             bound=binding.bound, hash_param=hash_param, hash_keys=set(frame.keys),
                             quote=quote)
    if frame.kind == "index":
        return CursorContext(Where.NONE, word=word, start=start)

    elements = _strip_assignment(frame.elements)
    if not elements:
        if partial is None or partial.cat in (Cat.WORD, Cat.COMMAND, Cat.KEYWORD):
            return CursorContext(Where.COMMAND, word=word, start=start)
        return CursorContext(Where.NONE, word=word, start=start)
    name, cmd, args = _command_of(frame.elements, registry)
    if not name:   # expression mode: nothing to offer but variables (handled above)
        return CursorContext(Where.NONE, word=word, start=start)
    if partial is not None and (partial.cat is Cat.PARAM or partial.text in ("-", "\u2013")):
        if ":" in partial.text:   # `-Name:val|`
            pname, _, value = partial.text.partition(":")
            binding = _bind(cmd, args)
            p = _resolve_param(cmd, pname.lstrip(_DASHES)) if cmd else None
            return CursorContext(Where.ARGUMENT, word=value, start=cursor - len(value), command=cmd,
                                 command_name=name, bound=binding.bound, param=p)
        binding = _bind(cmd, args)
        return CursorContext(Where.PARAMETER, word=word, start=start, command=cmd,
                             command_name=name, bound=binding.bound)
    binding = _bind(cmd, args)
    param = binding.pending or binding.continuing or binding.next_positional
    return CursorContext(Where.ARGUMENT, word=word, start=start, command=cmd, command_name=name,
                         bound=binding.bound, param=param, quote=quote)
