"""Run the robustness fuzzers (tests/robustness/test_fuzz_inputs.py) with random seeds.

CI runs them with a fixed seed (the `ci` hypothesis profile); this script switches to the
`random` profile, draws a new seed per round, and prints every failing example hypothesis
finds (its "Falsifying example" block and the seed to replay it).  Add parser/tokenizer
failures to grammar/corpus/ (see tests/lang/update_corpus.py), binder and /info failures as
regular tests.

    python3 bench/fuzz_random_seeds.py [--rounds N] [--scale X] [--seed S] [-k EXPR]

--scale multiplies every test's example count (default 1 = about 20,000 inputs per round);
--seed replays one seed; -k selects tests like pytest's -k.  Exit status 1 if anything failed.
Uses the project .venv (tests/run creates it) when present, else the current python.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = "tests/robustness/test_fuzz_inputs.py"


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def failing_blocks(output: str) -> list[str]:
    """The 'Falsifying example' sections (with the error that follows) of a pytest run."""
    blocks = []
    for m in re.finditer(r"(Falsifying example:.*?)(?=\n_{5,}|\n={5,}|\Z)", output, re.S):
        blocks.append(m.group(1).strip())
    return blocks


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("-k", default="")
    a = ap.parse_args()
    failed = 0
    for r in range(1 if a.seed is not None else a.rounds):
        seed = a.seed if a.seed is not None else random.randrange(2**32)
        env = dict(os.environ, GSHELL_FUZZ_PROFILE="random", GSHELL_FUZZ_SCALE=str(a.scale))
        cmd = [python(), "-m", "pytest", TARGET, "-q", "-p", "no:cacheprovider", f"--hypothesis-seed={seed}",
               "--timeout=0"]
        if a.k:
            cmd += ["-k", a.k]
        print(f"round {r + 1}: seed {seed} ...", flush=True)
        p = subprocess.run(cmd, cwd=str(ROOT), env=env, capture_output=True, text=True)
        tail = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else p.stderr[-300:]
        print(f"  {tail}")
        if p.returncode != 0:
            failed += 1
            blocks = failing_blocks(p.stdout)
            if not blocks:
                print(p.stdout[-4000:])
                print(p.stderr[-2000:])
            for b in blocks:
                print("-" * 70)
                print(b[:4000])
            print(f"  replay: python3 bench/fuzz_random_seeds.py --seed {seed}")
    print(f"{failed} failing round(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
