"""Build the example team store and its digests from the stories in examples/stories/.

    python examples/build_examples.py            # rebuild examples/team-store and examples/digests
    python examples/build_examples.py --check    # only read the stories and report problems

Everything that could vary is fixed: record and item ids are derived from the story keys, each
member writes from one device whose id is derived from the name, and each record's timestamps
come from the story, not the wall clock. Rebuilding gives the same bytes, so a test can rebuild
both folders and fail when they no longer match what is committed.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
import tempfile
import tomllib
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from exports.registry import EXTENSIONS, DigestRequest, render
from store import Reflection, Store, ValidationError, reflection_from_dict
from store.insights.periods import Period, parse_period
from store.records.clients import Contact, Style, alias_field, client_id_for, contact_field
from store.records.models import STRUCTURE_PARTS
from store.records.practices import fold
from store.storage.profile_events import append_profile_event, load_directory

HERE = Path(__file__).resolve().parent
STORIES = HERE / "stories"
TEAM_STORE = HERE / "team-store"
DIGESTS = HERE / "digests"

NAMESPACE = uuid.UUID("6f1d3c2a-8b4e-4d6a-9c0f-a0f7e2c10000")
"""Ids are uuid5 names under this namespace, so they survive a rebuild."""
WRITTEN_AFTER = timedelta(hours=1)
"""When a story gives no `written_at`: the reflection was written an hour after the call."""
MONTHS = ("2026-08", "2026-09", "2026-10")
SHOWCASE = "2026-10"
"""The month shown in every variant: with charts, pseudonymised, and as HTML."""


@dataclass(frozen=True, slots=True)
class Story:
    """One reflection as the build writes it: the record and when its member saved it."""

    reflection: Reflection
    written_at: datetime


@dataclass(frozen=True, slots=True)
class StoryProfile:
    """A client's profile as the build writes it: by the member of its first story, then."""

    client: str
    fields: dict[str, Any]
    member: str
    written_at: datetime


_PARTICIPANT = re.compile(r"^(?P<name>[^()]+?) \((?P<org>[^,()]+), (?P<role>[^()]+)\)$")


class StoryError(Exception):
    """A story that cannot become a reflection; the message names the file, the key and field."""


def stable_id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def device_of(member: str) -> str:
    """A device id that looks like a real one and never changes for the member."""
    return hashlib.sha1(member.encode()).hexdigest()[:8]


def _plain(value: Any) -> Any:
    """TOML dates and datetimes as the ISO text the interchange format reads."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


SEED_PRACTICES = fold(())
"""Stories name practices by the seed's wording; the store keeps their ids."""


def _record(client: str, raw: dict[str, Any], where: str) -> Story:
    raw = _plain(dict(raw))
    key = raw.pop("key", None)
    if not isinstance(key, str) or not key:
        raise StoryError(f"{where}: key: every reflection needs a short unique key")
    where = f"{where} [{key}]"
    written = raw.pop("written_at", None)
    parts = raw.get("structure", [])
    unknown = [p for p in parts if p not in STRUCTURE_PARTS] if isinstance(parts, list) else [1]
    if unknown:
        raise StoryError(f"{where}: structure: a list of {', '.join(STRUCTURE_PARTS)}")
    raw["structure"] = {part: part in parts for part in STRUCTURE_PARTS}
    for field in ("practices_used", "practices_missed"):
        named = raw.get(field, [])
        ids = {p.wording: p.id for p in SEED_PRACTICES.active()}
        strays = [w for w in named if w not in ids] if isinstance(named, list) else [named]
        if strays:
            raise StoryError(f"{where}: {field}: {strays[0]!r} is not a practice of the seed")
        raw[field] = [ids[w] for w in named]
    raw["id"] = stable_id(client, key)
    raw["client"] = client
    items = raw.get("action_items", [])
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            item["id"] = stable_id(client, key, str(item.get("text", "")))
    try:
        reflection = reflection_from_dict(raw)
    except ValidationError as error:
        raise StoryError(f"{where}: {error}") from None
    try:
        when = (
            datetime.fromisoformat(written)
            if written
            else _as_datetime(reflection.conversation_at) + WRITTEN_AFTER
        )
    except (TypeError, ValueError):
        raise StoryError(f"{where}: written_at: not an ISO date and time: {written!r}") from None
    return Story(reflection, when.replace(tzinfo=when.tzinfo or UTC))


def _as_datetime(moment: date | datetime) -> datetime:
    if isinstance(moment, datetime):
        return moment
    return datetime(moment.year, moment.month, moment.day, 12)


def _profile(client: str, raw: Any, stories: list[Story], where: str) -> StoryProfile:
    """The `[profile]` table of a story file; contacts are the client's people in its stories."""
    if not isinstance(raw, dict) or not stories:
        raise StoryError(f"{where}: profile: a table, in a file with reflections")
    fields: dict[str, Any] = {"name": client}
    try:
        fields["style"] = Style(raw.get("style", "unknown")).value
    except ValueError:
        raise StoryError(f"{where}: profile.style: one of {', '.join(Style)}") from None
    for key in ("channel", "approver"):
        if raw.get(key):
            fields[key] = str(raw[key])
    for alias in raw.get("aliases", []):
        fields[alias_field(alias)] = alias
    styles = raw.get("contact_styles", {})
    org = client.split()[0]
    for story in stories:
        for person in story.reflection.participants:
            match = _PARTICIPANT.match(person)
            if match and match["org"] == org:
                name = match["name"]
                contact = Contact(name, match["role"], Style(styles.get(name, "unknown")))
                fields.setdefault(contact_field(name), contact.to_doc())
    first = min(stories, key=lambda s: (s.written_at, s.reflection.id))
    return StoryProfile(client, fields, first.reflection.member, first.written_at)


