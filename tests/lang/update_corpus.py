"""Regenerate the `--- ast` sections of grammar/corpus after a deliberate parser change.

    python3 tests/lang/update_corpus.py            # rewrite ast sections that changed
    python3 tests/lang/update_corpus.py --check    # only report what would change
    python3 tests/lang/update_corpus.py --errors   # also rewrite `--- error` sections
    python3 tests/lang/update_corpus.py FILE...    # only these cases

Cases without an `ast` or `error` section (e.g. output-only cases written for the runtime's
tests) are left alone, unless named on the command line or `--add` is given: then they get
the section that matches what the parser does now.  Review the diff by eye
(git diff grammar/corpus): the dumps are the spec.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from corpus import CORPUS_DIR, Case, pretty, read_case  # noqa: E402

from gshell.lang import ParseError, ast, parse  # noqa: E402


def error_section(exc: ParseError) -> str:
    return f"{exc.message}\nat: {exc.line}:{exc.col}\nincomplete: {'yes' if exc.incomplete else 'no'}"


def insert_after_input(case: Case, name: str) -> None:
    idx = case.order.index("input") + 1
    case.order.insert(idx, name)


def update(case: Case, errors: bool, add: bool) -> str | None:
    """The new text of the case file, or None when nothing changes."""
    if not add and "ast" not in case.sections and "error" not in case.sections:
        return None
    before = case.render()
    try:
        dump = pretty(ast.dump(parse(case.input)))
        exc = None
    except ParseError as e:
        exc = e
        dump = None
    if dump is not None:
        if "error" in case.sections and not errors:
            print(f"{case.name}: expected an error but it parses now (use --errors to accept)")
            return None
        case.sections.pop("error", None)
        if "error" in case.order:
            case.order.remove("error")
        if "ast" not in case.sections:
            insert_after_input(case, "ast")
        case.sections["ast"] = dump
    else:
        assert exc is not None
        if "ast" in case.sections and not errors:
            print(f"{case.name}: now fails: {exc.message} at {exc.line}:{exc.col} (use --errors to accept)")
            return None
        if "error" in case.sections and not errors:
            return None
        case.sections.pop("ast", None)
        if "ast" in case.order:
            case.order.remove("ast")
        if "error" not in case.sections:
            insert_after_input(case, "error")
        case.sections["error"] = error_section(exc)
    after = case.render()
    return None if after == before else after


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--add", action="store_true", help="also add sections to cases without any")
    args = ap.parse_args()
    paths = [Path(f) for f in args.files] or sorted(CORPUS_DIR.glob("*.txt"))
    changed = 0
    for path in paths:
        case = read_case(path)
        new = update(case, args.errors, args.add or bool(args.files))
        if new is None:
            continue
        changed += 1
        print(("would update " if args.check else "updated ") + str(path))
        if not args.check:
            path.write_text(new, encoding="utf-8")
    print(f"{changed} case(s) {'to update' if args.check else 'updated'}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
