"""`python -m gshell` → the command-line entry point."""

import sys

from gshell.cli import main

if __name__ == "__main__":
    sys.exit(main())
