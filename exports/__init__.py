"""Pure renderers of aftercall's records and insights (Markdown, HTML, CSV, JSON); no Textual."""
