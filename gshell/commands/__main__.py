"""`python -m gshell.commands`: regenerate the command name index (gshell/commands/_index.py)."""

from pathlib import Path

from gshell.commands import index_source

if __name__ == "__main__":
    path = Path(__file__).with_name("_index.py")
    path.write_text(index_source(), encoding="utf-8")
    print(f"wrote {path}")
