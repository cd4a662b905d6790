"""Screenshots of a built page in headless Chromium, light and dark, for looking at.

Usage: python tools/screenshots.py OUTDIR PAGE.html NAME [--dark] [--width 1200]

Uses Debian's chromium and chromedriver (no download); dark mode is the
``prefers-color-scheme: dark`` media feature, which furo, pydata-sphinx-theme and
sphinx-book-theme follow in their default "auto" mode.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def make_driver(width: int, height: int) -> webdriver.Chrome:
    """Start headless Chromium with the flags this offline machine needs."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that does not log every request."""

    def log_message(self, format: str, *args: object) -> None:
        """Stay silent."""


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    """Serve *directory* on a free localhost port in a background thread."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def shoot(outdir: Path, page: str, target: Path, dark: bool, width: int = 1200) -> None:
    """Save a full-page screenshot of *page* of the site in *outdir* to *target*."""
    server, port = serve(outdir)
    driver = make_driver(width, 900)
    try:
        scheme = "dark" if dark else "light"
        driver.execute_cdp_cmd(
            "Emulation.setEmulatedMedia",
            {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
        )
        driver.get(f"http://127.0.0.1:{port}/{page}")
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(int(height) + 100, 6000))
        driver.save_screenshot(str(target))
    finally:
        driver.quit()
        server.shutdown()


def main() -> None:
    """Parse the command line and take one screenshot."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("page")
    parser.add_argument("target", type=Path)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--width", type=int, default=1200)
    args = parser.parse_args()
    shoot(args.outdir, args.page, args.target, args.dark, args.width)


if __name__ == "__main__":
    main()
