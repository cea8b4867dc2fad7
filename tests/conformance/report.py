"""The component-by-component match table of a conformance run.

    GSHELL_CONFORMANCE_REPORT=/tmp/conf.jsonl ./tests/run tests/conformance -q
    .venv/bin/python tests/conformance/report.py /tmp/conf.jsonl

One row per case, one column per Gradio major: 'ok' when gshell matched gradio_client by name, by
position and through a proxy; otherwise the modes that differ and the first difference.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict


def main(path: str) -> None:
    rows: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        major, _, rest = r["id"].partition("-")
        case, _, mode = rest.rpartition("-")
        failed = r["outcome"] != "passed" or r["xfail"]
        rows[case][major].append((mode, r["message"] if failed else ""))
    majors = ["gradio6", "gradio5", "gradio4"]
    total = defaultdict(lambda: [0, 0])
    print("| case | " + " | ".join(majors) + " |")
    print("|---|" + "---|" * len(majors))
    for case, by_major in rows.items():
        cells = []
        for m in majors:
            if m not in by_major:
                cells.append("n/a")
                continue
            bad = [(mode, msg) for mode, msg in by_major[m] if msg]
            total[m][0] += len(by_major[m]) - len(bad)
            total[m][1] += len(by_major[m])
            if not bad:
                cells.append("ok")
            else:
                modes = ",".join(mode for mode, _ in bad)
                cells.append(f"{modes}: {bad[0][1][:90]}")
        print(f"| {case} | " + " | ".join(cells) + " |")
    print()
    for m in majors:
        if total[m][1]:
            print(f"{m}: {total[m][0]} of {total[m][1]} calls match gradio_client")


if __name__ == "__main__":
    main(sys.argv[1])
