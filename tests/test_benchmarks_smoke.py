"""`python -m benchmarks` is not run in CI; this keeps its entry point and table from rotting."""

from __future__ import annotations

import json

from benchmarks import __main__ as bench_main
from benchmarks.report import Figure, Target, format_table, to_json


def fake_figures() -> list[Figure]:
    return [
        Figure("search p50", "ms", [3.0, 4.0, 5.5], Target("max", 5), [1.0, 1.0], "(GET /me)"),
        Figure("open-for throughput", "req/s", [2400, 2600], Target("min", 0.5, "ratio"), [5000]),
        Figure("console RSS", "MB", [130.0], Target("max", 120)),
        Figure("seed time", "s", [19.5]),
        Figure("panel search p50", "ms", [], Target("max", 150), error="no Developer tab"),
    ]


def test_table_shows_median_spread_baseline_ratio_target_and_verdict() -> None:
    text = format_table(fake_figures())
    lines = text.splitlines()
    assert lines[0].split()[:2] == ["Figure", "Median"]
    search = next(line for line in lines if line.startswith("search p50"))
    assert "4.00 ms" in search and "3.00-5.50" in search and "1.00 ms (GET /me)" in search
    assert "4.00" in search and "<= 5 ms" in search and search.endswith("pass")
    throughput = next(line for line in lines if line.startswith("open-for throughput"))
    assert "0.50" in throughput and "ratio >= 0.5" in throughput and throughput.endswith("pass")
    assert next(line for line in lines if line.startswith("console RSS")).endswith("FAIL")
    assert "FAIL (not measured)" in text and "no Developer tab" in text
    assert "2 passed, 2 failed, 1 untargeted" in text


def test_json_has_every_figure_and_verdict() -> None:
    doc = json.loads(to_json(fake_figures(), {"quick": True}))
    assert doc["meta"] == {"quick": True}
    by_name = {f["figure"]: f for f in doc["figures"]}
    assert by_name["search p50"]["median"] == 4.0 and by_name["search p50"]["passed"] is True
    assert by_name["console RSS"]["passed"] is False
    assert by_name["seed time"]["passed"] is None


def test_entry_point_parses_its_options() -> None:
    args = bench_main.parse_args(["--quick", "--json", "--only", "client"])
    assert args.quick and args.json and args.only == ["client"]
    assert set(bench_main.GROUPS) >= {"emulator", "client", "export", "console", "panel"}
