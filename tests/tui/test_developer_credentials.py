"""Developer > Credential Management: field checks, register (masked), test, delete, stats."""

from __future__ import annotations

import base64
import json
from typing import Any

from panel_harness import PanelEnv, flat, paste, screen_text, settle, static_text
from textual.widgets import Input

from callback_tui.mock import tenant
from client import BadRequestError
from screens.developer import DeveloperSection
from screens.dialogs import ConfirmDialog

PEM = (
    "-----BEGIN PRIVATE KEY-----\n"
    + base64.b64encode(bytes(range(120))).decode()
    + "\n-----END PRIVATE KEY-----\n"
)
SERVICE_ACCOUNT = {
    "type": "service_account",
    "project_id": "demo-callbacks",
    "private_key_id": "0123456789abcdef",
    "private_key": PEM,
    "client_email": "push@demo-callbacks.iam.gserviceaccount.com",
    "token_uri": "https://oauth2.googleapis.com/token",
}


async def open_credentials(pilot: Any, kind: str = "gws") -> None:
    """Show Credential Management, then walk the inner tab strip to `kind` with the keyboard."""
    pilot.app.query_one(DeveloperSection).show_tab("dev-credentials")
    await settle(pilot)
    assert pilot.app.focused is pilot.app.query_one("#cred-gws-baseUrl")
    steps = {"gws": 0, "push": 1, "captcha": 2}[kind]
    if steps:
        await pilot.press("shift+tab")  # onto the GWS | Push Notification | CAPTCHA strip
        await pilot.press(*["right"] * steps, "tab")
        await settle(pilot)


def view(app: Any, kind: str) -> str:
    return static_text(app.query_one(f"#cred-view-{kind}"))


def result(app: Any, kind: str) -> str:
    return static_text(app.query_one(f"#cred-result-{kind}"))


def field_error(app: Any, kind: str, name: str) -> str:
    return static_text(app.query_one(f"#cred-{kind}-{name}-error"))


def puts(transport: Any) -> list[Any]:
    return [r for r in transport.requests if r.method == "PUT"]


async def test_malformed_service_account_json_is_refused_in_the_form(dev_env: PanelEnv) -> None:
    app, transport = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_credentials(pilot, "push")
        field = app.query_one("#cred-push-serviceAccountJson", Input)
        assert app.focused is field and field.password
        await paste(pilot, '{"type": "service_account", "project_id": ')
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert field_error(app, "push", "serviceAccountJson").startswith("Not valid JSON")
        assert field.has_class("-bad")
        await pilot.press("ctrl+u")
        await paste(pilot, json.dumps({"type": "service_account"}))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "project_id, private_key, client_email" in field_error(
            app, "push", "serviceAccountJson"
        )
        assert puts(transport) == []
        assert view(app, "push") == "Not registered."


async def test_push_register_shows_it_masked_then_test_and_delete(dev_env: PanelEnv) -> None:
    document = json.dumps(SERVICE_ACCOUNT, indent=2)  # pasted as the pretty file it is
    app, transport = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_credentials(pilot, "push")
        await paste(pilot, document)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(puts(transport)) == 1
        shown = view(app, "push")
        assert shown.startswith("Registered")
        compact = "".join(line.strip() for line in document.splitlines())
        assert f"serviceAccountJson: ••••{compact[-4:]}" in shown
        assert "projectId: demo-callbacks" in shown
        assert app.query_one("#cred-push-serviceAccountJson", Input).value == ""
        assert PEM.splitlines()[1][:20] not in screen_text(app)

        await pilot.press("ctrl+t")
        await settle(pilot)
        lines = result(app, "push").splitlines()
        assert lines[0].startswith("Test passed")
        checks = {line.split()[2]: line.split()[0] for line in lines[1:]}
        assert checks == {
            "type": "✓",
            "project_id": "✓",
            "private_key": "✓",
            "client_email": "✓",
            "token_uri": "✓",
        }
        assert "last test: passed" in view(app, "push")

        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        buttons = flat(screen_text(app))
        assert "Keep credentials (n)" in buttons and "Delete (y)" in buttons
        await pilot.press("n")
        await settle(pilot)
        assert view(app, "push").startswith("Registered")
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert view(app, "push") == "Not registered."
        assert not app.failures


async def test_a_failing_check_is_named_precisely(dev_env: PanelEnv) -> None:
    # registered through the API (the form would refuse it), then tested from the console
    broken = dict(SERVICE_ACCOUNT, private_key="not a pem", token_uri="http://insecure")
    await dev_env.admin.credentials.register("push", {"serviceAccountJson": json.dumps(broken)})
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_credentials(pilot, "push")
        await pilot.press("ctrl+t")
        await settle(pilot)
        text = result(app, "push")
        assert text.splitlines()[0].startswith("Test failed")
        assert "✗ FAILED  private_key — private_key is missing or not a PEM block" in text
        assert "✗ FAILED  token_uri" in text
        assert "✓ passed  project_id" in text


