"""Output and error redirection of a pipeline (`> file`, `>> file`, `2> file`, `2>$null`, `*>`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from gshell.display import replace_surrogates
from gshell.lang import ast
from gshell.runtime import conversions as conv
from gshell.runtime.compiling import CompileContext, StmtFn
from gshell.runtime.errors import PSError, not_supported
from gshell.runtime.host import Host
from gshell.runtime.scope import Scope


def redirected(ctx: CompileContext, run: StmtFn, redirections: list[ast.Redirection]) -> StmtFn:
    for r in redirections:
        if r.merge is not None:
            raise ctx.located(not_supported(f"The redirection {r.stream}>&{r.merge}",
                                              "errors go to stderr; use -ErrorVariable to capture them"), r.pos)
        if r.stream not in ("1", "2", "*", "3", "4", "5", "6"):
            raise ctx.located(not_supported(f"The redirection {r.stream}{r.op}"), r.pos)
    targets = [(r, ctx.compile_expr(r.target) if r.target is not None else (lambda s: None))
               for r in redirections]

    def redirected(scope: Scope) -> Iterator[Any]:
        out_file: tuple[str, bool] | None = None
        silence_errors = False
        err_file: tuple[str, bool] | None = None
        for r, tf in targets:
            t = tf(scope)
            if r.stream in ("1", "*"):
                out_file = None if t is None else (conv.to_str(t), r.op == ">>")
                if t is None:
                    out_file = ("", False)
            if r.stream in ("2", "*"):
                if t is None:
                    silence_errors = True
                else:
                    err_file = (conv.to_str(t), r.op == ">>")
        saved = ctx.host
        if silence_errors or err_file is not None:
            ctx.host = _ErrRedirectHost(saved, err_file)
        try:
            if out_file is None:
                yield from run(scope)
                return
            objs = list(run(scope))
            path, append = out_file
            if path:
                _write_file(ctx, path, objs, append)
        finally:
            if ctx.host is not saved:
                ctx.host.close()  # type: ignore[attr-defined]
                ctx.host = saved
    return redirected


def _guard(path: str) -> None:
    """Redirection is a writer too: start-up and credential files need the user's say."""
    from gshell.writeguard import WriteRefused, check
    try:
        check(path, "redirect output to")
    except WriteRefused as exc:
        raise PSError(str(exc), category="PermissionDenied", exception_type="UnauthorizedAccessException",
                      target=path) from None


def _write_file(ctx: CompileContext, path: str, objs: list[Any], append: bool) -> None:
    try:
        from gshell.runtime.out_default import render
        text = render(objs, width=ctx.host.width, color=False)
    except Exception:  # noqa: BLE001
        text = "".join(conv.to_str(o) + "\n" for o in objs)
    if text and not text.endswith("\n"):
        text += "\n"
    _guard(path)
    try:
        with open(os.path.expanduser(path), "a" if append else "w", encoding="utf-8") as fh:
            fh.write(replace_surrogates(text))
    except OSError as e:
        raise PSError(f"Could not write to '{path}': {e.strerror}", category="WriteError",
                      exception_type="IOException", target=path) from None


class _ErrRedirectHost(Host):
    """A host whose error stream goes to a file or nowhere (`2> file`, `2>$null`)."""

    def __init__(self, inner: Host, target: tuple[str, bool] | None) -> None:
        self.__dict__.update(inner.__dict__)
        self._inner = inner
        if target:
            _guard(target[0])
        self._fh = open(os.path.expanduser(target[0]), "a" if target[1] else "w", encoding="utf-8") \
            if target else None

    def write_err(self, text: str) -> None:
        if self._fh is not None:
            self._fh.write(replace_surrogates(text))

    def write(self, text: str) -> None:
        self._inner.write(text)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
