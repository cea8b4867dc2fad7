"""Files inside structured values: a Gallery, chat messages, a MultimodalTextbox, an ImageEditor,
an ImageSlider, an AnnotatedImage, a 4.x/5.x Video.  The model's kind of a slot says where files
sit in its value; every file there (a local path, a URL or a FileData) is made a FileData by
``prepare`` (the session's ``prepare_file``: upload, download-and-upload, or normalise), the rest
is sent as given.  Short forms are accepted: a path alone for a Gallery item, an ImageEditor, a
Video or an AnnotatedImage; a string alone for a MultimodalTextbox.  A FileExplorer's value (paths
on the server, no upload) takes 'dir/a.py' or a list of such strings for its wire form, a list of
segment lists ([["dir", "a.py"]]).

A 'tuples' Chatbot (4.x; 5.x without ``type='messages'``) takes and gives [user, bot] pairs:
``pairs_to_messages`` and ``messages_to_pairs`` convert, so its history is messages in gshell
as on 5.x/6.x (``chat_history`` is what the session sends).

``dataframe`` (no files) turns the row forms of a Dataframe into Gradio's ``{headers, data}``:
an array of objects (headers from the property names, in order of first appearance; a missing
property is null), one object (one row), or an array of arrays (headers from the component's
``headers`` prop when the widths agree, else ``1``..``n``).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import kinds

Prepare = Callable[[Any], Any]


def _is_file_like(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, Mapping) and ("path" in value or "url" in value))


def _keys(value: Mapping[str, Any], prepare: Prepare, file_keys: tuple[str, ...],
          list_keys: tuple[str, ...] = ()) -> dict[str, Any]:
    out = dict(value)
    for key in file_keys:
        if out.get(key) is not None:
            out[key] = prepare(out[key])
    for key in list_keys:
        items = out.get(key)
        if isinstance(items, (list, tuple)):
            out[key] = [prepare(v) for v in items if v is not None]
    return out


def _gallery_item(item: Any, prepare: Prepare) -> Any:
    if isinstance(item, Mapping) and ("image" in item or "video" in item):
        return _keys(item, prepare, ("image", "video"))
    if _is_file_like(item):
        return {"image": prepare(item), "caption": None}
    if isinstance(item, (list, tuple)) and len(item) == 2 and _is_file_like(item[0]):  # (path, caption)
        return {"image": prepare(item[0]), "caption": item[1]}
    return item


def gallery(value: Any, prepare: Prepare) -> Any:
    if not isinstance(value, (list, tuple)):
        value = [value]
    return [_gallery_item(v, prepare) for v in value]


def multimodal(value: Any, prepare: Prepare) -> Any:
    if isinstance(value, str):
        return {"text": value, "files": []}
    if isinstance(value, Mapping):
        out = _keys(value, prepare, (), ("files",))
        out.setdefault("files", [])
        return out
    return value


def image_editor(value: Any, prepare: Prepare) -> Any:
    if _is_file_like(value) and not (isinstance(value, Mapping) and "background" in value):
        fd = prepare(value)
        return {"background": fd, "layers": [], "composite": fd}
    if isinstance(value, Mapping):
        return _keys(value, prepare, ("background", "composite"), ("layers",))
    return value


def image_slider(value: Any, prepare: Prepare) -> Any:
    if isinstance(value, (list, tuple)):
        return [prepare(v) if v is not None else None for v in value]
    return value


def annotated_image(value: Any, prepare: Prepare) -> Any:
    if _is_file_like(value) and not (isinstance(value, Mapping) and "image" in value):
        return {"image": prepare(value), "annotations": []}
    if isinstance(value, Mapping):
        out = _keys(value, prepare, ("image",))
        notes = out.get("annotations")
        if isinstance(notes, (list, tuple)):
            out["annotations"] = [_keys(n, prepare, ("image",)) if isinstance(n, Mapping) else n for n in notes]
        return out
    return value


def video(value: Any, prepare: Prepare) -> Any:
    if isinstance(value, Mapping) and "video" in value:
        return _keys(value, prepare, ("video", "subtitles"))
    if _is_file_like(value):
        return {"video": prepare(value), "subtitles": None}
    return value


def _content(content: Any, prepare: Prepare) -> Any:
    """A message's content: text, a file part (6.x ``{type: 'file', file}``, 5.x ``{file, alt_text}``),
    a FileData-like content ({path}), or a list of parts (6.x)."""
    if isinstance(content, Mapping):
        if content.get("type", "file") == "file" and content.get("file") is not None:
            return {**content, "file": prepare(content["file"])}
        if "path" in content or "url" in content:  # 5.x: a FileData-like content
            return prepare(content)
        return content
    if isinstance(content, (list, tuple)):
        return [_content(part, prepare) for part in content]
    return content


def chat(value: Any, prepare: Prepare) -> Any:
    """Chat messages ({role, content}); 4.x pairs ([user, bot]) whose halves may be (path,) tuples."""
    if not isinstance(value, (list, tuple)):
        return value
    out: list[Any] = []
    for msg in value:
        if isinstance(msg, Mapping) and "content" in msg:
            out.append({**msg, "content": _content(msg["content"], prepare)})
        elif isinstance(msg, (list, tuple)):
            out.append([_pair_half(h, prepare) for h in msg])
        else:
            out.append(msg)
    return out


# ----------------------------------------------------------------------------- 4.x chat pairs
def is_pairs(value: Any) -> bool:
    """A 'tuples' Chatbot history: a list of [user, bot] pairs (4.x, and 5.x without type=)."""
    return isinstance(value, (list, tuple)) and all(
        isinstance(p, (list, tuple)) and len(p) == 2 for p in value)


def pairs_to_messages(value: Any) -> list[dict[str, Any]]:
    """[[user, bot], ...] -> [{role: 'user', content: user}, {role: 'assistant', content: bot}, ...]
    (an empty half, null, makes no message)."""
    out: list[dict[str, Any]] = []
    for user, bot in value:
        for role, half in (("user", user), ("assistant", bot)):
            if half is not None:
                out.append({"role": role, "content": half})
    return out


def _halves(content: Any) -> list[Any]:
    """What a message's content is as pair halves: text, a file ({file, alt_text}), or one half
    per part of a list of parts (6.x form)."""
    if isinstance(content, Mapping):
        if content.get("type") == "text" and "text" in content:
            return [content["text"]]
        if content.get("type") == "file" and content.get("file") is not None:
            return [{"file": content["file"], "alt_text": content.get("alt_text")}]
        if "path" in content or "url" in content:          # a FileData (a result's file)
            return [{"file": content, "alt_text": None}]
        return [content]
    if isinstance(content, (list, tuple)):
        return [h for part in content for h in _halves(part)]
    return [content]


def messages_to_pairs(value: Any) -> Any:
    """Messages ({role, content}) -> [user, bot] pairs: a user message opens a pair, the next
    other message closes it (an answer with no question is [null, bot]).  Pairs given as pairs
    stay; anything else is sent as given."""
    if not isinstance(value, (list, tuple)) or not all(
            isinstance(m, Mapping) and "role" in m or isinstance(m, (list, tuple)) for m in value):
        return value
    out: list[Any] = []
    user: list[Any] = []              # the open question, if any

    def close(bot: Any) -> None:
        out.append([user.pop() if user else None, bot])

    for msg in value:
        if not isinstance(msg, Mapping):
            if user:
                close(None)
            out.append(list(msg))
            continue
        for half in _halves(msg.get("content")):
            if msg.get("role") == "user":
                if user:
                    close(None)
                user.append(half)
            else:
                close(half)
    if user:
        close(None)
    return out


def chat_history(value: Any, props: Mapping[str, Any]) -> Any:
    """A Chatbot input as its component takes it: pairs for a 'tuples' Chatbot."""
    return messages_to_pairs(value) if props.get("type") == "tuples" else value


def _pair_half(half: Any, prepare: Prepare) -> Any:
    if isinstance(half, Mapping) and ("path" in half or "file" in half):
        return _content(half, prepare) if "path" in half else {**half, "file": prepare(half["file"])}
    return half


def _is_dataframe_data(value: Any) -> bool:
    return isinstance(value, Mapping) and "headers" in value and "data" in value


def dataframe(value: Any, props: Mapping[str, Any] | None = None) -> Any:
    """A Dataframe input in Gradio's wire form ``{headers, data, metadata}`` (see the module doc);
    anything else (the wire form itself, a scalar) is sent as given."""
    if value is None or _is_dataframe_data(value):
        return value
    rows = [value] if isinstance(value, Mapping) else value
    if not isinstance(rows, (list, tuple)) or not rows:
        return value
    if all(isinstance(r, Mapping) for r in rows):
        headers: dict[str, None] = {}
        for r in rows:
            headers.update((str(k), None) for k in r)
        names = list(headers)
        cells = [{str(k): v for k, v in r.items()} for r in rows]
        return {"headers": names, "data": [[c.get(n) for n in names] for c in cells], "metadata": None}
    if all(isinstance(r, (list, tuple)) for r in rows):
        width = max(len(r) for r in rows)
        given = (props or {}).get("headers")
        names = [str(h) for h in given] if isinstance(given, list) and len(given) == width \
            else [str(i + 1) for i in range(width)]
        return {"headers": names, "data": [list(r) + [None] * (width - len(r)) for r in rows], "metadata": None}
    return value


def server_paths(value: Any, _prepare: Prepare) -> Any:
    """FileExplorer: 'dir/a.py' -> [["dir", "a.py"]]; each string of a list is one path; a list
    in the list is a path's segments already (the wire form, sent as given)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        return value
    return [[part for part in item.split("/") if part] if isinstance(item, str) else item for item in items]


SHAPERS: dict[str, Callable[[Any, Prepare], Any]] = {
    kinds.GALLERY: gallery,
    kinds.MULTIMODAL: multimodal,
    kinds.IMAGE_EDITOR: image_editor,
    kinds.IMAGE_SLIDER: image_slider,
    kinds.ANNOTATED_IMAGE: annotated_image,
    kinds.VIDEO: video,
    kinds.CHAT: chat,
    kinds.PATHS: server_paths,
}


def shape(kind: str, value: Any, prepare: Prepare) -> Any:
    """``value`` of a slot of ``kind`` with every file in it prepared (unchanged for other kinds)."""
    if value is None:
        return None
    shaper = SHAPERS.get(kind)
    return shaper(value, prepare) if shaper is not None else value
