"""`create_app()`: the emulator's Starlette app and its state (`app.state.emulator`).

Starlette rather than FastAPI: a lighter import for the console's start-up, and every validation
error must be a GES envelope anyway, so FastAPI's request models would only be bypassed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import AsyncIterator, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response

from . import auth, tenant
from .clock import Clock, SystemClock
from .envelope import GES_VERSION_DEFAULT, ApiError, dt_to_ms, error_response
from .errors_log import ErrorLog
from .faults import Faults
from .middleware import EmulatorMiddleware
from .rules.openfor import parse_version
from .rules.settings import ServiceSettings
from .store import Store

log = logging.getLogger("callback_tui.mock")
PURGE_CHECK_EVERY = timedelta(seconds=30)


def default_db_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_path("callback-tui")) / "mock.db"


class Emulator:
    """Everything the routes share: store, clock, keys, tenant configuration, faults."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        ges_version: str,
        faults: Faults | None,
        tenant_path: Path | None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.ges_version = ges_version
        self.faults = faults
        self.tenant_path = tenant_path
        self.errors = ErrorLog(store)
        self.keys: dict[str, str] = {}
        self._key_cache: dict[str, str | None] = {}
        self._key_rows: list[tuple[str, bytes, str]] = []
        self.doc: dict[str, Any] = {}
        self.services: dict[str, ServiceSettings] = {}
        self.last_refreshed = clock.now()
        self.next_purge_check = clock.now()
        self._house_lock = threading.Lock()
        self.started_at = clock.now()
        self.background_active = False
        # Memos of the lifecycle rules (cleared when the settings change).
        self.timelines: dict[tuple[Any, ...], list[Any]] = {}
        self.queues: dict[tuple[Any, ...], list[Any]] = {}
        self._chores: asyncio.Future[None] | None = None

    # -- keys ---------------------------------------------------------------------------------
    def install_keys(self, fixed: Mapping[str, str] | None) -> None:
        """Fresh random demo keys per role (unless fixed), stored hashed only."""
        keys = {role: auth.generate_key() for role in auth.ROLES}
        for role, key in (fixed or {}).items():
            keys[auth.normalise_role(role)] = key
        rows = []
        for role, key in keys.items():
            salt = auth.new_salt()
            rows.append((role, salt, auth.hash_key(key, salt)))
        self.store.replace_demo_keys(rows, dt_to_ms(self.clock.now()))
        self.keys = keys
        self._key_rows = self.store.key_rows()
        self._key_cache.clear()

    def role_for(self, key: str | None) -> str | None:
        if not key:
            return None
        if key in self._key_cache:
            return self._key_cache[key]
        role = next((r for r, salt, d in self._key_rows if auth.verify(key, salt, d)), None)
        if len(self._key_cache) > 10_000:  # fuzzers send many bad keys
            self._key_cache.clear()
        self._key_cache[key] = role
        return role

    # -- tenant -------------------------------------------------------------------------------
    def origin_allowed(self, origin: str) -> bool:
        return origin != "null" and origin in self.doc.get("cors", {}).get("origins", ())

    @property
    def refresh_interval(self) -> timedelta:
        return timedelta(minutes=int(self.doc["tenant"].get("refreshIntervalMin", 30)))

    def load_tenant(self, doc: dict[str, Any]) -> None:
        """Install a validated tenant document: services go to the DB and the cache."""
        services = {}
        for name, data in doc["services"].items():
            services[name] = ServiceSettings.from_dict({**data, "name": name})
        doc["services"] = {n: s.to_dict() for n, s in services.items()}
        now_ms = dt_to_ms(self.clock.now())
        known = self.store.services()
        for name, settings in services.items():
            if known.get(name) != settings.to_dict():
                self.store.put_service(name, settings.to_dict(), now_ms)
        self.doc = doc
        self.services = services
        self.timelines = {}
        self.queues = {}
        if self.tenant_path is None:
            self.store.set_meta("tenant_doc", json.dumps(doc))

    def read_tenant_source(self) -> dict[str, Any]:
        if self.tenant_path is not None:
            return tenant.read_doc(self.tenant_path)
        saved = self.store.get_meta("tenant_doc")
        return tenant.validate_doc(json.loads(saved) if saved else tenant.default_doc([]))

    def refetch(self) -> list[dict[str, Any]]:
        """Re-read the tenant file now; the changes as [{path, before, after}]."""
        before = tenant.public_view(self.doc)
        try:
            doc = self.read_tenant_source()
        except (OSError, ValueError) as exc:
            self.last_refreshed = self.clock.now()
            raise ApiError(5701, f"tenant: could not re-read the configuration: {exc}") from None
        self.load_tenant(doc)
        self.last_refreshed = self.clock.now()
        self.store.set_meta("last_refreshed", self.last_refreshed.isoformat())
        return tenant.diff(before, tenant.public_view(self.doc))

    def save_service(self, settings: ServiceSettings) -> None:
        """Persist a console change to a service (DB and tenant file, so refetch keeps it)."""
        doc = json.loads(json.dumps(self.doc))
        doc["services"][settings.name] = settings.to_dict()
        if self.tenant_path is not None:
            tenant.write_doc(self.tenant_path, doc)
        self.load_tenant(doc)

    # -- housekeeping -------------------------------------------------------------------------
    async def housekeeping(self) -> None:
        """Clock-driven chores, checked lazily on requests (and by the background task)."""
        now = self.clock.now()
        due_refresh = now >= self.last_refreshed + self.refresh_interval
        due_purge = now >= self.next_purge_check
        if due_refresh or due_purge:
            if self.background_active:
                if self._chores is not None and not self._chores.done():
                    return
                # Served: don't make this request wait; the chores run beside it.
                self._chores = asyncio.get_running_loop().run_in_executor(None, self.run_chores)
            else:
                await asyncio.to_thread(self.run_chores)

    def run_chores(self) -> None:
        from .purging import auto_purge

        if not self._house_lock.acquire(blocking=False):
            return
        try:
            now = self.clock.now()
            if now >= self.last_refreshed + self.refresh_interval:
                try:
                    self.refetch()
                except ApiError as exc:
                    log.warning("tenant refresh failed: %s", exc.message)
            if now >= self.next_purge_check:
                self.next_purge_check = now + PURGE_CHECK_EVERY
                auto_purge(self, now)
        finally:
            self._house_lock.release()


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        err = ApiError(40500, f"{request.method} {request.url.path}: method not allowed")
        err.headers = dict(exc.headers or {})
    elif exc.status_code == 404:
        err = ApiError(40400, f"{request.url.path}: no such route")
    else:
        err = ApiError(50001, f"HTTP {exc.status_code}")
        err.http_status = exc.status_code
    return error_response(request, err)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(request, exc)


