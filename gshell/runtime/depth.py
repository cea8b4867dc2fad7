"""Call depth: pwsh's "The script failed due to call depth overflow." at a fixed depth, never a
crash of the process.

Every call of a script function, filter or script block (`& {}`, ForEach-Object, `.Where()`,
...) counts one level while it runs.  At ``MAX_CALL_DEPTH`` nested calls the next one fails with
a script-terminating error (`try`/`catch` can catch it; at the prompt the shell goes on).

Each level costs Python frames and, because the runtime is built of nested generators, C stack
(measured about 1.5 KB per simple function level on CPython 3.11).  ``ensure_stack()`` makes
room for the limit: it raises Python's recursion limit and, on the main thread, the soft stack
limit (the main thread's stack grows on demand up to that limit).
"""
from __future__ import annotations

import sys

from gshell.runtime.errors import PSError

#: nested calls allowed (documented in about_gshell_Language); pwsh's own limit depends on its
#: thread's stack, gshell's is fixed
MAX_CALL_DEPTH = 10_000
#: Python frames per call level stay under 40 in every form (functions, pipelines, script blocks)
RECURSION_LIMIT = MAX_CALL_DEPTH * 40 + 20_000
#: C stack wanted for the main thread: about 10 KB per level, well above the measured need
STACK_BYTES = 112 * 1024 * 1024

_done = False


def ensure_stack() -> None:
    """Raise the recursion limit and the soft stack limit the main thread grows to (once, best
    effort; from whichever thread builds the interpreter)."""
    global _done
    if _done:
        return
    _done = True
    if sys.getrecursionlimit() < RECURSION_LIMIT:
        sys.setrecursionlimit(RECURSION_LIMIT)
    # RLIMIT_STACK belongs to the process: raised from any thread (the REPL builds its
    # interpreter in a loading thread), it lets the main thread's stack grow that far
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
        if soft == resource.RLIM_INFINITY or soft >= STACK_BYTES:
            return
        want = STACK_BYTES if hard == resource.RLIM_INFINITY else min(STACK_BYTES, hard)
        if want > soft:
            resource.setrlimit(resource.RLIMIT_STACK, (want, hard))
    except (ImportError, ValueError, OSError):
        pass


def overflow() -> PSError:
    err = PSError("The script failed due to call depth overflow.", category="InvalidOperation",
                  exception_type="ScriptCallDepthException", error_id="CallDepthOverflow")
    err.script_terminating = True
    return err
