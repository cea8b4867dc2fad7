"""`python -m gshell` → the command-line entry point."""

import os
import sys

if getattr(sys.modules.get("gshell"), "__file__", None) is None:
    # run from the folder that holds a clone named gshell: that folder shadowed this package
    # as a namespace package; import the real one (this file's folder) instead
    for _name in [n for n in sys.modules if n == "gshell" or n.startswith("gshell.")]:
        del sys.modules[_name]
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from gshell.cli import main  # noqa: E402 - after the path fix above

if __name__ == "__main__":
    sys.exit(main())
