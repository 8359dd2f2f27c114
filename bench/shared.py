"""What the size benchmarks (bench/read.py, bench/browse.py) share: a real server on loopback, and the Markdown
table they print (one row per measure, its value at each size and its ratio to the smallest size)."""
from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import uvicorn

from accord.settings import Settings
from accord.web.app import create_app


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The page and API over the store `db`, on a free loopback port, for as long as the block runs: its address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings.from_env(db=str(db))), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def print_ratios(measure: str, sizes: list[int], headers: list[str], ratio_headers: list[str],
                 results: dict[int, dict[str, float]], cell: Callable[[float], str]) -> None:
    first = sizes[0]
    print()
    print(f"| {measure} | " + " | ".join(headers) + " | " + " | ".join(ratio_headers) + " |")
    print("| --- | " + " | ".join("---" for _ in headers) + " | " + " | ".join("---" for _ in ratio_headers) + " |")
    for label in results[first]:
        cells = [cell(results[s][label]) for s in sizes]
        ratios = [f"{results[s][label] / results[first][label]:.2f}" for s in sizes[1:]]
        print(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
