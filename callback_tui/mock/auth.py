"""API keys (stored as salted SHA-256 only) and the role table of docs/api.md.

Key storage decision: the database holds only `sha256(salt + key)` and the salt per key, never a
plain key. The demo keys of this local emulator are therefore regenerated (and printed) at every
start unless fixed with `keys=` / `--key ROLE=KEY`, which is how scripts get stable keys.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string

from .envelope import ApiError

ROLES = ("Administrator", "Supervisor", "Developer", "Agent")
ROLE_LETTER = {"A": "Administrator", "S": "Supervisor", "D": "Developer", "G": "Agent"}
KEY_ALPHABET = string.ascii_letters + string.digits
KEY_LENGTH = 40


def generate_key() -> str:
    """A random 40-character alphanumeric key, the shape of a GES API key."""
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))


def hash_key(key: str, salt: bytes) -> str:
    return hashlib.sha256(salt + key.encode("utf-8")).hexdigest()


def new_salt() -> bytes:
    return secrets.token_bytes(16)


def verify(key: str, salt: bytes, digest: str) -> bool:
    return hmac.compare_digest(hash_key(key, salt), digest)


def roles_from(letters: str) -> frozenset[str]:
    return frozenset(ROLE_LETTER[c] for c in letters)


ANY = roles_from("ASDG")
WRITERS = roles_from("ASD")
DEVELOPER_TAB = roles_from("AD")
TOOLS_TAB = roles_from("ASD")
PURGE_NOW = roles_from("AS")
ADMIN_ONLY = roles_from("A")


def require_role(role: str, allowed: frozenset[str], method: str, path: str) -> None:
    if role not in allowed:
        raise ApiError(40300, f"role {role} may not use {method} {path}")


def normalise_role(text: str) -> str:
    """Accept `Administrator`, `administrator`, `admin`, `A` ... for --key ROLE=KEY."""
    lowered = text.strip().lower()
    for role in ROLES:
        if role.lower() == lowered or (role.lower().startswith(lowered) and len(lowered) >= 3):
            return role
    if text.strip().upper() in ROLE_LETTER:
        return ROLE_LETTER[text.strip().upper()]
    raise ValueError(f"unknown role {text!r}; expected one of {', '.join(ROLES)}")
