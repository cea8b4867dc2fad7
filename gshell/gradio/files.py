"""FileData helpers and safe download targets."""
from __future__ import annotations

import atexit
import copy
import os
import shutil
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from gshell import writeguard
from gshell.display import safe_file_name

from .errors import FileError

FILEDATA_META = {"_type": "gradio.FileData"}

# Temporary files and directories being written (downloads, URL inputs): removed when done, on
# error, at exit, and by remove_all_temps() (the shell calls it on SIGTERM and SIGHUP).
_temps: set[str] = set()
_temps_lock = threading.Lock()


def track_temp(path: str) -> None:
    with _temps_lock:
        _temps.add(path)


def remove_temp(path: str) -> None:
    """Remove a temporary file or directory (if it still exists) and forget it."""
    with _temps_lock:
        _temps.discard(path)
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        elif os.path.lexists(path):
            os.unlink(path)
    except OSError:
        pass


def remove_all_temps() -> None:
    for path in list(_temps):
        remove_temp(path)


atexit.register(remove_all_temps)


def is_marked_filedata(obj: Any) -> bool:
    """A FileData the server marked as one (``meta._type``: every file gradio 4.44-6 sends).  Only
    these get their ``url`` rebuilt in a result: a gr.JSON value whose dicts merely have a
    ``path`` (a listing) is data and stays as the function returned it."""
    meta = obj.get("meta") if isinstance(obj, dict) else None
    return isinstance(meta, dict) and meta.get("_type") == "gradio.FileData" and isinstance(obj.get("path"), str)


def is_filedata(obj: Any) -> bool:
    if not isinstance(obj, dict) or not ("path" in obj or "url" in obj):
        return False
    meta = obj.get("meta")
    if isinstance(meta, dict) and meta.get("_type") == "gradio.FileData":
        return True
    return "path" in obj and bool({"orig_name", "is_stream", "mime_type", "size"} & obj.keys())


def filedata(server_path: str, orig_name: str | None = None, size: int | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {"path": server_path, "meta": dict(FILEDATA_META)}
    if orig_name:
        d["orig_name"] = orig_name
    if size is not None:
        d["size"] = size
    return d


def as_input_filedata(obj: dict[str, Any]) -> dict[str, Any]:
    """A FileData from an earlier result, ready to send back (meta forced)."""
    d = {k: v for k, v in obj.items() if k in ("path", "url", "orig_name", "size", "mime_type", "is_stream")}
    d["meta"] = dict(FILEDATA_META)
    return d


def server_default_file(value: Any) -> Any:
    """What is sent for a file parameter left at the server's /info default: a FileData naming a
    file on the server goes back as a path reference (no url); anything else (a local path such
    as ``~/.ssh/id_rsa``, a URL) is sent as null: gshell never opens or fetches it."""
    if isinstance(value, dict) and is_filedata(value) and isinstance(value.get("path"), str) \
            and not value["path"].startswith(("http://", "https://")):
        return {k: v for k, v in as_input_filedata(value).items() if k != "url"}
    return None


def file_url(file_base: str, path: str) -> str:
    """{root}{prefix}/file={path}"""
    return file_base + quote(path, safe="/:@-._~", errors="surrogatepass")  # a lone surrogate: as sent


def download_url(fd: Mapping[str, Any], file_base: str) -> str | None:
    """Where a result FileData is fetched from, as gradio_client does: a URL path as it is; a
    stream (``is_stream``: a streaming Audio/Video output, an HLS playlist) under ``/stream/``;
    any other path under ``/file=``."""
    path = fd.get("path")
    if not isinstance(path, str) or not path:
        return None
    if path.startswith(("http://", "https://")):
        return path
    if fd.get("is_stream") is True and file_base.endswith("/file="):
        return file_base[: -len("/file=")] + "/stream/" + quote(path, safe="/:@-._~", errors="surrogatepass")
    return file_url(file_base, path)


def fix_urls(data: Any, file_base: str) -> Any:
    """Copy of ``data`` where every marked FileData's ``url`` is rebuilt from our own base."""
    if isinstance(data, list):
        return [fix_urls(x, file_base) for x in data]
    if isinstance(data, tuple):
        return [fix_urls(x, file_base) for x in data]
    if isinstance(data, dict):
        if is_marked_filedata(data):
            d = copy.copy(data)
            d["url"] = download_url(data, file_base)
            return d
        return {k: fix_urls(v, file_base) for k, v in data.items()}
    return data


def iter_filedata(data: Any):
    """Every FileData dict inside ``data`` (depth first)."""
    if isinstance(data, (list, tuple)):
        for x in data:
            yield from iter_filedata(x)
    elif isinstance(data, dict):
        if is_filedata(data):
            yield data
        else:
            for v in data.values():
                yield from iter_filedata(v)


def name_for(fd: dict[str, Any] | None = None, url: str | None = None) -> str:
    """The file name a FileData / URL suggests (unsanitised).  A stream's content is its HLS
    playlist, so it is named as its URL names it (``playlist.m3u8``), as gradio_client does."""
    if fd and fd.get("is_stream") is True and (url or fd.get("url")):
        return unquote(urlsplit(url or fd["url"]).path)
    if fd:
        for key in ("orig_name", "path"):
            val = fd.get(key)
            if isinstance(val, str) and val:
                return val
        url = url or fd.get("url")
    if url:
        return unquote(urlsplit(url).path)
    return ""


def new_file_mode() -> int:
    """The mode ``open()`` gives a new file: 0666 less the process umask.  (A download goes to a
    private temporary file first, then gets this mode: a saved file is the user's, not a secret.)"""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)   # elsewhere: read it by setting it (and put it back at once)
    os.umask(mask)
    return 0o666 & ~mask


def safe_target(directory: str | os.PathLike[str], name: str, *, force: bool = False) -> Path:
    """``directory/<basename of name>``; never outside ``directory`` (a symlink in the way that
    points elsewhere is refused); control and bidi characters dropped from the name (a server's
    ``\u202egnp.exe`` must not become a file that reads ``exe.png``); refuses to overwrite unless
    ``force``."""
    base = safe_file_name(str(name)).replace("\\", "/").rstrip("/").split("/")[-1]
    if ":" in base and os.name == "nt":
        base = base.split(":")[-1]
    if base in ("", ".", "..") or "\x00" in base:
        raise FileError(f"refusing to save a file with the unsafe name {name!r}")
    d = Path(directory).expanduser().resolve()
    target = (d / base).resolve()
    if target.parent != d:
        raise FileError(f"refusing to save {name!r} outside {d}")
    if target.exists() and not force:
        raise FileError(f"{target} already exists (use -Force to overwrite)")
    try:
        writeguard.check(target, "save a downloaded file as")
    except writeguard.WriteRefused as exc:
        raise FileError(str(exc)) from None
    return target
