"""`python -m gshell` run from the folder that holds a clone named ``gshell``.

There Python finds this folder (which has no ``__init__.py``) before the installed package and
imports it as a namespace package ``gshell``; this file is then its ``__main__``.  It puts the
clone first on the path and runs the real package, ``gshell/gshell``."""

import os
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))

for _name in [n for n in sys.modules if n == "gshell" or n.startswith("gshell.")]:
    del sys.modules[_name]
sys.path.insert(0, ROOT)
try:
    from gshell.cli import main
except ImportError as exc:
    sys.stderr.write(f"gshell: cannot start from {ROOT}: {exc}\n"
                     f"Install it first: python -m pip install -e {ROOT}\n")
    sys.exit(1)
sys.exit(main())
