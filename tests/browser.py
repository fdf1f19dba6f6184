"""Open a report in headless Chromium (Debian's ``chromium`` + ``chromium-driver``) with the
network off, and say what a person would see: load time, console errors, charts drawn.

Used by ``tests/test_report_browser.py`` and ``bench/report.py``.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
DRIVER = ("chromedriver",)


def find_browser() -> tuple[str, str] | None:
    """(browser, driver) executables on PATH, or None."""
    browser = next((p for p in map(shutil.which, CHROMIUM) if p), None)
    driver = next((p for p in map(shutil.which, DRIVER) if p), None)
    if browser is None and Path("/usr/lib/chromium/chromium").exists():
        browser = "/usr/lib/chromium/chromium"
    return (browser, driver) if browser and driver else None


@dataclass
class PageView:
    load_seconds: float  #: driver.get() until the load event, wall clock
    dom_seconds: float  #: navigation start to the load event, as the page measured it
    console: list[dict[str, Any]] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)  #: per figure: svg size, shapes
    requests: list[str] = field(default_factory=list)  #: resources the page asked for
    title: str = ""
    sorted_years: list[str] = field(default_factory=list)  #: most-cited's year column, clicked

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [e for e in self.console if e.get("level") in ("SEVERE", "ERROR")]


CHART_PROBE = """
return Array.from(document.querySelectorAll('figure.chart')).map(function (f) {
  var svg = f.querySelector('svg'); if (!svg) return {svg: false};
  var box = svg.getBoundingClientRect();
  return {svg: true, width: box.width, height: box.height,
          shapes: svg.querySelectorAll('path, rect, circle, line, polygon, text, use').length};
});
"""


SORT_PROBE = """
var table = document.getElementById('most-cited'); if (!table) return null;
var heads = Array.from(table.querySelectorAll('thead th'));
var year = heads.findIndex(function (th) { return th.textContent.trim() === 'year'; });
heads[year].click();
return Array.from(table.tBodies[0].rows).map(function (r) {
  return r.cells[year].textContent.trim();
});
"""
"""Click the most-cited table's ``year`` header (the page's own sort) and read the column."""


def view(report: Path, screenshot: Path | None = None, width: int = 1280) -> PageView:
    """Load ``report`` from a file:// URL, offline; optionally save a full-page screenshot."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    found = find_browser()
    if found is None:
        raise RuntimeError("no chromium and chromedriver on PATH")
    browser, driver_path = found
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        f"--window-size={width},900", "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=127.0.0.1:9", "--no-first-run", "--disable-extensions",
    ):  # fmt: skip
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        started = time.perf_counter()
        driver.get(Path(report).resolve().as_uri())
        loaded = time.perf_counter() - started
        dom = driver.execute_script(
            "var n = performance.getEntriesByType('navigation')[0];"
            "return n ? n.loadEventEnd / 1000 : null;"
        )
        charts = driver.execute_script(CHART_PROBE)
        requests = driver.execute_script(
            "return performance.getEntriesByType('resource').map(function (e) { return e.name; });"
        )
        sorted_years = driver.execute_script(SORT_PROBE)
        if screenshot is not None:
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(width, min(int(height) + 40, 16000))
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(screenshot))
        return PageView(
            load_seconds=loaded,
            dom_seconds=float(dom or 0.0),
            console=list(driver.get_log("browser")),
            charts=list(charts),
            requests=list(requests),
            title=driver.title,
            sorted_years=list(sorted_years or []),
        )
    finally:
        driver.quit()
