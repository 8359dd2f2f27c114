"""Benchmark: the page's first view on a generated 10,000-event store against a 100-event store, in headless
Chromium on a real server on loopback, in one process.

Usage: python bench/page.py [--small 100] [--large 10000] [--runs 5]

For each view (the default timeline, the network, the map, the table alone, a relationship, a search) the page
is loaded `--runs` times into a fresh page and the time from the start of navigation to the page saying every part
is drawn (`document.body.dataset.firstViewMs`, measured by the page itself) is kept: "cold" with the answers the
server keeps per state of the store cleared before each load (a view nobody asked for yet), "again" without (back,
forward, reload, a shared link opened twice). The medians of each store and their ratio are printed. The issue's
target is a ratio of at most 2.
"""
from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from server import Server  # noqa: E402

from accord import api, browse  # noqa: E402
from accord.settings import Settings  # noqa: E402
from accord.synthetic import build  # noqa: E402

VIEWS = {"timeline (default)": "", "network": "?view=network", "map": "?view=map", "table": "?view=table",
         "relationship PAK-RUS": "?state=PAK&state=RUS", "search": "?q=defence"}


def browser() -> webdriver.Chrome:
    options = Options()
    options.binary_location = shutil.which("chromium") or "chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "chromedriver"), options=options)


def first_view(driver: webdriver.Chrome, url: str, cold: bool = False) -> float:
    """Seconds from navigation to the page's first complete view, as the page measured it."""
    driver.get("about:blank")
    if cold:
        browse._answers.clear()  # the server runs in this process: its kept answers go, the store is read again
    driver.get(url)
    deadline = time.time() + 120
    while not driver.execute_script("return document.body && document.body.dataset.firstViewMs"):
        if time.time() > deadline:
            raise RuntimeError(f"{url} never finished drawing")
        time.sleep(0.02)
    return int(driver.execute_script("return document.body.dataset.firstViewMs")) / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"# {platform.system()} {platform.machine()}, Python {platform.python_version()}, "
          f"{args.runs} loads per view, medians")
    with tempfile.TemporaryDirectory() as tmp:
        times: dict[str, dict[tuple[str, bool], float]] = {}
        driver = browser()
        try:
            for size in (args.small, args.large):
                settings = Settings.from_env(db=f"{tmp}/page-{size}.db")
                build(settings.db, events=size)
                total = api.find_events(settings, limit=1).total
                with Server(settings) as server:
                    first_view(driver, server.url + "/")  # warm the server's caches and the browser's
                    times[str(size)] = {(name, cold): statistics.median(first_view(driver, server.url + "/" + query, cold)
                                                                        for _ in range(args.runs))
                                        for name, query in VIEWS.items() for cold in (True, False)}
                print(f"store of {size} requested: {total} events")
        finally:
            driver.quit()
    small, large = times[str(args.small)], times[str(args.large)]
    print(f"| view | {args.small} events | {args.large} events | ratio (target at most 2) |")
    print("| --- | --- | --- | --- |")
    for cold in (True, False):
        for name in VIEWS:
            key = (name, cold)
            print(f"| {name}, {'cold' if cold else 'again'} | {small[key]:.2f} s | {large[key]:.2f} s | "
                  f"**{large[key] / small[key]:.2f}** |")


if __name__ == "__main__":
    main()
