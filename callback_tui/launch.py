"""Building the session: start the bundled emulator or open a real backend, then ask /me.

Everything here runs after the first frame (in App workers), so the imports of httpx, the client
and the emulator stay off the start-up critical path.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from screens.base import Session
from screens.roles import Capability

if TYPE_CHECKING:
    from callback_tui.config import Config, Target
    from callback_tui.secrets import KeyStore
    from client import CallbackClient, Secret
    from screens.setup import SetupResult


class SetupCancelled(Exception):
    """The user left the first-run setup screen without saving."""


class StartupUI(Protocol):
    """What a startup may ask of the App while it opens."""

    async def run_setup(self) -> SetupResult | None: ...

    def tell_once(self, text: str) -> None: ...


class Startup(Protocol):
    """How the App gets its client after the first frame, and a new one for a re-entered key."""

    session: Session

    async def open(self, ui: StartupUI) -> CallbackClient: ...

    def candidate_client(self, key: Secret) -> CallbackClient:
        """A client for a re-entered key, to be validated before it replaces the current one."""
        ...

    def keep_key(self, key: Secret) -> str:
        """Remember a validated key as the profile asks; the key source to show."""
        ...

    def close(self) -> None: ...


class MockStartup:
    """`--mock`: the bundled emulator on 127.0.0.1 (free port, real socket), as Administrator."""

    def __init__(self, *, db: Path | None = None, fresh: bool = False) -> None:
        self._db = db
        self._fresh = fresh
        self._server: object | None = None
        self.session = Session(profile="mock", base_url="starting emulator…", key_source="")

    def reset_data(self) -> list[str]:
        """`--fresh`, done before the console starts so its notes can go to stderr."""
        from callback_tui.mock.app import default_db_path

        self._fresh = False
        return remove_mock_db(self._db or default_db_path())

    def _start(self) -> tuple[str, str]:
        from callback_tui.mock.app import default_db_path
        from callback_tui.mock.server import MockServer

        db = self._db or default_db_path()
        if self._fresh:
            remove_mock_db(db)
        server = MockServer(str(db))
        server.start()
        self._server = server
        return server.url, server.keys["Administrator"]

    async def open(self, ui: StartupUI) -> CallbackClient:
        from client import CallbackClient, Secret

        url, key = await asyncio.to_thread(self._start)
        self.session = replace(self.session, base_url=url, key_source="mock demo key")
        return CallbackClient(url, Secret(key))

    @property
    def demo_keys(self) -> dict[str, str]:
        """Role -> demo key of the running emulator (empty before it starts)."""
        return dict(self._server.keys) if self._server is not None else {}  # type: ignore[attr-defined]

    def candidate_client(self, key: Secret) -> CallbackClient:
        from client import CallbackClient

        return CallbackClient(self.session.base_url, key)

    def keep_key(self, key: Secret) -> str:
        return "prompt (in memory, this session only)"

    def close(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.stop()  # type: ignore[attr-defined]


def remove_mock_db(db: Path) -> list[str]:
    """`--fresh`: the emulator seeds anew; its edited tenant file is kept as a `.bak`."""
    from callback_tui.mock.app import reset_data

    return reset_data(db)


class BackendStartup:
    """A real backend from a resolved profile/flags/env target and a resolved key."""

    def __init__(
        self, target: Target, key: Secret, key_source: str, *, store: KeyStore | None = None
    ) -> None:
        assert target.base_url is not None
        self._target = target
        self._key = key
        self._store = store
        self.session = Session(
            profile=target.profile_name, base_url=target.base_url, key_source=key_source
        )

    def _client(self, key: Secret) -> CallbackClient:
        from client import CallbackClient

        return CallbackClient(self.session.base_url, key, verify=self._target.verify)

    async def open(self, ui: StartupUI) -> CallbackClient:
        return self._client(self._key)

    def candidate_client(self, key: Secret) -> CallbackClient:
        return self._client(key)

    def keep_key(self, key: Secret) -> str:
        from callback_tui.secrets import KeyStore, remember_key

        profile = self._target.profile
        if profile is None:
            return "prompt (in memory, this session only)"
        kept = remember_key(
            profile.name, key, storage=profile.key_storage, store=self._store or KeyStore()
        )
        return kept.source

    def close(self) -> None:
        pass


class SetupStartup:
    """First run (no profile, no base URL): the setup screen, then save and open the profile."""

    def __init__(self, config: Config, *, store: KeyStore | None = None) -> None:
        self._config = config
        self._store = store
        self._inner: BackendStartup | None = None
        self.session = Session(profile="(first run)", base_url="-", key_source="")

    async def open(self, ui: StartupUI) -> CallbackClient:
        from callback_tui.config import Profile, Target
        from callback_tui.secrets import KeyStore, remember_key

        result = await ui.run_setup()
        if result is None:
            raise SetupCancelled
        profile = Profile(result.profile, result.base_url, verify=result.verify)
        self._config.add_profile(profile, make_default=True)
        self._config.save()
        store = self._store or KeyStore()
        kept = await asyncio.to_thread(
            remember_key, profile.name, result.key, storage=profile.key_storage, store=store
        )
        if kept.notice:
            ui.tell_once(kept.notice)
        target = Target(profile, profile.name, profile.base_url, f"profile {profile.name}")
        self._inner = BackendStartup(target, result.key, kept.source, store=store)
        self.session = self._inner.session
        return await self._inner.open(ui)

    def candidate_client(self, key: Secret) -> CallbackClient:
        assert self._inner is not None
        return self._inner.candidate_client(key)

    def keep_key(self, key: Secret) -> str:
        assert self._inner is not None
        return self._inner.keep_key(key)

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class Identified:
    """The outcome of /console/v1/me at start-up (or after a reconnect / new key)."""

    session: Session
    health: str  # "ok", "no console API", "auth", "down", "error", "forbidden"
    problem: str | None = None  # plain text for the body of the main screen
    error: BaseException | None = None


NO_CONSOLE_API = (
    "This backend does not serve the console API (/console/v1): console-only panels say "
    "'not available on this backend'. Callbacks and the service check (GES public API) keep "
    "working."
)


async def identify(client: CallbackClient, session: Session) -> Identified:
    """Ask /me who the key is; turn every failure into something the user can act on."""
    from client import (
        ApiConnectionError,
        ApiError,
        AuthenticationError,
        NotFoundError,
        PermissionDeniedError,
        ProtocolError,
    )

    try:
        me = await client.me()
    except AuthenticationError as exc:
        problem = "Invalid API key (401): the backend refused the key. Press ctrl+k to re-enter it."
        return Identified(replace(session, role=None), "auth", problem, exc)
    except PermissionDeniedError as exc:
        problem = f"Not allowed (403): {exc.message}"
        return Identified(replace(session, role=None), "forbidden", problem, exc)
    except (NotFoundError, ProtocolError) as exc:
        return Identified(replace(session, role=None, console_api=False), "ok", NO_CONSOLE_API, exc)
    except ApiConnectionError as exc:
        problem = f"Backend unreachable at {session.base_url}: {exc.message}"
        return Identified(session, "down", problem, exc)
    except ApiError as exc:
        problem = f"The backend answered /me with an error: {exc}"
        return Identified(session, "error", problem, exc)
    return Identified(
        replace(
            session,
            role=me.role,
            user=me.user,
            tenant=me.tenant.name or me.tenant.id,
            ges_version=me.ges_version,
            console_api=True,
        ),
        "ok",
    )


async def tenant_refreshed_at(client: CallbackClient, session: Session) -> datetime | None:
    """When the tenant configuration was last fetched, if this role may read it."""
    if not session.console_api or not session.can(Capability.TOOLS_TAB):
        return None
    try:
        tenant = await client.tenant.get()
    except Exception:
        return None  # the status bar just leaves it out; the Tools tab reports real errors
    return tenant.last_refreshed
