"""Gradio session cmdlets (PowerShAI's GradioSession group): sessions, calls, their results,
cancellation, uploads; plus ``cli_connect`` for ``gshell --connect URL``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from gshell.commands._common import E, P, S, as_list, has_wildcard, resolve_path, to_bool, to_str, wildcard_match
from gshell.commands.gradio import TIMEOUT_PARAM, local_path, max_heartbeats_arg, stream_call, timeout_arg
from gshell.commands.gradio_views import (
    DEFAULT_MAX_CALLS,
    DEFAULT_POLICY,
    MODULE,
    CallView,
    GRecord,
    SessionView,
    api_event_view,
    bind,
    call_view,
    engine_call,
    filedata_record,
    find_call,
    from_value,
    is_engine_error,
    mark_cancelled,
    params_value,
    resolve_session,
    sessions_of,
    trace_sink,
    whatif_language,
)
from gshell.display import excerpt
from gshell.runtime.errors import PSError
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import Record

POLICIES = ("Error", "Remove", "Warning")


# -----------------------------------------------------------------------------------------
# Sessions
# -----------------------------------------------------------------------------------------

def _credentials(inv: Invocation, args: Any) -> tuple[str | None, str | None]:
    from gshell.commands.misc import read_line
    from gshell.runtime.members import get_member
    user: str | None = None
    password: str | None = None
    cred = args.Credential
    if cred is not None:
        if isinstance(cred, str):
            user = cred
        else:
            user = to_str(get_member(cred, "UserName"))
            pw = get_member(cred, "Password")
            password = to_str(pw) if pw is not None else None
    if args.Username is not None:
        user = to_str(args.Username)
    if args.Password is not None:
        password = to_str(args.Password)
    if user is not None and password is None:
        password = read_line(inv, f"Password for user {user}: ", secret=True)
    if password:
        from gshell import secrets
        secrets.register(password)
    return user, password


@command(
    "New-GradioSession",
    module=MODULE,
    supports_whatif=True,
    synopsis="Connects to a Gradio app and returns the new session (like a browser tab on the app).",
    description=("Reads the app's /config and /info (logging in first with -Credential or -Username/"
                 "-Password), registers the session under -Name (default: the app URL) and returns it.  A "
                 "name already in use is an error unless -Force.  A session keeps its calls (MaxCalls 100, "
                 "policy Warning by default: see Set-GradioSession), uploads and login.  -Token is sent "
                 "to this app only; it is never shown."),
    params=[
        P("AppUrl", "string", 0, mandatory=True, help="The app URL (the root, also a mounted path)."),
        P("Name", "string", 1, help="The session name (default: the app URL)."),
        P("DownloadPath", "path", 2, complete="path", help="Save result files here as calls complete."),
        S("Force", help="Replace a session of the same name."),
        S("DisableRetry", help="Accepted for compatibility with PowerShAI (no effect)."),
        P("Token", "string", sensitive=True, help="A token (Bearer) for this app; \"public\" sends none."),
        P("Credential", "object", sensitive=True,
          help="A credential (Get-Credential) or a user name (the password is asked)."),
        P("Username", "string", help="The user name for an app with Gradio auth."),
        P("Password", "string", sensitive=True, help="The password (asked without echo when absent and interactive)."),
    ],
    examples=[
        E("New-GradioSession http://127.0.0.1:7860", "Opens a session named after the URL."),
        E("$app2 = New-GradioSession http://127.0.0.1:7861 -Name app2", "A second, named session."),
        E("New-GradioSession http://127.0.0.1:7860 -Username u -Password p", "Logs in to an app with auth."),
    ],
)
def new_gradio_session(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    if to_bool(args.get("WhatIf")):
        _new_session_whatif(inv)
        return
    user, password = _credentials(inv, args)
    mgr = sessions_of(inv.runtime)
    download = resolve_path(inv, to_str(args.DownloadPath)) if args.DownloadPath else None
    token = to_str(args.Token) if args.Token is not None else None
    session = engine_call(inv, mgr.connect, to_str(args.AppUrl), name=to_str(args.Name) if args.Name else None,
                           force=to_bool(args.Force), username=user, password=password, token=token,
                           download_path=download, max_calls=DEFAULT_MAX_CALLS, max_calls_policy=DEFAULT_POLICY,
                           trace=trace_sink(inv), warn=inv.warning)
    yield _view(session)


def _new_session_whatif(inv: Invocation) -> None:
    """-WhatIf: print the requests New-GradioSession would send (login, /config, /info) as
    runnable curl, with $GRADIO_PASSWORD / $HF_TOKEN placeholders; send nothing."""
    from gshell import secrets
    from gshell.teach import connect_bash
    args = inv.args
    if args.Password is not None:
        secrets.register(to_str(args.Password))
    credential = args.Credential
    user = to_str(args.Username) if args.Username is not None else None
    if user is None and credential is not None:
        user = to_str(getattr(credential, "UserName", None) or (credential.get("UserName")
                      if hasattr(credential, "get") else credential))
    token = to_str(args.Token) if args.Token is not None else None
    inv.write_host(connect_bash(to_str(args.AppUrl), username=user, token=bool(token) and token != "public"))


def _view(session: Any) -> SessionView:
    from gshell.commands.gradio_views import session_view
    return session_view(session)


@command(
    "Get-GradioSession",
    module=MODULE,
    synopsis="Lists the sessions (`*`), the default one (`.`) or one by name.",
    description=("`*` (the default) lists all; `.` is the default session: the only one if there is one, else "
                 "the one set with Set-GradioSession -Default.  -Like matches names and URLs with wildcards; "
                 "-ById takes a SessionId."),
    params=[
        P("Session", "object", 0, from_pipeline=True, default="*", aliases=("Name",), complete="session",
          help="A name, `*`, `.`, or a session object."),
        S("Like", help="Match -Session as a wildcard pattern against names and URLs."),
        S("ById", help="-Session is a SessionId."),
    ],
    examples=[
        E("Get-GradioSession", "Every session."),
        E("Get-GradioSession . | select Name, AppUrl", "The default session's name and URL."),
        E("Get-GradioSession *127.0.0.1* -Like", "Sessions whose name or URL matches."),
    ],
)
def get_gradio_session(inv: Invocation) -> Iterator[Any]:
    mgr = sessions_of(inv.runtime)
    for _obj, args in inv.each():
        value = args.Session
        if isinstance(value, SessionView) and not to_bool(args.ById):
            yield value
            continue
        if to_bool(args.ById):
            key = value.session.session_hash if isinstance(value, SessionView) else to_str(value)
            hits = [s for s in mgr if s.session_hash == key]
            if not hits:
                raise inv.fail(f"No session with id {key}", category="ObjectNotFound")
            yield _view(hits[0])
            continue
        name = to_str(value) if value is not None else "*"
        if to_bool(args.Like):
            for s in mgr:
                if wildcard_match(s.name, name) or wildcard_match(s.url, name):
                    yield _view(s)
        elif name == "*":
            for s in mgr:
                yield _view(s)
        else:
            yield _view(resolve_session(inv, value))


@command(
    "Set-GradioSession",
    module=MODULE,
    synopsis="Sets a session's options: the default session, MaxCalls and its policy, token, download path.",
    description=("MaxCalls bounds the calls a session keeps; MaxCallsPolicy says what Invoke-GradioSessionApi "
                 "does at the limit: Error refuses the call, Remove drops the oldest calls, Warning warns and "
                 "goes on (the default)."),
    params=[
        P("Session", "object", 0, from_pipeline=True, default=".", complete="session",
          help="A name, `.`, or a session object."),
        S("Default", help="Make this the default session (`.`)."),
        P("MaxCalls", "int", 1, help="The most calls the session keeps."),
        P("MaxCallsPolicy", "string", 2, choices=POLICIES, help="Error, Remove or Warning."),
        P("Token", "string", sensitive=True, help="The token for this session's app (\"public\": none)."),
        P("DownloadPath", "path", complete="path", help="Save result files here as calls complete."),
    ],
    examples=[
        E("Set-GradioSession -Default $app2", "Makes $app2 the default session."),
        E("Set-GradioSession . -MaxCalls 5 -MaxCallsPolicy Remove", "Keeps only the last 5 calls."),
    ],
)
def set_gradio_session(inv: Invocation) -> Iterable[Any]:
    mgr = sessions_of(inv.runtime)
    for _obj, args in inv.each():
        session = resolve_session(inv, args.Session)
        if to_bool(args.Default):
            mgr.set_default(session)
        if "MaxCalls" in args and args.MaxCalls is not None:
            session.max_calls = int(args.MaxCalls)
        if "MaxCallsPolicy" in args and args.MaxCallsPolicy is not None:
            policy = to_str(args.MaxCallsPolicy)
            session.max_calls_policy = next(p for p in POLICIES if p.lower() == policy.lower())
        if "Token" in args:
            session.token = to_str(args.Token) if args.Token is not None else None
        if "DownloadPath" in args:
            session.download_path = resolve_path(inv, to_str(args.DownloadPath)) if args.DownloadPath else None
    return ()


@command(
    "Remove-GradioSession",
    module=MODULE,
    synopsis="Closes and forgets sessions (by name, wildcard, or piped session objects).",
    params=[
        P("Name", "object", 0, from_pipeline=True, complete="session", aliases=("Session",),
          help="A session name (wildcards allowed) or a session object."),
    ],
    examples=[
        E("Remove-GradioSession app2", "Removes the session named app2."),
        E("Get-GradioSession | Remove-GradioSession", "Removes every session."),
    ],
)
def remove_gradio_session(inv: Invocation) -> Iterable[Any]:
    mgr = sessions_of(inv.runtime)
    if not inv.expecting_input and "Name" not in inv.args:
        inv.warning("No session given: name one, or pipe sessions (Get-GradioSession | Remove-GradioSession "
                    "removes them all)")
        return ()
    for _obj, args in inv.each():
        for value in as_list(args.Name):
            if isinstance(value, SessionView):
                mgr.remove(value.session)
                continue
            name = to_str(value)
            if has_wildcard(name):
                for s in [s for s in mgr if wildcard_match(s.name, name)]:
                    mgr.remove(s)
                continue
            try:
                mgr.remove(name)
            except Exception as exc:
                if not is_engine_error(exc):
                    raise
                inv.error(str(exc), category="ObjectNotFound", target=value)
    return ()


# -----------------------------------------------------------------------------------------
# Files
# -----------------------------------------------------------------------------------------

@command(
    "Send-GradioSessionFiles",
    module=MODULE,
    synopsis="Uploads files through a session; returns one FileData record per file.",
    description=("Local paths are uploaded once per session (same file, same result); an http(s) URL is "
                 "downloaded and its bytes uploaded; a FileData from an earlier result is passed through."),
    params=[
        P("Files", "object[]", 0, mandatory=True, complete="path", help="Local paths, URLs or FileData."),
        P("Session", "object", 1, from_pipeline=True, default=".", complete="session", help="The session."),
    ],
    examples=[E("$fd = Send-GradioSessionFiles ./a.txt", "Uploads a.txt to the default session's app.")],
)
def send_gradio_session_files(inv: Invocation) -> Iterator[Any]:
    for _obj, args in inv.each():
        session = resolve_session(inv, args.Session)
        bind(inv, session)
        engine_call(inv, lambda s=session: s.config)
        for item in as_list(args.Files):
            if isinstance(item, Record):
                plain = from_value(item)
                fd = engine_call(inv, session.prepare_file, plain, param_name="Files")
            elif isinstance(item, str) and item.startswith(("http://", "https://")):
                fd = engine_call(inv, session.prepare_file, item, param_name="Files")
            else:
                fd = engine_call(inv, session.upload, [local_path(inv, item)])[0]
            yield filedata_record(fd, session)


# -----------------------------------------------------------------------------------------
# Calls
# -----------------------------------------------------------------------------------------

@command(
    "Invoke-GradioSessionApi",
    module=MODULE,
    supports_whatif=True,
    synopsis="Starts a call of an endpoint in a session; returns the call record.",
    description=("-Params is an array (in parameter order) or a hashtable keyed by parameter name "
                 "(case-insensitive; an omitted key takes the endpoint's default, an unknown key is an "
                 "error listing the valid names).  File parameters take local paths, URLs or FileData.  "
                 "The record has id (the event id), ApiEvent, Received, LastReceivedIndex, Status, ApiName "
                 "and Num; read its results with Update-GradioSessionApiResult.  At the session's MaxCalls, "
                 "MaxCallsPolicy applies: Error refuses, Remove drops the oldest calls, Warning warns."),
    params=[
        P("ApiName", "string", 0, mandatory=True, complete="endpoint",
          help="The endpoint (with or without the leading '/')."),
        P("Params", "object", 1, help="An array in parameter order, or a hashtable by parameter name."),
        P("EventId", "string", 2, help="Make a record for this existing event id (nothing is sent)."),
        P("Session", "object", 3, from_pipeline=True, default=".", complete="session",
          help="A name, `.`, or a session object."),
        P("Token", "string", 4, sensitive=True, help="A token for this call only (\"public\": none)."),
        P("TimeoutSec", "int", help="Bound the whole call to this many seconds from now (enforced while its "
                                    "results are read: then 'timed out after N s', the events so far kept)."),
    ],
    examples=[
        E("Invoke-GradioSessionApi echo 'hello' | Update-GradioSessionApiResult", "Calls /echo, shows its events."),
        E("$c = Invoke-GradioSessionApi numbers @{num=3; colour='green'}", "Parameters by name; others default."),
        E("$MySession | Invoke-GradioSessionApi -ApiName 'GenerateImage' -Params 'A car',100",
          "Calls through a given session."),
    ],
)
def invoke_gradio_session_api(inv: Invocation) -> Iterator[Any]:
    for _obj, args in inv.each():
        session = resolve_session(inv, args.Session)
        bind(inv, session)
        api = to_str(args.ApiName)
        token = to_str(args.Token) if args.Token is not None else None
        timeout = timeout_arg(args)
        from gshell.commands._common import cwd
        if to_bool(inv.args.get("WhatIf")) and not args.EventId:
            from gshell.teach import call_code
            inv.write_host(engine_call(inv, call_code, session, api, params_value(args.Params), token=token,
                                       cwd=cwd(inv), language=whatif_language(inv)))
            continue
        if args.EventId:
            call = engine_call(inv, session.attach, api, to_str(args.EventId), token=token, timeout=timeout)
        else:
            call = engine_call(inv, session.call, api, params_value(args.Params), token=token, timeout=timeout,
                               cwd=cwd(inv))
        yield call_view(call)


@command(
    "Update-GradioSessionApiResult",
    module=MODULE,
    synopsis="Reads the events of session calls as they arrive; one GradioApiEventResult per event.",
    description=("Processes every piped call in turn (PowerShAI only the last).  Each event (num, ts, event, "
                 "data) is emitted as it arrives, heartbeats included; FileData urls point at the app.  "
                 "-MaxHeartBeats n stops after n heartbeats in a row (run it again to go on).  An error "
                 "event is reported as an error (gr.Error's text).  Ctrl-C cancels the call.  -TimeoutSec n "
                 "bounds the rest of each call: then it is an error 'timed out after n s' (the events so far "
                 "are kept)."),
    params=[
        P("Id", "object", 0, from_pipeline=True, mandatory=True,
          help="A call record (Invoke-GradioSessionApi), its id, or its Num."),
        S("NoOutput", help="Emit nothing (the call record is still updated)."),
        P("MaxHeartBeats", "int", 1, help="Stop after this many heartbeats in a row."),
        P("Session", "object", 2, default=".", complete="session", help="The session of an id."),
        S("History", help="Keep the events and data on the record (always on in gshell)."),
        TIMEOUT_PARAM,
    ],
    examples=[
        E("Invoke-GradioSessionApi stream 4 | Update-GradioSessionApiResult | % { $_.data[0] }",
          "Each partial result of a generator as it comes."),
        E("Get-GradioSessionApi | ? Status -eq running | Update-GradioSessionApiResult", "Finishes pending calls."),
    ],
)
def update_gradio_session_api_result(inv: Invocation) -> Iterator[Any]:
    for _obj, args in inv.each():
        try:
            _session, call = find_call(inv, args.Id, args.Session if "Session" in args else None)
        except Exception as exc:
            if inv.expecting_input and isinstance(exc, PSError):
                inv.error(exc.record.message, category="ObjectNotFound", target=args.Id)
                continue
            raise
        yield from stream_call(inv, api_event_view(call), max_heartbeats=max_heartbeats_arg(inv, args),
                               no_output=to_bool(args.NoOutput), timeout=timeout_arg(args))


@command(
    "Get-GradioSessionApi",
    module=MODULE,
    synopsis="Lists the calls a session keeps, oldest first.",
    params=[
        P("Session", "object", 0, from_pipeline=True, default=".", complete="session", help="The session."),
    ],
    examples=[E("Get-GradioSessionApi | ? Status -eq complete", "The finished calls of the default session.")],
)
def get_gradio_session_api(inv: Invocation) -> Iterator[Any]:
    for _obj, args in inv.each():
        session = resolve_session(inv, args.Session)
        for c in list(session.calls):
            yield call_view(c)


@command(
    "Remove-GradioSessionApi",
    module=MODULE,
    supports_whatif=True,
    synopsis="Removes calls from a session's list: by id or record, `clean` (finished ones) or `all`.",
    description=("A call given by id or record is removed when it has finished, or with -Force (a running "
                 "call is then cancelled).  `clean` removes every finished call; `all` removes every call "
                 "(running ones are cancelled).  -Elegible (alias -Eligible) only lists what would be "
                 "removed.  Emits the removed call records."),
    params=[
        P("Target", "object", 0, from_pipeline=True, mandatory=True,
          help="A call record, an id / Num, `clean` or `all`."),
        S("Force", help="Remove calls that are still running too."),
        S("Elegible", aliases=("Eligible",), help="List the calls that would be removed; remove nothing."),
        P("Session", "object", 1, default=".", complete="session", help="The session."),
    ],
    examples=[
        E("Remove-GradioSessionApi clean", "Forgets the finished calls of the default session."),
        E("Remove-GradioSessionApi all -Elegible", "Lists every call (nothing removed)."),
        E("$c | Remove-GradioSessionApi -Force", "Removes one call even if it is running."),
    ],
)
def remove_gradio_session_api(inv: Invocation) -> Iterator[Any]:
    targets: list[Any] = []
    session_arg: Any = "."
    force = False
    eligible_only = False
    for _obj, args in inv.each():
        targets.extend(as_list(args.Target))
        if "Session" in args:
            session_arg = args.Session
        force = to_bool(args.Force)
        eligible_only = to_bool(args.Elegible)
    whatif = to_bool(inv.args.get("WhatIf"))
    special = {to_str(t).casefold() for t in targets if isinstance(t, str)} & {"clean", "all"}
    chosen: list[tuple[Any, Any]] = []  # (session, call)
    if special:
        session = resolve_session(inv, session_arg)
        for c in list(session.calls):
            if "all" in special or c.finished:
                chosen.append((session, c))
    for t in targets:
        if isinstance(t, str) and t.casefold() in ("clean", "all"):
            continue
        session, c = find_call(inv, t, session_arg)
        if not c.finished and not force:
            inv.warning(f"call {c.event_id} ({excerpt(c.api_name, 100)}) is {c.status}: not removed (use -Force)")
            continue
        if all(c is not x for _s, x in chosen):
            chosen.append((session, c))
    if eligible_only:
        for _s, c in chosen:
            yield call_view(c)
        return
    if whatif:
        inv.write_host(f"What if: Removing {len(chosen)} call(s)")
        return
    for session, c in chosen:
        if not c.finished:
            mark_cancelled(c)
        session.remove_call(c)
        yield call_view(c)


@command(
    "Stop-GradioSessionApi",
    module=MODULE,
    synopsis="Cancels running calls: closes their stream and asks the server to stop (POST /cancel).",
    description=("The call record becomes 'cancelled' at once and keeps the events received so far; the "
                 "server is told in the background (a generator stops at its next step; a plain function "
                 "cannot be interrupted mid-call).  -PassThru emits the records."),
    params=[
        P("Id", "object", 0, from_pipeline=True, mandatory=True, help="A call record, its id or its Num."),
        P("Session", "object", 1, default=".", complete="session", help="The session of an id."),
        S("PassThru", help="Emit the cancelled call records."),
    ],
    examples=[
        E("$c = Invoke-GradioSessionApi slow 30; Stop-GradioSessionApi $c", "Cancels a slow call."),
        E("Get-GradioSessionApi | ? Status -eq running | Stop-GradioSessionApi", "Cancels every running call."),
    ],
)
def stop_gradio_session_api(inv: Invocation) -> Iterator[Any]:
    for _obj, args in inv.each():
        for item in as_list(args.Id):
            _session, call = find_call(inv, item, args.Session if "Session" in args else None)
            if call.finished:
                inv.warning(f"call {call.event_id} ({excerpt(call.api_name, 100)}) already finished: {call.status}")
            else:
                mark_cancelled(call)
            if to_bool(args.PassThru):
                yield call_view(call)


# -----------------------------------------------------------------------------------------
# gshell --connect URL
# -----------------------------------------------------------------------------------------

_SPACE_ID = r"^[A-Za-z0-9][\w.-]*/[\w.-]+$"  # `owner/name` (compiled only when --connect is used)


def connect_at_start(interp: Any, url: str) -> str | None:
    """Open the session asked for with --connect and make it the default: a Gradio app URL,
    or `owner/name` for a Hugging Face Space (opened as the session `Space:owner/name`).
    Returns a one-line problem, or None."""
    import re
    try:
        if re.match(_SPACE_ID, url):
            quoted = url.replace("'", "''")
            interp.evaluate(f"Get-HuggingFaceSpace '{quoted}' | Out-Null; "
                            f"Set-GradioSession -Default 'Space:{quoted}'")
        else:
            cli_connect(interp, url)
    except Exception as e:  # noqa: BLE001 - any failure is one line for the user
        msg = e.record.message if isinstance(e, PSError) else str(e)
        return f"gshell: --connect {url}: {msg}"
    return None


def cli_connect(interp: Any, url: str) -> Any:
    """Open ``url`` as the default session of ``interp`` (before the first statement).
    Raises the engine's error (one line) on failure."""
    mgr = sessions_of(interp)
    session = mgr.connect(url, max_calls=DEFAULT_MAX_CALLS, max_calls_policy=DEFAULT_POLICY)
    mgr.set_default(session)
    return session


__all__ = ["cli_connect", "connect_at_start", "mark_cancelled", "GRecord", "CallView"]
