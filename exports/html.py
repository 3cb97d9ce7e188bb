"""Markdown to one standalone HTML page, fit to paste into an email or open in a browser."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from markdown_it import MarkdownIt

_STYLE = """
body { font: 15px/1.5 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       color: #1f2328; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3 { line-height: 1.25; margin-top: 1.6em; }
h1 { border-bottom: 1px solid #d0d7de; padding-bottom: .3em; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #d0d7de; padding: .3em .7em; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; }
blockquote { color: #57606a; border-left: .25em solid #d0d7de; margin: 0; padding: 0 1em; }
code, pre { background: #f6f8fa; border-radius: 4px; }
pre { padding: .8em; overflow-x: auto; }
"""


def _renderer() -> MarkdownIt:
    # Raw HTML off: user text can never inject markup, whatever it contains.
    return MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")


def markdown_to_html(markdown: str) -> str:
    """HTML for `markdown`, with any raw HTML in it shown as text."""
    return str(_renderer().render(markdown))


def render_html(markdown: str, title: str) -> str:
    """A complete HTML document for `markdown`, with a small embedded stylesheet."""
    return html_page([markdown_to_html(markdown)], title)


def html_page(parts: Iterable[str], title: str) -> str:
    """A complete HTML document from `parts`, which must already be safe HTML."""
    body = "".join(parts)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
