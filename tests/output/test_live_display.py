"""Output fit for people (issue 6): the formatter's live mode,
file announcements and the Save-GradioFile hint, tables at the terminal width, and the
interactive shell turning live mode on only for a statement whose last command is a proxy
or Update-*Result (no server here: a stand-in Update-GradioApiResult emits event records)."""
from __future__ import annotations

import io
from typing import Any

from gshell.commands import builtin_registry
from gshell.lang import parse
from gshell.repl.live import is_live_command, last_command_name, run_live
from gshell.runtime.formatting import ERASE_LINE, EVENT_TYPE, FILE_TYPE, format_cell, format_size, live_text
from gshell.runtime.host import Host
from gshell.runtime.interpreter import Interpreter
from gshell.runtime.layout import format_table
from gshell.runtime.out_default import Formatter, render
from gshell.runtime.registry import Command
from gshell.runtime.values import Record


def event(num: int, kind: str, data: Any) -> Record:
    return Record([("num", num), ("ts", None), ("event", kind), ("data", data)], type_name=EVENT_TYPE)


def filedata(name: str = "image.webp", size: int | None = None) -> Record:
    return Record([("path", f"/tmp/x/{name}"), ("url", f"http://127.0.0.1:7860/gradio_api/file=/tmp/x/{name}"),
                   ("size", size), ("orig_name", name), ("mime_type", None), ("is_stream", False),
                   ("meta", Record([("_type", "gradio.FileData")]))], type_name=FILE_TYPE)


STREAM = [event(1, "generating", ["one"]), event(2, "heartbeat", None), event(3, "generating", ["one two"]),
          event(4, "complete", ["one two"])]


def run_formatter(objs: list[Any], live: bool, hints: bool = False, width: int = 80) -> str:
    chunks: list[str] = []
    fmt = Formatter(chunks.append, width=width, delay=None, hints=hints)
    fmt.set_live(live)
    for o in objs:
        fmt.push(o)
    fmt.flush()
    return "".join(chunks)


# ----------------------------------------------------------------------------- formatter

def test_live_mode_rewrites_one_line_and_keeps_the_final_value() -> None:
    out = run_formatter(STREAM, live=True)
    assert out.startswith(f"{ERASE_LINE}one{ERASE_LINE}one two{ERASE_LINE}\n")
    lines = out.split(ERASE_LINE)[-1].splitlines()
    assert lines[1].split() == ["num", "ts", "event", "data"]
    assert lines[3].split() == ["4", "complete", "{one", "two}"]
    assert "heartbeat" not in out and "generating" not in out


def test_without_live_mode_every_event_is_a_record() -> None:
    out = run_formatter(STREAM, live=False)
    assert ERASE_LINE not in out and "\r" not in out
    assert [ln.split()[:2] for ln in out.splitlines()[3:7]] == [["1", "generating"], ["2", "heartbeat"],
                                                               ["3", "generating"], ["4", "complete"]]


def test_live_line_shows_the_tail_of_a_long_text_and_stays_on_error() -> None:
    long = " ".join(f"word{i}" for i in range(40))
    out = run_formatter([event(1, "generating", [long]), event(2, "error", "boom")], live=True, width=40)
    shown = out.split(ERASE_LINE)[1].split("\n")[0]
    assert len(shown) == 39 and shown.startswith("…") and shown.endswith("word39")
    assert "error" in out.split(shown, 1)[1]     # the partial text stays, the error prints below


def test_non_text_generating_events_print_normally_in_live_mode() -> None:
    out = run_formatter([event(1, "generating", [filedata()]), event(2, "complete", [filedata()])], live=True,
                         width=120)
    assert ERASE_LINE not in out
    assert out.count("image.webp http://127.0.0.1:7860/gradio_api/file=/tmp/x/image.webp") == 2


def test_live_text_only_for_scalar_text() -> None:
    assert live_text(["a\nb  c"]) == "a b c"
    assert live_text(["x", 3]) == "x | 3"
    assert live_text([1.5]) is None
    assert live_text([filedata()]) is None
    assert live_text([]) is None


