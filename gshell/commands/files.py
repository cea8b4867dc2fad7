"""File system cmdlets: Get-Content, Set-Content, Add-Content, Test-Path, Get-ChildItem,
Join-Path, Split-Path, Resolve-Path, Get-Location, Set-Location."""

from __future__ import annotations

import datetime as _dt
import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from gshell.commands._common import (
    E,
    P,
    S,
    as_list,
    cwd,
    has_wildcard,
    resolve_path,
    to_bool,
    to_str,
    wildcard_match,
)
from gshell.commands.output import ENCODING_NAMES, encoding_of, write_text_file
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import Record

MODULE = "gshell.Core"


def _expand(inv: Invocation, path: str, *, must_exist: bool = True) -> list[str]:
    """Full paths for a path that may hold wildcards; reports a non-terminating error when
    nothing matches (and ``must_exist``)."""
    full = resolve_path(inv, path)
    if has_wildcard(os.path.basename(full)) or has_wildcard(full):
        import glob
        hits = sorted(glob.glob(full))
        if not hits and must_exist:
            inv.error(f"Cannot find path '{full}' because it does not exist.", category="ObjectNotFound", target=path)
        return hits
    if must_exist and not os.path.exists(full):
        inv.error(f"Cannot find path '{full}' because it does not exist.", category="ObjectNotFound", target=path)
        return []
    return [full]


def _read_text(inv: Invocation, full: str, encoding: Any) -> str:
    codec, bom = encoding_of(inv, encoding)
    with open(full, "rb") as fh:
        data = fh.read()
    for mark, name in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\xff\xfe", "utf-16-le"),
                       (b"\xfe\xff", "utf-16-be")):
        if data.startswith(mark):
            return data[len(mark):].decode(name, errors="replace")
    return data.decode(codec, errors="replace")


