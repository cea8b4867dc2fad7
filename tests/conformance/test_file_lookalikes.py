"""App shapes of tests/apps/shapes.py that the call-by-call harness (test_conformance.py) cannot
compare: gradio_client downloads every dict with a ``path`` in a result, so a gr.JSON listing
whose entries look like files makes it fail (403 on /file=).  Without downloads (its
``download_files=False``) it returns the server's value, which gshell must give unchanged."""
from __future__ import annotations

import pytest

from gshell.commands.gradio_views import from_value

VERSIONS = ["6.31.0", "5.50.0", "4.44.1"]
EXPECTED = {"listing": [{"path": "docs/notes.txt", "size": 3, "orig_name": "notes.txt"}],
            "file": {"path": "/etc/hostname", "url": None, "is_stream": False}}


@pytest.mark.parametrize("version", VERSIONS)
def test_a_json_value_that_looks_like_files_is_returned_unchanged(version, server_for, gshell_for):
    from gradio_client import Client
    server = server_for(version)
    gshell = gshell_for(server)
    reference = Client(server.url("components"), download_files=False, verbose=False)
    try:
        expected = reference.predict("notes", api_name="/json_lookalikes")
    finally:
        reference.close()
    assert expected == EXPECTED
    sh = gshell.sh
    sh.ev("$r = Invoke-GradioSessionApi json_lookalikes @('notes') -Session comp "
          "| Update-GradioSessionApiResult | select -Last 1")
    assert from_value(sh.one("$r.data[0]")) == EXPECTED
    assert sh.ev("$r.RawData") == [None]   # nothing was reshaped
    proxy = gshell.proxies["json_lookalikes"]
    assert from_value(sh.one(f"({proxy} -Text 'notes' | select -Last 1).data[0]")) == EXPECTED
