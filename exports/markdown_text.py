"""Putting user text into Markdown so it reads as the literal text and never as structure.

A reflection may hold `# Heading`, `| pipes |`, backticks, `<script>`, `[link](javascript:...)` or a
line starting `1.`: in a digest each must render as those characters, inside its own section.
Bare web and e-mail addresses are defanged (`https[:]//`, `www[.]`, `dana[@]example.com`), or
GitHub and GitLab would turn them into links (GFM autolinks) where the user wrote only text.
"""

from __future__ import annotations

import re

from store.records import neutralise

_INLINE = re.compile(r"([\\`*_\[\]<>#|~&])")
"""Characters that start inline syntax (emphasis, code, links, HTML, entities) or a table cell."""
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")
"""At the start of a line: list bullets, ordered-list numbers, quotes and setext underlines."""


_AUTOLINKS = (
    (re.compile(r"(?<=[A-Za-z0-9])(:)(?=//)"), "[:]"),  # https://, ftp://, any scheme
    (re.compile(r"(?<![A-Za-z0-9])(www)\.", re.IGNORECASE), r"\1[.]"),
    (re.compile(r"(?<=[A-Za-z0-9.+_-])@(?=[A-Za-z0-9_-])"), "[@]"),  # e-mail, mailto:, xmpp:
)
"""What GFM's extended autolinks start from, each broken so no link is recognised."""


def defang(text: str) -> str:
    """`text` with every bare address made inert: "https[:]//example.com", "www[.]", "a[@]b.c"."""
    for pattern, replacement in _AUTOLINKS:
        text = pattern.sub(replacement, text)
    return text


def inline(text: str) -> str:
    """One line of user text, escaped; newlines and runs of whitespace become single spaces."""
    flat = " ".join(neutralise(defang(text)).split())
    return _LINE_START.sub(_escape_start, _INLINE.sub(r"\\\1", flat))


def _escape_start(match: re.Match[str]) -> str:
    token = match.group(2)
    if token[0].isdigit():
        return f"{token}\\"  # "1." -> "1\." keeps the number, loses the list
    return f"\\{token}"


def block(text: str) -> str:
    """Multi-line user text as one paragraph, its line breaks kept as hard breaks."""
    lines = [inline(line) for line in text.strip().splitlines() if line.strip()]
    return "\\\n".join(lines)


def cell(text: str) -> str:
    """User text inside a table cell (a pipe would otherwise end the cell)."""
    return inline(text) or " "


def counted(n: int, noun: str) -> str:
    """A count with its noun, singular for one: "1 client", "3 clients"."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"
