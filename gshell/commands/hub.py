"""Hugging Face Hub cmdlets (PowerShAI's huggingface.ps1, "Hugging Face cmdlets"): spaces (and
their Gradio sessions), models, whoami, the token.  HTTP lives in ``gshell.hub``."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from gshell import hub as hubapi  # lazy: httpx is imported on first use
from gshell import secrets
from gshell.commands import gradio_views as gv
from gshell.commands._common import E, P, S, as_list, to_bool, to_str
from gshell.display import one_line
from gshell.runtime.registry import Invocation, command
from gshell.runtime.values import CIDict, Hashtable, Record, from_json

MODULE = "gshell.HuggingFace"
SPACE_TYPE = "HuggingFaceSpace"
RUNNING = "RUNNING"
#: stages that will not become RUNNING by waiting
FAILED_STAGES = ("RUNTIME_ERROR", "BUILD_ERROR", "CONFIG_ERROR", "NO_APP_FILE", "PAUSED", "DELETING")
DEFAULT_WAIT_TIMEOUT = 300.0
TOKEN_HELP = ("A token for this command only ('public': none). Default: Set-HuggingFaceToken / HF_TOKEN / "
              "the token file.")


def _client(inv: Invocation, token: Any = None) -> hubapi.HubClient:
    tok = to_str(token) if token not in (None, "") else None
    return hubapi.HubClient(token=tok)


def _fail(inv: Invocation, exc: hubapi.HubError) -> Exception:
    category = {401: "PermissionDenied", 403: "PermissionDenied", 404: "ObjectNotFound"}.get(exc.status or 0,
                                                                                             "ConnectionError")
    return inv.fail(secrets.mask(str(exc)), category=category)


def _get(inv: Invocation, client: hubapi.HubClient, endpoint: str, params: dict[str, Any] | None = None) -> Any:
    try:
        return client.get_json(endpoint, params)
    except hubapi.HubError as exc:
        raise _fail(inv, exc) from None


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


# =========================================================================================
# Spaces
# =========================================================================================


def _is_space(value: Any) -> bool:
    return isinstance(value, Record) and value.type_name == SPACE_TYPE


def stage_of(space: Any) -> str:
    runtime = space.get("runtime") if isinstance(space, CIDict) else None
    stage = runtime.get("stage") if isinstance(runtime, CIDict) else None
    return one_line(to_str(stage), 80) if stage else "UNKNOWN"   # server text in one-line warnings


def space_id(value: Any) -> str:
    if isinstance(value, CIDict):
        return to_str(value.get("id") or "")
    return to_str(value).strip().strip("/")


def _space_url_id(value: str) -> str:
    """`https://huggingface.co/spaces/owner/name` -> `owner/name`."""
    for marker in ("/spaces/",):
        if marker in value:
            value = value.split(marker, 1)[1]
    return "/".join(value.strip("/").split("/")[:2])


def fetch_space(inv: Invocation, client: hubapi.HubClient, value: Any) -> Record:
    """A space record (type HuggingFaceSpace) with a `control` table, from an id or a record."""
    if _is_space(value) and value.get("host"):
        return value
    sid = _space_url_id(space_id(value))
    if sid.count("/") != 1:
        raise inv.fail(f"'{sid}' is not a space id: use owner/name.", category="InvalidArgument")
    data = _get(inv, client, f"spaces/{sid}", {"full": True})
    rec = from_json(data)
    if not isinstance(rec, Record):
        raise inv.fail(f"The Hub answered something unexpected for space {sid}.", category="InvalidResult")
    out = Record(rec.items(), type_name=SPACE_TYPE)
    out["control"] = Hashtable([("GradioSession", None)])
    return out


def sdk_major(space: Record) -> int:
    card = space.get("cardData")
    version = card.get("sdk_version") if isinstance(card, CIDict) else None
    try:
        return int(to_str(version).split(".")[0]) if version else 0
    except ValueError:
        return 0


def server_root(space: Record, explicit: Any) -> str:
    """PowerShAI's rule: 'gradio_api' for Gradio >= 5.  gshell finds the API prefix itself from
    /config, so the root is used only when given explicitly."""
    if explicit not in (None, ""):
        return to_str(explicit).strip("/")
    return ""


def session_name(space: Record) -> str:
    return f"Space:{space_id(space)}"


def not_running_message(space: Record) -> str:
    sid, stage = space_id(space), stage_of(space)
    if stage in FAILED_STAGES:
        return f"Space {sid} is {stage}: it will not answer until its owner fixes or restarts it."
    return (f"Space {sid} is {stage}, not RUNNING: wake it with Start-HuggingFaceSpace {sid} or wait with "
            f"Wait-HuggingFaceSpace {sid} -Timeout 300.")


def connect_space(inv: Invocation, space: Record, *, force: bool, root: Any, token: Any) -> Any:
    """Open (or reuse) the Gradio session `Space:<id>` on the space's host; returns the engine session."""
    if to_str(space.get("sdk") or "").casefold() != "gradio":
        raise inv.fail(f"Space {space_id(space)} is not a Gradio space (sdk: {to_str(space.get('sdk'))}).",
                       category="InvalidOperation")
    if stage_of(space) != RUNNING:
        raise inv.fail(not_running_message(space), category="ResourceUnavailable")
    host = to_str(space.get("host") or "").rstrip("/")
    if not host:
        raise inv.fail(f"The Hub gave no host for space {space_id(space)}.", category="InvalidResult")
    mgr = gv.sessions_of(inv.runtime)
    name = session_name(space)
    control = space.get("control")
    try:
        existing = mgr.get(name)
    except Exception:  # noqa: BLE001 - not connected yet
        existing = None
    if existing is not None and not force:
        inv.verbose(f"session {name} already open")
    else:
        sub = server_root(space, root)
        url = f"{host}/{sub}" if sub else host
        tok = to_str(token) if token not in (None, "") else None
        try:
            # the ambient token goes to the Space only when the Hub reports it private
            existing = mgr.connect(url, name=name, force=True, token=tok, trace=gv.trace_sink(inv),
                                   warn=inv.warning, max_calls=gv.DEFAULT_MAX_CALLS,
                                   max_calls_policy=gv.DEFAULT_POLICY,
                                   private_space=space.get("private") is True)
        except Exception as exc:  # noqa: BLE001
            if gv.is_engine_error(exc):
                raise gv.fail(inv, exc) from None
            raise
    if isinstance(control, CIDict):
        control["GradioSession"] = name
    return existing


