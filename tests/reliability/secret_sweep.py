"""Sentinel secrets and the scanner that looks for them in everything the project wrote."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

# Long, unique, and without characters that renderers escape or split.
API_KEY = "SntlApiKey7f3a9c1e5b2d4f6a8c0e2g4i6k8mZ"
WRONG_KEY = "SntlWrongKey0d9c8b7a6f5e4d3c2b1a0z9y8x7"
# Dashed: the emulator's "key-like token" heuristic cannot catch these, only field redaction.
GWS_SECRET = "sntl-gws-secret-4b8d-2f6a-1c3e-5g7i"
CAPTCHA_SECRET = "sntl-captcha-secret-9e7c-5a3b-1d2f"
PUSH_KEY = "SntlPushPrivateKey3c5e7g9i1k3m5o7q9s1u3"
SENTINELS = {
    "api key": API_KEY,
    "wrong api key": WRONG_KEY,
    "gws clientSecret": GWS_SECRET,
    "captcha secretKey": CAPTCHA_SECRET,
    "push private key": PUSH_KEY,
}

SERVICE_ACCOUNT = json.dumps(
    {
        "type": "service_account",
        "project_id": "sentinel-project",
        "private_key_id": "0123456789abcdef",
        "private_key": (
            "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC"
            f"{PUSH_KEY}AAAA\n-----END PRIVATE KEY-----\n"
        ),
        "client_email": "push@sentinel-project.iam.gserviceaccount.com",
        "client_id": "1234567890",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
)

_TAGS = re.compile(r"<[^>]+>")


def svg_text(svg: str) -> str:
    """The text of an SVG screenshot, tags dropped, entities decoded, whitespace removed."""
    return re.sub(r"\s+", "", html.unescape(_TAGS.sub("", svg)))


def hits(where: str, text: str | bytes, found: Counter[str]) -> None:
    """Count each sentinel in `text` (bytes are searched as UTF-8 and as UTF-16)."""
    for name, value in SENTINELS.items():
        if isinstance(text, bytes):
            n = text.count(value.encode()) + text.count(value.encode("utf-16-le"))
        else:
            n = text.count(value)
        if n:
            found[f"{where}: {name}"] += n


def scan_tree(root: Path, where: str, found: Counter[str]) -> list[str]:
    """Every file under `root`; the relative paths scanned."""
    scanned = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        hits(f"{where}/{path.relative_to(root)}", path.read_bytes(), found)
        scanned.append(str(path.relative_to(root)))
    return scanned


def scan_texts(where: str, texts: Iterable[str], found: Counter[str]) -> int:
    count = 0
    for text in texts:
        hits(where, text, found)
        count += 1
    return count
