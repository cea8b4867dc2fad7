"""Every component of tests/apps/components.py called with gradio_client (the reference) and with
gshell by name, by position and through a proxy function, on gradio 6.x, 5.x and 4.x: the JSON
gshell sends must equal gradio_client's, the decoded result its result, the error text its
AppError's.  Known differences are strict xfails with the reason (conformance_cases.KNOWN)."""
from __future__ import annotations

from typing import Any

import pytest
from conformance_cases import CASES, known_failure
from conformance_lib import (
    Case,
    chat_form,
    dataframe_form,
    first_diff,
    for_client,
    normal_client,
    normal_gshell,
    ps_literal,
    recorded,
    sent_data,
    strict,
)

from gshell.commands.gradio_views import from_value
from gshell.commands.proxy_names import clean_name
from gshell.runtime.errors import PSError

MODES = ("name", "position", "proxy")
MAJORS = ["6.31.0", "5.50.0", "4.44.1"]  # the server majors of tests/conftest.py


def _returns(gshell, api: str) -> int:
    info = gshell.session.info()
    return len(info["named_endpoints"]["/" + api]["returns"])


def call_reference(reference, server, case: Case, assets) -> tuple[Any, Any]:
    """(data sent, result as a list of outputs | ('error', text))."""
    from gradio_client.exceptions import AppError
    recorded(server.base)  # forget earlier requests
    args = [for_client(a, assets) for a in case.client_args]
    try:
        result = reference.client.predict(*args, api_name="/" + case.api)
    except AppError as exc:
        return sent_data(server.base), ("error", str(exc))
    n_out = len(reference.client.view_api(print_info=False, return_format="dict")
                ["named_endpoints"]["/" + case.api]["returns"])
    outputs = [] if n_out == 0 else [result] if n_out == 1 else list(result)
    return sent_data(server.base), normal_client(outputs, reference.download)


def gshell_command(gshell, case: Case, mode: str, assets) -> str:
    info = gshell.session.info()["named_endpoints"]["/" + case.api]
    names = [p["parameter_name"] for p in info["parameters"]]
    args = case.args
    lits = [ps_literal(a, assets) for a in args]
    if mode == "name":
        params = "@{" + "; ".join(f"'{n}' = {v}" for n, v in zip(names, lits, strict=True)) + "}"
        return f"Invoke-GradioSessionApi {case.api} {params} -Session comp | Update-GradioSessionApiResult"
    if mode == "position":
        if len(lits) == 1 and isinstance(args[0], list):
            params = f"(,{lits[0]})"  # one array parameter: keep it one element
        else:
            params = "@(" + ", ".join(lits) + ")"
        return f"Invoke-GradioSessionApi {case.api} {params} -Session comp | Update-GradioSessionApiResult"
    proxy = gshell.proxies[case.api]  # its parameters are PowerShAI's names: max_tokens is -MaxTokens
    return proxy + "".join(f" -{clean_name(n)} ({v})" for n, v in zip(names, lits, strict=True))


def call_gshell(gshell, server, case: Case, mode: str, assets) -> tuple[Any, Any]:
    recorded(server.base)
    src = gshell_command(gshell, case, mode, assets)
    err0 = len(gshell.sh.host.err)
    try:
        events = gshell.sh.ev(src)
    except PSError as exc:
        return _sent_or_not(server), ("error", exc.record.message)
    if not events:  # a non-terminating error
        return _sent_or_not(server), ("error", gshell.sh.host.err[err0:].strip())
    last = from_value(events[-1])
    if last["event"] == "error":
        return sent_data(server.base), ("error", (last["data"] or {}).get("error"))
    assert last["event"] == "complete", last
    return sent_data(server.base), normal_gshell(last["data"], gshell.fetch)


def _sent_or_not(server) -> Any:
    bodies = recorded(server.base)
    return bodies[0]["body"].get("data") if len(bodies) == 1 else ["not sent"]


def _comparable(result: Any, components: list[str]) -> Any:
    """Dataframe outputs by headers and rows (gshell's are arrays of objects); a 4.x Chatbot's
    [user, bot] pairs as the messages gshell gives."""
    forms = {"Dataframe": dataframe_form, "Chatbot": chat_form}
    if isinstance(result, list) and len(result) == len(components):
        return [forms[c](r) if c in forms else r for r, c in zip(result, components, strict=True)]
    return result


def _components(gshell, api: str) -> list[str]:
    return [r.get("component") for r in gshell.session.info()["named_endpoints"]["/" + api]["returns"]]


_REFERENCE_RESULTS: dict[tuple[str, str], tuple[Any, Any]] = {}


def _params() -> list[Any]:
    out = []
    for version in MAJORS:
        major = int(version.split(".")[0])
        for case in CASES:
            if major not in case.majors:
                continue  # this major has no such component
            for mode in case.modes:
                reason = known_failure(case, mode, major)
                marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
                out.append(pytest.param(version, case, mode, marks=marks,
                                        id=f"gradio{major}-{case.case_id}-{mode}"))
    return out


@pytest.mark.parametrize(("version", "case", "mode"), _params())
def test_component(version: str, case: Case, mode: str, server_for, reference_for, gshell_for, assets):
    server = server_for(version)
    reference, gshell = reference_for(server), gshell_for(server)
    key = (version, case.case_id)
    if case.stateful or key not in _REFERENCE_RESULTS:  # gradio_client is slow: once per case
        _REFERENCE_RESULTS[key] = call_reference(reference, server, case, assets)
    ref_sent, ref_result = _REFERENCE_RESULTS[key]
    assert (isinstance(ref_result, tuple) and ref_result[0] == "error") == case.error, ref_result
    gs_sent, gs_result = call_gshell(gshell, server, case, mode, assets)
    sent_diff = first_diff(strict(gs_sent), strict(ref_sent))
    assert not sent_diff, f"sent JSON differs: {sent_diff}"
    components = _components(gshell, case.api)
    result_diff = first_diff(_comparable(gs_result, components), _comparable(ref_result, components))
    assert not result_diff, f"decoded result differs: {result_diff}"
