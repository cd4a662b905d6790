"""The reference site in a real browser: math typeset, callouts, images, links, dark mode.

Builds ``example_site/`` with offline MathJax (CI has no internet), serves it on
localhost and drives Debian's headless Chromium. Screenshots go to
``$NOTEGARDEN_SCREENSHOTS`` (default: the test's temporary folder).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not (Path("/usr/bin/chromium").exists() and shutil.which("chromedriver")),
        reason="needs Debian's chromium and chromium-driver",
    ),
]
sys.path.insert(0, str(Path(__file__).parent.parent / "tools"))
EXAMPLE_SITE = Path(__file__).parent.parent / "example_site"
CALLOUT_TITLES = {
    "The central metaphor",
    "The trap of coherence",
    "The role of conviction",
    "Neither is superior",
    "The risk of under-regularization",
    "Why diversity matters",
    "The practical implication",
}


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("NOTEGARDEN_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    from sphinx.testing.util import SphinxTestApp

    from screenshots import serve

    tmp = tmp_path_factory.mktemp("site")
    src = tmp / "example_site"
    shutil.copytree(EXAMPLE_SITE, src, ignore=shutil.ignore_patterns("_build"))
    app = SphinxTestApp("html", srcdir=src, confoverrides={"notegarden_math_offline": True})
    app.build()
    app.cleanup()
    server, port = serve(Path(app.outdir))
    yield f"http://127.0.0.1:{port}", Path(app.outdir)
    server.shutdown()


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    from screenshots import make_driver

    browser = make_driver(1200, 900)
    yield browser
    browser.quit()


def _open(driver: object, url: str, dark: bool = False) -> None:
    driver.execute_cdp_cmd(  # type: ignore[attr-defined]
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]},
    )
    driver.get(url)  # type: ignore[attr-defined]
    # ``get`` normally returns once the page has loaded; wait explicitly so that a slow
    # machine cannot hand the next query the previous page.
    _until(
        driver,
        "return document.readyState === 'complete' && "
        f"location.href.split('#')[0] === {json.dumps(url.split('#')[0])}",
    )


def _until(driver: object, script: str, timeout: float = 20) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)  # type: ignore[attr-defined]
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"never true: {script}")


def test_math_is_typeset(site: tuple[str, Path], driver: object, shots: Path) -> None:
    base, _ = site
    _open(driver, f"{base}/essay.html")
    count = _until(driver, "return document.querySelectorAll('mjx-container').length")
    assert int(count) >= 5  # type: ignore[call-overload]
    errors = driver.execute_script("return document.querySelectorAll('mjx-merror').length")  # type: ignore[attr-defined]
    assert errors == 0
    assert not urlparse(
        driver.execute_script(  # type: ignore[attr-defined]
            "return [...document.scripts].map(s => s.src).find(s => /mathjax|tex-/i.test(s)) || ''"
        )
    ).netloc.endswith("jsdelivr.net")
    driver.save_screenshot(str(shots / "essay-light.png"))  # type: ignore[attr-defined]


def test_callouts_are_visible_with_titles(site: tuple[str, Path], driver: object) -> None:
    base, _ = site
    _open(driver, f"{base}/essay.html")
    titles = driver.execute_script(  # type: ignore[attr-defined]
        "return [...document.querySelectorAll('aside.ng-callout')]"
        ".filter(a => a.getBoundingClientRect().height > 0)"
        ".map(a => a.querySelector('.ng-callout-title-text').textContent.trim())"
    )
    assert set(titles) >= CALLOUT_TITLES


def test_every_image_loads(site: tuple[str, Path], driver: object) -> None:
    base, outdir = site
    for page in ("index.html", "essay.html"):
        _open(driver, f"{base}/{page}")
        _until(driver, "return document.readyState === 'complete'")
        broken = driver.execute_script(  # type: ignore[attr-defined]
            "return [...document.images].filter(i => !(i.complete && i.naturalWidth > 0))"
            ".filter(i => getComputedStyle(i).display !== 'none').map(i => i.src)"
        )
        assert broken == [], broken
    assert len(list((outdir / "_images").glob("landscape-*"))) >= 12


def test_every_internal_link_resolves(site: tuple[str, Path]) -> None:
    base, outdir = site
    from bs4 import BeautifulSoup

    checked: set[str] = set()
    for page in sorted(outdir.rglob("*.html")):
        relative = page.relative_to(outdir).as_posix()
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in html.find_all("a", href=True):
            target = urljoin(f"{base}/{relative}", link["href"]).split("#")[0]
            if not target.startswith(base) or target in checked:
                continue
            checked.add(target)
            try:
                with urllib.request.urlopen(target) as response:
                    assert response.status == 200, target
            except urllib.error.HTTPError as error:  # pragma: no cover - the failure path
                raise AssertionError(f"{relative} links to missing {target}") from error
    assert len(checked) > 20


def test_stub_notes_show_backlinks_with_context(site: tuple[str, Path], driver: object) -> None:
    from bs4 import BeautifulSoup

    base, outdir = site
    stubs = []
    for page in sorted(outdir.glob("notes/*.html")):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        header = html.select_one("article .ng-note-header, [role=main] .ng-note-header")
        if header is not None and header.select_one(".ng-status-stub") is not None:
            stubs.append((page.relative_to(outdir).as_posix(), html))
    assert stubs
    for page, html in stubs:
        written = [p.get_text(" ", strip=True) for p in html.select(".ng-backlink-context")]
        assert any(len(text) > 20 for text in written), (page, written)
        _open(driver, f"{base}/{page}")
        contexts = _until(
            driver,
            "return [...document.querySelectorAll('.ng-backlinks .ng-backlink-context')]"
            ".map(p => p.textContent.trim()).filter(t => t.length > 20)",
            timeout=10,
        )
        assert contexts, page
    _open(driver, f"{base}/stubs/notes-on-attention.html")
    highlights = driver.execute_script(  # type: ignore[attr-defined]
        "return document.querySelectorAll('.ng-backlink-highlight').length"
    )
    assert int(highlights) >= 2


def _luminance(rgb: str) -> float:
    parts = [float(x) for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]

    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in parts)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_dark_mode_is_readable(site: tuple[str, Path], driver: object, shots: Path) -> None:
    base, _ = site
    _open(driver, f"{base}/essay.html", dark=True)
    _until(driver, "return document.readyState === 'complete'")
    colours = driver.execute_script(  # type: ignore[attr-defined]
        "const p = document.querySelector('article p, section p');"
        "return [getComputedStyle(p).color, getComputedStyle(document.body).backgroundColor]"
    )
    text, background = (_luminance(c) for c in colours)
    contrast = (max(text, background) + 0.05) / (min(text, background) + 0.05)
    assert contrast >= 7, colours
    shown = driver.execute_script(  # type: ignore[attr-defined]
        "return [...document.querySelectorAll('figure img')]"
        ".filter(i => i.getBoundingClientRect().height > 0).map(i => i.className)"
    )
    assert shown and all("only-dark" in name for name in shown if "only-" in name)
    driver.save_screenshot(str(shots / "essay-dark.png"))  # type: ignore[attr-defined]


#: The first link with a preview that a reader can see (not folded away, not navigation).
FIRST_VISIBLE_PREVIEW_LINK = (
    "return [...document.querySelectorAll('a.ng-has-preview')].find(a =>"
    " a.getClientRects().length > 0 && a.offsetParent !== null"
    " && !a.closest('nav, .sphinxsidebar, .sidebar-drawer, details:not([open])')) || null"
)


def _hover_first_preview(driver: object) -> tuple[str, str, list[float]]:
    """Hover the first link with a preview; return its href, the popover title, its box."""
    from selenium.webdriver.common.action_chains import ActionChains

    link = driver.execute_script(FIRST_VISIBLE_PREVIEW_LINK)  # type: ignore[attr-defined]
    assert link is not None  # (move_to_element scrolls it into view itself)
    ActionChains(driver).move_to_element(link).perform()  # type: ignore[arg-type]
    _until(driver, "return document.querySelector('.ng-preview') !== null", timeout=10)
    title = driver.execute_script(  # type: ignore[attr-defined]
        "return document.querySelector('.ng-preview .ng-preview-title').textContent.trim()"
    )
    box = driver.execute_script(  # type: ignore[attr-defined]
        "const r = document.querySelector('.ng-preview').getBoundingClientRect();"
        "return [r.left, r.top, r.right, r.bottom, innerWidth, innerHeight];"
    )
    return str(link.get_attribute("href")), str(title), [float(x) for x in box]


def _page_title(base: str, href: str) -> str:
    from bs4 import BeautifulSoup

    with urllib.request.urlopen(href.split("#")[0]) as response:
        html = BeautifulSoup(response.read().decode("utf-8"), "html.parser")
    heading = html.select_one("h1")
    assert heading is not None and href.startswith(base)
    return heading.get_text().rstrip("¶#").strip()


def test_hover_preview_on_the_reference_site(site: tuple[str, Path], driver: object) -> None:
    base, _ = site
    _open(driver, f"{base}/essay.html")
    href, title, box = _hover_first_preview(driver)
    assert title.split(" > ")[0] == _page_title(base, href)
    left, top, right, bottom, width, height = box
    assert left >= 0 and right <= width and top >= 0 and bottom <= height


@pytest.fixture(scope="module")
def garden(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A generated garden of 40 notes (benchmarks/generate_garden.py), served locally."""
    from sphinx.testing.util import SphinxTestApp

    from screenshots import serve

    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from generate_garden import generate

    src = tmp_path_factory.mktemp("garden") / "src"
    generate(src, 40)
    app = SphinxTestApp("html", srcdir=src, confoverrides={"notegarden_math_offline": True})
    app.build()
    app.cleanup()
    server, port = serve(Path(app.outdir))
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


def test_hover_and_focus_previews_in_a_generated_garden(garden: str, driver: object) -> None:
    for number in (1, 7, 23):
        _open(driver, f"{garden}/notes/note-{number:04d}.html")
        href, title, box = _hover_first_preview(driver)
        assert title == _page_title(garden, href)
        left, top, right, bottom, width, height = box
        assert left >= 0 and right <= width and top >= 0 and bottom <= height
    # Keyboard: focusing a link opens its preview, Escape closes it.
    driver.execute_script(  # type: ignore[attr-defined]
        "document.querySelector('.ng-preview')?.remove();"
        + FIRST_VISIBLE_PREVIEW_LINK.replace("return ", "(", 1)
        + ").focus()"
    )
    _until(driver, "return document.querySelector('.ng-preview') !== null", timeout=10)
    urls = driver.execute_script(  # type: ignore[attr-defined]
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert urls and all(url.startswith(garden) for url in urls)