@command(
    "Get-Content",
    aliases=("gc", "cat", "type"),
    module=MODULE,
    synopsis="Gets the lines of a text file (or its whole text with -Raw).",
    description=("Writes the lines of the file to the pipeline one by one as they are read (without the "
                 "line endings).  -Raw outputs the whole text as one string; -TotalCount/-Head the first "
                 "lines, -Tail the last ones."),
    params=[
        P("Path", "path[]", 0, mandatory=True, from_pipeline_by_name=True,
          aliases=("FullName", "LiteralPath", "PSPath"),
          help="The file(s) to read (wildcards allowed).", complete="path"),
        S("Raw", help="Outputs the whole text as one string."),
        P("TotalCount", "int", aliases=("Head", "First"), default=-1, help="Number of lines from the start."),
        P("Tail", "int", aliases=("Last",), help="Number of lines from the end."),
        P("Encoding", "string", choices=ENCODING_NAMES, help="Text encoding (default utf8; a BOM is honoured)."),
        P("Delimiter", "string", help="Splits the text at this string instead of at line ends."),
    ],
    examples=[
        E("Get-Content notes.txt", "The lines of notes.txt."),
        E("Get-Content data.json -Raw | ConvertFrom-Json", "Parses a JSON file."),
        E("Get-Content log.txt -Tail 5", "The last five lines."),
    ],
)
def get_content(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    for path in as_list(args.Path):
        for full in _expand(inv, to_str(path)):
            if os.path.isdir(full):
                inv.error(f"Unable to get content because it is a directory: '{full}'.", category="InvalidOperation",
                          target=full)
                continue
            yield from _content_of(inv, full, args)


def _content_of(inv: Invocation, full: str, args: Any) -> Iterator[Any]:
    text = _read_text(inv, full, args.Encoding)
    if to_bool(args.Raw):
        if text:
            yield text
        return
    if args.Delimiter is not None:
        delim = to_str(args.Delimiter)
        parts = [p + delim for p in text.split(delim)]
        parts[-1] = parts[-1][: -len(delim)] if delim else parts[-1]
        if parts and parts[-1] == "":
            parts.pop()
        lines: Any = iter(parts)
    else:
        lines = iter(text.splitlines())
    total = int(args.TotalCount if args.TotalCount is not None else -1)
    if "Tail" in args and args.Tail is not None:
        tail = int(args.Tail)
        yield from (list(deque(lines, maxlen=tail)) if tail >= 0 else list(lines))
        return
    for i, line in enumerate(lines):
        if 0 <= total <= i:
            return
        yield line


def _write_values(inv: Invocation, append: bool) -> None:
    args = inv.args
    values = list(inv.input) if inv.expecting_input else as_list(args.Value)
    no_newline = to_bool(args.NoNewline)
    parts = [to_str(v) for v in values]
    text = "".join(parts) if no_newline else "".join(p + "\n" for p in parts)
    for path in as_list(args.Path):
        write_text_file(inv, to_str(path), text, append=append, encoding=args.Encoding)
        if to_bool(args.PassThru):
            pass


_CONTENT_PARAMS = [
    P("Path", "path[]", 0, mandatory=True, aliases=("LiteralPath", "PSPath"), help="The file(s) to write.",
      complete="path"),
    P("Value", "object[]", 1, from_pipeline=True, help="The text (one line per object)."),
    P("Encoding", "string", choices=ENCODING_NAMES, help="Text encoding (default utf8 without BOM)."),
    S("NoNewline", help="Writes the values without line breaks."),
    S("Force", help="Accepted for compatibility."),
    S("PassThru", help="Accepted for compatibility."),
]


@command(
    "Set-Content",
    aliases=("sc",),
    module=MODULE,
    synopsis="Writes text to a file, replacing its content.",
    description="Writes each value (converted to a string) as one line.",
    params=_CONTENT_PARAMS,
    examples=[E("Set-Content out.txt 'first line'", "Replaces out.txt."),
              E("1..3 | Set-Content numbers.txt", "Three lines.")],
)
def set_content(inv: Invocation) -> Iterable[Any]:
    _write_values(inv, append=False)
    return ()


@command(
    "Add-Content",
    aliases=("ac",),
    module=MODULE,
    synopsis="Appends text to a file.",
    description="Appends each value (converted to a string) as one line; creates the file if needed.",
    params=_CONTENT_PARAMS,
    examples=[E("Add-Content log.txt \"done at $(Get-Date)\"", "Appends a line.")],
)
def add_content(inv: Invocation) -> Iterable[Any]:
    _write_values(inv, append=True)
    return ()


@command(
    "Test-Path",
    module=MODULE,
    synopsis="Tells whether a path exists ($true/$false).",
    params=[
        P("Path", "path[]", 0, mandatory=True, from_pipeline=True, aliases=("LiteralPath",), help="The path(s) to "
                                                                                                  "test.",
          complete="path"),
        P("PathType", "string", choices=("Any", "Container", "Leaf"), default="Any",
          help="Leaf: a file; Container: a directory; Any (default)."),
        S("IsValid", help="Tests only whether the path syntax is valid."),
    ],
    examples=[E("Test-Path ./out.png", "True when the file exists."),
              E("Test-Path ./downloads -PathType Container", "True for a directory.")],
)
def test_path(inv: Invocation) -> Iterator[Any]:
    kind = to_str(inv.args.PathType or "Any").casefold()
    for _, args in inv.each():
        for path in as_list(args.Path):
            text = to_str(path)
            if to_bool(args.IsValid):
                yield bool(text) and "\x00" not in text
                continue
            if not text:
                yield False
                continue
            full = resolve_path(inv, text)
            if has_wildcard(full):
                import glob
                hits = glob.glob(full)
            else:
                hits = [full] if os.path.exists(full) else []
            if kind == "leaf":
                yield any(os.path.isfile(h) for h in hits)
            elif kind == "container":
                yield any(os.path.isdir(h) for h in hits)
            else:
                yield bool(hits)


def _mode(path: str) -> str:
    is_dir = os.path.isdir(path)
    return ("d" if is_dir else "-") + "----" if not os.path.islink(path) else "l----"


def file_record(path: str) -> Record:
    st = os.stat(path)
    is_dir = os.path.isdir(path)
    return Record([
        ("Mode", _mode(path)),
        ("LastWriteTime", _dt.datetime.fromtimestamp(st.st_mtime).replace(microsecond=0)),
        ("Length", None if is_dir else st.st_size),
        ("Name", os.path.basename(path)),
        ("FullName", path),
        ("Directory", os.path.dirname(path)),
        ("Extension", "" if is_dir else os.path.splitext(path)[1]),
        ("PSIsContainer", is_dir),
    ], type_name="FileInfo")


@command(
    "Get-ChildItem",
    aliases=("gci", "dir"),
    module=MODULE,
    synopsis="Lists the files and directories at a path.",
    params=[
        P("Path", "path[]", 0, help="Directories or files to list (default: the current location); wildcards allowed.",
          complete="path"),
        P("Filter", "string", 1, help="A wildcard the names must match (e.g. *.png)."),
        S("Recurse", help="Also lists the subdirectories' content.", aliases=("s",)),
        S("File", help="Only files."),
        S("Directory", help="Only directories.", aliases=("ad",)),
        S("Name", help="Outputs only the names."),
        S("Force", help="Includes hidden files (names starting with '.')."),
        P("Include", "string[]", help="Wildcards the names must match."),
        P("Exclude", "string[]", help="Wildcards of names to leave out."),
    ],
    examples=[E("Get-ChildItem ./downloads -Filter *.png", "The PNG files of ./downloads."),
              E("Get-ChildItem -Recurse -File | measure Length -Sum", "Total size of all files.")],
)
def get_child_item(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    paths = [to_str(p) for p in as_list(args.Path)] or ["."]
    flt = to_str(args.Filter) if args.Filter is not None else None
    include = [to_str(x) for x in as_list(args.Include)]
    exclude = [to_str(x) for x in as_list(args.Exclude)]
    base = cwd(inv)

    def keep(full: str) -> bool:
        name = os.path.basename(full)
        if name.startswith(".") and not to_bool(args.Force):
            return False
        if to_bool(args.File) and not os.path.isfile(full):
            return False
        if to_bool(args.Directory) and not os.path.isdir(full):
            return False
        if flt and not wildcard_match(name, flt):
            return False
        if include and not any(wildcard_match(name, x) for x in include):
            return False
        return not any(wildcard_match(name, x) for x in exclude)

    def walk(directory: str) -> Iterator[str]:
        try:
            entries = sorted(os.listdir(directory), key=str.casefold)
        except OSError as exc:
            inv.error(f"Cannot read '{directory}': {exc.strerror}.", category="ReadError", target=directory)
            return
        dirs = [e for e in entries if os.path.isdir(os.path.join(directory, e))]
        files = [e for e in entries if e not in dirs]
        for e in dirs + files:
            yield os.path.join(directory, e)
        if to_bool(args.Recurse):
            for d in dirs:
                if d.startswith(".") and not to_bool(args.Force):
                    continue
                yield from walk(os.path.join(directory, d))

    for p in paths:
        for full in _expand(inv, p):
            found = walk(full) if os.path.isdir(full) else iter([full])
            for item in found:
                if not keep(item):
                    continue
                if to_bool(args.Name):
                    yield os.path.relpath(item, full if os.path.isdir(full) else base)
                else:
                    yield file_record(item)


@command(
    "Join-Path",
    module=MODULE,
    synopsis="Joins a path and child paths into one path.",
    params=[
        P("Path", "string[]", 0, mandatory=True, help="The parent path(s)."),
        P("ChildPath", "string", 1, help="The child path to append."),
        P("AdditionalChildPath", "string[]", 2, remaining=True, help="More child paths."),
        S("Resolve", help="Resolves the result (error if it does not exist)."),
    ],
    examples=[E("Join-Path $HOME 'images' 'out.png'", "~/images/out.png")],
)
def join_path(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    children = ([to_str(args.ChildPath)] if args.ChildPath is not None else []) + \
        [to_str(x) for x in as_list(args.AdditionalChildPath)]
    for parent in as_list(args.Path):
        result = to_str(parent)
        for child in children:
            if not result:
                result = child
            elif not child:
                continue
            else:
                result = result.rstrip("/\\") + os.sep + child.lstrip("/\\")
        if to_bool(args.Resolve):
            hits = _expand(inv, result)
            yield from hits
        else:
            yield result


@command(
    "Split-Path",
    module=MODULE,
    synopsis="Gets a part of a path: the parent (default), the leaf, the extension...",
    params=[
        P("Path", "string[]", 0, mandatory=True, from_pipeline=True, help="The path(s) to split."),
        S("Parent", help="The parent directory (default)."),
        S("Leaf", help="The last element."),
        S("LeafBase", help="The last element without its extension."),
        S("Extension", help="The extension of the last element."),
        S("Qualifier", help="The drive or root ('/' on Linux)."),
        S("NoQualifier", help="The path without its root."),
        S("IsAbsolute", help="$true for an absolute path."),
    ],
    examples=[E("Split-Path ./out/result.png -Leaf", "result.png"),
              E("Split-Path /tmp/a/b.txt", "/tmp/a")],
)
def split_path(inv: Invocation) -> Iterator[Any]:
    for _, args in inv.each():
        for path in as_list(args.Path):
            p = to_str(path)
            stripped = p.rstrip("/\\") or p
            head, leaf = os.path.split(stripped.replace("\\", "/") if os.sep == "/" else stripped)
            if to_bool(args.Leaf):
                yield leaf
            elif to_bool(args.LeafBase):
                yield os.path.splitext(leaf)[0]
            elif to_bool(args.Extension):
                yield os.path.splitext(leaf)[1]
            elif to_bool(args.IsAbsolute):
                yield os.path.isabs(p)
            elif to_bool(args.Qualifier):
                yield os.sep if os.path.isabs(p) else ""
            elif to_bool(args.NoQualifier):
                yield p.lstrip("/\\") if os.path.isabs(p) else p
            else:
                yield head if head != stripped else ""


def _path_info(path: str) -> Record:
    return Record([("Path", path)], type_name="PathInfo")


@command(
    "Resolve-Path",
    aliases=("rvpa",),
    module=MODULE,
    synopsis="Resolves a path (wildcards allowed) to full existing paths.",
    params=[
        P("Path", "path[]", 0, mandatory=True, from_pipeline=True, help="The path(s) to resolve.", complete="path"),
        S("Relative", help="Outputs paths relative to the current location."),
    ],
    examples=[E("Resolve-Path ./*.png", "The full paths of the PNG files here.")],
)
def resolve_path_cmd(inv: Invocation) -> Iterator[Any]:
    for _, args in inv.each():
        for path in as_list(args.Path):
            for full in _expand(inv, to_str(path)):
                if to_bool(args.Relative):
                    rel = os.path.relpath(full, cwd(inv))
                    yield rel if rel.startswith("..") else "." + os.sep + rel
                else:
                    yield _path_info(full)


@command(
    "Get-Location",
    aliases=("pwd", "gl"),
    module=MODULE,
    synopsis="Gets the current directory.",
    params=[],
    examples=[E("Get-Location", "The current directory."), E("(Get-Location).Path", "As a string.")],
)
def get_location(inv: Invocation) -> Iterator[Any]:
    yield _path_info(cwd(inv))


@command(
    "Set-Location",
    aliases=("cd", "sl", "chdir"),
    module=MODULE,
    synopsis="Changes the current directory.",
    params=[
        P("Path", "path", 0, help="The new directory (default: the home directory).", complete="path"),
        S("PassThru", help="Outputs the new location."),
    ],
    examples=[E("Set-Location ./outputs", "Goes into ./outputs."), E("cd ..", "Goes up one level.")],
)
def set_location(inv: Invocation) -> Iterator[Any]:
    target = to_str(inv.args.Path) if inv.args.Path is not None else os.path.expanduser("~")
    full = resolve_path(inv, target)
    if not os.path.isdir(full):
        raise inv.fail(f"Cannot find path '{full}' because it does not exist.", category="ObjectNotFound")
    inv.runtime.set_location(full)
    if to_bool(inv.args.PassThru):
        yield _path_info(full)
