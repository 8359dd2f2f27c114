"""Draw the pictures the README shows: the page in headless Chromium at 400 px and 1,400 px (the default view, a
relationship, the map and a search) and the three plots.

Usage: python scripts/screenshots.py OUT_DIR CORPUS [CORPUS ...]
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

from accord import api
from accord.plots import PLOTS
from accord.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from server import Server  # noqa: E402

WIDTHS = {"1400": (1400, 1000), "400": (400, 860)}


def browser() -> webdriver.Chrome:
    options = Options()
    options.binary_location = shutil.which("chromium") or "chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                "--hide-scrollbars"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "chromedriver"), options=options)


def ready(driver: webdriver.Chrome) -> None:
    deadline = time.time() + 60
    while driver.execute_script("return document.body.dataset.ready") != "true":
        if time.time() > deadline:
            raise RuntimeError("the page never finished drawing")
        time.sleep(0.1)
    time.sleep(0.4)  # fonts and the last layout pass


def views(settings: Settings) -> dict[str, str]:
    """The four addresses to picture: the busiest pair of states makes the relationship view."""
    rows = api.find_events(settings).rows
    pairs = Counter(tuple(sorted(e["countries"])) for e in rows if len(e["countries"]) == 2)
    (a, b), _ = pairs.most_common(1)[0]
    chosen = max(rows, key=lambda e: (len(e["sources"]), e["confidence"]))
    return {"default": f"?event={chosen['id']}", "relationship": "?" + urlencode([("state", a), ("state", b)]),
            "map": "?view=map", "search": "?view=table&q=exercise"}


def main(out: str, corpora: list[str]) -> None:
    folder = Path(out)
    folder.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(db=f"{tmp}/shots.db")
        api.ingest(corpora, settings)
        rec = api.record(settings)
        for name, draw in PLOTS.items():
            draw(rec, rec.events, str(folder / f"plot-{name}.png"))
        with Server(settings) as server:
            driver = browser()
            try:
                for width, (w, h) in WIDTHS.items():
                    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                           {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": False})
                    for name, query in views(settings).items():
                        # At 400 px the evidence would cover the view it belongs to: pictured without it.
                        driver.get(server.url + "/" + (query if width == "1400" or "event=" not in query else ""))
                        ready(driver)
                        driver.save_screenshot(str(folder / f"page-{name}-{width}.png"))
                        print(f"{folder}/page-{name}-{width}.png")
            finally:
                driver.quit()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
