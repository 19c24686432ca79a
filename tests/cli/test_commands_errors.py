"""`errors search|show|list|export` against the loopback emulator."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path
from typing import Any

import pytest

from callback_tui.commands import export
from callback_tui.commands.output import Output
from callback_tui.mock import seed
from callback_tui.mock.server import MockServer
from tests.cli.conftest import NOW, Cli, assert_api_error, assert_usage_error


def newest(cli: Cli, n: int = 5, *extra: str) -> list[dict[str, Any]]:
    result = cli("errors", "list", "--limit", str(n), "--json", *extra)
    assert result.code == 0, result.err
    return result.json_lines()


def test_list_json_lines_newest_first_with_the_wire_fields(cli: Cli) -> None:
    records = newest(cli, 120)
    assert len(records) == 120
    assert set(records[0]) >= {"corrId", "url", "method", "timestamp", "statusCode", "httpStatus"}
    stamps = [r["timestamp"] for r in records]
    assert stamps == sorted(stamps, reverse=True)
    assert len({r["corrId"] for r in records}) == 120


def test_list_follows_the_cursor_beyond_one_page(cli: Cli) -> None:
    records = newest(cli, 1100)
    assert len(records) == 1100
    assert len({r["corrId"] for r in records}) == 1100


def test_list_human_table_has_the_seed_columns_in_the_seeds_order(cli: Cli) -> None:
    top = newest(cli, 3)
    result = cli("errors", "list", "--limit", "3")
    assert result.code == 0
    lines = result.out.splitlines()
    # The seed's order (Correlation ID, URL, Method, Time Stamp, Status Code), then HTTP.
    titles = ("Correlation ID", "URL", "Method", "Time Stamp", "Status Code", "HTTP")
    positions = [lines[0].index(title) for title in titles]
    assert positions == sorted(positions), lines[0]
    assert len(lines) == 4
    for line, record in zip(lines[1:], top, strict=True):
        assert line.startswith(record["corrId"])
        url_at = line.index(record["url"])  # whole: these URLs are short enough
        assert url_at == positions[1]
        assert line.index(record["method"], url_at + len(record["url"])) == positions[2]
        assert line.index(record["timestamp"]) == positions[3]
        assert line.rstrip().endswith(f"{record['statusCode']}   {record['httpStatus']}")
    assert "\x1b[" not in result.out  # not a terminal, NO_COLOR: no escape codes


def test_list_filters_by_status_method_and_time(cli: Cli) -> None:
    records = newest(cli, 50, "--status", "404", "--method", "get")
    assert records, "the seed has GET 404s"
    assert all(r["httpStatus"] == 404 and r["method"] == "GET" for r in records)
    cutoff = newest(cli, 30)[-1]["timestamp"]
    recent = newest(cli, 1000, "--since", cutoff)
    assert recent and all(r["timestamp"] >= cutoff for r in recent)


def test_list_bad_values_name_their_argument(cli: Cli) -> None:
    assert_usage_error(cli("errors", "list", "--since", "yesterday"), "--since")
    assert_usage_error(cli("errors", "list", "--since", "2026-11-27T10:00:00"), "--since")
    assert_usage_error(cli("errors", "list", "--status", "5xx"), "--status")
    assert_usage_error(cli("errors", "list", "--method", "FETCH"), "--method")
    assert_usage_error(cli("errors", "list", "--limit", "0"), "--limit")
    assert_usage_error(cli("errors", "list", "--since", "1h", "--until", "2h"), "--until")


def test_search_by_prefix_finds_the_record(cli: Cli) -> None:
    target = newest(cli, 10)[-1]
    prefix = target["corrId"][:8]
    result = cli("errors", "search", prefix.upper(), "--json")
    assert result.code == 0
    found = result.json_lines()
    assert target["corrId"] in {r["corrId"] for r in found}
    assert all(r["corrId"].startswith(prefix) for r in found)


def test_search_by_full_id_shows_the_whole_record(cli: Cli) -> None:
    target = newest(cli, 1)[0]
    result = cli("errors", "search", f" {target['corrId']} ")
    assert result.code == 0
    assert target["corrId"] in result.out
    assert "Message" in result.out and target["message"] in result.out


def test_search_without_match_is_empty_not_an_error(cli: Cli) -> None:
    result = cli("errors", "search", "ffffffff-ffff", "--json")
    assert (result.code, result.out) == (0, "")
    assert "no recorded error matches" in result.err


def test_search_refuses_what_cannot_be_an_id(cli: Cli) -> None:
    assert_usage_error(cli("errors", "search", "1d0"), "ID_OR_PREFIX")
    assert_usage_error(cli("errors", "search", "not-hex!"), "ID_OR_PREFIX")


def test_show_returns_request_and_exact_response_body(cli: Cli) -> None:
    target = newest(cli, 1, "--status", "401")[0]
    result = cli("errors", "show", target["corrId"], "--json")
    assert result.code == 0, result.err
    detail = result.json()
    assert detail["corrId"] == target["corrId"]
    assert detail["responseBody"]["status"]["corrId"] == target["corrId"]
    assert detail["responseBody"]["status"]["code"] == target["statusCode"]
    human = cli("errors", "show", target["corrId"])
    assert "Response body" in human.out and target["corrId"] in human.out


def test_show_unknown_id_exits_1_with_code_and_correlation_id(cli: Cli) -> None:
    result = cli("errors", "show", "00000000-0000-1000-8000-000000000000")
    assert_api_error(result, 40400)
    as_json = cli("errors", "show", "00000000-0000-1000-8000-000000000000", "--json")
    assert as_json.code == 1 and as_json.out == ""
    error = as_json.err_json()
    assert error["code"] == 40400 and error["httpStatus"] == 404
    assert len(error["correlationId"]) == 36


def test_show_refuses_a_prefix(cli: Cli) -> None:
    assert_usage_error(cli("errors", "show", "1d022a99"), "CORRID")


def test_export_csv_streams_every_matching_error(
    cli: Cli, server: MockServer, tmp_path: Path
) -> None:
    out = tmp_path / "errors.csv"
    result = cli("errors", "export", "--format", "csv", "--out", str(out), "--json")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    total = server.emulator.errors.count()
    assert len(rows) == total == result.json()["rows"]
    assert len({r["corrId"] for r in rows}) == total
    assert rows[0]["corrId"] == newest(cli, 1)[0]["corrId"]
    assert not list(tmp_path.glob("*.part"))


def test_export_json_lines_with_filters_and_limit(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "errors.jsonl"
    matching = len(newest(cli, 100_000, "--status", "400"))
    limit = matching - 10  # more than one page, fewer than all
    assert limit > 500
    args = ("--format", "jsonl", "--out", str(out), "--status", "400", "--limit", str(limit))
    result = cli("errors", "export", *args)
    assert result.code == 0, result.err
    assert f"Exported {limit} errors" in result.err and "as jsonl" in result.err
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == limit and all(r["httpStatus"] == 400 for r in lines)
    assert lines[:5] == newest(cli, 5, "--status", "400")


def test_export_json_is_one_array_as_the_console_writes(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "errors.json"
    args = ("--format", "json", "--out", str(out), "--status", "400", "--limit", "560")
    result = cli("errors", "export", *args, "--json")
    assert result.code == 0, result.err
    assert result.json()["rows"] == 560 and result.json()["format"] == "json"
    with out.open(encoding="utf-8") as handle:
        records = json.load(handle)  # what the TUI's export gives: one JSON document
    assert isinstance(records, list) and len(records) == 560
    assert records[:5] == newest(cli, 5, "--status", "400")
    assert len({r["corrId"] for r in records}) == 560
    # One record per line between "[" and "]", not one huge line.
    lines = out.read_text(encoding="utf-8").splitlines()
    assert (lines[0], lines[-1], len(lines)) == ("[", "]", 560 + 2)

    empty = cli("errors", "export", "--format", "json", "--out", "-", "--query", "ffffffff")
    assert empty.code == 0 and json.loads(empty.out) == []
    piped = cli("errors", "export", "--format", "json", "--out", "-", "--limit", "2")
    assert [r["corrId"] for r in json.loads(piped.out)] == [r["corrId"] for r in newest(cli, 2)]


def test_export_files_are_private_0600(cli: Cli, tmp_path: Path) -> None:
    for fmt in ("csv", "json", "jsonl"):
        target = tmp_path / f"errors.{fmt}"
        target.write_text("old", encoding="utf-8")
        target.chmod(0o644)  # an earlier, readable file is replaced by a private one
        leftover = tmp_path / f"errors.{fmt}.part"
        leftover.write_text("crash", encoding="utf-8")
        leftover.chmod(0o666)
        result = cli("errors", "export", "--format", fmt, "--out", str(target), "--limit", "3")
        assert result.code == 0, result.err
        assert stat.S_IMODE(target.stat().st_mode) == 0o600, fmt
        assert target.read_text(encoding="utf-8") != "old"
        assert not leftover.exists()


def test_row_writer_streams_a_json_array_page_by_page() -> None:
    from client import ErrorRecord

    def record(n: int) -> ErrorRecord:
        return ErrorRecord.model_validate(
            {
                "corrId": f"{n:08x}-0000-1000-8000-000000000000",
                "url": "/engagement/v3/callbacks/create",
                "method": "POST",
                "timestamp": "2026-11-25T14:00:00.000Z",
                "statusCode": 40000,
                "httpStatus": 400,
            }
        )

    stream = io.StringIO()
    writer = export.RowWriter(stream, "json")
    writer.write([record(1), record(2)])
    written = stream.getvalue()  # on its way out already, not held until the end
    assert written.startswith('[\n{"corrId": "00000001-') and written.count("\n") == 2
    writer.write([record(3)])
    writer.close()
    parsed = json.loads(stream.getvalue())
    assert [r["corrId"][:8] for r in parsed] == ["00000001", "00000002", "00000003"]


def test_export_to_stdout(cli: Cli) -> None:
    result = cli("errors", "export", "--format", "csv", "--out", "-", "--limit", "3")
    assert result.code == 0
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0][:3] == ["corrId", "url", "method"] and len(rows) == 4


def test_export_into_a_missing_folder_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "nope" / "errors.csv"
    result = cli("errors", "export", "--format", "csv", "--out", str(target))
    assert_usage_error(result, "--out")
    assert_usage_error(cli("errors", "export", "--format", "xml", "--out", "x"), "--format")
    assert_usage_error(cli("errors", "export", "--format", "ndjson", "--out", "x"), "--format")


def test_failed_export_leaves_no_file(cli: Cli, tmp_path: Path, closed_port_url: str) -> None:
    target = tmp_path / "errors.csv"
    args = ("errors", "export", "--format", "csv", "--out", str(target))
    result = cli(*args, base_url=closed_port_url)
    assert result.code == 3
    assert list(tmp_path.iterdir()) == []


def test_export_shows_progress_on_a_terminal(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Output, "stderr_is_tty", property(lambda self: True))
    monkeypatch.setattr(export, "PROGRESS_INTERVAL_S", 0.0)
    out = tmp_path / "errors.csv"
    result = cli("errors", "export", "--format", "csv", "--out", str(out), "--limit", "1200")
    assert result.code == 0
    assert "\rexported 500 errors" in result.err and "\rexported 1,200 errors" in result.err


def test_seeded_unknown_service_errors_name_services_that_do_not_exist(cli: Cli) -> None:
    records = newest(cli, 100_000, "--status", "40400")
    open_for = [r for r in records if "/callbacks/open-for/" in r["url"]]
    assert open_for, "the seed has open-for 40400s"
    services = {"Sales_US", "Support_247", "Billing_EU", "Tech_APAC"}
    named = {r["url"].rsplit("/", 1)[1]: r["message"] for r in open_for}
    assert not services & set(named), named
    for name, message in named.items():
        # What the emulator really answers for that name is what the seed recorded.
        live = cli("open-for", name, "--json")
        assert live.code == 1 and live.err_json()["code"] == 40400
        assert live.err_json()["error"] == message


def test_the_error_seed_is_deterministic() -> None:
    names = ["Support_247", "Sales_US", "Billing_EU", "Tech_APAC"]
    first = list(seed.demo_errors(names, NOW, 300))
    assert first == list(seed.demo_errors(names, NOW, 300))
    assert len({row[0] for row in first}) == 300
