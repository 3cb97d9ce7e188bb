"""Run every benchmark case in its own process and print medians next to their floors.

    python benchmarks/run.py --stores /tmp/aftercall-bench [--runs 5] [--json] [--only save]

The 10k and 100k stores are generated into --stores on first use (the 100k one takes minutes).
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORES = {
    "10k": ["--reflections", "10000"],
    "100k": ["--reflections", "100000"],
    "month-10k": ["--reflections", "10000", "--month", "2026-10-01"],
    "pasted-2k": ["--reflections", "2000", "--month", "2026-10-01", "--pasted"],
    "1k": ["--reflections", "1000"],
    "5y": ["--reflections", "100000", "--years", "5", "--own", "10000"],
    "1y": ["--reflections", "20000", "--years", "1", "--own", "2000"],
}
"""Generator arguments per store: three years of history, one month (October 2026), or five
years and one year saved year by year, with a member (the owner) who holds 10k and 2k of them."""

PLAN: list[tuple[str, str, str | None, float]] = [
    # (label, case, store size, target ratio to the floor)
    ("save, member with 1k records", "save-1k", None, 2.0),
    ("save, member with 10k records", "save-10k", None, 2.0),
    ("open + merge 10k reflections", "load", "10k", 1.5),
    ("open + merge 100k reflections", "load", "100k", 1.5),
    ("open + month's insights, 10k", "insights", "10k", 1.5),
    ("open + month's insights, 100k", "insights", "100k", 1.5),
    ("open + month's digest, 10k", "digest", "10k", 2.0),
    ("open + month's digest, 100k", "digest", "100k", 2.0),
    ("open + pseudonymised digest, 10k", "digest-pseudonymised", "10k", 20.0),
    ("a teammate file of 1M empty records", "bad-records-1m", None, 5.0),
    ("TUI populated home, 100k", "tui", "100k", 2.0),
    ("month's insights, 10k in the month", "insights", "month-10k", 2.0),
    ("month's digest, 10k in the month", "digest", "month-10k", 2.0),
    ("month's insights, 2k pasted text", "insights", "pasted-2k", 2.0),
    ("month's digest, 2k pasted text", "digest", "pasted-2k", 2.0),
    # What a user feels (issue 19): whole processes where the user starts one.
    ("first paint from the shell, 1k", "first-paint", "1k", 2.0),
    ("n to a focused form, 10k", "form", "10k", 3.0),
    ("n to a focused form, 100k", "form", "100k", 3.0),
    ("16 tabs through the form, 10k", "form-tabs", "10k", 3.0),
    ("keys while a 100k store loads", "keys-while-loading", "100k", 3.0),
    ("CLI add, 10k own in a 110k team", "cli-add", "5y", 2.0),
    ("month's learnings over 5 years (110k)", "history-learnings", "5y", 1.5),
    ("month's learnings over 1 year (22k)", "history-learnings", "1y", 1.5),
    ("month's digest over 5 years (110k)", "history-digest", "5y", 1.5),
    ("month's digest over 1 year (22k)", "history-digest", "1y", 1.5),
]


def _ensure_store(stores: Path, size: str) -> Path:
    root = stores / f"store-{size}"
    if not root.exists():
        print(f"generating the {size} store in {root} ...", file=sys.stderr)
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), *STORES[size],
             "--members", "50", "--seed", "1", "--store", str(root)],
            check=True,
        )  # fmt: skip
    return root


def _run_case(case: str, root: Path, runs: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(HERE / "cases.py"), case, str(root), str(runs)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", help="run only cases whose label contains this text")
    args = parser.parse_args()
    rows = []
    for label, case, size, target in PLAN:
        if args.only and args.only not in label:
            continue
        root = _ensure_store(args.stores, size) if size else args.stores / "unused"
        result = _run_case(case, root, args.runs)
        result |= {"label": label, "target_ratio": target,
                   "ratio": result["median_s"] / result["floor_s"]}  # fmt: skip
        rows.append(result)
    if args.json:
        print(json.dumps({"machine": _machine(), "rows": rows}, indent=2))
        return
    print(f"machine: {_machine()}")
    print(f"{'case':34} {'median':>9} {'floor':>9} {'ratio':>6} {'target':>7} {'peak MB':>8}")
    for row in rows:
        met = "ok" if row["ratio"] <= row["target_ratio"] else "MISS"
        times = f"{row['median_s'] * 1000:7.1f}ms {row['floor_s'] * 1000:7.1f}ms"
        print(f"{row['label']:34} {times} {row['ratio']:6.2f} {row['target_ratio']:5.1f}x "
              f"{row['peak_mb']:8.0f} {met}")  # fmt: skip
        for key, value in row.items():
            if key.endswith("_s") and key not in ("median_s", "floor_s", "first_screen_s"):
                print(f"{'  (' + key[:-2] + ')':34} {value * 1000:7.1f}ms")
        if "first_screen_s" in row:
            print(f"{'  (first screen)':34} {row['first_screen_s'] * 1000:7.1f}ms   target < 1 s")
    if ratio := _history_ratio(rows):
        print(ratio)


def _history_ratio(rows: list[dict[str, object]]) -> str | None:
    """One month over 5 years against the same month over 1 year (target 1.2x)."""
    times = {str(r["label"]): float(r["median_s"]) for r in rows}  # type: ignore[arg-type]
    found = []
    for what in ("learnings", "digest"):
        five = times.get(f"month's {what} over 5 years (110k)")
        one = times.get(f"month's {what} over 1 year (22k)")
        if five is not None and one is not None:
            found.append(f"{what}, 5 years / 1 year: {five / one:.2f} (1.2x)")
    return "\n".join(found) or None


def _machine() -> str:
    cores = len(__import__("os").sched_getaffinity(0))
    return f"{platform.machine()}, {cores} cores, Python {platform.python_version()}"


if __name__ == "__main__":
    main()
