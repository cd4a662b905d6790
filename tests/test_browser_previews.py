"""Hover previews in a real browser: Debian's headless Chromium through selenium."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import copy_root

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (Path("/usr/bin/chromium").exists() and shutil.which("chromedriver")),
        reason="needs Debian's chromium and chromium-driver",
    ),
]
sys.path.insert(0, str(Path(__file__).parent.parent / "tools"))
MakeApp = Callable[..., SphinxTestApp]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from sphinx.testing.util import SphinxTestApp

    from screenshots import serve

    tmp = tmp_path_factory.mktemp("previews")
    src = copy_root("links", tmp)
    (src / "notes/curvature.md").write_text(
        "---\ntitle: Curvature\n---\n\nThe Hessian $\\nabla^2 f(x)$ sets the step:\n\n"
        "$$\\eta < \\frac{2}{\\lambda_{\\max}}$$\n",
        encoding="utf-8",
    )
    (src / "curvature-link.md").write_text(
        "---\norphan: true\n---\n\n# Steps\n\nSee [[Curvature]].\n", encoding="utf-8"
    )
    (src / "marks.md").write_text(
        "---\norphan: true\n---\n\n# Marks\n\n- [ ] open\n- [x] done\n\nA ==marked== word.\n",
        encoding="utf-8",
    )
    app = SphinxTestApp(
        "html",
        srcdir=src,
        confoverrides={
            "html_theme": "furo",
            "notegarden_math_offline": True,
            "myst_enable_extensions": ["dollarmath", "colon_fence", "tasklist"],
        },
    )
    app.build()
    app.cleanup()
    server, port = serve(Path(app.outdir))
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    from screenshots import make_driver

    browser = make_driver(1100, 800)
    yield browser
    browser.quit()


def _wait_for(driver: object, selector: str, present: bool = True, timeout: float = 5) -> object:
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = driver.find_elements(By.CSS_SELECTOR, selector)  # type: ignore[attr-defined]
        if bool(found) == present:
            return found[0] if found else None
        time.sleep(0.05)
    raise AssertionError(f"{selector} {'never appeared' if present else 'stayed'}")


def test_hover_shows_preview_inside_viewport(site: str, driver: object) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    driver.get(f"{site}/notes/shape-of-a-thought.html")  # type: ignore[attr-defined]
    link = _wait_for(driver, "a.ng-has-preview")
    ActionChains(driver).move_to_element(link).perform()  # type: ignore[arg-type]
    popover = _wait_for(driver, ".ng-preview")
    assert (
        popover.find_element(By.CSS_SELECTOR, ".ng-preview-title").get_attribute("textContent")
        == "Models are maps"
    )  # type: ignore[attr-defined]
    assert "internally consistent" in popover.get_attribute("textContent")  # type: ignore[attr-defined]
    box = driver.execute_script(  # type: ignore[attr-defined]
        "const r = document.querySelector('.ng-preview').getBoundingClientRect();"
        "return [r.left, r.top, r.right, r.bottom, innerWidth, innerHeight];"
    )
    left, top, right, bottom, width, height = box
    assert left >= 0 and right <= width and top >= 0 and bottom <= height
    assert link.get_attribute("aria-describedby") == "ng-preview-popover"
    ActionChains(driver).move_by_offset(0, 300).perform()  # type: ignore[arg-type]
    _wait_for(driver, ".ng-preview", present=False)


def test_keyboard_focus_and_escape(site: str, driver: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(f"{site}/notes/shape-of-a-thought.html")  # type: ignore[attr-defined]
    _wait_for(driver, "a.ng-has-preview")
    links = driver.find_elements(By.CSS_SELECTOR, "a.ng-has-preview")  # type: ignore[attr-defined]
    section_link = next(a for a in links if "#some-section" in a.get_attribute("href"))
    driver.execute_script("arguments[0].focus()", section_link)  # type: ignore[attr-defined]
    popover = _wait_for(driver, ".ng-preview")
    assert (
        popover.find_element(By.CSS_SELECTOR, ".ng-preview-title").get_attribute("textContent")
        == "Models are maps > Some section"
    )  # type: ignore[attr-defined]
    section_link.send_keys(Keys.ESCAPE)
    _wait_for(driver, ".ng-preview", present=False)


def test_nothing_leaves_the_local_server(site: str, driver: object) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    driver.get(f"{site}/notes/shape-of-a-thought.html")  # type: ignore[attr-defined]
    link = _wait_for(driver, "a.ng-has-preview")
    ActionChains(driver).move_to_element(link).perform()  # type: ignore[arg-type]
    _wait_for(driver, ".ng-preview")
    urls = driver.execute_script(  # type: ignore[attr-defined]
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    # Sphinx's MathJax comes from a CDN unless offline math is on; our files never do.
    ours = [url for url in urls if "notegarden" in url]
    assert ours and all(url.startswith(site) for url in ours)
    assert not [url for url in urls if not url.startswith(site) and "mathjax" not in url.lower()]


def test_graph_node_click_navigates(site: str, driver: object) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{site}/graph.html")  # type: ignore[attr-defined]
    node = _wait_for(driver, 'a.ng-graph-node[href="notes/models-are-maps.html"] circle')
    driver.execute_script(  # type: ignore[attr-defined]
        "arguments[0].closest('a').dispatchEvent(new MouseEvent('click', {bubbles: true}))", node
    )
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and "models-are-maps" not in driver.current_url:  # type: ignore[attr-defined]
        time.sleep(0.05)
    assert driver.current_url.endswith("/notes/models-are-maps.html")  # type: ignore[attr-defined]
    assert driver.find_element(By.CSS_SELECTOR, "h1").text.startswith("Models are maps")  # type: ignore[attr-defined]


def test_math_in_a_preview_is_typeset(site: str, driver: object) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    driver.get(f"{site}/curvature-link.html")  # type: ignore[attr-defined]
    link = _wait_for(driver, "a.ng-has-preview")
    ActionChains(driver).move_to_element(link).perform()  # type: ignore[arg-type]
    popover = _wait_for(driver, ".ng-preview")
    assert (
        popover.find_element(By.CSS_SELECTOR, ".ng-preview-title").get_attribute("textContent")
        == "Curvature"
    )  # type: ignore[attr-defined]
    # MathJax (offline, from the site) typesets the inline and the display formula.
    _wait_for(driver, ".ng-preview mjx-container[display='true']", timeout=15)
    count = driver.execute_script(  # type: ignore[attr-defined]
        "return document.querySelectorAll('.ng-preview mjx-container').length"
    )
    assert count == 2
    raw = popover.get_attribute("textContent")  # type: ignore[attr-defined]
    assert "\\frac" not in raw and "\\nabla" not in raw  # no TeX source left as text


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_task_boxes_and_highlights_follow_the_theme(site: str, driver: object, scheme: str) -> None:
    """Task boxes stand where bullets would; a highlight keeps the theme's text colour."""
    driver.execute_cdp_cmd(  # type: ignore[attr-defined]
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )
    try:
        driver.get(f"{site}/marks.html")  # type: ignore[attr-defined]
        style = driver.execute_script(  # type: ignore[attr-defined]
            "const item = document.querySelector('li.task-list-item');"
            "const mark = document.querySelector('mark.ng-mark');"
            "const box = item.querySelector('input[type=checkbox]');"
            "return [getComputedStyle(item).listStyleType, getComputedStyle(mark).color,"
            " getComputedStyle(mark.parentElement).color, getComputedStyle(mark).backgroundColor,"
            " box.getBoundingClientRect().left < item.getBoundingClientRect().left,"
            " document.querySelectorAll('input.task-list-item-checkbox').length];"
        )
    finally:
        driver.execute_cdp_cmd(  # type: ignore[attr-defined]
            "Emulation.setEmulatedMedia", {"features": []}
        )
    list_style, mark_color, text_color, background, box_outside, boxes = style
    assert list_style == "none" and box_outside and boxes == 2
    assert mark_color == text_color  # readable on light and dark backgrounds alike
    assert background.startswith(("rgba(", "color(srgb")) and background != "rgb(255, 255, 0)"