def read_stories(folder: Path = STORIES) -> tuple[list[Story], list[str]]:
    """Every story in `folder`, oldest first, and one line per problem found."""
    stories, problems, _ = read_stories_and_profiles(folder)
    return stories, problems


def read_stories_and_profiles(
    folder: Path = STORIES,
) -> tuple[list[Story], list[str], list[StoryProfile]]:
    """Every story in `folder` (oldest first), one line per problem, and the clients' profiles."""
    stories: list[Story] = []
    problems: list[str] = []
    profiles: list[StoryProfile] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            problems.append(f"{path.name}: {error}")
            continue
        client = data.get("client")
        if not isinstance(client, str) or not client.strip():
            problems.append(f"{path.name}: client: missing")
            continue
        keys: set[str] = set()
        first = len(stories)
        for n, raw in enumerate(data.get("reflection", []), start=1):
            try:
                story = _record(client, raw, f"{path.name} reflection {n}")
            except StoryError as error:
                problems.append(str(error))
                continue
            if raw["key"] in keys:
                problems.append(f"{path.name} reflection {n}: key: {raw['key']!r} used twice")
            keys.add(raw["key"])
            stories.append(story)
        if "profile" in data:
            try:
                profiles.append(_profile(client, data["profile"], stories[first:], path.name))
            except StoryError as error:
                problems.append(str(error))
    stories.sort(key=lambda s: (s.written_at, s.reflection.id))
    return stories, problems, profiles


class _StoryClock:
    """The store's clock, set to each story's `written_at` before it is saved."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def build_store(
    stories: Iterable[Story], root: Path, profiles: Iterable[StoryProfile] = ()
) -> None:
    """Write `stories` and the clients' `profiles` into a new team store at `root`, each member
    from their own device."""
    clock = _StoryClock()
    with tempfile.TemporaryDirectory(prefix="aftercall-build-") as locks:
        stores: dict[str, Store] = {}
        for story in stories:
            member = story.reflection.member
            if member not in stores:
                stores[member] = Store(
                    root, member=member, device=device_of(member), lock_dir=Path(locks),
                    clock=clock,
                )  # fmt: skip
            clock.now = story.written_at
            stores[member].add(story.reflection)
        for profile in profiles:
            clock.now = profile.written_at
            append_profile_event(
                stores[profile.member], client_id_for(profile.client), profile.fields,
                event_id=stable_id(profile.client, "profile"),
            )  # fmt: skip


def digest_requests() -> Iterator[tuple[str, DigestRequest]]:
    """The example digests by file name: each month, then the showcase month's variants."""

    def request(month: str, **options: Any) -> DigestRequest:
        period: Period = parse_period(month)
        return DigestRequest(period=period, as_of=period.end, **options)

    for month in MONTHS:
        yield f"{month}{EXTENSIONS['md']}", request(month)
    yield f"{SHOWCASE}-charts.md", request(SHOWCASE, charts=True)
    yield (
        f"{SHOWCASE}-pseudonymised.md",
        request(SHOWCASE, pseudonymise_clients=True, anonymise_members=True),
    )
    yield f"{SHOWCASE}{EXTENSIONS['html']}", request(SHOWCASE, format="html")
    yield f"{SHOWCASE}-charts{EXTENSIONS['html']}", request(SHOWCASE, format="html", charts=True)


def build_digests(store_root: Path, folder: Path) -> None:
    """Render every example digest from the store at `store_root` into `folder`."""
    with tempfile.TemporaryDirectory(prefix="aftercall-read-") as state:
        records = Store.open(store_root, member="Reader", state_dir=Path(state)).all()
    clients = load_directory(store_root)
    folder.mkdir(parents=True, exist_ok=True)
    for name, request in digest_requests():
        request = replace(request, clients=clients)
        (folder / name).write_text(render(records, request), encoding="utf-8")


def _replace_folder(target: Path, build: Any) -> None:
    """Build into a sibling folder, then swap it in, so a failed build leaves the old one."""
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    build(staging)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report problems in stories")
    args = parser.parse_args(argv)
    stories, problems, profiles = read_stories_and_profiles()
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        return 1
    if args.check:
        months = sorted({s.reflection.conversation_date.strftime("%Y-%m") for s in stories})
        print(f"{len(stories)} reflections over {', '.join(months)}: no problems")
        return 0
    _replace_folder(TEAM_STORE, lambda staging: build_store(stories, staging, profiles))
    _replace_folder(DIGESTS, lambda staging: build_digests(TEAM_STORE, staging))
    print(f"Wrote {len(stories)} reflections to {TEAM_STORE} and digests to {DIGESTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
