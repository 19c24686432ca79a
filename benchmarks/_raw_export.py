"""Baseline for `errors export`: page through the same API with bare httpx and the csv module."""

from __future__ import annotations

import csv
import os
import sys

import httpx

FIELDS = ("corrId", "url", "method", "timestamp", "statusCode", "httpStatus", "message")


def main() -> None:
    base_url, out_path = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else None
    headers = {"x-api-key": os.environ["CALLBACK_API_KEY"]}
    rows = 0
    cursor = None
    with (
        httpx.Client(base_url=base_url, headers=headers, timeout=60) as http,
        open(out_path, "w", encoding="utf-8", newline="") as stream,
    ):
        writer = csv.writer(stream)
        writer.writerow(FIELDS)
        while limit is None or rows < limit:
            params = {"limit": "500", **({"cursor": cursor} if cursor else {})}
            data = http.get("/console/v1/errors", params=params).json()["data"]
            items = data["items"]
            writer.writerows([item.get(f) for f in FIELDS] for item in items)
            rows += len(items)
            cursor = data["nextCursor"]
            if not cursor:
                break
    print(rows)


if __name__ == "__main__":
    main()
