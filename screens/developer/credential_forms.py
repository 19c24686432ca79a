"""Credential kinds, their fields and field-level checks, and the form widget for one kind."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from screens.developer.errors_filters import format_time
from screens.secret_input import SecretInput

MIN_CLIENT_SECRET = 16
SERVICE_ACCOUNT_KEYS = ("type", "project_id", "private_key", "client_email", "token_uri")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The PEM block as Google issues it: BEGIN line, base64 lines, END line (real newlines).
_PEM_LINES = re.compile(
    r"\A-----BEGIN (?:RSA )?PRIVATE KEY-----\n([A-Za-z0-9+/=\n]+?)\n"
    r"-----END (?:RSA )?PRIVATE KEY-----\n?\Z"
)
SERVICE_ACCOUNT_EMAIL_DOMAIN = ".iam.gserviceaccount.com"


def _required(label: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        if not value:
            return f"{label} is required."
        if any(ch.isspace() for ch in value):
            return f"{label} cannot contain spaces."
        return None

    return check


def check_base_url(value: str) -> str | None:
    if not value:
        return "Base URL is required."
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname:
        return "Base URL must be an https:// URL, e.g. https://gws.example.com."
    return None


def check_client_secret(value: str) -> str | None:
    if len(value) < MIN_CLIENT_SECRET:
        return f"Client secret must be at least {MIN_CLIENT_SECRET} characters."
    return None


def read_service_account(value: str) -> str:
    """The JSON text itself, or the content of the file it names (a path typed instead)."""
    if value and not value.lstrip().startswith("{"):
        path = Path(value).expanduser()
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return value


def _service_account_document(value: str) -> dict[str, Any] | str:
    """The parsed JSON object, or what is wrong with the text."""
    if not value:
        return "Paste the service-account JSON (or type the path of its file)."
    try:
        document = json.loads(read_service_account(value))
    except (ValueError, OSError) as err:
        return f"Not valid JSON: {err}"
    if not isinstance(document, dict):
        return "The service account must be a JSON object ({…})."
    return document


def _private_key_problem(key: str) -> str | None:
    if "\n" not in key.strip():
        return (
            "private_key is on one line: a PEM key has a -----BEGIN PRIVATE KEY----- line, "
            "the key in lines, and an -----END PRIVATE KEY----- line (\\n in the JSON)."
        )
    if not _PEM_LINES.match(key.strip() + "\n"):
        return (
            "private_key is not a PEM private key block: it must start with "
            "-----BEGIN PRIVATE KEY-----, end with -----END PRIVATE KEY-----, each on its own line."
        )
    return None


def check_service_account(value: str) -> str | None:
    """Every problem of a service-account document, one per line (None when it is usable)."""
    document = _service_account_document(value)
    if isinstance(document, str):
        return document
    missing = [key for key in SERVICE_ACCOUNT_KEYS if not document.get(key)]
    problems = ["Missing in the service account: " + ", ".join(missing) + "."] if missing else []
    kind, key = document.get("type"), document.get("private_key")
    email, token_uri = document.get("client_email"), document.get("token_uri")
    if kind and kind != "service_account":
        problems.append(f'type must be "service_account", not {json.dumps(kind)}.')
    project = document.get("project_id")
    if project is not None and not (isinstance(project, str) and project.strip()):
        problems.append("project_id must be the Firebase project's ID (text).")
    if key:
        problem = _private_key_problem(key) if isinstance(key, str) else "private_key: text."
        if problem:
            problems.append(problem)
    if email and not (isinstance(email, str) and _EMAIL.match(email)):
        problems.append("client_email is not an e-mail address.")
    if token_uri:
        parts = urlsplit(token_uri) if isinstance(token_uri, str) else None
        if parts is None or parts.scheme != "https" or not parts.netloc:
            problems.append(
                "token_uri must be an https:// URL (https://oauth2.googleapis.com/token)."
            )
    return "\n".join(problems) or None


def warn_service_account(value: str) -> str | None:
    """Usable but unusual: a client_email outside Google's service-account domain."""
    document = _service_account_document(value)
    email = document.get("client_email") if isinstance(document, dict) else None
    if isinstance(email, str) and not email.endswith(SERVICE_ACCOUNT_EMAIL_DOMAIN):
        return (
            f"Warning: client_email {email} does not end with {SERVICE_ACCOUNT_EMAIL_DOMAIN}; "
            "check it is the service account's address."
        )
    return None


