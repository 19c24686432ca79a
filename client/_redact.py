"""Redaction of the API key, phone numbers and credential secrets in anything we log or raise."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

REDACTED = "[REDACTED]"
# Wire names whose values are phone numbers, keys or credential secrets.
SENSITIVE_FIELDS = frozenset(
    name.lower()
    for name in (
        "x-api-key",
        "apiKey",
        "phoneNumber",
        "phone",
        "fromPhoneNumber",
        "toPhoneNumber",
        "clientSecret",
        "secretKey",
        "serviceAccountJson",
        "captchaToken",
        "password",
        "token",
    )
)
_QUERY_IN_TEXT = re.compile(r"(?i)\b(phone|phoneNumber|apiKey|x-api-key)=([^&\s\"']*)")
# `"clientSecret": "..."` in an echoed JSON body (e.g. a proxy's error page quoting a request).
_JSON_FIELD_IN_TEXT = re.compile(
    r'(?i)("(?:' + "|".join(sorted(re.escape(f) for f in SENSITIVE_FIELDS)) + r'|private_key)"'
    r'\s*:\s*)"(?:[^"\\]|\\.)*"?'
)


class Redactor:
    """Replaces secrets it knows (the API key) and sensitive fields by `[REDACTED]`."""

    def __init__(self, *secrets: str) -> None:
        # Very short values would mangle ordinary text; real keys are far longer.
        self._secrets = tuple(s for s in secrets if len(s) >= 4)

    def text(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        text = _JSON_FIELD_IN_TEXT.sub(lambda m: f'{m.group(1)}"{REDACTED}"', text)
        return _QUERY_IN_TEXT.sub(lambda m: f"{m.group(1)}={REDACTED}", text)

    def url(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.query:
            query = [
                (k, REDACTED if k.lower() in SENSITIVE_FIELDS else v)
                for k, v in parse_qsl(parts.query, keep_blank_values=True)
            ]
            parts = parts._replace(query=urlencode(query, safe="[],"))
        return self.text(urlunsplit(parts))

    def body(self, content: bytes) -> str:
        """A JSON body with sensitive fields replaced; other bodies only by size."""
        if not content:
            return ""
        try:
            parsed = json.loads(content)
        except ValueError:
            return f"<{len(content)} bytes>"
        return self.text(json.dumps(redact_fields(parsed), ensure_ascii=False))


def redact_fields(value: Any) -> Any:
    """A copy of a JSON value with the values of sensitive fields replaced."""
    if isinstance(value, dict):
        return {
            k: REDACTED if str(k).lower() in SENSITIVE_FIELDS else redact_fields(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact_fields(v) for v in value]
    return value
