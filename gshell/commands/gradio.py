"""Session-less Gradio cmdlets (PowerShAI's low-level group): Get-GradioInfo, Send-GradioApi,
Update-GradioApiResult, Send-GradioFile, and Save-GradioFile (files of any result)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from gshell.commands._common import E, P, S, as_list, cwd, resolve_path, to_bool, to_str
from gshell.commands.gradio_values import AppInfoRecord
from gshell.commands.gradio_views import (
    MODULE,
    ApiEventView,
    CallView,
    GRecord,
    SessionView,
    anonymous_session,
    api_event_view,
    bind,
    engine_call,
    filedata_record,
    from_value,
    is_engine_error,
    iter_events,
    mark_cancelled,
    params_value,
    report,
    resolve_session,
    sessions_of,
    single,
    to_value,
    whatif_language,
)
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import Hashtable, Record

# -----------------------------------------------------------------------------------------
# shared helpers
# -----------------------------------------------------------------------------------------

def session_for_target(inv: Invocation, value: Any) -> Any:
    """A session from a URL string, a session object or `.`."""
    value = single(value)
    if value is None or isinstance(value, SessionView) or getattr(value, "type_name", None) == "HuggingFaceSpace":
        return resolve_session(inv, value if value is not None else ".")
    text = to_str(value)
    if text == ".":
        return resolve_session(inv, text)
    try:
        return sessions_of(inv.runtime).get(text)
    except Exception as exc:  # not a session name: a URL
        if not is_engine_error(exc):
            raise
    if "://" in text or "/" in text or ":" in text or "." in text:
        return anonymous_session(inv, text)
    return resolve_session(inv, text)


def ensure_config(inv: Invocation, session: Any) -> Any:
    bind(inv, session)
    return engine_call(inv, session.load_config)


def stream_call(inv: Invocation, view: ApiEventView, *, max_heartbeats: int | None, script: Any = None,
                no_output: bool = False, timeout: float | None = None) -> Iterator[Any]:
    """Emit each event of ``view``'s call as it arrives (heartbeats included).  An app error, a
    broken stream or the -TimeoutSec ``timeout`` is a non-terminating error after the events
    received so far."""
    call = view.call
    if call.finished:
        inv.warning("Event already completed")
        return
    complete = False
    try:
        for ev in iter_events(inv, call, max_heartbeats, timeout):
            rec = view.record_of(ev)
            if not no_output:
                yield rec
            if script is not None:
                args = Hashtable([("event", rec), ("ApiEvent", view)])
                yield from inv.invoke(script, args, dollar_under=rec)
        complete = True
    except (GeneratorExit, KeyboardInterrupt):
        # Ctrl-C, or the pipeline stopped reading (select -First, an error downstream): stop the
        # call too; the record keeps the events received so far
        mark_cancelled(call)
        raise
    except Exception as exc:
        if not is_engine_error(exc):
            raise
        report(inv, exc, target=view)
        return
    if complete and call.status == "error" and call.error is not None:
        report(inv, call.error, target=view)


def _positive(value: Any) -> int | None:
    """An optional count or number of seconds: absent, 0 or negative means none."""
    if value is None:
        return None
    n = int(value)
    return n if n > 0 else None


def max_heartbeats_arg(inv: Invocation, args: Any) -> int | None:
    return _positive(args.MaxHeartBeats)


def timeout_arg(args: Any) -> int | None:
    """-TimeoutSec: bounds the whole call (the rest of it, for a call already started)."""
    return _positive(args.get("TimeoutSec"))


#: -TimeoutSec, declared by every cmdlet that waits for a call's events
TIMEOUT_PARAM = P("TimeoutSec", "int", help="Give up after this many seconds (the call becomes an error "
                                           "'timed out after N s', keeping the events received so far).")


# -----------------------------------------------------------------------------------------
# Get-GradioInfo
# -----------------------------------------------------------------------------------------

@command(
    "Get-GradioInfo",
    module=MODULE,
    synopsis="Reads the /info of a Gradio app: its named endpoints, their parameters and returns.",
    description=("Sends GET {app}/info ({app}/gradio_api/info on Gradio 5 and 6: the prefix is found from "
                 "/config) and returns the JSON as records, plus RealAppUrl (the API base that answered). "
                 "-AppUrl takes a URL, a session object or `.` (the default session)."),
    params=[
        P("AppUrl", "object", 0, from_pipeline=True, default=".", complete="session",
          help="The app URL, a GradioSession, or `.` for the default session."),
    ],
    examples=[
        E("Get-GradioInfo http://127.0.0.1:7860", "The endpoints of a local app."),
        E("$AppInfo = Get-GradioInfo http://127.0.0.1:7860; $AppInfo.named_endpoints.'/op1'.parameters",
          "The parameters of the endpoint /op1."),
        E("Get-GradioSession | Get-GradioInfo", "The /info of every session."),
    ],
)
def get_gradio_info(inv: Invocation) -> Iterator[Any]:
    for _obj, args in inv.each():
        session = session_for_target(inv, args.AppUrl)
        bind(inv, session)
        raw = engine_call(inv, session.info)
        info = to_value(raw, session)
        if isinstance(info, Record):
            info["RealAppUrl"] = session.client.api_base
            model = info_model(session, raw)
            if model is not None:   # shown at the prompt as the endpoints' table (gradio_display)
                info = AppInfoRecord(info.items(), model, session)
        yield info


def info_model(session: Any, info: Any) -> Any:
    """The endpoint model of this very /info document (None when it is not one gshell reads:
    the record is then shown as plain records)."""
    from gshell.gradio.model import AppDescriptionError, AppModel
    try:
        return AppModel.build(session.config, info)
    except AppDescriptionError:
        return None


# -----------------------------------------------------------------------------------------
# Send-GradioApi / Update-GradioApiResult
# -----------------------------------------------------------------------------------------

@command(
    "Send-GradioApi",
    module=MODULE,
    supports_whatif=True,
    synopsis="Starts a call of a Gradio endpoint (POST /call/<api>) and returns its GradioApiEvent.",
    description=("The low-level call: the data is sent as given (an array, in parameter order; a hashtable is "
                 "mapped by parameter name with /info).  Read the results with Update-GradioApiResult.  The "
                 "returned GradioApiEvent has EventId, Status, data, events, error, LastQueryStatus and req.  "
                 "-EventId builds the record for an event started elsewhere, without sending anything."),
    params=[
        P("AppUrl", "string", 0, mandatory=True, help="The app URL (the root; /gradio_api is found by itself)."),
        P("ApiName", "string", 1, mandatory=True, complete="endpoint", help="The endpoint, with or without '/'."),
        P("Params", "object", 2, help="The data: an array in parameter order, or a hashtable by name."),
        P("EventId", "string", 3, help="Use this existing event id instead of sending a call."),
        P("SessionHash", "string", help="Send this session_hash (Gradio 6 keeps gr.State per hash)."),
        P("Token", "string", sensitive=True, help="A token for this call (\"public\": none)."),
    ],
    examples=[
        E("$Event = Send-GradioApi -AppUrl 'http://127.0.0.1:7860' -ApiName Op1 -Params @(1)",
          "Starts /Op1 with one parameter."),
        E("$Event | Update-GradioApiResult", "Reads its events."),
    ],
)
def send_gradio_api(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    session = anonymous_session(inv, to_str(args.AppUrl))
    ensure_config(inv, session)
    if to_bool(inv.args.get("WhatIf")) and not args.EventId:
        from gshell.teach import post_code
        inv.write_host(engine_call(inv, post_code, session, to_str(args.ApiName), params_value(args.Params),
                                   session_hash=to_str(args.SessionHash) if args.SessionHash else None,
                                   token=to_str(args.Token) if args.Token is not None else None,
                                   language=whatif_language(inv)))
        return
    call = engine_call(inv, session.send, to_str(args.ApiName), params_value(args.Params),
                       event_id=to_str(args.EventId) if args.EventId else None,
                       session_hash=to_str(args.SessionHash) if args.SessionHash else None,
                       token=to_str(args.Token) if args.Token is not None else None)
    yield api_event_view(call)


@command(
    "Update-GradioApiResult",
    module=MODULE,
    synopsis="Reads the events of a call (Send-GradioApi) as they arrive and emits one record per event.",
    description=("Each event is a GradioApiEventResult (num, ts, event, data), emitted as soon as it arrives; "
                 "heartbeats are included (event 'heartbeat', data $null).  -MaxHeartBeats n stops after n "
                 "heartbeats in a row (LastQueryStatus 'HeartBeatExpired'; run it again to go on).  -Script "
                 "is run for each event with @{event; ApiEvent}.  The GradioApiEvent keeps every event and "
                 "data (in gshell -History is always on).  An error event is reported as an error after it "
                 "is emitted; Ctrl-C cancels the call.  -TimeoutSec n bounds the rest of the call: then it "
                 "is an error 'timed out after n s' (the events so far are kept)."),
    params=[
        P("ApiEvent", "object", 0, from_pipeline=True, mandatory=True,
          help="The GradioApiEvent from Send-GradioApi (or a call record)."),
        P("Script", "scriptblock", help="Run for each event with a hashtable @{event; ApiEvent}."),
        P("MaxHeartBeats", "int", help="Stop after this many heartbeats in a row."),
        S("NoOutput", help="Emit nothing (the GradioApiEvent is still updated)."),
        S("History", help="Keep the events and data on the GradioApiEvent (always on in gshell)."),
        TIMEOUT_PARAM,
    ],
    examples=[
        E("$Event | Update-GradioApiResult", "Every event of the call."),
        E("$Event | Update-GradioApiResult -MaxHeartBeats 2 -NoOutput; $Event.LastQueryStatus",
          "Waits at most two heartbeats in a row."),
        E("$Event | Update-GradioApiResult -TimeoutSec 30", "Gives up if the call has not finished in 30 s."),
    ],
)
def update_gradio_api_result(inv: Invocation) -> Iterator[Any]:
    for _obj, args in inv.each():
        value = single(args.ApiEvent)
        if isinstance(value, CallView):
            value = value.api_event
        if not isinstance(value, ApiEventView):
            inv.error("-ApiEvent invalid: expected a GradioApiEvent (from Send-GradioApi)",
                      category="InvalidArgument", target=value)
            continue
        yield from stream_call(inv, value, max_heartbeats=max_heartbeats_arg(inv, args), script=args.Script,
                               no_output=to_bool(args.NoOutput), timeout=timeout_arg(args))


# -----------------------------------------------------------------------------------------
# Send-GradioFile
# -----------------------------------------------------------------------------------------

def local_path(inv: Invocation, item: Any) -> str:
    """A file argument: a path string or a FileInfo-like record (FullName)."""
    from gshell.runtime.members import get_member
    if not isinstance(item, str):
        full = get_member(item, "FullName")
        if full:
            return to_str(full)
    return resolve_path(inv, to_str(item))


@command(
    "Send-GradioFile",
    module=MODULE,
    synopsis="Uploads files to a Gradio app; returns one FileData record per file.",
    description=("POST {api}/upload.  Each result has orig_name, path (on the server), url and meta, ready to "
                 "pass as a file parameter.  -Raw returns the server paths only."),
    params=[
        P("AppUrl", "string", 0, mandatory=True, help="The app URL."),
        P("Files", "object[]", 1, mandatory=True, complete="path", help="Local paths (or file items)."),
        S("Raw", help="Return the server's answer (the server paths) as is."),
    ],
    examples=[E("Send-GradioFile http://127.0.0.1:7860 ./photo.png", "Uploads one file.")],
)
def send_gradio_file(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    session = anonymous_session(inv, to_str(args.AppUrl))
    ensure_config(inv, session)
    paths = [local_path(inv, f) for f in as_list(args.Files)]
    for p in paths:
        if not os.path.isfile(p):
            raise inv.fail(f"file not found: {p}", category="ObjectNotFound")
    bind(inv, session)
    server_paths = engine_call(inv, session.client.upload, paths)
    for local, sp in zip(paths, server_paths, strict=False):
        if to_bool(args.Raw):
            yield sp
        else:
            yield filedata_record({"orig_name": os.path.basename(local), "path": sp}, session)


# -----------------------------------------------------------------------------------------
# Save-GradioFile
# -----------------------------------------------------------------------------------------

def _find_session(value: Any) -> Any:
    if isinstance(value, GRecord) and value.gshell_session is not None:
        return value.gshell_session
    if isinstance(value, (CallView, ApiEventView)):
        return value.call.session
    if isinstance(value, (list, tuple)):
        for v in value:
            s = _find_session(v)
            if s is not None:
                return s
    if isinstance(value, Record):
        for v in value.values():
            s = _find_session(v)
            if s is not None:
                return s
    return None


def _session_for_url(inv: Invocation, url: str) -> Any:
    for s in sessions_of(inv.runtime):
        if url.startswith(s.url + "/"):
            return s
    for marker in ("/gradio_api/file=", "/file="):
        if marker in url:
            return anonymous_session(inv, url.split(marker, 1)[0])
    return None


def _payload(value: Any) -> Any:
    """The plain data holding the FileData of a FileData / event / call / data value."""
    if isinstance(value, (CallView, ApiEventView)):
        return value.call.result
    if isinstance(value, Record) and value.type_name == "GradioApiEventResult":
        return from_value(value.get("data"))
    return from_value(value)


@command(
    "Save-GradioFile",
    module=MODULE,
    synopsis="Downloads the files of a result (FileData, event, call) into a directory.",
    description=("Writes <Path>/<basename of orig_name or path> for every FileData found in the input; never "
                 "writes outside <Path> and refuses to overwrite without -Force.  Emits one record per file: "
                 "Path, Size, Url.  The default directory is the session's DownloadPath, else the current "
                 "location."),
    params=[
        P("InputObject", "object", 0, from_pipeline=True, mandatory=True,
          help="A FileData, an event (GradioApiEventResult), a call record, or a data array."),
        P("Path", "path", complete="path", help="The directory (created if needed)."),
        S("Force", help="Overwrite existing files."),
    ],
    examples=[
        E("Invoke-GradioSessionApi file_single hi | Update-GradioSessionApiResult | Save-GradioFile -Path ./out",
          "Saves the file a call returns."),
        E("$r.data[0] | Save-GradioFile", "Saves one FileData into the current directory."),
    ],
)
def save_gradio_file(inv: Invocation) -> Iterator[Any]:
    from gshell.gradio import files as gfiles
    for _obj, args in inv.each():
        value = args.InputObject
        payload = _payload(value)
        found = list(gfiles.iter_filedata(payload))
        if not found:
            if isinstance(value, Record) and value.type_name == "GradioApiEventResult":
                continue  # an event without files (generating/heartbeat): nothing to save
            inv.error("Save-GradioFile: the input holds no file (FileData)", category="InvalidArgument",
                      target=value)
            continue
        for s, fds in _by_session(inv, _find_session(value), found):
            if s is None:
                inv.error(f"Save-GradioFile: cannot tell which app the file {fds[0].get('path')!r} comes from "
                          "(give a FileData with its url)", category="InvalidArgument", target=value)
                continue
            ensure_config(inv, s)
            directory = resolve_path(inv, to_str(args.Path)) if args.Path is not None else s.download_path or cwd(inv)
            for saved in s.save_files(fds, directory, force=to_bool(args.Force)):
                if saved.Error is not None:
                    report(inv, saved.Error, target=value)
                else:
                    yield Record([("Path", saved.Path), ("Size", saved.Size), ("Url", saved.Url)],
                                 type_name="GradioSavedFile")


def _by_session(inv: Invocation, session: Any, found: list[dict[str, Any]]) -> list[tuple[Any, list[Any]]]:
    """The FileData in runs of the same session (in order): the input's own session, else the
    app its url points at (None: unknown)."""
    runs: list[tuple[Any, list[Any]]] = []
    for fd in found:
        s = session if session is not None else _session_for_url(inv, fd.get("url") or "")
        if runs and s is not None and runs[-1][0] is s:
            runs[-1][1].append(fd)
        else:
            runs.append((s, [fd]))
    return runs
