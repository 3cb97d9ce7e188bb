"""Ways a cache file in the state folder can be damaged, for the tests that must shrug it off."""

from __future__ import annotations

from pathlib import Path

DAMAGES = ["garbage", "truncated", "bit flipped", "side files"]
"""How the summaries cache is damaged: replaced by garbage, cut in half, one character of its
body changed (it still parses), or that change made to its side files (the bulky rows)."""


def damaged_targets(state: Path, damage: str) -> list[Path]:
    """The cache files `damage` hits in `state`: the summaries, their side files or the id
    index."""
    (cache,) = (state / "cache").glob("summaries-*.json")
    targets = {
        "side files": list(cache.with_suffix("").glob("*.json")),
        "id index": list((state / "cache").glob("ids-*.json")),
    }.get(damage, [cache])
    assert targets
    return targets


def damage_cache(state: Path, damage: str) -> None:
    for target in damaged_targets(state, damage):
        raw = target.read_bytes()
        if damage in ("garbage", "id index"):
            target.write_bytes(b"\x00not json")
        elif damage == "truncated":
            target.write_bytes(raw[: len(raw) // 2])
        else:  # one character changed inside the body, which still parses
            at = raw.rindex(b'"key"')
            target.write_bytes(raw[:at] + b'"kez"' + raw[at + 5 :])
