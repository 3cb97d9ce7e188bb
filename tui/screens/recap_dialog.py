"""The follow-up email for one conversation (`aftercall recap`), ready to copy into a mail."""

from __future__ import annotations

from tui.screens.text_dialog import TextDialog


class RecapDialog(TextDialog):
    TITLE_TEXT = "Recap for {client}: what was agreed, nothing internal"
    COPIED_TITLE = "Recap copied"
    COPIED_HINT = "Paste it into your mail to the client."
    NAME = "recap"
