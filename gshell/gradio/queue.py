"""The queue protocol's messages, translated into the events of the /call route.

On 4.x and 5.x a call goes through ``/queue/join`` + ``/queue/data`` (see plan.py); its stream
is ``data:`` lines, each a JSON message ``{"msg": ..., "event_id": ..., ...}``.  ``QueueReader``
turns them into the /call events gshell shows everywhere (``generating``, ``complete``,
``error``, ``heartbeat``) so that scripts and Update-* output do not depend on the protocol:

- ``process_generating``: the first carries the full outputs, the next ones *diffs*
  (``[[action, path, value], ...]`` per output, actions replace/append/add/delete); the
  reader applies them and emits ``generating`` with the full current outputs.
- ``process_completed``: ``complete`` with ``output.data`` when ``success``, else ``error``
  with the error object (``{"error": text|null, "title": ...}``).
- ``heartbeat`` -> ``heartbeat``; ``close_stream`` ends the stream; ``unexpected_error`` and
  ``server_stopped`` -> ``error``.  Queue position, progress and log messages are dropped (the
  /call route drops them too).  A message of another event id is ignored.
"""
from __future__ import annotations

import copy
from typing import Any

from .errors import ProtocolError

#: a translated event: (name, data); None means "nothing to emit"; END means the stream ended
END = ("", None)
_SKIPPED = frozenset({"estimation", "process_starts", "progress", "log", "send_data", "send_hash"})


class QueueReader:
    """Stateful translation of one call's queue messages (the diff base lives here)."""

    def __init__(self, event_id: str | None = None, name: str = "") -> None:
        self.event_id = event_id
        self.name = name
        self._outputs: list[Any] | None = None

    def translate(self, msg: Any) -> tuple[str, Any] | None:
        """The /call event for one parsed ``data:`` message (see the module docstring)."""
        if not isinstance(msg, dict):
            raise ProtocolError(f"{self.name}: the queue sent a message that is not an object", endpoint=self.name)
        kind = msg.get("msg")
        eid = msg.get("event_id")
        if eid is not None and self.event_id is not None and eid != self.event_id and kind != "heartbeat":
            return None
        if kind == "heartbeat":
            return "heartbeat", None
        if kind == "close_stream":
            return END
        if kind == "process_generating":
            return "generating", self._generating(msg.get("output"))
        if kind == "process_completed":
            output = msg.get("output")
            if msg.get("success", True) is False:
                return "error", output if isinstance(output, dict) else {"error": None}
            data = output.get("data") if isinstance(output, dict) else None
            return "complete", data
        if kind == "unexpected_error":
            return "error", {"error": msg.get("message"), "title": "Unexpected error"}
        if kind == "server_stopped":
            return "error", {"error": "the server stopped", "title": "Server stopped"}
        if kind in _SKIPPED:
            return None
        return None  # an unknown message: the /call route would not show it either

    def _generating(self, output: Any) -> Any:
        data = output.get("data") if isinstance(output, dict) else None
        if not isinstance(data, list):
            return data
        if self._outputs is None:
            self._outputs = copy.deepcopy(data)
            return data
        for i, diff in enumerate(data):
            while i >= len(self._outputs):
                self._outputs.append(None)
            self._outputs[i] = apply_diff(self._outputs[i], diff, self.name)
        return copy.deepcopy(self._outputs)


def apply_diff(value: Any, diff: Any, name: str = "") -> Any:
    """Apply one output's diff (a list of [action, path, new]) to ``value``; a diff that does
    not fit (a hostile or confused server) is a ProtocolError, never a crash."""
    if not isinstance(diff, list):
        raise ProtocolError(f"{name}: the queue sent a malformed update", endpoint=name)
    out = copy.deepcopy(value)
    try:
        for op in diff:
            action, path, new = op
            out = _edit(out, list(path), action, new)
    except (TypeError, ValueError, KeyError, IndexError) as exc:
        raise ProtocolError(f"{name}: the queue sent an update that does not apply ({type(exc).__name__})",
                            endpoint=name) from None
    return out


def _edit(target: Any, path: list[Any], action: str, new: Any) -> Any:
    if not path:
        if action == "replace":
            return new
        if action == "append":
            return target + new
        raise ValueError(action)
    cur = target
    for key in path[:-1]:
        cur = cur[key]
    last = path[-1]
    if action == "replace":
        cur[last] = new
    elif action == "append":
        cur[last] += new
    elif action == "add":
        if isinstance(cur, list):
            cur.insert(int(last), new)
        else:
            cur[last] = new
    elif action == "delete":
        del cur[int(last) if isinstance(cur, list) else last]
    else:
        raise ValueError(action)
    return target
