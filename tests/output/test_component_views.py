"""Component values and their views, without a server: the Dataframe forms an input accepts
(gradio/shapes.py), the shapes of results by output kind (commands/gradio_values.py) and how they
are displayed (commands/gradio_display.py, runtime/out_default.py)."""
from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from gshell.commands import gradio_views  # noqa: F401 - registers the views
from gshell.commands.gradio_values import GRecord, column_names, from_value, result_data, to_value
from gshell.gradio import shapes
from gshell.runtime.out_default import Formatter, render

OUTPUTS = [SimpleNamespace(kind=k) for k in ("dataframe", "label", "chat", "highlighted_text", "text")]
FILE = {"path": "/tmp/x/red.png", "orig_name": "red.png", "size": 1234, "meta": {"_type": "gradio.FileData"}}
DATA = [
    {"headers": ["name", "age", ""], "data": [["ada", 36, 1], ["alan", 41, 2]], "metadata": None},
    {"label": "cat", "confidences": [{"label": "dog", "confidence": 0.25}, {"label": "cat", "confidence": 0.75}]},
    [{"role": "user", "content": [{"type": "text", "text": "hi\nthere"}, {"type": "file", "file": FILE}]},
     {"role": "assistant", "content": "hello \x1b]0;t\x07", "metadata": {"title": "thinking"}}],
    [{"token": "The ", "class_or_confidence": None}, {"token": "cat", "class_or_confidence": "animal"}],
    "plain",
]


def test_dataframe_inputs_become_headers_and_rows():
    assert shapes.dataframe([{"a": 1, "b": 2}, {"b": 3, "c": 4}]) == \
        {"headers": ["a", "b", "c"], "data": [[1, 2, None], [None, 3, 4]], "metadata": None}
    assert shapes.dataframe({"a": 1}) == {"headers": ["a"], "data": [[1]], "metadata": None}
    assert shapes.dataframe([[1, 2], [3]], {"headers": ["x", "y"]}) == \
        {"headers": ["x", "y"], "data": [[1, 2], [3, None]], "metadata": None}
    assert shapes.dataframe([[1, 2]], {"headers": ["x"]})["headers"] == ["1", "2"]
    wire = {"headers": ["a"], "data": [[1]]}
    assert shapes.dataframe(wire) is wire and shapes.dataframe("text") == "text" and shapes.dataframe([]) == []


def test_results_are_shaped_by_output_kind():
    df, label, chat, tokens, text = result_data(DATA, OUTPUTS, None)
    assert [r.type_name for r in df] == ["GradioDataFrameRow"] * 2
    assert [list(r.keys()) for r in df] == [["name", "age", "H3"]] * 2
    assert label.type_name == "GradioLabel" and label["confidences"][0].type_name == "GradioLabelConfidence"
    assert [m.type_name for m in chat] == ["GradioChatMessage"] * 2
    assert [t.type_name for t in tokens] == ["GradioHighlightedToken"] * 2
    assert text == "plain"
    # the values convert back to the server's JSON (the Dataframe to its rows)
    assert from_value(label) == DATA[1] and from_value(chat) == DATA[2] and from_value(tokens) == DATA[3]
    assert from_value(df) == [{"name": "ada", "age": 36, "H3": 1}, {"name": "alan", "age": 41, "H3": 2}]
    # anything that does not line up with the outputs is plain JSON
    assert result_data(["a"], OUTPUTS, None) == ["a"]
    assert result_data([{"headers": 1}], OUTPUTS[:1], None)[0]["headers"] == 1
    assert from_value(datetime(2024, 5, 6, 7, 8, 9)) == "2024-05-06 07:08:09"


def test_column_names_are_unique_and_never_empty():
    assert column_names(["a", "", "A", None, "b", "a"]) == ["a", "H2", "A_3", "H4", "b", "a_6"]