async def submit_push(pilot: Any, document: dict[str, Any]) -> None:
    field = pilot.app.query_one("#cred-push-serviceAccountJson", Input)
    field.value = ""
    await paste(pilot, json.dumps(document))
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_push_service_account_fields_are_checked_before_sending(dev_env: PanelEnv) -> None:
    one_line_pem = PEM.replace("\n", "")
    no_token_uri = {k: v for k, v in SERVICE_ACCOUNT.items() if k != "token_uri"}
    app, transport = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_credentials(pilot, "push")
        field = app.query_one("#cred-push-serviceAccountJson", Input)
        await submit_push(pilot, dict(no_token_uri, private_key=one_line_pem))
        error = field_error(app, "push", "serviceAccountJson")
        assert "Missing in the service account: token_uri." in error
        assert "private_key is on one line" in error
        assert field.has_class("-bad") and app.focused is field
        await submit_push(
            pilot,
            dict(
                SERVICE_ACCOUNT,
                type="user",
                project_id="",
                private_key="-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n",
                client_email="push.demo-callbacks",
                token_uri="http://oauth2.googleapis.com/token",
            ),
        )
        error = field_error(app, "push", "serviceAccountJson")
        assert "Missing in the service account: project_id." in error
        assert 'type must be "service_account", not "user".' in error
        assert "private_key is not a PEM private key block" in error
        assert "client_email is not an e-mail address." in error
        assert "token_uri must be an https:// URL" in error
        assert puts(transport) == []  # nothing invalid reached the server
        assert view(app, "push") == "Not registered."
        # a usable account outside Google's domain: sent, with a warning (field not bad)
        await submit_push(pilot, dict(SERVICE_ACCOUNT, client_email="push@example.com"))
        assert len(puts(transport)) == 1
        assert view(app, "push").startswith("Registered")
        warning = field_error(app, "push", "serviceAccountJson")
        assert warning.startswith("Warning: client_email push@example.com does not end with")
        assert not field.has_class("-bad")


async def test_gws_field_checks_then_registration_shows_a_statistics_sample(
    dev_env: PanelEnv,
) -> None:
    app, transport = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_credentials(pilot, "gws")
        await paste(pilot, "http://gws.example.com")
        await pilot.press("tab")
        await paste(pilot, tenant.DEMO_GWS_CLIENT_ID)
        await pilot.press("tab")
        await paste(pilot, "short")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "https://" in field_error(app, "gws", "baseUrl")
        assert "at least 16 characters" in field_error(app, "gws", "clientSecret")
        assert app.focused is app.query_one("#cred-gws-baseUrl")
        assert puts(transport) == []

        await pilot.press("ctrl+u")
        await paste(pilot, tenant.DEMO_GWS_BASE_URL)
        await pilot.press("tab", "tab", "ctrl+u")
        await paste(pilot, tenant.DEMO_GWS_CLIENT_SECRET)
        await pilot.press("ctrl+s")
        await settle(pilot)
        secret = tenant.DEMO_GWS_CLIENT_SECRET
        assert f"clientSecret: ••••{secret[-4:]}" in view(app, "gws")
        assert secret not in screen_text(app)
        assert result(app, "gws").startswith("Registered.")
        sample = static_text(app.query_one("#cred-stats-gws")).splitlines()
        assert sample[0].startswith("Statistics API sample")
        assert sample[1].split()[0] == "Billing_EU.CurrNumberWaitingCalls"
        assert any(r.url.path.endswith("get-statistic-ex") for r in transport.requests)

        await pilot.press("ctrl+t")
        await settle(pilot)
        lines = result(app, "gws").splitlines()
        assert lines[0].startswith("Test passed")
        names = [line.split()[2] for line in lines[1:]]
        assert names[:3] == ["baseUrl", "clientId", "clientSecret"]
        assert all(line.split()[0] == "✓" for line in lines[1:])
        assert not app.failures


async def test_a_server_400_highlights_its_field(dev_env: PanelEnv) -> None:
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_credentials(pilot, "captcha")
        await paste(pilot, "s" * 201)  # the form does not cap the length; the server does
        await pilot.press("tab")
        await paste(pilot, "captcha-secret-value")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert field_error(app, "captcha", "siteKey").startswith("Server: siteKey: must be at")
        assert app.query_one("#cred-captcha-siteKey", Input).has_class("-bad")
        assert app.focused is app.query_one("#cred-captcha-siteKey")
        assert isinstance(app.failures[-1].error, BadRequestError)
        assert app.is_running


async def test_testing_unregistered_credentials_is_a_toast(dev_env: PanelEnv) -> None:
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_credentials(pilot, "captcha")
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert result(app, "captcha") == "Test not run (see the notification)."
        assert isinstance(app.failures[-1].error, BadRequestError)
