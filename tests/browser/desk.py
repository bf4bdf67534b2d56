"""One signed-in person at the desk in a real Chromium (the `browser` fixture of this folder's conftest)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


class Desk:
    """One signed-in person at the desk: their own browser context (cookies) and page."""

    def __init__(self, browser, base_url: str, username: str) -> None:
        self.base_url = base_url
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        # Chromium reports each resource or inline code the Content-Security-Policy blocked on the console.
        self.csp_violations: list[str] = []
        self.page.on("console", self._console)
        self.page.goto(f"{base_url}/admin/login/?next=/admin/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", f"pw-{username}")
        self.page.click("input[type=submit]")
        expect(self.page.locator("#site-name")).to_contain_text("Fact-check desk")

    def _console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_violations.append(f"{self.page.url}: {message.text}")

    def open(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def transition(self, name: str) -> None:
        self.page.click(f"button[data-transition={name}]")

    def expect_message(self, text: str) -> None:
        expect(self.page.locator("ul.messagelist")).to_contain_text(text)
