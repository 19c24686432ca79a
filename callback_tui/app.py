"""`CallbackConsole`: the App. Holds client and session, the central error path, health, keys."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import BindingType
from textual.notifications import SeverityLevel
from textual.worker import WorkerFailed

from callback_tui.app_keys import APP_BINDINGS, bare_quit_allowed
from callback_tui.failures import ReportingWorkerManager, failure_record
from callback_tui.key_reentry import KeyReentry, refusal_message, rejected_key_text
from screens.base import ApiFailed, Session
from screens.last_errors import FailureRecord, LastErrorsScreen, toast_markup
from screens.main_screen import SECTIONS, MainScreen, allowed_sections
from screens.palette import ConsoleCommands, PaletteCommand, PanelActions, catalogue_commands
from screens.status_bar import StatusInfo, TenantRefreshed
from screens.text import escape

if TYPE_CHECKING:
    from callback_tui.config import Config
    from callback_tui.launch import Identified, Startup
    from client import CallbackClient, Secret
    from screens.setup import SetupResult

LAST_ERRORS_KEPT = 200
PROBE_BACKOFF_S = (2.0, 4.0, 8.0, 10.0)
SIGN_IN_ACTION = "Sign in (/console/v1/me)"


class CallbackConsole(App[int]):
    """The console. Panels reach `self.client` / `self.session` through `screens.base.Panel`."""

    TITLE = "callback-tui"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar[set[Any]] = App.COMMANDS | {ConsoleCommands}
    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS

    def __init__(
        self,
        client: CallbackClient | None,
        session: Session,
        *,
        config: Config | None = None,
        on_exit: Callable[[], None] | None = None,
        startup: Startup | None = None,
        identify: bool = False,
        client_factory: Callable[[Secret], CallbackClient] | None = None,
        notices: Iterable[str] = (),
    ) -> None:
        """`client` + `session`: a console for a known session (tests: `make_console`).

        `startup` builds the client after the first frame (`--mock`, a profile, first-run
        setup) and implies `identify`: ask /console/v1/me before showing the sections.
        `client_factory` makes a client for a re-entered key when there is no startup.
        `notices` are shown once at start (e.g. "key kept in memory only").
        `on_exit` runs when the app shuts down (stops the bundled emulator).
        """
        super().__init__()
        self._workers = ReportingWorkerManager(self)
        if client is None and startup is None:
            raise ValueError("CallbackConsole needs a client or a startup")
        self._client = client
        self._session = session
        self.config = config
        self._on_exit = on_exit
        self._startup = startup
        self._identify_first = identify or startup is not None
        self._client_factory = client_factory
        self._notices = list(notices)
        self.last_errors: deque[FailureRecord] = deque(maxlen=LAST_ERRORS_KEPT)
        self.backend_down = False
        self._probe_attempt = 0
        self._sections_shown = False
        self._key_problem: str | None = None  # why the current key does not work (a 401)
        self._key_reentry = KeyReentry(
            new_client=self._candidate_client,
            keep_key=self._keep_key,
            session=lambda: self._session,
            report=self.report_failure,
        )
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"  # SSH links: no animation frames to push

    # -- ConsoleHost ------------------------------------------------------------------------

    @property
    def client(self) -> CallbackClient:
        if self._client is None:
            raise RuntimeError("the console is still connecting")
        return self._client

    @property
    def session(self) -> Session:
        return self._session

    @property
    def main_screen(self) -> MainScreen:
        return self._main

    # -- start-up ---------------------------------------------------------------------------

    def get_default_screen(self) -> MainScreen:
        self._main = MainScreen(self._status_info("connecting"))
        return self._main

    def _status_info(self, health: str, detail: str = "") -> StatusInfo:
        s = self._session
        return StatusInfo(
            profile=s.profile,
            base_url=s.base_url,
            role=s.role,
            key_source=s.key_source,
            health=health,
            health_detail=detail,
            ges_version=s.ges_version,
        )

    def on_mount(self) -> None:
        if self.config is not None:
            if self.config.keymap:
                self.set_keymap(self.config.keymap)
            if self.config.theme and self.config.theme in self.available_themes:
                self.theme = self.config.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def on_ready(self) -> None:
        """After the first frame: connect (or show the already known session)."""
        for notice in self._notices:
            self.tell_once(notice)
        if self._identify_first:
            # After the first frame is on screen: starting the emulator's thread (imports,
            # database) competes with painting it for the interpreter.
            self.call_after_refresh(self._connect)
        else:
            self.call_later(self._show_session, None)

    @work(exclusive=True, group="connect", exit_on_error=False, description="Connect")
    async def _connect(self) -> None:
        from callback_tui.launch import SetupCancelled, identify

        if self._client is None and self._startup is not None:
            try:
                self._client = await self._startup.open(self)
            except SetupCancelled:
                self.exit(0)
                return
            except Exception as exc:
                # The emulator could not start: say why; nothing else can work without it.
                self.main_screen.show_message(
                    f"[b]Could not start the backend:[/b] {escape(str(exc))}"
                )
                self.main_screen.status_bar.update_info(health="error", health_detail="start")
                self.report_failure(exc, "Start backend")
                return
            self._session = self._startup.session
            self.main_screen.status_bar.update_info(
                base_url=self._session.base_url, key_source=self._session.key_source
            )
        result = await identify(self.client, self._session)
        await self._show_session(result)

    async def run_setup(self) -> SetupResult | None:
        """The first-run setup screen (StartupUI)."""
        from screens.setup import SetupScreen

        base_url = self._session.base_url if self._session.base_url.startswith("http") else ""
        return await self.push_screen_wait(SetupScreen(base_url=base_url))

    def tell_once(self, text: str) -> None:
        """A notice the user must read once (keyring fallback, plain-file warning)."""
        self.notify(text, title="Please note", severity="warning", timeout=12)

    async def _show_session(self, result: Identified | None) -> None:
        """Apply the /me outcome: status bar, body message, the sections of the role."""
        screen = self.main_screen
        if result is not None:
            self._session = result.session
        screen.status_bar.update_info(
            profile=self._session.profile,
            base_url=self._session.base_url,
            role=self._session.role,
            key_source=self._session.key_source,
            ges_version=self._session.ges_version,
            health="ok" if result is None else result.health,
            health_detail="" if self._session.console_api else "no console API",
        )
        screen.show_message(escape(result.problem) if result and result.problem else "")
        if result is not None and result.error is not None and result.health != "ok":
            # The prompt that follows a 401 says why; the list keeps it with its correlation ID.
            self.report_failure(result.error, SIGN_IN_ACTION, toast=result.health != "auth")
        if result is not None and result.health == "down":
            self._set_backend_down()
            return
        if result is not None and result.health == "auth":
            self._sections_shown = False
            self._key_problem = rejected_key_text(
                self._session.key_source, refusal_message(result.error)
            )
            self.call_later(self.action_reenter_key)
            return
        self._key_problem = None
        initial = screen.active_section_key()
        await screen.show_sections(self._session, initial=initial)
        self._sections_shown = True
        self._load_tenant_age()

    @work(exclusive=True, group="tenant-age", exit_on_error=False, description="Tenant age")
    async def _load_tenant_age(self) -> None:
        from callback_tui.launch import tenant_refreshed_at

        refreshed = await tenant_refreshed_at(self.client, self._session)
        if refreshed is not None:
            self.main_screen.status_bar.update_info(tenant_refreshed=refreshed)

    def on_tenant_refreshed(self, message: TenantRefreshed) -> None:
        """A panel (re)read the tenant configuration: the status bar's age follows."""
        message.stop()
        self.main_screen.status_bar.update_info(tenant_refreshed=message.last_refreshed)

    # -- the central error path -----------------------------------------------------------

    def on_api_failed(self, message: ApiFailed) -> None:
        message.stop()
        self.report_failure(message.error, message.action)

    def report_failure(
        self, error: BaseException, action: str, *, toast: bool = True
    ) -> FailureRecord:
        """Toast + last errors + connection state, for every failure from anywhere.

        `toast=False` when the failure is already on screen (the key prompt after a 401).
        """
        record = self._scrub(failure_record(error, action))
        self.last_errors.append(record)
        if toast:
            title, body = toast_markup(record, self._session.role)
            severity: SeverityLevel = "warning" if record.kind == "forbidden" else "error"
            self.notify(body, title=title, severity=severity, timeout=10)
        if record.kind in ("connection", "no-answer"):
            self._set_backend_down()
        elif record.http_status is not None:
            self._backend_answered()
        return record

    def _scrub(self, record: FailureRecord) -> FailureRecord:
        """Defence in depth: a bug's exception text must not carry the key to the screen."""
        key = self._client.api_key.reveal() if self._client is not None else ""
        if key and (key in record.message or key in record.action):
            return replace(
                record,
                message=record.message.replace(key, "[REDACTED]"),
                action=record.action.replace(key, "[REDACTED]"),
            )
        return record

    def _handle_exception(self, error: Exception) -> None:
        # A worker started with exit_on_error=True would end the app; ReportingWorkerManager
        # has already reported it, so it must not be fatal here.
        if isinstance(error, WorkerFailed):
            return
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        # Textual's default traceback shows locals; a local may hold the API key in clear.
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(traceback)
        self._close_messages_no_wait()

    # -- backend health -------------------------------------------------------------------

    def _set_backend_down(self) -> None:
        first = not self.backend_down
        self.backend_down = True
        self.main_screen.status_bar.update_info(health="down", health_detail="retrying")
        if first:
            self._probe_attempt = 0
            self._schedule_probe()

    def _schedule_probe(self) -> None:
        delay = PROBE_BACKOFF_S[min(self._probe_attempt, len(PROBE_BACKOFF_S) - 1)]
        self._probe_attempt += 1
        self.set_timer(delay, self._probe)

    def _backend_answered(self) -> None:
        if self.backend_down:
            self.backend_down = False
            self.main_screen.status_bar.update_info(health="ok", health_detail="")
            self.notify("Connection to the backend restored.", title="Backend")
            if not self._sections_shown:
                self._connect()

    @work(exclusive=True, group="probe", exit_on_error=False, description="Health check")
    async def _probe(self) -> None:
        from client import ApiConnectionError, CallbackClientError

        if not self.backend_down or self._client is None:
            return
        try:
            if self._session.console_api:
                await self.client.me()
            else:
                await self.client.queues.status("callback-tui-health-check")
        except ApiConnectionError:
            self._schedule_probe()
            return
        except CallbackClientError:
            pass  # any answer means the backend is reachable again
        self._backend_answered()

    def mark_backend_ok(self) -> None:
        """Panels may call this after a successful call to clear 'connection lost' at once."""
        self._backend_answered()

    # -- actions ----------------------------------------------------------------------------

    def action_section(self, key: str) -> None:
        if not isinstance(self.screen, MainScreen):
            return
        if not self.screen.switch_to(key):
            title = next((s.title for s in SECTIONS if s.key == key), key)
            self.notify(
                f"The {title} section is not available for role {self._session.role or 'unknown'}.",
                severity="warning",
            )

    def action_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_last_errors(self) -> None:
        if not isinstance(self.screen, LastErrorsScreen):
            self.push_screen(LastErrorsScreen(self.last_errors))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit_bare":
            return bare_quit_allowed(self.screen)
        return True

    async def action_quit_bare(self) -> None:
        await self.action_quit()

    def action_reenter_key(self) -> None:
        if self._startup is None and self._client_factory is None:
            self.notify("This console cannot change its key; restart it.", severity="warning")
            return
        self._ask_for_key(self._key_problem or "")

    @work(exclusive=True, group="reenter-key", exit_on_error=False, description="Re-enter key")
    async def _ask_for_key(self, reason: str) -> None:
        """The masked prompt; the new key replaces the current one only once it is accepted."""
        accepted = await self._key_reentry.ask(
            self.push_screen_wait, reason=reason, signed_in=self._key_problem is None
        )
        if accepted is None:
            return
        client, result = accepted
        old, self._client = self._client, client
        if old is not None:
            await old.aclose()
        await self._show_session(result)

    def _candidate_client(self, key: Secret) -> CallbackClient:
        if self._client_factory is not None:
            return self._client_factory(key)
        assert self._startup is not None
        return self._startup.candidate_client(key)

    def _keep_key(self, key: Secret) -> str:
        if self._client_factory is not None or self._startup is None:
            return "prompt (in memory, this session only)"
        return self._startup.keep_key(key)

    def _remember_theme(self, theme: Any) -> None:
        if self.config is None or self.config.theme == theme.name:
            return
        self.config.theme = theme.name
        try:
            self.config.save()
        except OSError as exc:
            self.notify(f"Could not save the theme: {exc}", severity="warning")

    def palette_commands(self) -> Iterable[PaletteCommand]:
        sections = allowed_sections(self._session) if self._sections_shown else []
        for spec in sections:
            yield PaletteCommand(
                f"Go to {spec.title}",
                f"Switch to the {spec.title} section",
                partial(self.action_section, spec.key),
            )
        yield from catalogue_commands(
            self, self._session, [(s.key, s.title) for s in sections], self.run_panel_action
        )
        yield PaletteCommand("Last errors", "Recent failed calls", self.action_last_errors)
        yield PaletteCommand(
            "Re-enter API key", "Type a new key (masked) and reconnect", self.action_reenter_key
        )
        yield PaletteCommand(
            "Copy backend URL",
            f"Copy {self._session.base_url} (e.g. to curl the emulator)",
            self._copy_base_url,
        )

    def run_panel_action(self, entry: PanelActions, action: str) -> None:
        """A palette action of any section: show its section and tab, then run it there."""
        self.main_screen.run_panel_action(entry, action, self._session.role)

    def _copy_base_url(self) -> None:
        from screens.base import copy_text

        copy_text(self.screen, self._session.base_url, "Backend URL")

    # -- shutdown ---------------------------------------------------------------------------

    async def on_unmount(self) -> None:
        if self._client is not None:
            await self._client.aclose()
        on_exit, self._on_exit = self._on_exit, None
        if on_exit is not None:
            on_exit()
