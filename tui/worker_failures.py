"""The one place a failed worker is reported: a one-line notification and a log line.

Textual posts `Worker.StateChanged` only to the worker's own node (it does not bubble), so the app
and every screen route their `on_worker_state_changed` here. Whatever the node was loading stops
showing as loading: an unexpected error must not leave a spinner up for ever.
"""

from __future__ import annotations

import logging

from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import LoadingIndicator
from textual.worker import Worker, WorkerState

log = logging.getLogger("aftercall")


def failure_line(worker: Worker[object]) -> str:
    """ "Loading reflections failed: disk full", on one line however long the error."""
    error = worker.error
    detail = str(error).strip().splitlines()[0] if error is not None and str(error).strip() else ""
    kind = type(error).__name__ if error is not None else "error"
    what = worker.description or worker.name or "A background task"
    return f"{what} failed: {detail or kind}"


def report_failure(node: DOMNode, event: Worker.StateChanged) -> None:
    if event.state is not WorkerState.ERROR:
        return
    line = failure_line(event.worker)
    log.error(line, exc_info=event.worker.error)
    node.log.error(line)
    node.app.notify(line, title="Something went wrong", severity="error", markup=False)
    for widget in node.query(Widget):
        if widget.loading:
            widget.loading = False
    for indicator in node.query(LoadingIndicator):
        indicator.display = False
