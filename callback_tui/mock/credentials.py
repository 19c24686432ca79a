"""Credentials (GWS, push, CAPTCHA): write-only, shown masked, tested for real.

Secrets are never stored in clear: the database keeps a SHA-256 digest and the last 4
characters (for the mask). What a test needs later is derived when the secret is registered
(the digest to compare with the emulated upstream's accounts; for push, the per-item checks of
the service-account document).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from typing import Any
from urllib.parse import urlsplit

from .envelope import bad

KINDS = ("gws", "push", "captcha")
MASK = "••••"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PEM = re.compile(
    r"^-----BEGIN (RSA )?PRIVATE KEY-----\s*([A-Za-z0-9+/=\s]+?)\s*"
    r"-----END (RSA )?PRIVATE KEY-----\s*$"
)


def mask(secret: str) -> str:
    return MASK + secret[-4:] if len(secret) >= 8 else MASK


def sha(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same_secret(digest: str, account: dict[str, Any], plain_key: str) -> bool:
    """Compare a stored digest with an upstream account's secret (plain or `<key>Sha256`)."""
    expected = account.get(plain_key + "Sha256")
    if expected is None and isinstance(account.get(plain_key), str):
        expected = sha(account[plain_key])
    return isinstance(expected, str) and hmac.compare_digest(expected.lower(), digest)


def _req(body: dict[str, Any], name: str, max_len: int = 4000) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise bad(f"{name}: is required (a non-empty string)")
    if len(value) > max_len:
        raise bad(f"{name}: must be at most {max_len} characters")
    return value.strip()


def register(kind: str, body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Validate a PUT body; (fields shown masked, private derived data)."""
    if kind == "gws":
        base_url = _req(body, "baseUrl", 500)
        parts = urlsplit(base_url)
        if parts.scheme != "https" or not parts.netloc:
            raise bad("baseUrl: must be an https URL, e.g. https://gws-usw1.genhtcc.com")
        client_id = _req(body, "clientId", 200)
        secret = _req(body, "clientSecret", 500)
        if len(secret) < 16:
            raise bad("clientSecret: must be at least 16 characters")
        return (
            {"baseUrl": base_url, "clientId": client_id, "clientSecret": mask(secret)},
            {"clientSecretSha256": sha(secret)},
        )
    if kind == "push":
        text = _req(body, "serviceAccountJson", 32_000)
        try:
            doc = json.loads(text)
        except ValueError:
            raise bad("serviceAccountJson: not valid JSON (paste the whole key file)") from None
        if not isinstance(doc, dict):
            raise bad("serviceAccountJson: must be a JSON object (a service-account key file)")
        checks = push_checks(doc)
        key = doc.get("private_key")
        shown = {
            "serviceAccountJson": mask(text.strip()),
            "projectId": doc.get("project_id") if isinstance(doc.get("project_id"), str) else None,
            "clientEmail": (
                doc.get("client_email") if isinstance(doc.get("client_email"), str) else None
            ),
            "privateKey": mask(key.strip()) if isinstance(key, str) else None,
        }
        return shown, {"checks": checks}
    site = _req(body, "siteKey", 200)
    secret = _req(body, "secretKey", 200)
    return {"siteKey": site, "secretKey": mask(secret)}, {"secretKeySha256": sha(secret)}


def push_checks(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """One check per item of a Firebase service-account document."""

    def check(name: str, ok: bool, good: str, problem: str) -> dict[str, Any]:
        return {"name": name, "ok": ok, "detail": good if ok else problem}

    kind = doc.get("type")
    project = doc.get("project_id")
    key = doc.get("private_key")
    email = doc.get("client_email")
    token_uri = doc.get("token_uri")
    pem_ok = False
    if isinstance(key, str):
        match = _PEM.match(key.replace("\\n", "\n").strip())
        if match:
            try:
                pem_ok = len(base64.b64decode("".join(match.group(2).split()), validate=True)) > 64
            except (binascii.Error, ValueError):
                pem_ok = False
    token_parts = urlsplit(token_uri) if isinstance(token_uri, str) else None
    return [
        check("type", kind == "service_account", "type is service_account",
              f"type must be \"service_account\", got {kind!r}"),
        check("project_id", isinstance(project, str) and bool(project.strip()),
              f"project_id {project}", "project_id is missing"),
        check("private_key", pem_ok, "private_key is a PEM private key",
              "private_key is missing or not a PEM block (-----BEGIN PRIVATE KEY----- ...)"),
        check("client_email", isinstance(email, str) and bool(_EMAIL.match(email)),
              f"client_email {email}", "client_email is missing or not an e-mail address"),
        check("token_uri",
              token_parts is not None and token_parts.scheme == "https"
              and bool(token_parts.netloc),
              f"token_uri {token_uri}", "token_uri is missing or not an https URL"),
    ]  # fmt: skip


def credential_view(kind: str, row: Any) -> dict[str, Any]:
    from .envelope import iso_ms

    if row is None:
        return {
            "kind": kind,
            "registered": False,
            "fields": {},
            "updatedAt": None,
            "lastTest": None,
        }
    fields, _private, updated_ms, last_test = row
    return {
        "kind": kind,
        "registered": True,
        "fields": fields,
        "updatedAt": iso_ms(updated_ms),
        "lastTest": last_test,
    }


def test_gws(
    fields: dict[str, Any], private: dict[str, Any], accounts: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], str | None]:
    """Checks of GWS credentials against the emulated GWS's accounts; (checks, failure)."""
    checks: list[dict[str, Any]] = [
        {"name": "baseUrl", "ok": True, "detail": f"{fields['baseUrl']} is an https URL"}
    ]
    account = next((a for a in accounts if a.get("clientId") == fields["clientId"]), None)
    if account is None:
        detail = f"GWS does not know client id {fields['clientId']!r} (401 from the token endpoint)"
        checks.append({"name": "clientId", "ok": False, "detail": detail})
        return checks, detail
    checks.append({"name": "clientId", "ok": True, "detail": "client id known to GWS"})
    if not same_secret(private["clientSecretSha256"], account, "clientSecret"):
        detail = f"GWS rejected the client secret for {fields['clientId']!r} (401 invalid_client)"
        checks.append({"name": "clientSecret", "ok": False, "detail": detail})
        return checks, detail
    checks.append({"name": "clientSecret", "ok": True, "detail": "GWS issued an access token"})
    return checks, None


def test_captcha(
    fields: dict[str, Any], private: dict[str, Any], pairs: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], str | None]:
    pair = next((p for p in pairs if p.get("siteKey") == fields["siteKey"]), None)
    checks: list[dict[str, Any]] = []
    if pair is None:
        detail = f"the verifier does not know site key {fields['siteKey']!r} (invalid-site-key)"
        checks.append({"name": "siteKey", "ok": False, "detail": detail})
        return checks, detail
    checks.append({"name": "siteKey", "ok": True, "detail": "site key known to the verifier"})
    if not same_secret(private["secretKeySha256"], pair, "secretKey"):
        detail = "the secret key does not belong to this site key (invalid-input-secret)"
        checks.append({"name": "secretKey", "ok": False, "detail": detail})
        return checks, detail
    checks.append({"name": "secretKey", "ok": True, "detail": "secret key matches the site key"})
    checks.append({"name": "verifyToken", "ok": True, "detail": "a test token verified: success"})
    return checks, None
