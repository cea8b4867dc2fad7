"""The endpoint model (gshell/gradio/model.py, kinds.py) on real /config + /info documents of
gradio 4, 5 and 6 (produced by each server venv from tests/gradio/component_docs.py), and the
kind table against every component class each gradio version exports."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from gshell.gradio import kinds
from gshell.gradio.model import AppConfig, AppModel, parse_catalog

ROOT = Path(__file__).resolve().parents[2]
MAJORS = ["6.31.0", "5.50.0", "4.44.1"]


def venv_python(version: str) -> Path:
    return ROOT / ".venvs" / f"gradio-{version}" / "bin" / "python"


HERE = Path(__file__).resolve().parent
IDS = [f"gradio{v.split('.')[0]}" for v in MAJORS]


def _run(version: str, script: str) -> Any:
    py = venv_python(version)
    if not py.exists():
        pytest.fail(f"gradio {version} venv missing: run tests/run")
    env = {"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([str(py), str(HERE / script)], capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module", params=MAJORS, ids=IDS)
def docs(request) -> tuple[str, dict[str, Any]]:
    return request.param, _run(request.param, "component_docs.py")


@pytest.mark.parametrize("version", MAJORS, ids=IDS)
def test_every_component_class_has_a_kind(version: str) -> None:
    types = _run(version, "component_types.py")
    missing = {cls: t for cls, t in types.items() if t not in kinds.KINDS}
    assert not missing, f"component types with no kind in gshell/gradio/kinds.py: {missing}"
    assert all(kinds.KINDS[t] != kinds.NONE for t in types.values())


EXPECTED = {
    "textbox": kinds.TEXT, "integer": kinds.INTEGER, "number": kinds.NUMBER, "slider": kinds.NUMBER,
    "checkbox": kinds.BOOL, "dropdown": kinds.CHOICE, "multiselect": kinds.CHOICES, "radio": kinds.CHOICE,
    "checkboxgroup": kinds.CHOICES, "file": kinds.FILE, "files": kinds.FILES, "image": kinds.FILE,
    "gallery": kinds.GALLERY, "chatbot": kinds.CHAT, "multimodal": kinds.MULTIMODAL,
    "imageeditor": kinds.IMAGE_EDITOR, "dataframe": kinds.DATAFRAME, "json": kinds.JSON, "audio": kinds.FILE,
    "model3d": kinds.FILE, "colorpicker": kinds.COLOR, "label": kinds.LABEL,
    "highlightedtext": kinds.HIGHLIGHTED, "annotatedimage": kinds.ANNOTATED_IMAGE, "plot": kinds.PLOT,
    "datetime": kinds.DATETIME, "uploadbutton": kinds.FILE, "markdown": kinds.TEXT, "dataset": kinds.DATASET,
    "imageslider": kinds.IMAGE_SLIDER,
}


def test_kinds_props_and_layout(docs) -> None:
    version, d = docs
    model = AppModel.build(AppConfig.parse(d["config"]), d["info"])
    major = int(version.split(".")[0])
    seen = set()
    for name, kind in EXPECTED.items():
        ep = model.find(f"c_{name}")
        if ep is None:
            assert name == "imageslider" and major == 4
            continue
        seen.add(name)
        (p,) = ep.parameters
        assert p.kind == kind, (name, p.kind)
        assert ep.fn_index is not None and ep.input_types and not any(ep.input_skipped)
    video = model.endpoint("c_video").parameters[0]
    assert video.kind == (kinds.VIDEO if major < 6 else kinds.FILE)   # {video, subtitles} before 6
    # chat history mentions FileData in $defs: never a file
    chat = model.endpoint("c_chatbot").parameters[0]
    assert not chat.is_file and chat.has_files
    # props from /config
    assert model.endpoint("c_integer").parameters[0].precision == 0
    slider = model.endpoint("c_slider").parameters[0]
    assert (slider.minimum, slider.maximum, slider.step) == (0, 10, 1)
    assert model.endpoint("c_dropdown").parameters[0].choices == ("a", "b")
    assert model.endpoint("c_multiselect").parameters[0].choices == ("a", "b")
    assert model.endpoint("c_files").parameters[0].multiple
    # gr.State: a wire slot /info leaves out, filled on the way in, dropped on the way out
    st = model.endpoint("with_state")
    assert [p.name for p in st.parameters] == ["x"] and len(st.outputs) == 1
    assert st.input_skipped == [False, True] and st.output_skipped == [False, True]
    assert st.build_data({"x": "a"}) == ["a", None]
    assert st.align_outputs(["a", 3]) == ["a"]
    assert st.align_outputs(["a"]) == ["a"]   # not the wire shape: unchanged


def test_fixture_infos_without_config() -> None:
    """/info alone (captured fixtures) still gives names, kinds and defaults."""
    cfg = AppConfig.parse({"dependencies": []})
    for path in sorted((ROOT / "tests" / "fixtures" / "info").glob("*.json")):
        if path.name.endswith(".config.json"):
            continue
        catalog = parse_catalog(json.loads(path.read_text()), cfg)
        assert catalog, path.name
        for ep in catalog.values():
            for p in ep.parameters:
                assert p.kind in kinds.ALL, (path.name, p.component)


def test_lookup_is_case_insensitive_and_lists_known() -> None:
    cfg = AppConfig.parse({"dependencies": []})
    model = AppModel(cfg, parse_catalog({"named_endpoints": {"/Echo": {"parameters": [], "returns": []}}}, cfg))
    assert model.endpoint("echo").name == "/Echo" and model.find("'/ECHO'") is not None
    with pytest.raises(Exception, match="known endpoints: Echo"):
        model.endpoint("nope")
