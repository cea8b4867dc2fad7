"""Pasted code cannot plant code: writes to start-up and credential files need the user's say.

Every gshell writer of files calls :func:`check` with the path it is about to write (redirection
``>``/``>>``/``2>``, Set-Content, Add-Content, Out-File, Save-GradioFile and a session's
DownloadPath, Set-HuggingFaceToken -Save, Start-Transcript (its first write); New-Item,
Copy-Item and Move-Item must call it too).  A path under one of :data:`PROTECTED` (after resolving symlinks) is written
only when

- the interactive shell asked and the user typed ``y``/``yes`` **after** the paste ended (typeahead
  is discarded until the input has been quiet, so a pasted ``y`` never counts; the default is No;
  ``-Force`` does not skip the question), or
- the path was allowed on the command line with ``--allow-write PATH`` (scripts, ``-c``).

Otherwise the write fails with :class:`WriteRefused`, which says how to allow it.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable

#: paths relative to the home directory; a trailing "/" protects everything below
PROTECTED: tuple[str, ...] = (
    # shells' start-up files
    ".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile", ".bash_aliases",
    ".zshrc", ".zshenv", ".zprofile", ".zlogin", ".zlogout", ".kshrc", ".mkshrc", ".cshrc", ".tcshrc",
    ".login", ".logout", ".inputrc", ".config/fish/", ".config/powershell/", ".config/nushell/",
    ".config/environment.d/", ".pam_environment", ".xprofile", ".xsessionrc", ".xinitrc", ".xsession",
    # log-in keys and remote access
    ".ssh/", ".gnupg/", ".netrc", ".config/git/", ".gitconfig",
    # things run automatically at log-in or by other programs
    ".config/autostart/", ".config/systemd/", ".local/share/systemd/", ".local/share/applications/",
    ".local/bin/", "bin/", ".local/lib/",          # PATH and Python's site-packages (.pth files run)
    ".vimrc", ".vim/", ".config/nvim/", ".emacs", ".emacs.d/", ".tmux.conf", ".screenrc",
    ".pythonrc", ".pythonrc.py", ".ipython/", ".npmrc", ".pypirc", ".docker/", ".kube/", ".aws/",
    # gshell's own and Hugging Face's credentials
    ".cache/huggingface/token", ".config/gshell/",
)

Confirm = Callable[[str], bool]

_confirm: Confirm | None = None
_allowed: list[str] = []


class WriteRefused(PermissionError):
    """A write to a protected path that the user did not confirm."""


def configure(*, confirm: Confirm | None | bool = False, allowed: Iterable[str] | None = None) -> None:
    """Set how protected writes are confirmed (``confirm``: a function asking the user, None for
    none) and the paths allowed by ``--allow-write`` (replacing the list)."""
    global _confirm
    if confirm is not False:
        _confirm = confirm  # type: ignore[assignment]
    if allowed is not None:
        _allowed[:] = [_norm(p) for p in allowed]


def _norm(path: str | os.PathLike[str]) -> str:
    p = os.path.abspath(os.path.expanduser(os.fspath(path)))
    return os.path.normcase(p)


def _real(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def _home() -> str:
    return os.path.expanduser("~")


def _protected_roots() -> list[tuple[str, bool]]:
    """(path, is_directory) of every protected entry, also the HF token file where HF_HOME puts it."""
    home = _home()
    out = [(os.path.join(home, p.rstrip("/")), p.endswith("/")) for p in PROTECTED]
    hf_home = os.environ.get("HF_HOME")
    if hf_home:
        out.append((os.path.join(os.path.expanduser(hf_home), "token"), False))
    if os.environ.get("HF_TOKEN_PATH"):
        out.append((os.path.expanduser(os.environ["HF_TOKEN_PATH"]), False))
    return out


def _under(path: str, root: str, is_dir: bool) -> bool:
    return path == root or (is_dir and path.startswith(root.rstrip(os.sep) + os.sep))


def protected(path: str | os.PathLike[str]) -> str | None:
    """The protected entry ``path`` falls under (symlinks resolved), or None."""
    plain = _norm(path)
    real = _real(plain)
    for root, is_dir in _protected_roots():
        r_plain, r_real = os.path.normcase(os.path.abspath(root)), _real(root)
        for cand in (plain, real):
            if _under(cand, r_plain, is_dir) or _under(cand, r_real, is_dir):
                return root
    return None


def _allowed_path(path: str) -> bool:
    plain = _norm(path)
    real = _real(plain)
    return any(a in (plain, real) or _real(a) == real for a in _allowed)


def check(path: str | os.PathLike[str], what: str = "write") -> None:
    """Raise :class:`WriteRefused` unless ``path`` may be written (see the module doc)."""
    root = protected(path)
    if root is None or _allowed_path(os.fspath(path)):
        return
    shown = _norm(path)
    question = (f"gshell: {what} '{shown}'? It is a start-up or credential file ({root}): code written "
                "there runs later or opens your accounts. Type y to allow [y/N]: ")
    confirm = _confirm
    if confirm is not None:
        try:
            if confirm(question):
                return
        except Exception:  # noqa: BLE001 - no answer is No
            pass
        raise WriteRefused(f"not written: '{shown}' is a start-up or credential file and the write was not "
                           "confirmed")
    raise WriteRefused(f"not written: '{shown}' is a start-up or credential file; in a script allow it with "
                       f"the command-line option --allow-write '{shown}'")


# ----------------------------------------------------------------------------- the terminal question

QUIET = 0.3          # seconds without input before the question: the paste has ended
MAX_DRAIN = 10.0     # give up waiting for quiet after this long (then ask anyway, input discarded)


def _drain(fd: int) -> None:
    """Discard typeahead until the input has been quiet for QUIET seconds."""
    import select
    import termios
    deadline = time.monotonic() + MAX_DRAIN
    while time.monotonic() < deadline:
        termios.tcflush(fd, termios.TCIFLUSH)
        ready, _, _ = select.select([fd], [], [], QUIET)
        if not ready:
            return
        try:
            os.read(fd, 65536)
        except OSError:
            return


def terminal_confirm(question: str) -> bool:
    """Ask on the terminal; only an answer typed after the pasted input has ended counts."""
    stdin = sys.stdin
    try:
        fd = stdin.fileno()
        if not os.isatty(fd):
            return False
    except (OSError, ValueError, AttributeError):
        return False
    try:
        _drain(fd)
    except Exception:  # noqa: BLE001 - no termios (Windows): ask anyway
        pass
    from gshell.display import visible
    sys.stderr.write(visible(question))
    sys.stderr.flush()
    line = b""
    while not line.endswith(b"\n"):
        chunk = os.read(fd, 1)
        if not chunk:
            break
        line += chunk
    return line.decode("utf-8", "replace").strip().casefold() in ("y", "yes")
