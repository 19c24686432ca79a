"""Phone numbers: the create rule and redaction in recorded URLs."""

from __future__ import annotations

import pytest

from callback_tui.mock.rules.phone import normalize_phone, redact_phone_numbers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+33 6 12 34 56 78", "+33612345678"),
        ("(555) 123-4567", "5551234567"),
        ("555.123.4567", "5551234567"),
        ("  +1-555-123-4567 ", "+15551234567"),
        ("1234567", "1234567"),
        ("+123456789012345", "+123456789012345"),
    ],
)
def test_normalize_accepts_what_people_type(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["123456", "1234567890123456", "+33 6 12 AB 56 78", "++33612345678", "+", "", "06/12/34/56/78",
     "١٢٣٤٥٦٧٨", "33+612345678"],
)  # fmt: skip
def test_normalize_refuses_with_the_field_name(raw: str) -> None:
    with pytest.raises(ValueError, match=r"^phoneNumber: must be 7 to 15 digits"):
        normalize_phone(raw)


def test_normalize_refuses_non_strings() -> None:
    with pytest.raises(ValueError, match=r"^phoneNumber: must be a string"):
        normalize_phone(33612345678)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "/console/v1/callbacks?phone=%2B33612345678&limit=50",
            "/console/v1/callbacks?phone=[REDACTED]&limit=50",
        ),
        ("call +1 (555) 123-4567 now", "call [REDACTED] now"),
        ("tel:0612345678;", "tel:[REDACTED];"),
        ("phone=33612345678&phone=+44 20 7946 0958", "phone=[REDACTED]&phone=[REDACTED]"),
    ],
)
def test_redaction_removes_phone_numbers(text: str, expected: str) -> None:
    assert redact_phone_numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "/console/v1/errors/12345678-1234-1234-1234-123456789012",
        "/console/v1/errors/0b3f9540-a8c9-11e9-881c-4d0000000000",
        "since=2019-07-17T19:28:24.362Z&until=2026-11-27",
        "/availability/sales?startMS=1795766400000&endMS=1795852800000",
        "limit=50&cursor=abc123",
        "code 123456",
    ],
)
def test_redaction_keeps_ids_times_and_short_numbers(text: str) -> None:
    assert redact_phone_numbers(text) == text
