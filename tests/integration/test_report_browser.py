"""The report in a real browser: headless Chromium (Debian's chromium and chromium-driver, installed by .ci/run).

For a baseline run and an experiment, the page loads from disk with no
console errors, every image has a natural width, and a full-page screenshot
is not blank. Where Chromium is not installed the test is skipped, except
when NEGOTIATION_REQUIRE_BROWSER is set (as .ci/run does), where it fails.
"""

from __future__ import annotations

import base64
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
)


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "needs selenium (pip install -e '.[test]')"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            return f"needs Debian's chromium and chromium-driver ({path} not found; .ci/run installs them)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _missing()
    if reason:
        if os.environ.get("NEGOTIATION_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.mark.parametrize("kind", ["run_folder", "experiment_folder"])
def test_the_report_renders_in_headless_chromium(browser: Any, kind: str, request: pytest.FixtureRequest) -> None:
    folder: Path = request.getfixturevalue(kind)
    browser.get_log("browser")  # drop anything logged before this page
    browser.get((folder / "report.html").resolve().as_uri())
    assert browser.execute_script("return document.readyState") == "complete"
    assert browser.title

    errors = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]
    assert not errors, errors

    images = browser.execute_script("return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.alt])")
    assert len(images) >= 2
    for complete, width, alt in images:
        assert complete and width > 0, alt

    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    image = Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("L")
    height = browser.execute_script("return document.documentElement.scrollHeight")
    assert image.height >= min(height, 4000) > 1000  # the whole page, not the first screen
    pixels = np.asarray(image, dtype=np.float64)
    assert pixels.std() > 20  # not one flat colour
    assert (pixels < 128).mean() > 0.01  # text and figures drawn in dark ink
