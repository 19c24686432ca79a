"""Issue 6: `callback-tui errors export` of the 1,000,000 errors to CSV, in a subprocess."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from benchmarks.measure import CALLBACK_TUI, MB, quiet_env, run_with_peak_rss
from benchmarks.report import Figure, Target

if TYPE_CHECKING:
    from benchmarks.__main__ import Context

RAW_BASELINE_ROWS = 200_000


def run(ctx: Context) -> list[Figure]:
    server = ctx.big_server()
    env = quiet_env({"CALLBACK_API_KEY": ctx.key}, home=ctx.tmp)
    out = ctx.tmp / "export.csv"
    argv = [CALLBACK_TUI, "errors", "export", "--format", "csv", "--out", str(out), "--json"]
    code, wall, peak, stdout, stderr = run_with_peak_rss([*argv, "--base-url", server.url], env=env)
    if code != 0:
        raise RuntimeError(f"errors export exited {code}: {stderr[-1000:]}")
    rows = int(json.loads(stdout)["rows"])
    with out.open(encoding="utf-8") as stream:
        lines = sum(1 for _ in stream) - 1
    if lines != rows:
        raise RuntimeError(f"export says {rows} rows, the file has {lines}")
    out.unlink()

    # The baseline's rate is steady page after page (keyset paging), so a slice of the
    # same pages measures it without doubling the run time.
    raw_rows_wanted = min(rows, RAW_BASELINE_ROWS)
    raw_argv = [sys.executable, "-m", "benchmarks._raw_export", server.url, str(out)]
    raw_argv.append(str(raw_rows_wanted))
    code, raw_wall, _, raw_stdout, raw_err = run_with_peak_rss(raw_argv, env=env)
    if code != 0:
        raise RuntimeError(f"raw export exited {code}: {raw_err[-1000:]}")
    raw_rows = int(raw_stdout.strip())
    out.unlink()

    floor_argv = [CALLBACK_TUI, "errors", "list", "--limit", "1", "--json"]
    code, _, floor_peak, _, floor_err = run_with_peak_rss(
        [*floor_argv, "--base-url", server.url], env=env
    )
    if code != 0:
        raise RuntimeError(f"errors list exited {code}: {floor_err[-1000:]}")
    return [
        Figure(
            f"errors export to CSV ({rows:,} rows): throughput",
            "rows/s",
            [rows / wall],
            None,
            [raw_rows / raw_wall],
            f"(bare httpx + csv, first {raw_rows:,} rows)",
            issue="#6",
            note=f"{wall:.1f} s wall from process start; one run (a full export is long)",
        ),
        Figure(
            f"errors export to CSV ({rows:,} rows): peak RSS",
            "MB",
            [peak / MB],
            Target("max", 150),
            [floor_peak / MB],
            "(`errors list --limit 1`)",
            issue="#6",
            note="ru_maxrss of the exporting process (os.wait4)",
        ),
    ]
