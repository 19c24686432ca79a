"""Re-entering the API key: the candidate key is checked with a client of its own and replaces
the working one only once the backend accepts it (a wrong key never costs the session)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from screens.base import Session

if TYPE_CHECKING:
    from callback_tui.launch import Identified
    from client import CallbackClient, Secret

ReportFailure = Callable[..., Any]  # CallbackConsole.report_failure(error, action, toast=...)
PushScreenWait = Callable[[Any], Awaitable[Any]]
CHECK_ACTION = "Check re-entered API key"


def rejected_key_text(key_source: str, message: str) -> str:
    """Why the key prompt is shown: which key the backend refused, in the user's terms."""
    if key_source.startswith("env "):
        who = key_source.removeprefix("env ")
    elif key_source:
        who = f"The API key ({key_source})"
    else:
        who = "The API key"
    return f"{who} was rejected (401): {message}"


def refusal_message(error: BaseException | None) -> str:
    return getattr(error, "message", "") or "the backend refused the key"


class KeyReentry:
    """The prompt, the check of a candidate key, and keeping it once it is accepted."""

    def __init__(
        self,
        *,
        new_client: Callable[[Secret], CallbackClient],
        keep_key: Callable[[Secret], str],
        session: Callable[[], Session],
        report: ReportFailure,
    ) -> None:
        self._new_client = new_client
        self._keep_key = keep_key
        self._session = session
        self._report = report
        self._candidate: tuple[Secret, CallbackClient, Identified] | None = None

    async def ask(
        self, push_screen_wait: PushScreenWait, *, reason: str, signed_in: bool
    ) -> tuple[CallbackClient, Identified] | None:
        """The accepted key's client and its /me outcome (key source set); None: unchanged."""
        from screens.key_prompt import KeyPromptDialog

        keeps = "keep the current key" if signed_in else "stay signed out"
        key = await push_screen_wait(KeyPromptDialog(reason=reason, check=self.check, keeps=keeps))
        candidate, self._candidate = self._candidate, None
        if key is None or candidate is None or candidate[0] is not key:
            if candidate is not None:
                await candidate[1].aclose()
            return None
        _, client, result = candidate
        source = await asyncio.to_thread(self._keep_key, key)
        current = self._session()
        session = replace(result.session, profile=current.profile, key_source=source)
        return client, replace(result, session=session)

    async def check(self, key: Secret) -> str | None:
        """Ask the backend about `key`; None when it is accepted, else what to tell the user."""
        from callback_tui.launch import identify

        client = self._new_client(key)
        current = self._session()
        base = Session(profile=current.profile, base_url=current.base_url, key_source="prompt")
        try:
            result = await self._identify_strictly(identify, client, base)
        except BaseException:
            await client.aclose()
            raise
        if result.health == "ok":
            self._candidate = (key, client, result)
            return None
        await client.aclose()
        if result.error is not None:
            self._report(result.error, CHECK_ACTION, toast=False)
        if result.health == "auth":
            return f"This key was rejected (401): {refusal_message(result.error)}"
        return result.problem or f"The key could not be checked ({result.health})."

    @staticmethod
    async def _identify_strictly(
        identify: Callable[[CallbackClient, Session], Awaitable[Identified]],
        client: CallbackClient,
        base: Session,
    ) -> Identified:
        from client import AuthenticationError, CallbackClientError

        result = await identify(client, base)
        if result.health != "ok" or result.session.console_api:
            return result
        # No console API (a GES tenant): /me proves nothing; a public GET checks the key.
        try:
            await client.queues.status("callback-tui-key-check")
        except AuthenticationError as exc:
            return replace(result, health="auth", error=exc)
        except CallbackClientError:
            pass  # answered without a 401: the key was accepted
        return result