def reset_data(db: str | Path, tenant_file: str | Path | None = None) -> list[str]:
    """`--fresh`: drop the database (and its WAL files) so the emulator seeds anew.

    The tenant file (next to the database unless given) is written from the seed when missing;
    an admin may have edited it, so it is moved to `<name>.bak` rather than deleted. Returns
    what the user must be told (empty when nothing was kept).
    """
    if str(db) == ":memory:":
        return []
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    tenant = _tenant_path(str(db), tenant_file)
    if tenant is None or not tenant.exists():
        return []
    backup = tenant.with_name(tenant.name + ".bak")
    tenant.replace(backup)
    return [
        f"--fresh: the emulator's tenant file {tenant} was reset to the seed's; "
        f"the previous one is kept as {backup}."
    ]


def _tenant_path(db: str, tenant_file: str | Path | None) -> Path | None:
    if tenant_file is not None:
        return Path(tenant_file)
    if db == ":memory:":
        return None
    return Path(db).with_name("tenant.toml")


def create_app(
    db: str | Path | None = ":memory:",
    *,
    clock: Clock | None = None,
    keys: Mapping[str, str] | None = None,
    seed: bool = True,
    seed_errors: int | None = None,
    faults: str | Faults | None = None,
    ges_version: str | None = GES_VERSION_DEFAULT,
    tenant_file: str | Path | None = None,
) -> Starlette:
    """The emulator as an ASGI app; `app.state.emulator` has `.keys`, `.clock`, `.store`."""
    from .routes import all_routes
    from .seed import seed_store

    db_path = str(default_db_path() if db is None else db)
    parse_version(ges_version or GES_VERSION_DEFAULT)  # ValueError names gesVersion
    clock = clock or SystemClock()
    store = Store(db_path)
    fault_spec = Faults.parse(faults) if isinstance(faults, str) else faults
    em = Emulator(
        store,
        clock,
        ges_version=ges_version or GES_VERSION_DEFAULT,
        faults=fault_spec,
        tenant_path=_tenant_path(db_path, tenant_file),
    )
    if seed and store.get_meta("seeded") is None:
        seed_store(em, seed_errors)
    if em.tenant_path is not None and not em.tenant_path.exists():
        saved = store.get_meta("tenant_doc")
        services = [s for s in store.services().values()]
        tenant.write_doc(
            em.tenant_path, json.loads(saved) if saved else tenant.default_doc(services)
        )
    em.load_tenant(em.read_tenant_source())
    last = store.get_meta("last_refreshed")
    em.last_refreshed = datetime.fromisoformat(last) if last else clock.now()
    if em.last_refreshed > clock.now() or em.last_refreshed.tzinfo is None:
        em.last_refreshed = clock.now()
    em.install_keys(keys)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(_background(em))
        em.background_active = True
        try:
            yield
        finally:
            em.background_active = False
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    app = Starlette(
        routes=all_routes(),
        middleware=[Middleware(EmulatorMiddleware, emulator=em)],
        exception_handlers={HTTPException: _http_exception, ApiError: _api_error},
        lifespan=lifespan,
    )
    app.state.emulator = em
    return app


async def _background(em: Emulator) -> None:
    """Purge and tenant refresh run by themselves when served (every ~30 s of real time)."""
    while True:
        await asyncio.sleep(30)
        try:
            await asyncio.to_thread(em.run_chores)
        except Exception:
            log.exception("background housekeeping failed")
