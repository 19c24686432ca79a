"""Keeping secrets and phone numbers out of what the emulator answers and records."""

from __future__ import annotations

import re
from typing import Any

from .rules.phone import redact_phone_numbers

REDACTED = "[REDACTED]"
# Key-like tokens: API keys are 40 letters and digits; UUIDs (correlation IDs) never match.
_KEYLIKE = re.compile(r"\b[A-Za-z0-9]{32,}\b")


def redact_text(text: str, *secrets: str) -> str:
    """`secrets` (e.g. the request's own API key), key-like tokens and phone numbers redacted."""
    for secret in secrets:
        if len(secret) >= 8:  # a short value would mangle ordinary text; real keys are longer
            text = text.replace(secret, REDACTED)
    return redact_phone_numbers(_KEYLIKE.sub(REDACTED, text))


def redact_strings(value: Any, *secrets: str) -> Any:
    """A copy of a JSON value with every string passed through `redact_text`."""
    if isinstance(value, str):
        return redact_text(value, *secrets)
    if isinstance(value, dict):
        return {k: redact_strings(v, *secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_strings(v, *secrets) for v in value]
    return value
