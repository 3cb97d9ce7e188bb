"""The command palette knows the clients: typing a client's name (or an alias) opens its page.

The names are read once per palette opening, off the UI thread: the store may be large.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial
from typing import cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from store import Store
from store.records import fold_name
from store.storage import load_directory
from tui.services import Services


@dataclass(frozen=True, slots=True)
class ClientName:
    shown: str
    """The display name the page opens on."""
    spellings: tuple[str, ...]
    """Every name the palette matches: the display name, aliases, spellings in reflections."""


def client_names(store: Store) -> list[ClientName]:
    """Every client with a profile or a reflection, once each, aliases folded in."""
    directory = load_directory(store.root)
    found: dict[str, tuple[str, dict[str, str]]] = {}
    for profile in directory.profiles.values():
        key = directory.key(profile.name)
        found[key] = (profile.name, {fold_name(n): n for n in profile.names()})
    for r in store.query():
        key = directory.key(r.client)
        _, spellings = found.setdefault(key, (directory.display(r.client), {}))
        spellings.setdefault(fold_name(r.client), r.client)
    return sorted(
        (ClientName(shown, tuple(spellings.values())) for shown, spellings in found.values()),
        key=lambda c: fold_name(c.shown),
    )


class ClientCommands(Provider):
    """One command per client, its display name: it opens the client's page."""

    async def startup(self) -> None:
        store = cast(Services, self.app).store
        self._clients = await asyncio.to_thread(client_names, store)

    def _open(self, client: str) -> None:
        cast(Services, self.app).open_client(client)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for client in self._clients:
            score = max(matcher.match(name) for name in client.spellings)
            if score > 0:
                also = [n for n in client.spellings if n != client.shown]
                help_text = "The client's page" + (f" (also {', '.join(also)})" if also else "")
                yield Hit(score, matcher.highlight(client.shown),
                          partial(self._open, client.shown), help=help_text)  # fmt: skip

    async def discover(self) -> Hits:
        for client in self._clients:
            yield DiscoveryHit(client.shown, partial(self._open, client.shown),
                               help="The client's page")  # fmt: skip
