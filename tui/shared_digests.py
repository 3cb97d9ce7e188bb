"""Digests shared in the team store's own `digests/` folder, where every teammate sees them.

A shared digest is named after what decides its bytes: the period and the aliasing asked for
(`2026-10.md`, `2026-Q4.md`, `2026.md`, `2026-10-pseudonymised.md` for clients aliased,
`-anonymised` for members, both suffixes for both). Since a digest is deterministic, the name
alone lets any member render it again; so the files are generated, never edited: each sync
renders every one of them from the merged records (see `digest_sync`), and two members sharing
the same month never conflict, whatever records each had when they shared it.

It is always Markdown without charts: it is read in the app's viewer and on the git host.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import filelock

from exports.registry import DigestRequest, render
from exports.writer import write_export
from store import Reflection, Store, StoreBusyError, ValidationError
from store.insights import Period, default_as_of, parse_period
from store.records import Vocabulary
from store.storage import WRITE_TIMEOUT, load_directory
from tui.digest_render_cache import CACHE_FILE, RenderCache

DIGESTS_DIR = "digests"
"""The folder, at the team store's root, that holds the shared digests."""
_CLIENTS, _MEMBERS = "-pseudonymised", "-anonymised"
_NAME = re.compile(
    r"^(?P<period>\d{4}(?:-\d{2}|-Q[1-4])?)(?P<clients>-pseudonymised)?(?P<members>-anonymised)?\.md$"
)


@dataclass(frozen=True, slots=True)
class SharedDigest:
    """One file in `digests/`: what it covers and how names in it are aliased."""

    path: Path
    period: Period
    pseudonymise_clients: bool = False
    anonymise_members: bool = False

    @property
    def title(self) -> str:
        aliased = [
            word for flag, word in ((self.pseudonymise_clients, "clients pseudonymised"),
                                    (self.anonymise_members, "members anonymised")) if flag
        ]  # fmt: skip
        return self.period.label + (f" ({', '.join(aliased)})" if aliased else "")

    def request(self, today: date, practices: Vocabulary) -> DigestRequest:
        """What renders this file: judged at the period's end once it is over, else today, with
        the team's practices as the store has them (every machine folds the same events)."""
        return DigestRequest(
            self.period, default_as_of(self.period, today), "md",
            self.pseudonymise_clients, self.anonymise_members, practices=practices,
            clients=load_directory(self.path.parent.parent),
        )  # fmt: skip


def digests_dir(store_root: Path) -> Path:
    return store_root / DIGESTS_DIR


@contextmanager
def digests_lock(store: Store) -> Iterator[None]:
    """Held while this machine writes `digests/` or syncs it, so a share landing in the middle
    of a sync is not set aside and lost. Like the store's locks it lives on this machine."""
    store.lock_dir.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(store.lock_dir / "shared-digests.lock", timeout=WRITE_TIMEOUT)
    try:
        with lock:
            yield
    except filelock.Timeout:
        raise StoreBusyError("another aftercall is writing the shared digests; try again") from None


def shared_digest(
    store_root: Path, period: Period, *, pseudonymise_clients: bool, anonymise_members: bool
) -> SharedDigest:
    """The shared file for `period` and these options; a custom range of days cannot be shared
    (its name could not say what to render again)."""
    if period.kind not in ("month", "quarter", "year"):
        raise ValidationError(
            "--share", "shares a month, quarter or year (--period), not a range of days"
        )
    name = (period.code + (_CLIENTS if pseudonymise_clients else "")
            + (_MEMBERS if anonymise_members else "") + ".md")  # fmt: skip
    return SharedDigest(digests_dir(store_root) / name, period, pseudonymise_clients,
                        anonymise_members)  # fmt: skip


def read_name(path: Path) -> SharedDigest | None:
    """The shared digest a file name stands for, or None for any other file."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        period = parse_period(match["period"])
    except ValidationError:
        return None
    return SharedDigest(path, period, bool(match["clients"]), bool(match["members"]))


def list_shared(store_root: Path) -> list[SharedDigest]:
    """Every shared digest in the store, the newest period first (then the longer period,
    then the plain before the aliased variants)."""
    folder = digests_dir(store_root)
    found = [
        d for p in folder.glob("*.md")
        if not p.is_symlink() and (d := read_name(p)) is not None  # a link could show any file
    ]  # fmt: skip
    return sorted(found, key=lambda d: (-d.period.end.toordinal(), d.period.start,
                                        d.pseudonymise_clients, d.anonymise_members))  # fmt: skip


def share(store: Store, digest: SharedDigest, today: date) -> Path:
    """Render `digest` from the store into its file; the next sync shares it with the team."""
    with digests_lock(store):
        write_shared(digest, store.query(), today, store.practices())
    return digest.path


def write_shared(
    digest: SharedDigest, records: Sequence[Reflection], today: date, practices: Vocabulary
) -> bool:
    """Render `digest` from `records` into its file; True when the bytes changed."""
    return _write(digest.path, render(records, digest.request(today, practices)))


def _write(path: Path, text: str) -> bool:
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_export(path, text)
    return True


def render_all(store: Store, today: date, also: Sequence[SharedDigest] = ()) -> list[SharedDigest]:
    """Render every shared digest in the store (and `also`) from its records, skipping those
    already rendered from these very files; returns those whose bytes changed."""
    wanted = {d.path.name: d for d in [*list_shared(store.root), *also]}
    cache = RenderCache(store.lock_dir / CACHE_FILE, store.root)
    records: list[Reflection] | None = None
    practices = store.practices()
    changed = []
    for digest in wanted.values():
        request = digest.request(today, practices)
        if cache.fresh(digest.path, request):
            continue
        if records is None:
            records = store.query()
        text = render(records, request)
        if _write(digest.path, text):
            changed.append(digest)
        cache.remember(digest.path, request, text)
    if records is not None:
        cache.save()
    return changed


def share_variants(
    store: Store, period: Period, today: date, *, pseudonymise_clients: bool = False,
    anonymise_members: bool = False,
) -> list[Path]:  # fmt: skip
    """Share the digest of `period`, and its aliased copy when aliases are asked for: the plain
    one is the team's own, the aliased one can go outside the team."""
    variants = [(False, False)]
    if pseudonymise_clients or anonymise_members:
        variants.append((pseudonymise_clients, anonymise_members))
    return [
        share(store, shared_digest(store.root, period, pseudonymise_clients=clients,
                                   anonymise_members=members), today)
        for clients, members in variants
    ]  # fmt: skip