@command(
    "Get-HuggingFaceSpace",
    aliases=("Get-HfSpace",),
    module=MODULE,
    synopsis="Gets a Hugging Face space (and opens a Gradio session on it when it runs Gradio).",
    description=(
        "GET {HF_ENDPOINT}/api/spaces/<owner/name>?full=true. For a RUNNING Gradio space a session named "
        "'Space:<owner/name>' is opened on its host (reused if already open) unless -NoGradioSession; the "
        "session cmdlets also accept the space object itself (-Session $space). A sleeping, building or "
        "failed space is returned with a warning that says what to do (Start-/Wait-HuggingFaceSpace). "
        "-Author / -My list spaces instead."),
    params=[
        P("Space", "object", 0, from_pipeline=True, sets=("Single",),
          help="owner/name, a space URL or a space object."),
        P("Author", "string", sets=("Multiple",), help="List this author's spaces."),
        S("My", sets=("Multiple",), help="List the spaces of the token's user (needs a token)."),
        S("NoGradioSession", help="Do not open a Gradio session."),
        P("GradioServerRoot", "string", help="A sub-path of the host where the Gradio app answers "
                                             "(default: the host itself; gshell finds /gradio_api by itself)."),
        P("Token", "string", sensitive=True, help=TOKEN_HELP),
    ],
    examples=[E("$space = Get-HuggingFaceSpace rrg92/diffusers-labs", "Gets the space and connects its Gradio app."),
              E("Get-HfSpace -Author rrg92 | select id, likes", "Lists an author's spaces."),
              E("Get-HfSpace owner/app | Set-GradioSession -Default; New-GradioSessionApiProxyFunction",
                "Makes proxy functions for a space.")],
)
def get_space(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    client = _client(inv, args.Token)
    author = args.Author
    if to_bool(args.My):
        me = from_json(_get(inv, client, "whoami-v2"))
        author = me.get("name") if isinstance(me, CIDict) else None
    if author:
        for item in _items(_get(inv, client, "spaces", {"author": to_str(author)})):
            rec = from_json(item)
            yield Record(rec.items(), type_name=SPACE_TYPE) if isinstance(rec, Record) else rec
        return
    for _, bound in inv.each():
        for value in as_list(bound.Space):
            space = fetch_space(inv, client, value)
            is_gradio = to_str(space.get("sdk") or "").casefold() == "gradio"
            if is_gradio and stage_of(space) != RUNNING:
                inv.warning(not_running_message(space))
            elif is_gradio and not to_bool(args.NoGradioSession):
                try:
                    connect_space(inv, space, force=False, root=args.GradioServerRoot, token=args.Token)
                except Exception as exc:  # noqa: BLE001 - PowerShAI warns and still returns the space
                    msg = exc.record.message if hasattr(exc, "record") else str(exc)
                    inv.warning(f"Could not connect the Gradio app of {space_id(space)}: {secrets.mask(msg)} "
                                "(retry with Connect-HuggingFaceSpaceGradio).")
            yield space
        if bound.Space is None:
            raise inv.fail("Get-HuggingFaceSpace: give a space (owner/name), -Author or -My.",
                           category="InvalidArgument")


@command(
    "Connect-HuggingFaceSpaceGradio",
    aliases=("Connect-HfSpaceGradio",),
    module=MODULE,
    synopsis="Opens a Gradio session named 'Space:<owner/name>' on a running Gradio space.",
    params=[
        P("Space", "object", 0, from_pipeline=True, mandatory=True, help="owner/name or a space object."),
        S("Force", help="Reconnect even if the session exists."),
        P("ServerRoot", "string", aliases=("GradioServerRoot",), help="A sub-path of the host (rarely needed)."),
        P("Token", "string", sensitive=True, help=TOKEN_HELP + " Given here, it is also the session's token."),
    ],
    examples=[E("Connect-HfSpaceGradio owner/app", "Opens (or returns) the session Space:owner/app.")],
)
def connect_space_cmd(inv: Invocation) -> Iterator[Any]:
    client = _client(inv, inv.args.Token)
    for _, bound in inv.each():
        for value in as_list(bound.Space):
            space = fetch_space(inv, client, value)
            session = connect_space(inv, space, force=to_bool(bound.Force), root=bound.ServerRoot,
                                    token=bound.Token)
            yield gv.session_view(session)


@command(
    "Start-HuggingFaceSpace",
    module=MODULE,
    synopsis="Wakes a sleeping space with a request to its host (a HEAD, as PowerShAI does).",
    params=[P("Space", "object", 0, from_pipeline=True, mandatory=True, help="owner/name or a space object."),
            P("Token", "string", sensitive=True, help=TOKEN_HELP),
            P("TimeoutSec", "float", default=5.0, help="How long to wait for the host's answer (seconds).")],
    examples=[E("Start-HuggingFaceSpace owner/app; Wait-HuggingFaceSpace owner/app -Timeout 300",
                "Wakes a space and waits until it runs.")],
)
def start_space(inv: Invocation) -> Iterator[Any]:
    client = _client(inv, inv.args.Token)
    for _, bound in inv.each():
        for value in as_list(bound.Space):
            space = fetch_space(inv, client, space_id(value) if _is_space(value) else value)
            host = to_str(space.get("host") or "")
            if not host:
                inv.warning(f"Start failed: the Hub gave no host for {space_id(space)}.")
                continue
            try:
                status = client.touch(host, timeout=float(bound.TimeoutSec or 5.0))
            except hubapi.HubError as exc:
                inv.warning(f"Start failed: {exc}")
                continue
            if status is None:
                inv.verbose(f"{host}: no answer within the timeout (the space is probably starting)")
            elif status not in (200, 206):
                inv.warning(f"Start failed: {host} answered HTTP {status}.")
            else:
                inv.verbose(f"{host}: HTTP {status}")
    return
    yield  # pragma: no cover


@command(
    "Wait-HuggingFaceSpace",
    aliases=("Wait-HfSpace",),
    module=MODULE,
    synopsis="Waits until a space is RUNNING (waking it first); $true when it runs, $false on timeout.",
    description=("Polls the Hub every -SleepTime ms. A stage change is reported as a warning. A failed stage "
                 f"({', '.join(FAILED_STAGES)}) ends the wait at once with $false and a warning. "
                 f"-Timeout defaults to {DEFAULT_WAIT_TIMEOUT:g} s (PowerShAI waits forever)."),
    params=[P("Space", "object", 0, from_pipeline=True, mandatory=True, help="owner/name or a space object."),
            P("Timeout", "float", default=DEFAULT_WAIT_TIMEOUT, help="Seconds to wait at most."),
            P("SleepTime", "int", default=5000, help="Milliseconds between two checks."),
            S("NoStatus", help="Do not report stage changes."),
            S("NoStart", help="Only wait: do not send the wake-up request."),
            P("Token", "string", sensitive=True, help=TOKEN_HELP)],
    examples=[E("if (Wait-HfSpace owner/app -Timeout 120) { Get-HfSpace owner/app }", "Waits, then connects.")],
)
def wait_space(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    client = _client(inv, args.Token)
    timeout = float(args.Timeout) if args.Timeout is not None else DEFAULT_WAIT_TIMEOUT
    sleep = max(float(args.SleepTime or 0) / 1000.0, 0.05)
    quiet = to_bool(args.NoStatus)
    for _, bound in inv.each():
        for value in as_list(bound.Space):
            yield _wait_one(inv, client, value, timeout, sleep, quiet, to_bool(args.NoStart))


def _wait_one(inv: Invocation, client: hubapi.HubClient, value: Any, timeout: float, sleep: float, quiet: bool,
              no_start: bool) -> bool:
    sid = space_id(value)
    last = stage_of(value) if _is_space(value) else None
    if last == RUNNING:
        return True
    started = no_start
    deadline = time.monotonic() + timeout
    while True:
        space = fetch_space(inv, client, sid)
        stage = stage_of(space)
        if stage != last and not quiet:
            inv.warning(f"Space {sid}: stage {stage}")
        last = stage
        if stage == RUNNING:
            return True
        if stage in FAILED_STAGES:
            inv.warning(not_running_message(space))
            return False
        if not started:
            started = True
            host = to_str(space.get("host") or "")
            if host:
                try:
                    client.touch(host, timeout=min(5.0, max(timeout, 0.1)))
                except hubapi.HubError as exc:
                    inv.verbose(f"wake-up request failed: {exc}")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            if not quiet:
                inv.warning(f"Space {sid} is still {stage} after {timeout:g} s.")
            return False
        time.sleep(min(sleep, remaining))


# =========================================================================================
# Hub API, whoami, token, models
# =========================================================================================


def hub_params(args: Any) -> dict[str, Any]:
    """PowerShAI's Invoke-HuggingFaceHub mapping of parameters to the query string."""
    params: dict[str, Any] = {}
    for name in ("search", "author", "filter", "direction", "limit", "sort"):
        value = args.get(name)
        if value not in (None, "", []):
            params[name] = value
    if "sort" not in params and to_bool(args.get("Desc")):
        params["sort"] = -1
    if to_bool(args.get("Full")):
        params["full"] = True
    if to_bool(args.get("Config")):
        params["config"] = True
    raw = args.get("RawParams")
    if isinstance(raw, CIDict):
        for k, v in raw.items():
            params[str(k)] = gv.from_value(v)
    return params


@command(
    "Invoke-HuggingFaceHub",
    aliases=("Invoke-HfHub",),
    module=MODULE,
    synopsis="Calls a Hub API endpoint: GET {HF_ENDPOINT}/api/<endpoint> with query parameters.",
    params=[
        P("Endpoint", "string", 0, mandatory=True, help="The API path after /api/ (models, spaces/owner/name, ...)."),
        P("Search", "string", help="search="), P("Author", "string", help="author="),
        P("Filter", "object", help="filter= (several allowed)"), P("Direction", "object", help="direction= (-1: "
                                                                                               "descending)"),
        P("Limit", "int", help="limit="), P("Sort", "string", help="sort= (downloads, likes, lastModified, ...)"),
        S("Desc", help="sort=-1 when -Sort is not given (as PowerShAI does)."),
        S("Full", help="full=true"), S("Config", help="config=true"),
        P("RawParams", "hashtable", help="More query parameters (they win over the others)."),
        S("Public", help="Send no token."),
        P("Token", "string", sensitive=True, help=TOKEN_HELP),
    ],
    examples=[E('Invoke-HuggingFaceHub "models" -limit 5 -author meta-llama -sort downloads -direction -1',
                "The five most downloaded models of an author.")],
)
def invoke_hub(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    client = _client(inv, "public" if to_bool(args.Public) else args.Token)
    result = _get(inv, client, to_str(args.Endpoint).strip().lstrip("/"), hub_params(args))
    yield from _items(from_json(result)) if isinstance(result, list) else [from_json(result)]


@command(
    "Get-HuggingFaceWhoami",
    aliases=("Get-HfWhoami", "Get-HfMe"),
    module=MODULE,
    synopsis="The user of the current token (GET /api/whoami-v2).",
    params=[P("Token", "string", 0, sensitive=True, help="Check this token instead of the current one.")],
    examples=[E("(Get-HfMe).name", "The user name.")],
)
def whoami(inv: Invocation) -> Iterator[Any]:
    client = _client(inv, inv.args.Token)
    if not client.has_token:
        raise inv.fail("No Hugging Face token: set one with Set-HuggingFaceToken (or HF_TOKEN).",
                       category="PermissionDenied")
    yield from_json(_get(inv, client, "whoami-v2"))


@command(
    "Set-HuggingFaceToken",
    aliases=("Set-HfToken",),
    module=MODULE,
    synopsis="Sets the Hugging Face token for this gshell process (validated with whoami); -Save stores it.",
    description=("Without -Token it asks for the token without echo (interactive only). The token is checked "
                 "with GET /api/whoami-v2, then kept for the process as HF_TOKEN: it is sent only to Hugging Face "
                 "origins (huggingface.co, HF_ENDPOINT, private or trusted *.hf.space Spaces). -Save also writes the "
                 "huggingface_hub token file ($HF_HOME/token) with mode 0600, after a confirmation (docs/security.md). "
                 "The token never appears in any output."),
    params=[P("Token", "string", 0, sensitive=True,
              help="The token (prefer the prompt: command lines may be kept in history)."),
            S("Save", help="Also write the huggingface_hub token file (mode 0600).")],
    examples=[E("Set-HuggingFaceToken", "Asks for the token without echo."),
              E("Set-HfToken $env:MY_TOKEN -Save", "Sets and saves a token.")],
)
def set_token(inv: Invocation) -> Iterator[Any]:
    token = to_str(inv.args.Token).strip() if inv.args.Token not in (None, "") else ""
    if not token:
        from gshell.commands.misc import read_line
        token = read_line(inv, "Hugging Face access token: ", secret=True).strip()
    if not token:
        raise inv.fail("No token given.", category="InvalidArgument")
    secrets.register(token)
    client = hubapi.HubClient(token=token)
    try:
        me = client.whoami()
    except hubapi.HubError as exc:
        if exc.status == 401:
            raise inv.fail("INVALID_TOKEN: the Hub refused this token (401).", category="PermissionDenied") from None
        raise _fail(inv, exc) from None
    hubapi.set_process_token(token)
    user = me.get("name") if isinstance(me, dict) else None
    inv.write_host(f"Token set{f' (user {user})' if user else ''}.", color="Green")
    if to_bool(inv.args.Save):
        from gshell.writeguard import WriteRefused
        try:
            path = hubapi.save_token(token)
        except WriteRefused as exc:
            raise inv.fail(str(exc), category="PermissionDenied") from None
        inv.write_host(f"Token saved to {path} (mode 0600).")
    return
    yield  # pragma: no cover


def _model_record(data: Any, type_name: str) -> Any:
    rec = from_json(data)
    return Record(rec.items(), type_name=type_name) if isinstance(rec, Record) else rec


@command(
    "Get-HuggingFaceModel",
    aliases=("Get-HfModel",),
    module=MODULE,
    synopsis="Gets a model's information (GET /api/models/<owner/name>?full=true).",
    params=[P("Model", "string", 0, mandatory=True, from_pipeline=True, help="owner/name"),
            P("Token", "string", sensitive=True, help=TOKEN_HELP)],
    examples=[E("Get-HfModel openai-community/gpt2 | select id, downloads, pipeline_tag", "A model's main facts.")],
)
def get_model(inv: Invocation) -> Iterator[Any]:
    client = _client(inv, inv.args.Token)
    for _, bound in inv.each():
        for model in as_list(bound.Model):
            mid = to_str(model.get("id") if isinstance(model, CIDict) else model).strip("/")
            yield _model_record(_get(inv, client, f"models/{mid}", {"full": True}), "HuggingFaceModel")


@command(
    "Find-HuggingFaceModel",
    module=MODULE,
    synopsis="Searches models (GET /api/models?search=&author=&filter=&sort=&direction=&limit=).",
    params=[P("Search", "string", 0, help="Text in the model id."), P("Author", "string", help="Only this author."),
            P("Filter", "object", help="Tags (e.g. text-generation)."),
            P("Sort", "string", default="downloads", help="downloads, likes, lastModified, ..."),
            P("Direction", "int", default=-1, help="-1 descending, 1 ascending."),
            P("Limit", "int", default=20, help="At most this many."),
            S("Full", help="Full records."), P("Token", "string", sensitive=True, help=TOKEN_HELP)],
    examples=[E("Find-HuggingFaceModel llama -Limit 5 | select id, downloads", "Five models matching 'llama'.")],
)
def find_model(inv: Invocation) -> Iterator[Any]:
    args = inv.args
    client = _client(inv, args.Token)
    params = hub_params(args)
    for item in _items(_get(inv, client, "models", params)):
        yield _model_record(item, "HuggingFaceModelInfo")


gv.register_table_views({
    SPACE_TYPE: ("id", "sdk", "private", "host"),
    "HuggingFaceModelInfo": ("id", "downloads", "likes", "pipeline_tag"),
})
