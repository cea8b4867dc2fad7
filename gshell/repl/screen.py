"""What prompt_toolkit draws shows hidden characters too.

prompt_toolkit already draws C0 and C1 controls as ``^[`` and ``<9b>`` wherever they are (the
input line, menus, the toolbar).  The characters that reorder or hide text (bidi embeddings,
overrides, isolates and marks; zero-width and other invisible format characters; the line and
paragraph separators; tag characters) it would pass to the terminal: a pasted snippet whose
bidi overrides make the line read differently from what runs ("Trojan Source"), or a name that
looks like another.  :func:`show_hidden_characters` maps each of them to ``<U+202E>`` in
prompt_toolkit's character table, the rendering of ``gshell.display``; widths and the cursor
follow the mapped text.  The joiners U+200C and U+200D are left alone (emoji sequences, Persian
and Indic text): text gshell writes marks them next to ASCII (``gshell.display``).
"""
from __future__ import annotations

from prompt_toolkit.layout.screen import Char

HIDDEN = [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C,
          0x200B, *range(0x2060, 0x2065), *range(0x206A, 0x2070), 0x180E, 0xFEFF, 0x00AD,
          *range(0xFFF9, 0xFFFC), 0x2028, 0x2029, *range(0xE0000, 0xE0080)]


def show_hidden_characters() -> None:
    """Map every hidden character to its visible form in prompt_toolkit's screen (idempotent)."""
    Char.display_mappings.update({chr(code): f"<U+{code:04X}>" for code in HIDDEN})
