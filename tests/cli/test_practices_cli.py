"""`aftercall practices` and practices in `add`, `learnings --format json` and the digest."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.factories import full_record

CALLED_EARLY = "f724446e-65e8-52de-a7d2-a8cf3d70c776"
SUMMARY = "b7005c0e-0663-52e8-9cc7-daeda014c77e"
THEME = "flagged the risk the day we saw it"


def _add(run, tmp_path: Path, n: int, **fields: object) -> None:
    record = full_record(id=f"00000000-0000-4000-8000-{n:012d}", **fields)
    path = tmp_path / f"r{n}.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    code, _, err = run("add", "--from", str(path))
    assert (code, err) == (0, "")


def test_list_add_retire(run) -> None:
    code, out, _ = run("practices", "list")
    assert code == 0 and "called before they called us" in out and len(out.splitlines()) == 20
    code, out, err = run("practices", "add", "asked what success looks like", "--type", "renewal")
    assert (code, err) == (0, "")
    new_id = out.strip()
    _, out, _ = run("practices", "list")
    assert f"{new_id[:8]}  asked what success looks like  [renewal; added by Dana Lee]" in out
    assert run("practices", "retire", new_id[:8])[1] == "retired: asked what success looks like\n"
    assert "asked what success" not in run("practices", "list")[1]
    assert "(retired)" in run("practices", "list", "--all")[1]
    code, _, err = run("practices", "add", "Called before they called us")
    assert code == 1 and "wording: 'Called before they called us' is already a practice" in err
    code, _, err = run("practices", "add", "x y", "--type", "party")
    assert code == 1 and err.startswith("aftercall: error: fields.types[0]: must be one of")


def test_add_refuses_an_unknown_practice_naming_the_field(run, tmp_path: Path) -> None:
    unknown = "00000000-0000-4000-8000-0000000000ff"
    record = full_record(practices_missed=[CALLED_EARLY, unknown])
    path = tmp_path / "r.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    code, out, err = run("add", "--from", str(path))
    assert (code, out) == (1, "")
    assert (
        err == f"aftercall: error: practices_missed[1]: {unknown} is not a practice of the team\n"
    )
    record = full_record(practices_used=[CALLED_EARLY], practices_missed=[CALLED_EARLY])
    path.write_text(json.dumps(record), encoding="utf-8")
    code, _, err = run("add", "--from", str(path))
    assert code == 1 and "practices_missed[0]: " in err and "also in practices_used" in err


def test_learnings_count_practices_exactly_and_adopting_a_theme(run, tmp_path: Path) -> None:
    worked = f"We {THEME}. Kept it calm."
    _add(
        run,
        tmp_path,
        1,
        member="Ana",
        client="Acme",
        conversation_at="2026-10-02",
        outcome="resolved",
        practices_used=[SUMMARY],
        practices_missed=[],
        what_worked=worked,
    )
    _add(
        run,
        tmp_path,
        2,
        member="Ben",
        client="Globex",
        conversation_at="2026-10-09",
        outcome="lost",
        practices_used=[],
        practices_missed=[SUMMARY],
        what_worked=worked,
    )
    _add(run, tmp_path, 3, member="Cy", client="Initech", conversation_at="2026-10-16",
         outcome="resolved", practices_used=[SUMMARY, CALLED_EARLY], practices_missed=[],
         what_worked=worked)  # fmt: skip
    code, out, _ = run("learnings", "--period", "2026-10", "--format", "json")
    data = json.loads(out)
    summary = next(p for p in data["practices"] if p["id"] == SUMMARY)
    assert (summary["used"], summary["missed"], summary["members"]) == (2, 1, ["Ana", "Cy"])
    assert summary["outcome_used"] == {"resolved": 2, "total": 2, "rate": 1.0}
    assert summary["outcome_not_used"] == {"resolved": 0, "total": 1, "rate": 0.0}
    assert len(data["trend"]) == 6 and data["trend"][-1]["reflections"] == 3
    assert data["outcome_drivers"]["all_four"]["total"] == 0
    assert data["next_month"][0]["kind"] == "practice"
    theme = next(t for t in data["themes"] if "flagged" in t["wording"])
    code, out, err = run("practices", "adopt", theme["phrase"], "--period", "2026-10")
    assert (code, err) == (0, ""), err
    adopted = out.strip()
    code, _, err = run("practices", "adopt", theme["phrase"], "--period", "2026-10")
    assert code == 1 and "already a practice" in err
    code, _, err = run("practices", "adopt", "no such theme", "--period", "2026-10")
    assert code == 1 and "is not a recurring theme of October 2026" in err
    # The period after adopting it (today's, since the CLI's clock is the real one) reports
    # how the adopted practice did.
    today = date.today()
    _add(
        run,
        tmp_path,
        4,
        member="Ana",
        client="Acme",
        conversation_at=today.isoformat(),
        outcome="resolved",
        practices_used=[adopted],
        practices_missed=[],
    )
    code, out, _ = run("digest", "--period", f"{today:%Y-%m}", "--output", "-")
    assert code == 0
    assert (
        f"Adopted on {today.isoformat()}: **{theme['wording']}** was used in 1 conversations" in out
    )
