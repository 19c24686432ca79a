"""What each role may do: mirrors the table in docs/api.md (the TUI hides, the server enforces)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMINISTRATOR = "Administrator"
    SUPERVISOR = "Supervisor"
    DEVELOPER = "Developer"
    AGENT = "Agent"


class Capability(StrEnum):
    VIEW_CALLBACKS = "view_callbacks"
    BOOK_CALLBACKS = "book_callbacks"  # create, cancel, reschedule
    DEVELOPER_TAB = "developer_tab"  # errors, CORS, key validation, credentials
    TOOLS_TAB = "tools_tab"  # tenant, services, purge preview, service check
    PURGE_NOW = "purge_now"
    CHANGE_PURGE_MODE = "change_purge_mode"


_A, _S, _D, _G = Role.ADMINISTRATOR, Role.SUPERVISOR, Role.DEVELOPER, Role.AGENT

ALLOWED: dict[Capability, frozenset[Role]] = {
    Capability.VIEW_CALLBACKS: frozenset({_A, _S, _D, _G}),
    Capability.BOOK_CALLBACKS: frozenset({_A, _S, _D}),
    Capability.DEVELOPER_TAB: frozenset({_A, _D}),
    Capability.TOOLS_TAB: frozenset({_A, _S, _D}),
    Capability.PURGE_NOW: frozenset({_A, _S}),
    Capability.CHANGE_PURGE_MODE: frozenset({_A}),
}


def role_can(role: str | None, capability: Capability) -> bool:
    """True when `role` (as reported by /console/v1/me) may use `capability`.

    An unknown role (a backend without the console API reports none) gets the GES-public
    features only: viewing and booking callbacks.
    """
    if role is None:
        return capability in (Capability.VIEW_CALLBACKS, Capability.BOOK_CALLBACKS)
    try:
        return Role(role) in ALLOWED[capability]
    except ValueError:
        return False
