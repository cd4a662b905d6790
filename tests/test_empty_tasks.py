"""``- [ ]`` with nothing after the box shows an empty checkbox, as in Obsidian."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from sphinx_notegarden.empty_tasks import fill_empty_tasks

from helpers import NOTES_CONF, line_for_line, soup, warning_lines, write_project

MakeApp = Callable[..., SphinxTestApp]

CONF = NOTES_CONF + 'myst_enable_extensions = ["dollarmath", "colon_fence", "tasklist"]\n'
#: Trailing spaces written as "<sp>" (an item with a space after its box, or none).
PLANNER = """# Day planner

- [ ]
- [x]<sp>
- [ ] Water the plants
  - [ ]

> [!todo] Later
> - [ ]<sp>
> 1. [ ]

```ad-note
title: Homework
- [ ]<sp>
```

```md
- [ ]<sp>
```

$$
- [ ]
$$
""".replace("<sp>", " ")


def test_empty_items_get_a_no_break_space_line_for_line() -> None:
    rewritten = line_for_line(fill_empty_tasks, PLANNER)
    assert rewritten.count("] &nbsp;") == 5  # the ad- fence is a callout only later
    assert "```md\n- [ ] \n```" in rewritten and "$$\n- [ ]\n$$" in rewritten


def test_empty_items_show_their_box(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app("html", srcdir=write_project(tmp_path / "src", {"index.md": PLANNER}, CONF))
    app.build()
    assert warning_lines(app) == []
    page = soup(app, "index.html")
    boxes = page.select("div.body li > p > input.task-list-item-checkbox")
    assert len(boxes) == 7  # all but the ones in code and math
    assert [box.has_attr("checked") for box in boxes[:3]] == [False, True, False]
    assert not [li for li in page.select("div.body li") if "[" in li.get_text()]
    assert page.select_one(".ng-callout input.task-list-item-checkbox") is not None
    text = make_app("text", srcdir=app.srcdir, builddir=tmp_path / "text")
    text.build()
    assert "Water the plants" in (Path(text.outdir) / "index.txt").read_text(encoding="utf-8")