def test_views():
    df, label, chat, tokens, _ = result_data(DATA, OUTPUTS, None)
    assert render(df, width=80).split("\n")[1:5] == ["name age H3", "---- --- --", "ada   36  1", "alan  41  2"]
    assert render([label], width=80).split("\n")[1:4] == [
        "cat", "  cat   75.0% " + "\u2588" * 15, "  dog   25.0% " + "\u2588" * 5]
    lines = render(chat, width=80).split("\n")[1:5]
    assert lines == ["user: hi", "      there", "      [file red.png (1.2 kB)]",
                     "assistant: (thinking) hello \x1b]0;t\x07"]   # the host sanitizes what it writes
    assert render(tokens, width=80).split("\n")[1:5] == ["token class_or_confidence", "----- -------------------",
                                                        "The", "cat   animal"]


def _complete(data: list) -> GRecord:
    return GRecord([("num", 1), ("ts", datetime(2024, 1, 2)), ("event", "complete"), ("data", data)],
                   type_name="GradioApiEventResult")


def _shown_at_the_prompt(*events: GRecord) -> list[str]:
    """What one prompt's formatter (views on) prints for each event, in turn."""
    out: list[str] = []
    fmt = Formatter(out.append, width=100, delay=None, hints=True)
    texts = []
    for ev in events:
        fmt.push(ev)
        fmt.flush()
        texts.append("".join(out))
        out.clear()
    return texts


def test_the_prompt_shows_views_after_a_complete_event():
    data = result_data(DATA, OUTPUTS, None)
    ev = _complete(data)
    text, generating = _shown_at_the_prompt(
        ev, GRecord([("num", 1), ("event", "generating"), ("data", data)], type_name="GradioApiEventResult"))
    assert text.index("complete") < text.index("data[0]:") < text.index("data[1]:") < text.index("data[2]:") \
        < text.index("data[3]:") and "data[4]:" not in text
    assert "\n\n\n" not in text
    # not outside the prompt, not for a generating event
    assert "data[0]:" not in render([ev], width=100)
    assert "data[0]:" not in generating


def test_a_broken_value_falls_back_to_text():
    bad = GRecord([("label", "x"), ("confidences", "not a list")], type_name="GradioLabel")
    assert render([bad], width=60).strip() == "x"
    odd = GRecord([("role", None), ("content", to_value({"component": "image", "value": None}))],
                  type_name="GradioChatMessage")
    assert render([odd], width=60).strip() == "?: [image]"


def test_a_tuples_chat_history_is_messages_and_goes_back_as_pairs():
    """4.x Chatbot ('tuples'): [user, bot] pairs give GradioChatMessage objects (a transcript at
    the prompt); messages sent to such a Chatbot become pairs again."""
    pairs = [["hi", "hello"], ["show me", {"file": FILE, "alt_text": None}], [None, "unasked"], ["open", None]]
    chat = SimpleNamespace(kind="chat", props={"type": "tuples"})
    (history,) = result_data([pairs], [chat], None)
    assert [m.type_name for m in history] == ["GradioChatMessage"] * 6
    assert [str(m["role"]) for m in history] == ["user", "assistant", "user", "assistant", "assistant", "user"]
    assert render(history, width=80).split("\n")[1:7] == [
        "user: hi", "assistant: hello", "user: show me", "assistant: [file red.png (1.2 kB)]",
        "assistant: unasked", "user: open"]
    assert shapes.chat_history(from_value(history), {"type": "tuples"}) == pairs
    assert shapes.chat_history(from_value(history), {"type": "messages"}) == from_value(history)
    # 6.x parts and a FileData content become halves; two questions in a row each get a pair
    parts = [{"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "file", "file": FILE}]},
             {"role": "user", "content": FILE}, {"role": "assistant", "content": "b"}]
    assert shapes.messages_to_pairs(parts) == [["a", None], [{"file": FILE, "alt_text": None}, None],
                                               [{"file": FILE, "alt_text": None}, "b"]]
    assert shapes.messages_to_pairs("text") == "text" and shapes.messages_to_pairs([["x", "y"]]) == [["x", "y"]]


def test_an_empty_dataframe_keeps_its_headers():
    (empty,) = result_data([{"headers": ["name", "", "name"], "data": [[]], "metadata": None}],
                           [SimpleNamespace(kind="dataframe")], None)
    assert empty == [] and empty.headers == ["name", "H2", "name_3"] and from_value(empty) == []
    (text,) = _shown_at_the_prompt(_complete([empty]))
    assert "data[0]:\nname H2 name_3\n---- -- ------\n(no rows)\n" in text
