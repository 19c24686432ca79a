"""`client.cors`, `client.api_keys`, `client.credentials` (console API, Developer tab)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic.alias_generators import to_camel

from .._caller import Resource
from .._secret import Secret
from .._wire import CONSOLE, body, segment
from ..models import CorsOrigins, Credential, CredentialKind, CredentialList, CredentialTest
from ..models import KeyValidation as KeyValidationResult


class Cors(Resource):
    async def origins(self) -> CorsOrigins:
        """Allowed CORS origins (read-only) and how to change them."""
        return await self._caller.call(CorsOrigins, "GET", f"{CONSOLE}/cors/origins")


class ApiKeys(Resource):
    async def validate(self, key: str | Secret) -> KeyValidationResult:
        """Whether `key` is a valid API key of this tenant, and its role."""
        return await self._caller.call(
            KeyValidationResult,
            "POST",
            f"{CONSOLE}/api-keys/validate",
            json=body(apiKey=Secret(key)),
        )


class Credentials(Resource):
    async def list(self) -> CredentialList:
        """gws, push and captcha, secrets masked."""
        return await self._caller.call(CredentialList, "GET", f"{CONSOLE}/credentials")

    async def register(
        self, kind: CredentialKind, fields: Mapping[str, Any] | None = None, **kwargs: Any
    ) -> Credential:
        """Store the fields of `kind` (replacing any); returns the masked view.

        `fields` use wire names (`clientSecret`); keyword arguments may be snake_case
        (`client_secret=`). Values may be `Secret`s.
        """
        payload = dict(fields or {})
        payload.update({to_camel(name): value for name, value in kwargs.items()})
        return await self._caller.call(Credential, "PUT", self._path(kind), json=body(**payload))

    async def delete(self, kind: CredentialKind) -> Credential:
        return await self._caller.call(Credential, "DELETE", self._path(kind))

    async def test(self, kind: CredentialKind) -> CredentialTest:
        """Check the stored credential for real; `.checks` says what failed."""
        return await self._caller.call(CredentialTest, "POST", f"{self._path(kind)}/test", json={})

    @staticmethod
    def _path(kind: str) -> str:
        return f"{CONSOLE}/credentials/{segment(kind, 'kind')}"
