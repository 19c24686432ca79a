"""The tenant configuration: an admin-editable TOML (or JSON) file, re-read every 30 minutes.

The file holds the tenant's name and region, the allowed CORS origins, the CALLBACK_SETTINGS of
every service, and the accounts the emulated upstreams accept (GWS client id/secret pairs,
CAPTCHA site/secret pairs; secrets may be given as `clientSecretSha256` / `secretKeySha256`).
Without a file (an in-memory emulator) the configuration lives in the database only.
"""

from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from .rules.settings import ServiceSettings

REFRESH_INTERVAL_MIN = 30
# Public demo credentials of the emulated GWS (printed at start; not secrets).
DEMO_GWS_CLIENT_ID = "callback-tui-demo-client"
DEMO_GWS_CLIENT_SECRET = "demo-gws-secret-0123456789abcdef"
DEMO_GWS_BASE_URL = "https://gws.mock.invalid"
# Google's published reCAPTCHA test pair: always verifies.
GOOGLE_TEST_SITE_KEY = "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI"
GOOGLE_TEST_SECRET_KEY = "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe"
HOW_TO_UPDATE = (
    "The list is read-only here. Edit [cors] origins in the emulator's tenant file ({file}) and "
    "use Tools > Refetch Tenant Configuration (POST /console/v1/tenant/refetch). On a hosted "
    "tenant, ask your Genesys representative or Customer Care."
)


def default_doc(services: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "tenant": {
            "id": "demo-tenant-0001",
            "name": "Demo Tenant",
            "region": "us-west-1",
            "refreshIntervalMin": REFRESH_INTERVAL_MIN,
        },
        "cors": {
            "origins": [
                "https://callback.example.com",
                "https://www.example.com",
                "http://localhost:3000",
            ]
        },
        "gws": {
            "accounts": [
                {
                    "baseUrl": DEMO_GWS_BASE_URL,
                    "clientId": DEMO_GWS_CLIENT_ID,
                    "clientSecret": DEMO_GWS_CLIENT_SECRET,
                }
            ]
        },
        "captcha": {
            "pairs": [{"siteKey": GOOGLE_TEST_SITE_KEY, "secretKey": GOOGLE_TEST_SECRET_KEY}]
        },
        "services": {s["name"]: s for s in services},
    }


def _strip_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_none(v) for v in value]
    return value


def write_doc(path: Path, doc: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".json":
        text = json.dumps(doc, indent=2)
    else:
        text = (
            "# callback-tui emulator tenant file. Edit and POST /console/v1/tenant/refetch\n"
            "# (or wait up to 30 minutes). Services hold their CALLBACK_SETTINGS.\n"
            + tomli_w.dumps(_strip_none(doc))
        )
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def read_doc(path: Path) -> dict[str, Any]:
    """Read and validate; ValueError with a dotted path for the first problem."""
    text = path.read_text(encoding="utf-8")
    try:
        doc = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path.name}: {exc}") from None
    return validate_doc(doc)


def validate_doc(doc: Any) -> dict[str, Any]:
    if not isinstance(doc, dict):
        raise ValueError("tenant file: must be a table/object")
    doc = copy.deepcopy(doc)
    tenant = doc.setdefault("tenant", {})
    for key in ("id", "name", "region"):
        if not isinstance(tenant.get(key, ""), str):
            raise ValueError(f"tenant.{key}: must be a string")
    interval = tenant.get("refreshIntervalMin", REFRESH_INTERVAL_MIN)
    if not isinstance(interval, int) or not 1 <= interval <= 1440:
        raise ValueError("tenant.refreshIntervalMin: must be an integer from 1 to 1440")
    origins = doc.setdefault("cors", {}).setdefault("origins", [])
    if not isinstance(origins, list) or not all(isinstance(o, str) for o in origins):
        raise ValueError("cors.origins: must be a list of strings")
    for section, key, fields in (
        ("gws", "accounts", ("clientId",)),
        ("captcha", "pairs", ("siteKey",)),
    ):
        items = doc.setdefault(section, {}).setdefault(key, [])
        if not isinstance(items, list):
            raise ValueError(f"{section}.{key}: must be a list")
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not all(isinstance(item.get(f), str) for f in fields):
                raise ValueError(f"{section}.{key}[{i}]: needs {', '.join(fields)}")
    services = doc.setdefault("services", {})
    if not isinstance(services, dict):
        raise ValueError("services: must be a table keyed by service name")
    for name, settings in services.items():
        if not isinstance(settings, dict):
            raise ValueError(f"services.{name}: must be a table")
        settings.setdefault("name", name)
        try:
            ServiceSettings.from_dict(settings)
        except ValueError as exc:
            raise ValueError(f"services.{name}.{exc}") from None
    out: dict[str, Any] = doc
    return out


def public_view(doc: dict[str, Any]) -> dict[str, Any]:
    """What the console may show: no secrets (GWS/CAPTCHA verifier secrets left out)."""
    return {
        "corsOrigins": list(doc["cors"]["origins"]),
        "services": {name: s for name, s in sorted(doc["services"].items())},
        "gwsClientIds": [a["clientId"] for a in doc["gws"]["accounts"]],
        "captchaSiteKeys": [p["siteKey"] for p in doc["captcha"]["pairs"]],
    }


def diff(before: Any, after: Any, path: str = "") -> list[dict[str, Any]]:
    """Leaf-level changes between two JSON-like values as [{path, before, after}]."""
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[dict[str, Any]] = []
        for key in sorted(set(before) | set(after), key=str):
            sub = f"{path}.{key}" if path else str(key)
            if key not in before:
                out.append({"path": sub, "before": None, "after": after[key]})
            elif key not in after:
                out.append({"path": sub, "before": before[key], "after": None})
            else:
                out.extend(diff(before[key], after[key], sub))
        return out
    if before != after:
        return [{"path": path, "before": before, "after": after}]
    return []
