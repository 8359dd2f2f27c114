"""Draw the pictures the README shows: the page in headless Chromium and the three plots.

Usage: python scripts/screenshots.py CORPUS_DIR OUT_DIR
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from accord import api
from accord.plots import PLOTS
from accord.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from server import Server  # noqa: E402


def main(corpus: str, out: str) -> None:
    folder = Path(out)
    folder.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(db=f"{tmp}/shots.db")
        api.ingest([corpus], settings)
        rec = api.record(settings)
        for name, draw in PLOTS.items():
            draw(rec, rec.events, str(folder / f"plot-{name}.png"))
        options = Options()
        options.binary_location = shutil.which("chromium") or "chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,2000"):
            options.add_argument(arg)
        with Server(settings) as server:
            browser = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "chromedriver"), options=options)
            try:
                browser.get(server.url + "/")
                while browser.execute_script("return document.body.dataset.ready") != "true":
                    time.sleep(0.1)
                time.sleep(1.5)
                mark = next(m for m in browser.find_elements(By.CSS_SELECTOR, ".event-mark")
                            if m.get_attribute("data-id") == rec.events[len(rec.events) // 2].id)
                browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", mark)
                time.sleep(1.5)
                browser.save_screenshot(str(folder / "page.png"))
            finally:
                browser.quit()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