@dataclass(frozen=True)
class FieldSpec:
    name: str  # wire name, as the server's field errors say it
    label: str
    secret: bool
    placeholder: str
    check: Callable[[str], str | None]
    warn: Callable[[str], str | None] | None = None  # shown, but the value is still sent


@dataclass(frozen=True)
class KindSpec:
    kind: str
    title: str
    about: str
    fields: tuple[FieldSpec, ...]


KINDS: tuple[KindSpec, ...] = (
    KindSpec(
        "gws",
        "GWS",
        "Genesys Web Services credentials; the Statistics API needs them.",
        (
            FieldSpec("baseUrl", "Base URL", False, "https://gws.example.com", check_base_url),
            FieldSpec("clientId", "Client ID", False, "client id", _required("Client ID")),
            FieldSpec(
                "clientSecret", "Client secret", True, "≥ 16 characters", check_client_secret
            ),
        ),
    ),
    KindSpec(
        "push",
        "Push Notification",
        "Firebase Cloud Messaging (FCM) service account for push notifications.",
        (
            FieldSpec(
                "serviceAccountJson",
                "Service-account JSON",
                True,
                "paste the JSON, or a path to the .json file",
                check_service_account,
                warn_service_account,
            ),
        ),
    ),
    KindSpec(
        "captcha",
        "CAPTCHA",
        "CAPTCHA site and secret key pair used to verify callback requests.",
        (
            FieldSpec("siteKey", "Site key", False, "site key", _required("Site key")),
            FieldSpec("secretKey", "Secret key", True, "secret key", _required("Secret key")),
        ),
    ),
)
KIND_BY_NAME = {spec.kind: spec for spec in KINDS}


def describe_credential(credential: Any) -> Text:
    """The server's (masked) view: registered or not, fields, update time, last test."""
    if credential is None:
        return Text("Loading…")
    if not credential.registered:
        return Text("Not registered.", style="bold")
    text = Text("Registered", style="bold green")
    if credential.updated_at is not None:
        text.append(f" · updated {format_time(credential.updated_at)}")
    for name, value in credential.fields.items():
        text.append(f"\n  {name}: ")
        text.append(str(value))
    last = credential.last_test
    if isinstance(last, dict) and "ok" in last:
        text.append("\n  last test: ")
        text.append("passed" if last["ok"] else "failed", style="green" if last["ok"] else "red")
    return text


def describe_test(result: Any) -> Text:
    """Each check on its own line, passed or failed, with the server's detail."""
    ok = bool(result.ok)
    text = Text("Test passed" if ok else "Test failed", style="bold green" if ok else "bold red")
    if result.detail:
        text.append(f": {result.detail}")
    for check in result.checks:
        mark, style = ("✓ passed", "green") if check.ok else ("✗ FAILED", "red")
        text.append("\n  ")
        text.append(mark, style=style)
        text.append(f"  {check.name}")
        if check.detail:
            text.append(f" — {check.detail}")
    return text


def describe_statistics(values: dict[str, Any], limit: int = 12) -> Text:
    """A statistics answer as `statisticId  value` lines (or its JSON when shaped otherwise)."""
    text = Text("Statistics API sample (the GWS credentials work):", style="bold")
    rows = values.get("statistics")
    if isinstance(rows, list) and all(isinstance(r, dict) for r in rows):
        for row in rows[:limit]:
            name = row.get("statisticId") or row.get("name") or "?"
            text.append(f"\n  {name:<40} {row.get('value')!s:>8}  {row.get('timestamp') or ''}")
        if len(rows) > limit:
            text.append(f"\n  … {len(rows) - limit} more")
        return text
    lines = json.dumps(values, indent=2, ensure_ascii=False, default=str).splitlines()
    text.append("\n" + "\n".join(lines[: limit * 2]))
    return text


