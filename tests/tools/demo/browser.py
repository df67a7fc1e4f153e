"""Helpers for the browser test: the demo as a real process, and headless Chromium."""

import os
import selectors
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
DRIVER_NAMES = ("chromedriver", "chromium.chromedriver")


def find_browser() -> tuple[str, str] | str:
    """(chromium, chromedriver) paths, or the reason there is no browser to drive."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (it is in the dev extra)"
    browser = next((p for n in CHROMIUM_NAMES if (p := shutil.which(n))), None)
    driver = next((p for n in DRIVER_NAMES if (p := shutil.which(n))), None)
    if browser is None or driver is None:
        return "no chromium + chromedriver here (Debian: apt-get install chromium chromium-driver)"
    if not phone_font():
        return ("no Roboto here, the font of the phones the card's line count is measured for "
                "(Debian: apt-get install fonts-roboto): a wider font would wrap lines a phone "
                "does not")
    return browser, driver


def phone_font() -> bool:
    """Roboto (Android's and Telegram's font, first the demo page can use here) is installed."""
    match = shutil.which("fc-match")
    if match is None:
        return False
    found = subprocess.run([match, "Roboto"], capture_output=True, text=True, check=False)
    return found.stdout.startswith("Roboto")


@contextmanager
def demo_process(tmp_path: Path, wait: float = 60.0) -> Iterator[str]:
    """`python -m tools.demo --port 0` as `make demo` runs it; yields the printed URL."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tools.demo", "--port", "0", "--db", str(tmp_path / "demo.db")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        cwd=Path(__file__).resolve().parents[3])
    try:
        yield _printed_url(proc, wait)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def _printed_url(proc: subprocess.Popen[str], wait: float) -> str:
    assert proc.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + wait
    seen: list[str] = []
    while time.monotonic() < deadline:
        if not selector.select(timeout=deadline - time.monotonic()):
            break
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        if "open http://" in line:
            return line.split("open ", 1)[1].split()[0]
    pytest.fail(f"the demo printed no URL:\n{''.join(seen)}")


@contextmanager
def chromium(browser: str, driver: str, profile: Path) -> Iterator[Any]:
    """A headless Chromium driven by Selenium, phone-sized."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=460,1000", "--force-device-scale-factor=1", "--lang=en-GB",
                f"--user-data-dir={profile}", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    web = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    try:
        yield web
    finally:
        web.quit()
