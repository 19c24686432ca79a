"""Recording and searching every non-2xx answer (the Developer tab's Errors page).

Search never uses LIKE or OFFSET: an ID prefix is the range `corr_id >= p AND corr_id < p_next`
on a unique index, and pages are keyset on `(ts_ms DESC, corr_id DESC)`.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from .envelope import bad, iso_ms
from .redact import REDACTED, redact_text
from .store import ERROR_INDEXES, Store

SECRET_NAMES = {
    "apikey", "api_key", "x-api-key", "key", "token", "secret", "password", "clientsecret",
    "client_secret", "secretkey", "secret_key", "captchatoken", "serviceaccountjson",
    "private_key", "privatekey", "phonenumber", "phone", "authorization", "access_token",
}  # fmt: skip
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"}
BUCKETS_MS = {"minute": 60_000, "hour": 3_600_000, "day": 86_400_000}
MAX_BUCKETS = 2000


def redact_url(path: str, query: str) -> str:
    """The path with secrets and phone numbers replaced by [REDACTED], query included."""
    segments = [s if _UUID.match(s) else redact_text(s) for s in path.split("/")]
    url = "/".join(segments)
    if query:
        pairs = [
            (k, REDACTED if k.lower() in SECRET_NAMES else redact_text(v))
            for k, v in parse_qsl(query, keep_blank_values=True)
        ]
        url += "?" + urlencode(pairs, safe="[]")
    return url


def redact_value(value: Any, depth: int = 0) -> Any:
    """A JSON value with secret fields and phone numbers redacted (for body summaries)."""
    if depth > 6:
        return "…"
    if isinstance(value, dict):
        return {
            str(k)[:100]: REDACTED if str(k).lower() in SECRET_NAMES else redact_value(v, depth + 1)
            for k, v in list(value.items())[:50]
        }
    if isinstance(value, list):
        return [redact_value(v, depth + 1) for v in value[:20]]
    if isinstance(value, str):
        return redact_text(value[:500])
    return value


def body_summary(raw: bytes, content_type: str) -> Any:
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return f"{len(raw)} bytes of non-JSON content ({content_type or 'no content type'})"
    return redact_value(value)


def request_summary(
    method: str, url: str, query: str, headers: dict[str, str], raw: bytes
) -> dict[str, Any]:
    shown = {}
    for name in ("content-type", "content-length", "user-agent", "origin", "accept", "x-api-key"):
        if name in headers:
            shown[name] = REDACTED if name == "x-api-key" else headers[name][:200]
    redacted_query = {
        k: REDACTED if k.lower() in SECRET_NAMES else redact_text(v)
        for k, v in parse_qsl(query, keep_blank_values=True)
    }
    return {
        "method": method,
        "url": url,
        "query": redacted_query,
        "headers": shown,
        "bodySummary": body_summary(raw, headers.get("content-type", "")),
    }


class ErrorLog:
    def __init__(self, store: Store) -> None:
        self.store = store

    def record(self, rec: tuple[Any, ...]) -> None:
        """(corr_id, ts_ms, method, url, http_status, status_code, message, request, response)."""
        with self.store.tx() as c:
            c.execute("INSERT OR IGNORE INTO errors VALUES (?,?,?,?,?,?,?,?,?)", rec)

    def bulk(self, rows: Iterable[tuple[Any, ...]], batch: int = 50_000) -> int:
        """Seed insert: drop the indexes, insert in batches, index once at the end."""
        count = 0
        with self.store.lock:
            c = self.store.conn
            c.execute("DROP INDEX IF EXISTS errors_by_corr")
            c.execute("DROP INDEX IF EXISTS errors_by_time")
            c.execute("PRAGMA synchronous=OFF")
            try:
                chunk: list[tuple[Any, ...]] = []
                for row in rows:
                    chunk.append(row)
                    if len(chunk) >= batch:
                        count += self._insert(chunk)
                        chunk = []
                count += self._insert(chunk)
                c.executescript(ERROR_INDEXES)
            finally:
                c.execute("PRAGMA synchronous=FULL")
        return count

    def _insert(self, chunk: list[tuple[Any, ...]]) -> int:
        with self.store.tx() as c:
            c.executemany("INSERT OR IGNORE INTO errors VALUES (?,?,?,?,?,?,?,?,?)", chunk)
        return len(chunk)

    def count(self) -> int:
        return int(self.store.query("SELECT count(*) FROM errors")[0][0])

    def search(
        self,
        *,
        q: str | None,
        statuses: str | None,
        method: str | None,
        since_ms: int | None,
        until_ms: int | None,
        cursor: str | None,
        limit: int,
    ) -> dict[str, Any]:
        where: list[str] = []
        args: list[Any] = []
        if q:
            q = q.strip().lower()
            if len(q) >= 36:
                where.append("corr_id = ?")
                args.append(q)
            elif len(q) < 4:
                raise bad("q: must be a correlation ID or a prefix of at least 4 characters")
            else:
                where.append("corr_id >= ? AND corr_id < ?")
                args += [q, q[:-1] + chr(min(ord(q[-1]) + 1, 0x10FFFF))]
        if statuses:
            http, ges = parse_statuses(statuses)
            ors = []
            if http:
                ors.append(f"http_status IN ({','.join('?' * len(http))})")
                args += http
            if ges:
                ors.append(f"status_code IN ({','.join('?' * len(ges))})")
                args += ges
            where.append("(" + " OR ".join(ors) + ")")
        if method:
            upper = method.strip().upper()
            if upper not in METHODS:
                raise bad(f"method: must be one of {', '.join(sorted(METHODS))}")
            where.append("method = ?")
            args.append(upper)
        if since_ms is not None:
            where.append("ts_ms >= ?")
            args.append(since_ms)
        if until_ms is not None:
            where.append("ts_ms < ?")
            args.append(until_ms)
        if cursor:
            where.append("(ts_ms, corr_id) < (?, ?)")
            args += decode_cursor(cursor)
        sql = "SELECT corr_id, url, method, ts_ms, status_code, http_status, message FROM errors"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY ts_ms DESC, corr_id DESC LIMIT ?"
        rows = self.store.query(sql, [*args, limit + 1])
        items = [record_json(r) for r in rows[:limit]]
        next_cursor = None
        if len(rows) > limit:
            last = rows[limit - 1]
            next_cursor = encode_cursor(last[3], last[0])
        return {"items": items, "nextCursor": next_cursor}

    def get(self, corr_id: str) -> dict[str, Any] | None:
        rows = self.store.query(
            "SELECT corr_id, url, method, ts_ms, status_code, http_status, message, request, "
            "response FROM errors WHERE corr_id = ?",
            (corr_id.strip().lower(),),
        )
        if not rows:
            return None
        detail = record_json(rows[0])
        detail["request"] = json.loads(rows[0][7])
        detail["responseBody"] = json.loads(rows[0][8])
        return detail

    def histogram(self, since_ms: int, until_ms: int, bucket: str) -> list[dict[str, Any]]:
        size = BUCKETS_MS[bucket]
        start = since_ms - since_ms % size
        n = (until_ms - start + size - 1) // size
        if n > MAX_BUCKETS:
            raise bad(f"bucket: {n} {bucket} buckets requested, at most {MAX_BUCKETS}")
        counts = dict(
            self.store.query(
                "SELECT (ts_ms - ?) / ? AS b, count(*) FROM errors WHERE ts_ms >= ? AND ts_ms < ? "
                "GROUP BY b",
                (start, size, since_ms, until_ms),
            )
        )
        return [{"start": iso_ms(start + i * size), "count": counts.get(i, 0)} for i in range(n)]


def record_json(row: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "corrId": row[0],
        "url": row[1],
        "method": row[2],
        "timestamp": iso_ms(row[3]),
        "statusCode": row[4],
        "httpStatus": row[5],
        "message": row[6],
    }


def parse_statuses(text: str) -> tuple[list[int], list[int]]:
    http: list[int] = []
    ges: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or len(part) > 6:
            raise bad(f"status: {part[:20]!r} is not an HTTP status or GES code")
        (http if len(part) == 3 else ges).append(int(part))
    if not http and not ges:
        raise bad("status: empty list")
    return http, ges


def encode_cursor(ts_ms: int, corr_id: str) -> str:
    return base64.urlsafe_b64encode(f"{ts_ms}|{corr_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        ts, corr = raw.split("|", 1)
        return [int(ts), corr]
    except (ValueError, UnicodeDecodeError):
        raise bad("cursor: not a cursor returned by this list") from None
