"""Server text must render verbatim: `[REDACTED]`, markup-like and backslash-laden strings."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.content import Content

from screens.text import escape


def test_redacted_survives_markup() -> None:
    url = "/engagement/v3/callbacks?phone=[REDACTED]&x=[b]bold[/b] \\[i] [@click=quit]"
    assert Content.from_markup(escape(url)).plain == url


@given(st.text(alphabet="[]\\/abcREDACTED =@#", max_size=40))
def test_any_text_round_trips(text: str) -> None:
    assert Content.from_markup(escape(text)).plain == text
