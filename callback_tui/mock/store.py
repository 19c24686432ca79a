"""SQLite persistence of the emulator (stdlib sqlite3, WAL, synchronous=FULL).

One connection guarded by a lock: every write commits before the handler answers, so a 2xx means
the write is on disk. Queries are short (indexed); the slow ones run in a worker thread.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

_SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS api_keys (
    role TEXT NOT NULL, salt BLOB NOT NULL, digest TEXT NOT NULL, demo INTEGER NOT NULL,
    created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS services (
    name TEXT PRIMARY KEY, settings TEXT NOT NULL, updated_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS callbacks (
    id TEXT PRIMARY KEY, service TEXT NOT NULL, phone TEXT NOT NULL, phone_digits TEXT NOT NULL,
    desired_ms INTEGER NOT NULL, created_ms INTEGER NOT NULL, immediate INTEGER NOT NULL,
    priority REAL, user_data TEXT NOT NULL, params TEXT NOT NULL,
    final_state TEXT, final_reason TEXT, final_ms INTEGER, events TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS callbacks_by_desired ON callbacks (desired_ms DESC, id DESC);
CREATE INDEX IF NOT EXISTS callbacks_by_service ON callbacks (service, desired_ms DESC, id DESC);
CREATE TABLE IF NOT EXISTS errors (
    corr_id TEXT NOT NULL, ts_ms INTEGER NOT NULL, method TEXT NOT NULL, url TEXT NOT NULL,
    http_status INTEGER NOT NULL, status_code INTEGER NOT NULL, message TEXT NOT NULL,
    request TEXT NOT NULL, response TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS credentials (
    kind TEXT PRIMARY KEY, fields TEXT NOT NULL, private TEXT NOT NULL, updated_ms INTEGER NOT NULL,
    last_test TEXT
);
"""

