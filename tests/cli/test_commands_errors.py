"""`errors search|show|list|export` against the loopback emulator."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from callback_tui.commands import export
from callback_tui.commands.output import Output
from callback_tui.mock.server import MockServer
from tests.cli.conftest import Cli, assert_api_error, assert_usage_error


def newest(cli: Cli, n: int = 5, *extra: str) -> list[dict]:
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


def test_list_human_table_has_the_seed_columns(cli: Cli) -> None:
    top = newest(cli, 3)
    result = cli("errors", "list", "--limit", "3")
    assert result.code == 0
    lines = result.out.splitlines()
    for title in ("Correlation ID", "URL", "Method", "Time Stamp", "Status Code"):
        assert title in lines[0]
    assert len(lines) == 4
    for line, record in zip(lines[1:], top, strict=True):
        assert line.startswith(record["corrId"])
        assert record["method"] in line and str(record["statusCode"]) in line
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
    args = ("--format", "json", "--out", str(out), "--status", "400", "--limit", str(limit))
    result = cli("errors", "export", *args)
    assert result.code == 0, result.err
    assert f"Exported {limit} errors" in result.err
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == limit and all(r["httpStatus"] == 400 for r in lines)
    assert lines[:5] == newest(cli, 5, "--status", "400")


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
