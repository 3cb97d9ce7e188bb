"""Sync, then render the shared digests from the merged records and share them too.

The store's own sync commits only this device's folder, so it never conflicts. `digests/` is
written by everyone, so it is kept out of that sync and handled around it:

1. Before: every generated file in `digests/` is set back to what the last commit holds (a new
   one is removed); its name is remembered. Nothing is lost: the name says how to render it.
2. The store's sync runs on a clean `digests/` (commit own files, fetch, merge by id, push).
3. After, even when the sync failed: every shared digest is rendered again from the records
   now in the store, the teammates' merged in.
4. If any changed, they are committed in one commit and pushed at once. If a teammate pushed in
   between, that commit is undone (the files stay) and the whole round runs again. A digest
   commit is never left unpushed, so it can never meet a teammate's in a rebase.

So the shared file for a period is always the digest of the merged records, in whichever order
members share and sync.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from store import Store
from store import sync as sharing
from store.storage import member_slug
from store.sync import SAFE, Git, SyncError, classify_remote_failure
from tui.shared_digests import DIGESTS_DIR, SharedDigest, digests_lock, list_shared, render_all

ROUNDS = 3
"""Rounds of sync, render and push before giving up on a remote that keeps moving."""


@dataclass(frozen=True, slots=True)
class DigestSyncReport:
    sync: sharing.SyncReport
    shared: tuple[SharedDigest, ...] = ()
    """The shared digests this sync rendered anew and pushed."""

    def summary(self) -> str:
        text = self.sync.summary()
        if self.shared:
            names = ", ".join(d.path.name for d in self.shared)
            text = ("" if text == "already up to date" else text + "; ") + f"digests: {names}"
        return text


def _park(git: Git, store: Store) -> list[SharedDigest]:
    """Set every generated digest back to its last commit; the names, to render them again."""
    parked = list_shared(store.root)
    tracked = set(git.check("ls-files", "--", DIGESTS_DIR).split())
    paths = [f"{DIGESTS_DIR}/{d.path.name}" for d in parked]
    if restore := [path for path in paths if path in tracked]:
        git.check("checkout", "--quiet", "HEAD", "--", *restore)
    for digest, path in zip(parked, paths, strict=True):
        if path not in tracked:
            digest.path.unlink(missing_ok=True)
    return parked


def _commit(git: Git, changed: list[SharedDigest]) -> bool:
    if not changed:
        return False
    git.check("add", "--all", "--", DIGESTS_DIR)
    if git.run("diff", "--cached", "--quiet", "--", DIGESTS_DIR).ok:
        return False
    names = ", ".join(d.path.name for d in changed) or "digests"
    git.check("commit", "--quiet", "-m", f"Shared digests: {names}", "--", DIGESTS_DIR)
    return True


def sync_with_digests(
    store: Store,
    today: date,
    *,
    sync: Callable[[Store], sharing.SyncReport] = sharing.sync,
) -> DigestSyncReport:
    """The store's sync, with the shared digests rendered from the merged records and shared."""
    git = Git(store.root)
    if not git.is_repo():
        return DigestSyncReport(sync(store))  # which says how to share the store
    git.use_identity(store.member, member_slug(store.member))
    # The store's sync lock (re-entrant: the inner sync takes it again) keeps every other sync of
    # this store out while digests are parked, committed, pushed or undone.
    with store.locks.sync(), digests_lock(store):
        return _rounds(store, git, today, sync)


def _rounds(
    store: Store, git: Git, today: date, sync: Callable[[Store], sharing.SyncReport]
) -> DigestSyncReport:
    for _round in range(ROUNDS):
        parked = _park(git, store)
        try:
            report = sync(store)
        finally:
            changed = render_all(store, today, parked)
        if not _commit(git, changed):
            return DigestSyncReport(report)
        pushed = git.run("push", "--quiet", "origin", f"HEAD:refs/heads/{git.branch()}")
        if pushed.ok:
            return DigestSyncReport(report, tuple(changed))
        git.check("reset", "--quiet", "--mixed", "HEAD~1")  # never leave it to meet a rebase
        if "fetch first" not in pushed.err and "non-fast-forward" not in pushed.err:
            raise classify_remote_failure(pushed.err, "push")
    raise SyncError(f"the shared digests could not be pushed as teammates kept pushing; {SAFE}")