class CredentialForm(VerticalScroll):
    """View, register/update form (masked secrets), and test/statistics results of one kind."""

    can_focus = False  # tab goes straight to the fields; focusing a field scrolls to it

    DEFAULT_CSS = """
    CredentialForm { height: 1fr; padding: 0 1; }
    CredentialForm .about { color: $text-muted; height: auto; }
    CredentialForm .view { height: auto; margin: 1 0; padding: 0 1; border: round $panel; }
    CredentialForm Input.-bad { border: tall $error; }
    CredentialForm .field-error { color: $error; height: auto; display: none; }
    CredentialForm .field-error.-shown { display: block; }
    CredentialForm .field-error.-warning { color: $warning; }
    CredentialForm .buttons { height: auto; margin-top: 1; }
    CredentialForm .buttons Button { margin-right: 2; }
    CredentialForm .result { height: auto; margin-top: 1; }
    """

    def __init__(self, spec: KindSpec) -> None:
        super().__init__(id=f"cred-form-{spec.kind}")
        self.spec = spec

    def compose(self) -> ComposeResult:
        kind = self.spec.kind
        yield Static(self.spec.about, classes="about")
        yield Static(describe_credential(None), classes="view", id=f"cred-view-{kind}")
        for field in self.spec.fields:
            yield Label(field.label, classes="field-label")
            widget = SecretInput if field.secret else Input
            yield widget(placeholder=field.placeholder, id=f"cred-{kind}-{field.name}")
            yield Static("", classes="field-error", id=f"cred-{kind}-{field.name}-error")
        with Horizontal(classes="buttons"):
            yield Button("Register / update (ctrl+s)", id=f"cred-save-{kind}", variant="primary")
            yield Button("Test (ctrl+t)", id=f"cred-test-{kind}")
            yield Button("Delete (ctrl+r)", id=f"cred-delete-{kind}", variant="error")
        yield Static("", classes="result", id=f"cred-result-{kind}")
        yield Static("", classes="result", id=f"cred-stats-{kind}")

    def field_input(self, name: str) -> Input:
        return self.query_one(f"#cred-{self.spec.kind}-{name}", Input)

    def show_field_error(self, name: str, message: str) -> None:
        self.field_input(name).add_class("-bad")
        error = self.query_one(f"#cred-{self.spec.kind}-{name}-error", Static)
        error.update(Text(message))
        error.add_class("-shown")

    def show_field_warning(self, name: str, message: str) -> None:
        """Under the field, in the warning colour; the field is not marked bad."""
        error = self.query_one(f"#cred-{self.spec.kind}-{name}-error", Static)
        error.update(Text(message))
        error.add_class("-shown", "-warning")

    def clear_errors(self) -> None:
        for field in self.spec.fields:
            self.field_input(field.name).remove_class("-bad")
            error = self.query_one(f"#cred-{self.spec.kind}-{field.name}-error", Static)
            error.update("")
            error.remove_class("-shown", "-warning")

    def read(self) -> dict[str, str] | None:
        """The fields to send, or None after marking every field that fails its check."""
        self.clear_errors()
        values: dict[str, str] = {}
        first_bad: Input | None = None
        for field in self.spec.fields:
            value = self.field_input(field.name).value.strip()
            problem = field.check(value)
            if problem is not None:
                self.show_field_error(field.name, problem)
                first_bad = first_bad or self.field_input(field.name)
                continue
            warning = field.warn(value) if field.warn is not None else None
            if warning is not None:
                self.show_field_warning(field.name, warning)
            if field.name == "serviceAccountJson":
                value = read_service_account(value)
            values[field.name] = value
        if first_bad is not None:
            first_bad.focus()
            return None
        return values

    def show_credential(self, credential: Any) -> None:
        self.query_one(f"#cred-view-{self.spec.kind}", Static).update(
            describe_credential(credential)
        )
        for field in self.spec.fields:  # prefill what the server shows in clear
            value = credential.fields.get(field.name) if credential.registered else None
            field_input = self.field_input(field.name)
            if not field.secret and isinstance(value, str) and not field_input.value:
                field_input.value = value

    def clear_secrets(self) -> None:
        for field in self.spec.fields:
            if field.secret:
                self.field_input(field.name).value = ""

    def show_result(self, text: Text | str) -> None:
        self.query_one(f"#cred-result-{self.spec.kind}", Static).update(text)

    def show_statistics(self, text: Text | str) -> None:
        self.query_one(f"#cred-stats-{self.spec.kind}", Static).update(text)
