"""Every component class a Gradio major exports is used by the conformance app
(tests/apps/components.py), so the conformance tests see it on the wire, and has a kind in the
endpoint model (gshell.gradio.kinds); listed by running each server venv's gradio."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LISTER = Path(__file__).with_name("list_components.py")
MAJORS = ["6.31.0", "5.50.0", "4.44.1"]

# classes the app cannot use, and why
NOT_USED = {
    "LoginButton": "needs gradio[oauth] (itsdangerous), not installed in the server venvs; a Button on the wire",
    "LogoutButton": "4.x only, needs gradio[oauth] like LoginButton; a Button on the wire",
}


def components_of(version: str) -> dict:
    py = ROOT / ".venvs" / f"gradio-{version}" / "bin" / "python"
    if not py.exists():
        pytest.fail(f"{py} is missing: run tests/run to create it")
    out = subprocess.run([str(py), str(LISTER)], capture_output=True, text=True, timeout=240, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("version", MAJORS)
def test_every_component_class_is_in_the_conformance_app(version):
    found = components_of(version)
    assert found["version"] == version
    assert len(found["classes"]) > 40
    missing = sorted(set(found["classes"]) - set(found["used"]) - set(NOT_USED))
    assert not missing, f"gradio {version} components the conformance app does not use: {missing}"


@pytest.mark.parametrize("version", MAJORS)
def test_the_endpoint_model_has_a_kind_for_every_component_class(version):
    """gshell.gradio.kinds.KINDS names every component type of the major (no schema guess)."""
    from gshell.gradio.kinds import ALL, KINDS
    found = components_of(version)
    unknown = sorted(f"{cls} ({typ})" for cls, typ in found["types"].items() if typ not in KINDS)
    assert not unknown, f"gradio {version} component types without a kind: {unknown}"
    assert {KINDS[t] for t in found["types"].values()} <= ALL
