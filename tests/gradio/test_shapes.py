"""Files inside structured values (gshell.gradio.shapes): each file of a Gallery, chat messages, a
MultimodalTextbox, an ImageEditor, an ImageSlider, an AnnotatedImage or a 4.x/5.x Video goes
through ``prepare`` (the session's upload); everything else is sent as given."""
from __future__ import annotations

import pytest

from gshell.gradio import kinds, shapes


def prep(value):
    name = value if isinstance(value, str) else value.get("path")
    return {"path": f"/srv/{name}", "meta": {"_type": "gradio.FileData"}}


def fd(name):
    return prep(name)


def test_gallery_paths_pairs_and_items():
    value = ["a.png", ("b.png", "bee"), {"image": "c.png", "caption": "sea"}, {"video": "d.mp4", "caption": None}]
    assert shapes.shape(kinds.GALLERY, value, prep) == [
        {"image": fd("a.png"), "caption": None}, {"image": fd("b.png"), "caption": "bee"},
        {"image": fd("c.png"), "caption": "sea"}, {"video": fd("d.mp4"), "caption": None}]


def test_multimodal():
    assert shapes.shape(kinds.MULTIMODAL, "just text", prep) == {"text": "just text", "files": []}
    assert shapes.shape(kinds.MULTIMODAL, {"text": "look", "files": ["x.png", "n.txt"]}, prep) == {
        "text": "look", "files": [fd("x.png"), fd("n.txt")]}


def test_image_editor_and_short_form():
    value = {"background": "bg.png", "layers": ["l1.png"], "composite": None}
    assert shapes.shape(kinds.IMAGE_EDITOR, value, prep) == {
        "background": fd("bg.png"), "layers": [fd("l1.png")], "composite": None}
    assert shapes.shape(kinds.IMAGE_EDITOR, "bg.png", prep) == {
        "background": fd("bg.png"), "layers": [], "composite": fd("bg.png")}


def test_slider_annotated_video():
    assert shapes.shape(kinds.IMAGE_SLIDER, ["a.png", None], prep) == [fd("a.png"), None]
    value = {"image": "i.png", "annotations": [{"image": "m.png", "label": "box"}]}
    assert shapes.shape(kinds.ANNOTATED_IMAGE, value, prep) == {
        "image": fd("i.png"), "annotations": [{"image": fd("m.png"), "label": "box"}]}
    assert shapes.shape(kinds.VIDEO, "v.mp4", prep) == {"video": fd("v.mp4"), "subtitles": None}
    assert shapes.shape(kinds.VIDEO, {"video": "v.mp4", "subtitles": "s.srt"}, prep) == {
        "video": fd("v.mp4"), "subtitles": fd("s.srt")}


def test_chat_messages_parts_and_pairs():
    value = [{"role": "user", "content": "hi"},
             {"role": "user", "content": [{"type": "file", "file": "p.png", "alt_text": None},
                                          {"type": "text", "text": "what is it?"}]},
             {"role": "user", "content": {"path": "q.png"}},
             ["hello", "there"]]
    assert shapes.shape(kinds.CHAT, value, prep) == [
        {"role": "user", "content": "hi"},
        {"role": "user", "content": [{"type": "file", "file": fd("p.png"), "alt_text": None},
                                     {"type": "text", "text": "what is it?"}]},
        {"role": "user", "content": fd("q.png")},
        ["hello", "there"]]


@pytest.mark.parametrize("kind", [kinds.TEXT, kinds.JSON, kinds.DATAFRAME, kinds.NUMBER])
def test_other_kinds_unchanged(kind):
    value = {"path": "x.png", "data": [1]}
    assert shapes.shape(kind, value, prep) is value
    assert shapes.shape(kinds.GALLERY, None, prep) is None


def test_file_explorer_paths():
    """A FileExplorer's value: 'dir/a.py' or a list of such strings; segment lists are the wire form."""
    assert shapes.shape(kinds.PATHS, "dir/sub/a.py", prep) == [["dir", "sub", "a.py"]]
    assert shapes.shape(kinds.PATHS, ["a.py", "dir/b.py"], prep) == [["a.py"], ["dir", "b.py"]]
    assert shapes.shape(kinds.PATHS, [["dir", "b.py"]], prep) == [["dir", "b.py"]]
    assert shapes.shape(kinds.PATHS, [], prep) == []
