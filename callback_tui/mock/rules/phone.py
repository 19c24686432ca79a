"""Phone numbers: the create rule (7-15 digits, optional leading +) and redaction for logs."""

from __future__ import annotations

import re

REDACTED = "[REDACTED]"

_SEPARATORS = re.compile(r"[\s\-.()]")
_HEX = "[0-9a-fA-F]"
# Things with long digit runs that are not phone numbers and must survive redaction.
_KEEP = (
    rf"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}"  # UUIDs / correlation IDs
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|(?:start|end)MS=\d+"  # epoch milliseconds of availability queries
)
# 7+ digits, possibly broken by the separators people type, with an optional (encoded) +.
_PHONE = r"(?<![\w%])(?:\+|%2[bB])?\(?\d(?:[\s\-.()]{0,2}\d){6,}(?![\w])"
_SCAN = re.compile(rf"(?P<keep>{_KEEP})|(?P<phone>{_PHONE})")


def normalize_phone(raw: object) -> str:
    """Strip spaces, dashes, dots and parentheses; keep an optional leading +; 7-15 digits."""
    if not isinstance(raw, str):
        raise ValueError("phoneNumber: must be a string")
    compact = _SEPARATORS.sub("", raw.strip())
    plus = compact.startswith("+")
    digits = compact[1:] if plus else compact
    if not (digits.isascii() and digits.isdigit() and 7 <= len(digits) <= 15):
        raise ValueError("phoneNumber: must be 7 to 15 digits, optionally with a leading +")
    return ("+" if plus else "") + digits


def redact_phone_numbers(text: str) -> str:
    """Replace anything that looks like a phone number (7+ digits) with [REDACTED].

    UUIDs, ISO dates/times and startMS/endMS values are left alone.
    """
    return _SCAN.sub(lambda m: m.group("keep") or REDACTED, text)
