"""Headless Chromium for the browser tests (tests/test_page.py, tests/test_web.py)."""
from __future__ import annotations

import shutil
import time

import pytest


def browser_at(width: int = 1400, height: int = 1000):
    """Headless Chromium whose viewport is exactly `width` px (a window cannot be made narrower than 500 px)."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("chromium and chromedriver are not installed (make test installs them with apt-get)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000"):
        options.add_argument(arg)
    browser = webdriver.Chrome(service=Service(driver), options=options)
    resize(browser, width, height)
    return browser


def resize(browser, width: int, height: int = 1000) -> None:
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def ready(browser, timeout: float = 30) -> None:
    """Wait until the page says every part it was asked for is drawn."""
    deadline = time.time() + timeout
    while browser.execute_script("return document.body.dataset.ready") != "true":
        if time.time() > deadline:
            raise AssertionError("page did not finish drawing")
        time.sleep(0.05)
