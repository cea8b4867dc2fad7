"""The file side of a Gradio session: uploads, file parameters (with the server-origin rules of
docs/security.md), downloads and ``save_files``.  ``GradioSession`` inherits it."""
from __future__ import annotations

import os
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import files
from .calls import ApiCall
from .errors import FileError, GradioError, ParameterError
from .origin import ServerStr
from .tokens import Credential, fetch_allowed, origin_key, origin_of
from .transport import Deadline

if TYPE_CHECKING:
    from .client import GradioClient
    from .model import AppConfig

#: sessions alive in this process (a FileData of another session is fetched with that session's credentials)
_OPEN: weakref.WeakSet[SessionFiles] = weakref.WeakSet()


@dataclass
class SavedFile:
    """One file of ``save_files``: where it was written, or why it was not (``Error``)."""

    Path: str
    Size: int
    Url: str
    Error: GradioError | None = None

    @property
    def ok(self) -> bool:
        return self.Error is None


class SessionFiles:
    """Uploads and downloads of one session; the session provides the attributes declared here."""

    client: GradioClient
    download_path: str | None
    uploads: dict[tuple[str, int, int], dict[str, Any]]
    _lock: threading.RLock
    load_config: Callable[[], AppConfig]   # the session's /config loader (file URLs need its prefix)

    def upload(self, paths: Iterable[str | os.PathLike[str]],
               deadline: Deadline | None = None) -> list[dict[str, Any]]:
        """Upload local files (once per session, keyed by absolute path + mtime + size)."""
        out: list[dict[str, Any] | None] = []
        todo: list[tuple[int, Path, tuple[str, int, int]]] = []
        for p in paths:
            path = Path(p).expanduser()
            try:
                st = path.stat()
            except OSError:
                raise FileError(f"file not found: {p}") from None
            if not path.is_file():
                raise FileError(f"not a file: {p}")
            key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
            with self._lock:
                cached = self.uploads.get(key)
            if cached is not None:
                out.append(dict(cached))
            else:
                todo.append((len(out), path, key))
                out.append(None)
        if todo:
            server_paths = self.client.upload([t[1] for t in todo], deadline=deadline)
            for (idx, path, key), sp in zip(todo, server_paths, strict=False):
                fd = files.filedata(sp, orig_name=path.name, size=key[2])
                with self._lock:
                    self.uploads[key] = fd
                out[idx] = dict(fd)
        return [x for x in out if x is not None]

    def prepare_file(self, value: Any, *, param_name: str = "", deadline: Deadline | None = None) -> Any:
        """A file parameter's value: local path(s), http(s) URL(s), or FileData -> FileData.

        Only the user names local files: a string that came from a server (``ServerStr``) is
        never opened as a local path; a URL or FileData from a server is fetched with no
        credentials unless it is on the origin of an open session (then with that session's),
        and never from an internal address unless the session is on one.  A FileData of another
        session is downloaded from there and uploaded here."""
        if value is None:
            return None
        if isinstance(value, (list, tuple)):
            return [self.prepare_file(v, param_name=param_name, deadline=deadline) for v in value]
        if isinstance(value, os.PathLike):
            value = os.fspath(value)
        if isinstance(value, dict):
            if "path" in value or "url" in value:
                return self._prepare_filedata(value, deadline)
            raise ParameterError(f"parameter '{param_name}': a file must be a path, a URL or a FileData")
        if isinstance(value, ServerStr):
            if value.startswith(("http://", "https://")):
                return self._upload_url(value, deadline, server_named=True)
            raise FileError(f"parameter '{param_name}': refusing to open '{value}' as a local file: the text "
                            "came from a server, and gshell opens only the paths you type")
        if isinstance(value, str):
            if value.startswith(("http://", "https://")):
                return self._upload_url(value, deadline)
            return self.upload([value], deadline)[0]
        raise ParameterError(f"parameter '{param_name}': a file must be a path, a URL or a FileData, "
                             f"not {type(value).__name__}")

    def _own_files(self, value: Any, param_name: str) -> Any:
        """A file parameter's value with the server-origin rules applied before it is planned:
        a server's string naming a local path is refused; a FileData of another origin becomes
        its URL (as a server's string: downloaded from there, then uploaded here)."""
        if isinstance(value, (list, tuple)):
            return [self._own_files(v, param_name) for v in value]
        if isinstance(value, ServerStr) and not value.startswith(("http://", "https://")):
            raise FileError(f"parameter '{param_name}': refusing to open '{value}' as a local file: the text "
                            "came from a server, and gshell opens only the paths you type")
        if isinstance(value, dict) and ("path" in value or "url" in value):
            url = self._foreign_url(value)
            if url is not None:
                return ServerStr(url, origin_key(url))
        return value

    def _foreign_url(self, value: dict[str, Any]) -> str | None:
        """The URL of a FileData that lives on another origin (None: it is this app's, or has no URL)."""
        url = value.get("url")
        path = value.get("path")
        if not isinstance(url, str) or not url:
            url = path if isinstance(path, str) and path.startswith(("http://", "https://")) else None
        if url is None or origin_of(url) == self.client.origin:
            return None
        return str(url)

    def _prepare_filedata(self, value: dict[str, Any], deadline: Deadline | None = None) -> dict[str, Any]:
        """A FileData from this app goes back as it is; one from another origin (another session,
        a hostile url) is downloaded (see ``_upload_url``) and uploaded here."""
        url = self._foreign_url(value)
        if url is None:
            return files.as_input_filedata(value)
        name = files.name_for(value)
        return self._upload_url(url, deadline, server_named=True, name=name)

    def _owner_of(self, url: str) -> SessionFiles | None:
        """An open session on ``url``'s origin (it fetches with its own credentials)."""
        key = origin_key(url)
        for s in list(_OPEN):
            if s is not self and s.client.origin_key == key and not s.client.http.is_closed:
                return s
        return None

    def _upload_url(self, url: str, deadline: Deadline | None = None, *, server_named: bool = False,
                    name: str | None = None) -> dict[str, Any]:
        """Download ``url`` and upload it here.  Credentials go only to their own origin: this
        session's for its origin, another open session's for that session's origin, none
        elsewhere.  A URL a server named is never fetched from an internal address (loopback,
        private, link-local) unless this session is on one, nor from a non-http(s) scheme."""
        if server_named and not fetch_allowed(url, self.client.origin):
            raise FileError(f"refusing to fetch {url}: a server named it and it is an internal address "
                            "(or not http/https)")
        tmp = tempfile.mkdtemp(prefix="gshell-url-")
        files.track_temp(tmp)
        try:
            if origin_of(url) == self.client.origin:
                client, cred = self.client, self.client.credential
            else:
                owner = self._owner_of(url)
                client = owner.client if owner is not None else self.client
                cred = owner.client.credential if owner is not None else Credential(None, False)
            if name:
                name = Path(name.replace("\\", "/")).name or None
            path = client.download(url, tmp, name=name, credential=cred, deadline=deadline)
            server = self.client.upload([path], deadline=deadline)[0]
            return files.filedata(server, orig_name=path.name, size=path.stat().st_size)
        finally:
            files.remove_temp(tmp)

    def save_files(self, obj: Any, directory: str | os.PathLike[str] | None = None, *,
                   force: bool = False) -> list[SavedFile]:
        """Download every FileData in ``obj`` (a FileData, event, call, data list) into
        ``directory`` (default: DownloadPath, else the current directory).  One result per file:
        a file that cannot be saved (it exists without ``force``, the download fails, the
        directory cannot be written) has its ``Error`` set; the others are still saved."""
        if isinstance(obj, ApiCall):
            obj = obj.result
        elif hasattr(obj, "event") and hasattr(obj, "data"):
            obj = obj.data
        directory = directory or self.download_path or os.getcwd()
        out = []
        for fd in files.iter_filedata(obj):
            url = fd.get("url")
            try:
                path = fd.get("path")
                if isinstance(path, str) and path and not path.startswith(("http://", "https://")):
                    self.load_config()  # file_base needs the API prefix
                    url = files.download_url(fd, self.client.file_base)
                if not url:
                    continue
                if not fetch_allowed(url, self.client.origin):
                    raise FileError(f"refusing to fetch {url}: the server named an internal address "
                                    "(or not http/https)")
                target = self._download_one(url, directory, files.name_for(fd, url), force)
            except GradioError as exc:
                out.append(SavedFile(Path=str(Path(directory) / files.name_for(fd)), Size=0,
                                     Url=url or "", Error=exc))
                continue
            out.append(SavedFile(Path=str(target), Size=target.stat().st_size, Url=url))
        return out

    def _download_one(self, url: str, directory: str | os.PathLike[str], name: str, force: bool) -> Path:
        try:
            return self.client.download(url, directory, name=name, force=force)
        except OSError as exc:
            raise FileError(f"cannot write {name} into {directory}: {exc.strerror or exc}") from None
