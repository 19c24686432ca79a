"""A string that never shows itself: API keys and credential secrets."""

from __future__ import annotations

import hmac
from typing import Any, NoReturn

_MASK = "**********"
# Shorter values are masked completely: four clear characters of a short secret are too many.
_MIN_LEN_FOR_HINT = 12


class Secret:
    """Holds a secret string; `str`, `repr` and `format` mask it, `.reveal()` returns it.

    Equality compares the values in constant time without revealing them. A `Secret` cannot be
    pickled (a pickle is a file, and files must not hold the key in clear).
    """

    __slots__ = ("_value",)
    _value: str

    def __init__(self, value: str | Secret) -> None:
        if isinstance(value, Secret):
            value = value.reveal()
        if not isinstance(value, str):
            raise TypeError(f"Secret wraps a str, not {type(value).__name__}")
        object.__setattr__(self, "_value", value)

    def reveal(self) -> str:
        """The secret in clear: only for the one place that must send it."""
        return self._value

    @property
    def masked(self) -> str:
        """`••••abcd` (last four) for long values, `**********` otherwise."""
        value: str = self._value
        if len(value) >= _MIN_LEN_FOR_HINT:
            return "••••" + value[-4:]
        return _MASK

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"Secret('{self.masked}')"

    def __format__(self, format_spec: str) -> str:
        return format(self.masked, format_spec)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self.reveal().encode(), other.reveal().encode())

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError("Secret is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled (it would write the value in clear)")

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret:
        return self


def reveal(value: str | Secret) -> str:
    """The clear value of a `str` or `Secret`."""
    return value.reveal() if isinstance(value, Secret) else value