def test_file_data_is_announced_with_size_and_url() -> None:
    assert format_cell(filedata(size=12_700)) == \
        "image.webp (12.4 kB) http://127.0.0.1:7860/gradio_api/file=/tmp/x/image.webp"
    assert format_cell([filedata()]) == "{image.webp http://127.0.0.1:7860/gradio_api/file=/tmp/x/image.webp}"
    assert [format_size(n) for n in (0, 812, 2048, 5 << 20, None)] == ["0 B", "812 B", "2.0 kB", "5.0 MB", ""]
    text = render([filedata(size=99)])
    assert [ln.split(" : ") for ln in text.strip().splitlines()] == [
        ["orig_name", "image.webp"], ["size     ", "99"],
        ["url      ", "http://127.0.0.1:7860/gradio_api/file=/tmp/x/image.webp"]]


def test_hint_lists_server_files_in_full_then_save_gradiofile() -> None:
    out = run_formatter([event(1, "complete", [filedata("a.png"), filedata("b.png")])], live=False, hints=True,
                        width=60)
    tail = out.rstrip("\n").splitlines()[-3:]
    assert tail[0] == "a.png http://127.0.0.1:7860/gradio_api/file=/tmp/x/a.png"
    assert tail[1] == "b.png http://127.0.0.1:7860/gradio_api/file=/tmp/x/b.png"
    assert tail[2].startswith("These 2 files stay on the server") and "Save-GradioFile" in tail[2]
    # no hint without hints=True (Out-String, scripts) or without files
    assert "Save-GradioFile" not in run_formatter([event(1, "complete", [filedata()])], live=False)
    assert "Save-GradioFile" not in run_formatter(STREAM, live=True, hints=True)


def test_hint_skipped_when_the_session_downloads_files_itself() -> None:
    class Session:
        download_path = "/tmp/out"
    fd = filedata()
    from gshell.commands.gradio_views import GRecord
    rec = GRecord(fd.items(), type_name=FILE_TYPE, session=Session())
    assert "Save-GradioFile" not in run_formatter([rec], live=False, hints=True)


def test_tables_fit_the_width() -> None:
    rows = [Record([("Name", f"n{i}"), ("Url", "http://127.0.0.1:7860/" + "x" * 200), ("Calls", i)])
            for i in range(3)]
    for width in (40, 80, 133):
        lines = format_table(rows, width=width)
        assert max(len(ln) for ln in lines) <= width, (width, lines)
        assert lines[0].split()[:2] == ["Name", "Url"]


# ----------------------------------------------------------------------------- the shell's hook

class TtyIO(io.StringIO):
    def isatty(self) -> bool:
        return True


def fake_update(inv: Any) -> Any:
    yield from STREAM


def make_interp(tty: bool = True) -> tuple[Interpreter, io.StringIO]:
    out = TtyIO() if tty else io.StringIO()
    host = Host(stdout=out, stderr=io.StringIO(), color=False, width=80)
    interp = Interpreter(builtin_registry(), host=host, interactive=True)
    interp.registry.add(Command("Update-GradioApiResult", fake_update))
    return interp, out


def test_last_command_name_and_liveness() -> None:
    interp, _ = make_interp()
    stmts = parse("Update-GradioApiResult; Update-GradioApiResult | % { $_ }; $x = Update-GradioApiResult; "
                  "'a' | Update-GradioApiResult").statements
    assert [last_command_name(s) for s in stmts] == ["Update-GradioApiResult", "%", None, "Update-GradioApiResult"]
    assert is_live_command(interp.registry, "update-gradioapiresult")
    assert not is_live_command(interp.registry, "ForEach-Object")
    assert not is_live_command(interp.registry, "No-SuchCommand")


def test_run_live_only_for_the_statement_whose_last_command_is_live() -> None:
    interp, out = make_interp()
    run_live(interp, parse("Update-GradioApiResult | % { $_.event }\nUpdate-GradioApiResult\n'after'"))
    text = out.getvalue()
    first, rest = text.split(ERASE_LINE, 1)
    assert first.split() == ["generating", "heartbeat", "generating", "complete"]   # piped further: records
    assert rest.startswith(f"one{ERASE_LINE}one two{ERASE_LINE}")                     # last: live
    assert "complete {one two}" in " ".join(rest.split())
    assert text.rstrip().endswith("after")
    assert "compile_stmt" not in vars(interp)                                        # the hook is gone


def test_run_live_off_when_stdout_is_not_a_terminal() -> None:
    interp, out = make_interp(tty=False)
    run_live(interp, parse("Update-GradioApiResult"))
    assert ERASE_LINE not in out.getvalue() and out.getvalue().count("generating") == 2
