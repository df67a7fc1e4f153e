"""The demo in a real browser: onboarding, a reminder, a logged session, a progression."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.tools.demo.browser import chromium, demo_process, find_browser

WAIT = 30.0  # generous: two cores shared with the rest of the suite


@pytest.fixture
def browser_paths() -> tuple[str, str]:
    found = find_browser()
    if isinstance(found, str):
        pytest.skip(found)
    return found


class Page:
    """The chat page, as a visitor uses it."""

    def __init__(self, web: Any) -> None:
        from selenium.webdriver.support.ui import WebDriverWait

        self.web = web
        self.wait = WebDriverWait(web, WAIT)

    def until(self, check: Callable[[Any], Any]) -> Any:
        return self.wait.until(check)

    def bot_says(self, text: str) -> Any:
        """The newest bot bubble containing text."""
        xpath = f"//div[contains(@class,'row in')]//div[@class='bubble'][contains(., '{text}')]"
        return self.until(lambda w: (found := w.find_elements("xpath", xpath)) and found[-1])

    def tap_button(self, label: str) -> None:
        """Tap the newest inline button with exactly this label."""
        xpath = f"//div[@class='kb-row']/button[normalize-space()='{label}']"
        self.until(lambda w: w.find_elements("xpath", xpath))[-1].click()

    def button_shows(self, label: str) -> None:
        """Wait until an inline button reads exactly label (the message was edited)."""
        xpath = f"//div[@class='kb-row']/button[normalize-space()='{label}']"
        self.until(lambda w: w.find_elements("xpath", xpath))

    def type(self, text: str) -> None:
        """Type in the composer (newlines as Shift+Enter) and press Enter."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        box = self.until(lambda w: w.find_element("id", "text"))
        box.click()
        chain = ActionChains(self.web)
        for i, line in enumerate(text.split("\n")):
            if i:
                chain.key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT)
            chain.send_keys(line)
        chain.send_keys(Keys.ENTER).perform()


def onboard(page: Page) -> None:
    page.until(lambda w: w.find_element("id", "start-button").is_displayed())
    page.web.find_element("id", "start-button").click()
    page.bot_says("Which days do you run hard")
    for day in ("Tue", "Thu"):
        page.tap_button(day)
        page.button_shows(f"✅ {day}")
    page.tap_button("Done")
    page.bot_says("When does your hard run usually end")
    page.tap_button("18:30")
    page.bot_says("time zone")
    page.type("Europe/Berlin")
    page.bot_says("All set")


PHONE_WIDTH = 412  # CSS pixels: a common Android phone
CARD_LINES = 12
LINES = """
const body = arguments[0].querySelector('.text');
const tops = new Set([...body.getClientRects()].map(r => Math.round(r.top)));
return [tops.size, document.documentElement.clientWidth];
"""


def rendered_lines(page: Page, bubble: Any) -> int:
    """How many lines the bubble's text takes on screen, wrapped at the phone's width."""
    lines, width = page.web.execute_script(LINES, bubble)
    assert width == PHONE_WIDTH
    return int(lines)


def log_session(page: Page) -> None:
    page.web.find_element("id", "clock-next-reminder").click()
    card = page.bot_says("Strength time")
    written = card.text.count("\n")  # the text's own lines (the last one holds the time)
    assert written <= rendered_lines(page, card) <= CARD_LINES, card.text
    page.button_shows("Details: cues, last time")
    card.click()
    page.until(lambda w: w.find_element("id", "msg-menu").is_displayed())
    page.web.find_element("css selector", "#msg-menu [data-act='reply']").click()
    page.type("sldl 8/8 8/8 8/7\ngoblet 3x8 @ 12kg\nlunge 8 8 8\ncalf 8 8 8\nstep up 8 8 8")
    page.bot_says("Saved:")
    page.bot_says("Session done")


def test_a_visitor_onboards_logs_a_session_and_sees_the_progression_in_a_browser(
    browser_paths: tuple[str, str], tmp_path: Path,
) -> None:
    browser, driver = browser_paths
    with demo_process(tmp_path) as url, chromium(browser, driver, tmp_path / "profile") as web:
        page = Page(web)
        web.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": PHONE_WIDTH, "height": 915, "deviceScaleFactor": 1, "mobile": True})
        web.get(url)
        onboard(page)
        log_session(page)
        summary = page.bot_says("Next time:").text
        assert "load up" in summary
        quote = web.find_elements("css selector", ".row.out .quote")
        assert quote
        assert "Strength time" in quote[-1].text
        page.until(lambda w: not w.find_element("id", "toast").is_displayed())
        shot = Path(os.environ.get("DEMO_SCREENSHOT") or tmp_path / "demo-chat.png")
        assert web.save_screenshot(str(shot))
        print(f"\ndemo screenshot: {shot}")
