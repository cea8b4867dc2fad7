"""The calls of the conformance tests, one or more per endpoint of tests/apps/components.py, and
the differences from gradio_client that are known (strict xfails: they must fail until fixed)."""
from __future__ import annotations

from conformance_lib import Asset, Case

RED, BLUE, MASK = Asset("red.png"), Asset("blue.png"), Asset("mask.png")
NOTE, CSV = Asset("note.txt"), Asset("table.csv")

MESSAGES = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello there"}]
MESSAGES6 = [{"role": "user", "content": [{"type": "text", "text": "hi"}]},  # 6.x: content is a list of parts
             {"role": "assistant", "content": [{"type": "text", "text": "hello there"}]}]
PAIRS = [["hi", "hello there"]]  # 4.x tuples

CASES: list[Case] = [
    Case("textbox", ["héllo wörld"]),
    Case("textarea", ["line one\nline two"]),
    Case("number", [2], id="number-int"),
    Case("number", [2.5], id="number-float"),
    Case("integer", [7]),
    Case("slider", [42]),
    Case("slider_float", [0.25]),
    Case("checkbox", [True]),
    Case("checkboxgroup", [["a", "c"]]),
    Case("radio", ["y"]),
    Case("dropdown", ["blue"]),
    # a proxy function refuses a value outside a Dropdown's choices before sending (ValidateSet)
    Case("dropdown", ["purple"], id="dropdown-not-a-choice", majors=(5, 6), modes=("name", "position"),
         error=True),
    Case("dropdown_multi", [["red", "blue"]]),
    Case("dropdown_pairs", ["l"]),
    # numeric choices keep their type (a proxy parameter is [object[]], not [string[]])
    Case("dropdown_numbers", [[1, 3]]),
    Case("checkboxgroup_numbers", [[20]]),
    Case("colorpicker", ["#ff8800"]),
    Case("datetime", ["2024-05-06 07:08:09"]),
    Case("file", [NOTE]),
    Case("files", [[NOTE, CSV]]),
    Case("image", [RED]),
    Case("image_filepath", [RED]),
    Case("image_pil", [BLUE]),
    Case("audio", [Asset("tone.wav")]),
    Case("audio_numpy", [Asset("tone.wav")]),
    Case("video", [Asset("clip.mp4")], majors=(6,)),
    # 4.x/5.x: a Video's value is {video, subtitles}; gshell also takes a path alone
    Case("video", [{"video": Asset("clip.mp4"), "subtitles": None}], majors=(4, 5), id="video-videodata"),
    Case("video", [Asset("clip.mp4")], majors=(4, 5), id="video-path",
         reference=[{"video": Asset("clip.mp4"), "subtitles": None}]),
    Case("video", [{"video": Asset("clip.mp4"), "subtitles": Asset("subs.srt")}], majors=(4, 5),
         id="video-subtitles"),
    Case("video_out", [Asset("clip.mp4")]),   # 4.x/5.x: a video output with subtitles (.srt; 4.x sends .vtt)
    Case("model3d", [Asset("cube.obj")]),
    Case("gallery", [[{"image": RED, "caption": "red"}, {"image": BLUE, "caption": None}]]),
    Case("chatbot", [MESSAGES6], majors=(6,)),
    Case("chatbot", [MESSAGES], majors=(5,), id="chatbot-messages"),
    Case("chatbot", [PAIRS], majors=(4,), id="chatbot-pairs"),
    # a 4.x 'tuples' Chatbot given messages (a history from an earlier result): sent as pairs
    Case("chatbot", [MESSAGES], majors=(4,), id="chatbot-messages-as-pairs", reference=[PAIRS]),
    Case("chatbot", [[{"role": "user", "content": [{"type": "file", "file": RED, "alt_text": None}]},
                      {"role": "assistant", "content": [{"type": "text", "text": "a red square"}]}]],
         majors=(6,), id="chatbot-file"),
    # 5.x messages: a file is the whole content, {file, alt_text}
    Case("chatbot", [[{"role": "user", "content": {"file": RED, "alt_text": None}},
                      {"role": "assistant", "content": "a red square"}]], majors=(5,), id="chatbot-file-5"),
    Case("multimodal", [{"text": "look", "files": [RED, NOTE]}]),
    Case("imageeditor", [{"background": RED, "layers": [MASK], "composite": BLUE}]),
    Case("sketchpad", [{"background": None, "layers": [MASK], "composite": BLUE}]),
    Case("dataframe", [{"headers": ["name", "age"], "data": [["ada", 36], ["alan", 41]], "metadata": None}]),
    # gshell's forms of a Dataframe: objects (headers from their property names) and arrays of rows
    Case("dataframe", [[{"name": "ada", "age": 36}, {"age": 41, "name": "alan"}]], id="dataframe-objects",
         reference=[{"headers": ["name", "age"], "data": [["ada", 36], ["alan", 41]], "metadata": None}]),
    Case("tpl_matrix", [[[1, 2], [3, 4]]], majors=(6,), id="tpl_matrix-rows",
         reference=[{"headers": ["1", "2"], "data": [[1, 2], [3, 4]], "metadata": None}]),
    Case("json", [{"a": [1, 2.5, "x", None, True], "b": {"c": "d"}}]),
    Case("label", [{"label": "cat", "confidences": [{"label": "cat", "confidence": 0.9},
                                                    {"label": "dog", "confidence": 0.1}]}]),
    Case("highlightedtext", [[{"token": "The ", "class_or_confidence": None},
                              {"token": "cat", "class_or_confidence": "animal"}]]),
    Case("annotatedimage", [{"image": RED, "annotations": [{"image": MASK, "label": "box"}]}]),
    Case("html", ["<b>bold</b> & <i>more</i>"]),
    Case("markdown", ["# title\n\n*text*"]),
    Case("code", ["print(1)\n"]),
    Case("uploadbutton", [NOTE]),
    Case("downloadbutton", [CSV]),
    Case("button_out", ["pressed"]),
    Case("fileexplorer", [[["components.py"]]]),
    # gshell's short forms: 'dir/a.py' is [["dir", "a.py"]], each string of a list one path
    Case("fileexplorer", ["components.py"], id="fileexplorer-path",
         reference=[[["components.py"]]]),
    Case("fileexplorer", [["components.py", "_compat.py"]], id="fileexplorer-paths",
         reference=[[["components.py"], ["_compat.py"]]]),
    Case("paramviewer", [{"x": {"type": "int", "description": "an x", "default": "1"}}]),
    Case("imageslider", [[RED, BLUE]], majors=(5, 6)),
    Case("dialogue", [[{"speaker": "A", "text": "hi"}, {"speaker": "B", "text": "yo"}]], majors=(5, 6)),
    # the templates (their parent's wire format; on 6.x only, the parents run on every major)
    Case("tpl_files", [[NOTE, CSV]]),
    Case("tpl_imagemask", [{"background": RED, "layers": [MASK], "composite": BLUE}]),
    Case("tpl_paint", [{"background": None, "layers": [], "composite": BLUE}]),
    Case("tpl_list", [{"headers": ["1"], "data": [["a"], ["b"]], "metadata": None}]),
    Case("tpl_matrix", [{"headers": ["1", "2"], "data": [[1, 2], [3, 4]], "metadata": None}]),
    Case("tpl_numpy", [{"headers": ["1", "2"], "data": [[1.5, 2], [3, 4]], "metadata": None}]),
    Case("tpl_microphone", [Asset("tone.wav")]),
    Case("tpl_playablevideo", [Asset("clip.mp4")], majors=(6,)),
    Case("tpl_playablevideo", [Asset("clip.mp4")], majors=(4, 5), id="tpl_playablevideo-path",
         reference=[{"video": Asset("clip.mp4"), "subtitles": None}]),
    Case("timer", [2.5]),
    Case("browserstate", [{"theme": "light", "size": 3}], majors=(5, 6)),
    Case("dataset", [1]),
    Case("plot_out", ["none"]),
    Case("plot_matplotlib", ["a matplotlib figure"]),
    Case("plot_plotly", ["a plotly figure"]),
    Case("navbar_out", ["docs"], majors=(5, 6)),
    Case("workflowcanvas_out", ["canvas"], majors=(6,)),
    Case("clearbutton_out", ["clear"]),
    Case("duplicatebutton_out", ["dup"]),
    Case("deeplinkbutton_out", ["link"], majors=(5, 6)),
    # outputs built from a spec
    Case("label_out", [{"cat": 0.75, "dog": 0.25}]),
    Case("highlightedtext_out", [[["The ", None], ["cat", "animal"]]]),
    Case("annotatedimage_out", [{"size": 8, "boxes": [[1, 1, 4, 4, "box"]]}]),
    Case("gallery_out", [[[255, 0, 0, "red"], [0, 0, 255, "blue"]]]),
    Case("image_out", [[10, 20, 30, 5]]),
    Case("lineplot_out", ["line"]),
    Case("scatterplot_out", ["scatter"]),
    Case("barplot_out", ["bar"]),
    Case("chat_file_out", [RED]),
    # several parameters, State, errors
    Case("chat_reply", ["how are you?", MESSAGES6], majors=(6,)),
    Case("chat_reply", ["how are you?", MESSAGES], majors=(5,), id="chat_reply-messages"),
    Case("chat_reply", ["how are you?", PAIRS], majors=(4,), id="chat_reply-pairs"),
    Case("chat_reply", ["how are you?", MESSAGES], majors=(4,), id="chat_reply-messages-as-pairs",
         reference=["how are you?", PAIRS]),
    Case("form", ["t", 2, 2.5, 7, True, "green", ["a", "b"]]),
    Case("remember", ["x"], stateful=True),
    Case("state_first", ["y"], stateful=True),
    Case("fail", ["bad"], error=True),
    Case("fail_titled", ["bad"], error=True),
    Case("crash", ["bad"], error=True),
    # app shapes (tests/apps/shapes.py): 4.x names a ChatInterface's endpoint /chat and an
    # Interface's /predict, /predict_1; a ChatInterface keeps the history in the session (stateful)
    Case("mm_chat", [{"text": "look", "files": [RED, NOTE]}, "be terse", 100], majors=(5, 6), stateful=True),
    Case("chat", [{"text": "look", "files": [RED, NOTE]}, "be terse", 100], majors=(4,), id="mm_chat-4",
         stateful=True),
    Case("mm_chat", [{"text": "plain", "files": []}, "be terse", 7], majors=(5, 6), id="mm_chat-nofiles",
         stateful=True),
    Case("shout", ["hey"], majors=(5, 6)),
    Case("predict", ["hey"], majors=(4,), id="shout-4"),
    Case("split_name", ["Ada Lovelace"], majors=(5, 6)),
    Case("predict_1", ["Ada Lovelace"], majors=(4,), id="split_name-4"),
    Case("directory", [[NOTE, CSV]]),
    Case("mixed_gallery", [RED]),
    Case("no_inputs", []),
    Case("no_outputs", ["ignored"]),
    Case("two_streams", [3]),
    Case("updates", ["up"]),
    Case("with_request", ["hi"]),
    Case("video_chunks", [2], majors=(5, 6)),
    Case("dict_inputs", ["a", "b"]),
    Case("chat_extra", ["hello"], majors=(5, 6), stateful=True),
    Case("with_progress", [4]),
    Case("quick", ["q"]),
    # a streaming Audio output: an HLS playlist under /stream/ (4.x streams raw bytes there, and
    # gradio_client's download of it does not end)
    Case("audio_chunks", [2], majors=(5, 6)),
]

ALL = ("name", "position", "proxy")
# (reason, case ids, modes, majors): calls known to differ from gradio_client, strict xfails
# that must be removed as the endpoint model (issue 11) fixes them
KNOWN_GROUPS: list[tuple[str, tuple[str, ...], tuple[str, ...], tuple[int, ...]]] = []


def known_failure(case: Case, mode: str, major: int) -> str:
    for reason, ids, modes, majors in KNOWN_GROUPS:
        if case.case_id in ids and mode in modes and major in majors:
            return reason
    return ""
