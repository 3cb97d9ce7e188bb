"""The briefing before a call (`aftercall prep`), shown over the client page to read or copy."""

from __future__ import annotations

from tui.screens.text_dialog import TextDialog


class BriefingDialog(TextDialog):
    TITLE_TEXT = "Before calling {client}: the briefing (aftercall prep)"
    COPIED_TITLE = "Briefing copied"
    COPIED_HINT = "Paste it into your notes before the call."
    NAME = "briefing"
