"""Developer > Allowed CORS Domains and API Key Validation."""

from __future__ import annotations

from typing import Any

from panel_harness import KEYS, PanelEnv, paste, screen_text, settle, static_text
from textual.widgets import DataTable, Input, TabbedContent

from screens.developer import PANES, DeveloperSection
from screens.developer.key_validation import INVALID, VALID
from screens.secret_input import SecretInput


async def show(pilot: Any, tab: str) -> None:
    """From the Errors list, `]` steps through the inner tabs (keyboard only)."""
    for _ in range(list(PANES).index(tab)):
        if isinstance(pilot.app.focused, Input):
            await pilot.press("escape")  # out of a text field first: there `]` is typed
        await pilot.press("right_square_bracket")
        await settle(pilot)
    assert pilot.app.query_one(DeveloperSection).query_one("#developer-tabs").active == tab


def origins(app: Any) -> list[str]:
    table = app.query_one("#cors-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def result(app: Any) -> str:
    return static_text(app.query_one("#key-result"))


async def test_cors_list_with_how_to_update_and_filter(dev_env: PanelEnv) -> None:
    client, _ = dev_env.client()
    answer = await client.cors.origins()
    expected = answer.origins
    assert answer.how_to_update and "[cors]" in answer.how_to_update  # brackets must survive
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await show(pilot, "dev-cors")
        assert origins(app) == expected
        how = static_text(app.query_one("#cors-how"))
        assert "read-only" in how and "Genesys representative" in how
        assert "Private edition: update the CORS settings" in how
        assert answer.how_to_update in how
        assert app.focused is app.query_one("#cors-table")
        await pilot.press("slash")
        assert app.focused is app.query_one("#cors-filter", Input)
        await pilot.press(*"example")
        assert origins(app) == [o for o in expected if "example" in o]
        assert "of 3 origins match 'example'" in static_text(app.query_one("#cors-count"))
        await pilot.press("ctrl+u", *"nomatch")
        assert origins(app) == []
        await pilot.press("escape")
        assert app.focused is app.query_one("#cors-table")


async def test_key_validation_valid_invalid_and_role(dev_env: PanelEnv) -> None:
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await show(pilot, "dev-keys")
        field = app.query_one("#key-input", SecretInput)
        assert app.focused is field and field.password
        await paste(pilot, f"  {KEYS['Developer']}\n")  # pasted with blanks and a newline
        await pilot.press("enter")
        await settle(pilot)
        assert result(app) == f"{VALID}\nRole: Developer"
        await pilot.press("ctrl+u")
        await paste(pilot, "not-a-key-of-this-tenant-123456")
        await pilot.press("enter")
        await settle(pilot)
        assert result(app) == INVALID
        text = screen_text(app)
        for key in KEYS.values():
            assert key not in text
        assert not app.failures


async def test_key_validation_empty_and_garbage_send_nothing(dev_env: PanelEnv) -> None:
    app, transport = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await show(pilot, "dev-keys")
        sent = len(transport.requests)
        await pilot.press("enter")
        await settle(pilot)
        assert result(app) == "Paste an API key into the field first."
        await paste(pilot, "two words")
        await pilot.press("enter")
        await settle(pilot)
        assert "contains spaces" in result(app)
        assert len(transport.requests) == sent
        await pilot.press("ctrl+u")
        await paste(pilot, "x" * 600)
        await pilot.press("enter")
        await settle(pilot)
        assert "longer than 512" in result(app)
        assert len(transport.requests) == sent


async def test_validate_the_consoles_own_key_in_one_keystroke(dev_env: PanelEnv) -> None:
    app, transport = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await show(pilot, "dev-keys")
        await pilot.press("escape")  # leave the key field: letters are keys again
        assert app.focused is app.query_one("#key-validate-own")
        await pilot.press("v")
        await settle(pilot)
        assert result(app) == f"{VALID}\nRole: Administrator"
        body = transport.requests[-1].content.decode()
        assert KEYS["Administrator"] in body  # sent once, to the server only
        assert KEYS["Administrator"] not in screen_text(app)


async def test_the_key_field_refuses_copy_and_cut(dev_env: PanelEnv) -> None:
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await show(pilot, "dev-keys")
        await paste(pilot, KEYS["Agent"])
        await pilot.press("ctrl+shift+a")  # select all
        await pilot.press("ctrl+c")
        await pilot.press("ctrl+x")
        await pilot.pause()
        field = app.query_one("#key-input", SecretInput)
        assert app.clipboard != KEYS["Agent"] and KEYS["Agent"] not in app.clipboard
        assert field.value == KEYS["Agent"]  # cut did not remove it either
        assert any("cannot copy" in str(n.message) for n in app._notifications)


async def test_inner_tabs_by_keyboard_from_a_form_field(dev_env: PanelEnv) -> None:
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await show(pilot, "dev-credentials")
        assert app.focused is app.query_one("#cred-gws-baseUrl")
        await pilot.press("escape")  # out of the field, onto the GWS | Push | CAPTCHA strip
        await pilot.press("left_square_bracket")
        await settle(pilot)
        tabs = app.query_one("#developer-tabs", TabbedContent)
        assert tabs.active == "dev-keys"
        assert app.focused is app.query_one("#key-input", SecretInput)
        await pilot.press("escape", "left_square_bracket")
        await settle(pilot)
        assert tabs.active == "dev-cors" and app.focused is app.query_one("#cors-table")
