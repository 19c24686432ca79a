"""The central error path's pieces: what a failure is called, and catching failed workers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

from textual.worker import Worker, WorkerState
from textual.worker_manager import WorkerManager

from screens.last_errors import FailureRecord


class FailureSink(Protocol):
    def report_failure(self, error: BaseException, action: str) -> FailureRecord: ...


def failure_record(error: BaseException, action: str) -> FailureRecord:
    """What the user is told about one failure; the type decides the wording."""
    from client import (
        ApiConnectionError,
        AuthenticationError,
        CallbackClientError,
        PermissionDeniedError,
        ProtocolError,
    )
    from client.errors import NO_CORRELATION_SENT, NO_CORRELATION_UNKNOWN

    now = datetime.now(UTC)
    if isinstance(error, ApiConnectionError):
        # The toast says what the missing correlation ID means; drop the client's own hint.
        message = error.message
        for hint in (NO_CORRELATION_SENT, NO_CORRELATION_UNKNOWN):
            message = message.replace(f" ({hint})", "")
        kind = "no-answer" if error.request_sent else "connection"
        return FailureRecord(now, action, message, kind=kind)
    if isinstance(error, CallbackClientError):
        kind = "api"
        if isinstance(error, PermissionDeniedError):
            kind = "forbidden"
        elif isinstance(error, AuthenticationError):
            kind = "auth"
        elif isinstance(error, ProtocolError):
            kind = "protocol"
        return FailureRecord(
            now,
            action,
            error.message,
            http_status=error.http_status,
            code=error.code,
            correlation_id=error.correlation_id,
            kind=kind,
        )
    # Not an API failure: a bug. The type and message only, never a traceback with locals.
    return FailureRecord(now, action, f"{type(error).__name__}: {error}", kind="unexpected")


def worker_action(worker: Worker[Any]) -> str:
    """A readable name for a failed worker: its given description, else its name.

    Textual's default description is the call with its arguments (`register('gws', {...})`),
    which may hold a typed key or a credential secret: never show that one.
    """
    description = worker.description or ""
    if description and not description.startswith("<") and "(" not in description:
        return description
    return (worker.name or "background task").strip("_").replace("_", " ").capitalize()


class ReportingWorkerManager(WorkerManager):
    """Reports every worker that ends in ERROR to the App's central error path.

    `Worker.StateChanged` does not bubble, so the App never sees a panel's worker fail; this
    is the one place that sees them all.
    """

    def _remove_worker(self, worker: Worker[Any]) -> None:
        super()._remove_worker(worker)
        if worker.state == WorkerState.ERROR and worker.error is not None:
            sink: Any = self._app
            if hasattr(sink, "report_failure"):
                reporter: FailureSink = sink
                reporter.report_failure(worker.error, worker_action(worker))