# Indexes on errors are created after bulk seeding (insert-then-index is 3x faster).
ERROR_INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS errors_by_corr ON errors (corr_id);
CREATE INDEX IF NOT EXISTS errors_by_time ON errors (ts_ms DESC, corr_id DESC);
"""


@dataclass
class CallbackRow:
    id: str
    service: str
    phone: str
    desired_ms: int
    created_ms: int
    immediate: bool
    priority: float | None = None
    user_data: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    final_state: str | None = None
    final_reason: str | None = None
    final_ms: int | None = None
    events: list[dict[str, Any]] = field(default_factory=list)

    def values(self) -> tuple[Any, ...]:
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        return (
            self.id, self.service, self.phone, digits, self.desired_ms, self.created_ms,
            int(self.immediate), self.priority, json.dumps(self.user_data),
            json.dumps(self.params), self.final_state, self.final_reason, self.final_ms,
            json.dumps(self.events),
        )  # fmt: skip


_CB_COLS = (
    "id, service, phone, desired_ms, created_ms, immediate, priority, user_data, params, "
    "final_state, final_reason, final_ms, events"
)


def _cb_from(row: Sequence[Any]) -> CallbackRow:
    return CallbackRow(
        id=row[0], service=row[1], phone=row[2], desired_ms=row[3], created_ms=row[4],
        immediate=bool(row[5]), priority=row[6], user_data=json.loads(row[7]),
        params=json.loads(row[8]), final_state=row[9], final_reason=row[10], final_ms=row[11],
        events=json.loads(row[12]),
    )  # fmt: skip


class Store:
    """All SQL of the emulator."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("PRAGMA busy_timeout=5000")
        self._migrate()

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    @contextmanager
    def tx(self, immediate: bool = False) -> Iterator[sqlite3.Connection]:
        """One transaction; `immediate` takes the write lock up front (count + insert)."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def query(self, sql: str, args: Iterable[Any] = ()) -> list[Any]:
        with self.lock:
            return self.conn.execute(sql, tuple(args)).fetchall()

    def _migrate(self) -> None:
        with self.lock:
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
            row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
            version = row[0] or 0
            if version < 1:
                self.conn.executescript(_SCHEMA_V1)
                self.conn.executescript(ERROR_INDEXES)
                self.conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))

    # -- meta ---------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        rows = self.query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.tx() as c:
            c.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- keys ---------------------------------------------------------------------------------
    def replace_demo_keys(self, rows: list[tuple[str, bytes, str]], now_ms: int) -> None:
        with self.tx() as c:
            c.execute("DELETE FROM api_keys WHERE demo = 1")
            c.executemany(
                "INSERT INTO api_keys VALUES (?, ?, ?, 1, ?)",
                [(role, salt, digest, now_ms) for role, salt, digest in rows],
            )

    def key_rows(self) -> list[tuple[str, bytes, str]]:
        return [(r[0], r[1], r[2]) for r in self.query("SELECT role, salt, digest FROM api_keys")]

    # -- services -----------------------------------------------------------------------------
    def services(self) -> dict[str, dict[str, Any]]:
        rows = self.query("SELECT name, settings FROM services ORDER BY name")
        return {name: json.loads(settings) for name, settings in rows}

    def put_service(self, name: str, settings: dict[str, Any], now_ms: int) -> None:
        with self.tx() as c:
            c.execute(
                "INSERT OR REPLACE INTO services VALUES (?, ?, ?)",
                (name, json.dumps(settings), now_ms),
            )

    # -- callbacks ----------------------------------------------------------------------------
    def insert_callbacks(self, rows: Iterable[CallbackRow]) -> None:
        with self.tx() as c:
            c.executemany(
                "INSERT INTO callbacks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [r.values() for r in rows],
            )

    def insert_if_room(self, row: CallbackRow, start_ms: int, end_ms: int, capacity: int) -> bool:
        """Count the slot's live bookings and insert in one write transaction (race-free)."""
        with self.tx(immediate=True) as c:
            (taken,) = c.execute(
                "SELECT count(*) FROM callbacks WHERE service = ? AND desired_ms >= ? "
                "AND desired_ms < ? AND final_state IS NULL AND immediate = 0",
                (row.service, start_ms, end_ms),
            ).fetchone()
            if taken >= capacity:
                return False
            c.execute("INSERT INTO callbacks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", row.values())
            return True

    def get_callback(self, cb_id: str) -> CallbackRow | None:
        rows = self.query(f"SELECT {_CB_COLS} FROM callbacks WHERE id = ?", (cb_id,))
        return _cb_from(rows[0]) if rows else None

    def finish_callbacks(self, ids: Sequence[str], state: str, reason: str, at_ms: int) -> int:
        with self.tx() as c:
            cur = c.executemany(
                "UPDATE callbacks SET final_state = ?, final_reason = ?, final_ms = ? "
                "WHERE id = ? AND final_state IS NULL",
                [(state, reason, at_ms, cb_id) for cb_id in ids],
            )
            return cur.rowcount

    def finish_each(self, pairs: Sequence[tuple[str, int]], state: str, reason: str) -> int:
        """Mark each (id, at_ms) finished unless it already is; the number changed."""
        with self.tx() as c:
            before = c.total_changes
            c.executemany(
                "UPDATE callbacks SET final_state = ?, final_reason = ?, final_ms = ? "
                "WHERE id = ? AND final_state IS NULL",
                [(state, reason, at_ms, cb_id) for cb_id, at_ms in pairs],
            )
            return c.total_changes - before

    def reschedule(self, cb_id: str, desired_ms: int, event: dict[str, Any]) -> None:
        with self.tx() as c:
            (events,) = c.execute("SELECT events FROM callbacks WHERE id = ?", (cb_id,)).fetchone()
            c.execute(
                "UPDATE callbacks SET desired_ms = ?, immediate = 0, events = ? WHERE id = ?",
                (desired_ms, json.dumps([*json.loads(events), event]), cb_id),
            )

    def open_callbacks(self, service: str | None = None) -> list[CallbackRow]:
        sql = f"SELECT {_CB_COLS} FROM callbacks WHERE final_state IS NULL"
        args: list[Any] = []
        if service is not None:
            sql += " AND service = ?"
            args.append(service)
        return [_cb_from(r) for r in self.query(sql, args)]

    def slot_counts(self, service: str, start_ms: int, end_ms: int) -> list[int]:
        """desired_ms of live scheduled bookings of a service in [start, end)."""
        rows = self.query(
            "SELECT desired_ms FROM callbacks WHERE service = ? AND desired_ms >= ? "
            "AND desired_ms < ? AND final_state IS NULL AND immediate = 0",
            (service, start_ms, end_ms),
        )
        return [r[0] for r in rows]

    def list_callbacks(
        self, where: list[str], args: list[Any], cursor: tuple[int, str] | None, limit: int
    ) -> list[CallbackRow]:
        clauses = list(where)
        params = list(args)
        if cursor is not None:
            clauses.append("(desired_ms, id) < (?, ?)")
            params.extend(cursor)
        sql = f"SELECT {_CB_COLS} FROM callbacks"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY desired_ms DESC, id DESC LIMIT ?"
        params.append(limit)
        return [_cb_from(r) for r in self.query(sql, params)]

    def count_callbacks(self) -> int:
        return int(self.query("SELECT count(*) FROM callbacks")[0][0])

    # -- credentials --------------------------------------------------------------------------
    def get_credential(self, kind: str) -> tuple[dict[str, Any], dict[str, Any], int, Any] | None:
        rows = self.query(
            "SELECT fields, private, updated_ms, last_test FROM credentials WHERE kind = ?",
            (kind,),
        )
        if not rows:
            return None
        fields, private, updated, last_test = rows[0]
        return (json.loads(fields), json.loads(private), updated, json.loads(last_test or "null"))

    def put_credential(
        self, kind: str, fields: dict[str, Any], private: dict[str, Any], now_ms: int
    ) -> None:
        with self.tx() as c:
            c.execute(
                "INSERT OR REPLACE INTO credentials VALUES (?, ?, ?, ?, NULL)",
                (kind, json.dumps(fields), json.dumps(private), now_ms),
            )

    def set_credential_test(self, kind: str, result: dict[str, Any]) -> None:
        with self.tx() as c:
            c.execute(
                "UPDATE credentials SET last_test = ? WHERE kind = ?", (json.dumps(result), kind)
            )

    def delete_credential(self, kind: str) -> None:
        with self.tx() as c:
            c.execute("DELETE FROM credentials WHERE kind = ?", (kind,))
