"""The checker against real MathJax in headless Chromium, on the whole math corpus.

Every corpus formula is typeset by the vendored MathJax (the file the offline option
ships) with the corpus's site macros and the package set of MathJax's default build,
each in a fresh TeX input so that no formula sees another's definitions. A formula
fails when MathJax shows an error (``merror``), draws an undefined macro as red source
text, or drops a ``\\tag`` (inline math: the tag shows in display mode, not inline).
The checker must agree on at least 99% of the failing formulas and of the rendering ones.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import pytest

from sphinx_notegarden.math.checker import check_formula
from sphinx_notegarden.math.offline import OFFLINE_MATHJAX, VENDOR_STATIC
from sphinx_notegarden.math.preamble import parse_preamble
from sphinx_notegarden.math.tex_tables import DEFAULT_PACKAGES

from math_corpus import load_all, preamble_text

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
UNDEFINED_COLOR = "#FF0102"  # noundefined's colour here, to tell its red text from \color

# CI sets NOTEGARDEN_REQUIRE_BROWSER=1: there, a missing browser is a failure, not a skip.
REQUIRED = bool(os.environ.get("NOTEGARDEN_REQUIRE_BROWSER"))
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not REQUIRED and not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs chromium and chromedriver",
    ),
]

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<script>window.MathJax = {startup: {typeset: false}, tex: {packages: %(packages)s}};</script>
<script src="%(mathjax)s"></script>
</head><body></body></html>
"""

TYPESET = """
const [formulas, packages, macros, color, done] = arguments;
MathJax.startup.promise.then(() => {
  const {TeX} = MathJax._.input.tex_ts;
  const {SVG} = MathJax._.output.svg_ts;
  const {mathjax} = MathJax._.mathjax;
  const {STATE} = MathJax._.core.MathItem;
  const {SerializedMmlVisitor} = MathJax._.core.MmlTree.SerializedMmlVisitor;
  const toMathML = new SerializedMmlVisitor();
  const adaptor = MathJax.startup.adaptor;
  const fresh = (output) => mathjax.document(document, {
    InputJax: new TeX({packages, macros, noundefined: {color}}),
    OutputJax: output ? new SVG({fontCache: 'none'}) : undefined,
  });
  const mathml = (tex, display) => toMathML.visitTree(
    fresh(false).convert(tex, {display, end: STATE.CONVERT}));
  const results = [];
  for (const [tex, display] of formulas) {
    let fails = false, why = '';
    try {
      const mml = mathml(tex, display);
      const error = mml.match(/data-mjx-error="([^"]*)"/);
      const undefinedMacro = mml.match(new RegExp('<mtext mathcolor="' + color + '">([^<]*)<'));
      if (error) { fails = true; why = error[1]; }
      else if (undefinedMacro) { fails = true; why = 'undefined ' + undefinedMacro[1]; }
      else if (!display && !mml.includes('<mlabeledtr')) {
        let shown = '';
        try { shown = mathml(tex, true); } catch (e) {}
        if (shown.includes('<mlabeledtr')) { fails = true; why = 'tag dropped'; }
      }
      const svg = adaptor.outerHTML(fresh(true).convert(tex, {display}));
      if (!svg.includes('<svg')) { fails = true; why = why || 'no SVG output'; }
    } catch (e) {
      fails = true; why = 'exception: ' + e.message;
    }
    results.push([fails, why]);
  }
  done({version: MathJax.version, results});
}).catch((e) => done({error: String(e)}));
"""


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--allow-file-access-from-files",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_script_timeout(240)
    yield driver
    driver.quit()


def test_checker_agrees_with_mathjax_in_chromium(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    formulas = load_all()
    macros, problems = parse_preamble(preamble_text())
    assert problems == []
    packages = list(DEFAULT_PACKAGES)
    page = tmp_path / "corpus.html"
    mathjax = (VENDOR_STATIC / OFFLINE_MATHJAX).as_uri()
    page.write_text(PAGE % {"packages": json.dumps(packages), "mathjax": mathjax}, encoding="utf-8")
    browser.get(page.as_uri())
    outcome = browser.execute_async_script(
        TYPESET,
        [[f.tex, f.display] for f in formulas],
        packages,
        macros.mathjax_macros(),
        UNDEFINED_COLOR,
    )
    assert "error" not in outcome, outcome
    assert outcome["version"] == "3.2.2"

    matrix = {"fails_flagged": 0, "fails_passed": 0, "renders_flagged": 0, "renders_passed": 0}
    disagreements = []
    mislabelled = []
    for formula, (fails, why) in zip(formulas, outcome["results"], strict=True):
        flagged = bool(check_formula(formula.tex, display=formula.display, macros=macros))
        key = ("fails_" if fails else "renders_") + ("flagged" if flagged else "passed")
        matrix[key] += 1
        if fails == flagged:
            pass
        else:
            disagreements.append({**asdict(formula), "mathjax": why or "renders"})
        if fails == formula.valid:
            mislabelled.append({**asdict(formula), "mathjax": why or "renders"})
    failing = matrix["fails_flagged"] + matrix["fails_passed"]
    rendering = matrix["renders_flagged"] + matrix["renders_passed"]
    report = {
        "mathjax": outcome["version"],
        "formulas": len(formulas),
        "confusion_matrix": matrix,
        "caught": matrix["fails_flagged"] / failing,
        "no_false_alarm": matrix["renders_passed"] / rendering,
        "disagreements": disagreements,
        "mislabelled_corpus_entries": mislabelled,
    }
    (tmp_path / "confusion.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "disagreements"}, indent=2))
    assert mislabelled == [], "the corpus says otherwise than MathJax"
    assert failing >= 200 and rendering >= 300
    assert report["caught"] >= 0.99, disagreements
    assert report["no_false_alarm"] >= 0.99, disagreements


def test_offline_site_renders_in_chromium(browser, make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from helpers import copy_root

    app = make_app(
        "html", srcdir=copy_root("math", tmp_path), confoverrides={"notegarden_math_offline": True}
    )
    app.build()
    browser.get((Path(app.outdir) / "obsidian.html").as_uri())
    rendered = browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const wait = () => window.MathJax && MathJax.startup && MathJax.startup.promise
          ? MathJax.startup.promise.then(() => done({
              version: MathJax.version,
              formulas: document.querySelectorAll('.math').length,
              typeset: document.querySelectorAll('mjx-container').length,
              errors: document.querySelectorAll('[data-mml-node="merror"]').length,
              tags: document.querySelectorAll('mjx-container [data-mml-node="mlabeledtr"]').length,
            }))
          : setTimeout(wait, 50);
        wait();
        """
    )
    assert rendered["version"] == "3.2.2"  # the vendored copy, not a CDN
    assert rendered["formulas"] > 20
    assert rendered["typeset"] == rendered["formulas"]
    assert rendered["errors"] == 0
    assert rendered["tags"] >= 1  # \tag{1}, drawn by MathJax
