"""Generate a synthetic note garden, or its plain-Sphinx twin, for benchmarks.

One seeded plan (titles, dates, tags, prose, links, math, callouts, plots) is written in
one of four flavours, all with the same words: ``notegarden`` (front matter, wikilinks,
some to missing notes, ``> [!kind]`` and ``{callout}`` callouts, a ``{note-list}``);
``plain``, its plain-Sphinx twin (the same front matter without tags, ``# Title``
headings, MyST document links, ``{admonition}`` blocks, only ``myst_parser``);
``sphinx-tags``, the twin with tags by sphinx-tags; ``notegarden-tags``, the twin with
tags by sphinx-notegarden (front matter; backlinks, previews and link graph off): the
tag part alone.

Run ``python benchmarks/generate_garden.py OUT --notes N [--links 8] [--plain] [--seed 1]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import random
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

FLAVOURS = ("notegarden", "plain", "sphinx-tags", "notegarden-tags")


def _words(text: str, sep: str | None = None) -> list[str]:
    return [word.strip() for word in text.split(sep)]


WORDS = _words(
    "model map belief gradient surface basin error signal prior update evidence loss "
    "curvature step noise memory attention pattern habit theory proof claim argument "
    "trade-off margin estimate bias variance sample window horizon landscape valley ridge "
    "saddle path habit reader writer draft outline question answer problem method result "
    "idea note link trail garden seed branch root cost value choice test measure scale "
    "quickly slowly rarely often carefully roughly exactly always never usually clearly "
    "shapes moves follows breaks bends holds hides shows changes keeps finds misses builds"
)
ADJECTIVES = _words(
    "quiet sharp flat narrow broad hidden stable noisy sparse dense early late slow fast "
    "local global convex tangled honest brittle"
)
NOUNS = _words(
    "basin map prior gradient habit proof outline memory signal question garden ridge "
    "trail theory margin estimate pattern method horizon draft"
)
TOPICS = _words(
    "optimization learning epistemology writing statistics geometry probability memory "
    "reading physics economics ethics design teaching calculus algebra topology logic "
    "language biology history music attention habits research tools"
)
INLINE_MATH = _words(
    r"x_{t+1} = x_t - \eta \nabla f(x_t) ; \mathbb{E}[X] = \mu ; \lambda_{\max}(H) ; "
    r"p(\theta \mid D) \propto p(D \mid \theta) p(\theta) ; \sum_{i=1}^n a_i ; \alpha \in (0, 1)",
    ";",
)
DISPLAY_MATH = _words(
    r"\nabla f(x^\ast) = 0, \qquad H(x^\ast) \succeq 0 ; v_{t+1} = \beta v_t + (1 - \beta) g_t^2 ; "
    r"\mathcal{L}(\theta) = \frac{1}{n} \sum_{i=1}^{n} \ell(f_\theta(x_i), y_i) ; "
    r"\int_{-\infty}^{\infty} e^{-x^2} \, dx = \sqrt{\pi}",
    ";",
)
CALLOUT_KINDS = ("note", "tip", "warning", "important", "danger")
SURFACES = ("double-well", "rosenbrock", "himmelblau", "quadratic")

Piece = tuple[str, Any]  # ("text", str) | ("math", tex) | ("link", note index) | ("missing", title)


@dataclass
class NotePlan:
    """Everything about one note that does not depend on the flavour."""

    index: int
    title: str
    day: date
    tags: list[str]
    summary: str | None
    blocks: list[tuple[str, Any]] = field(default_factory=list)
    links: list[int] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The file name without suffix, such as ``note-0007``."""
        return f"note-{self.index:04d}"


def plots_available() -> bool:
    """Return whether the ``landscape-plot`` directive module exists."""
    try:
        return importlib.util.find_spec("sphinx_notegarden.landscape.directive") is not None
    except ModuleNotFoundError:
        return False


def _sentence(rng: random.Random, extra: list[Piece] = []) -> list[Piece]:  # noqa: B006
    words = rng.choices(WORDS, k=rng.randint(8, 15))
    pieces: list[Piece] = [("text", " ".join(words).capitalize())]
    for piece in extra:
        glue = ", where " if piece[0] == "math" else rng.choice((" relates to ", " — see "))
        pieces += [("text", glue), piece]
    return [*pieces, ("text", ".")]


def _titles(rng: random.Random, count: int) -> list[str]:
    titles: list[str] = []
    seen: set[str] = set()
    while len(titles) < count:
        title = f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} of {rng.choice(TOPICS)}"
        if title in seen:
            title = f"{title} {len(titles)}"
        seen.add(title)
        titles.append(title)
    return titles


def _tag_pool(count: int) -> list[str]:
    pool: list[str] = []
    for number in range(count):
        base = TOPICS[number % len(TOPICS)] + ("" if number < len(TOPICS) else f"-{number}")
        pool.append(f"{TOPICS[(number // 4) % 7]}/{base}" if number % 4 == 3 else base)
    return pool


def plan_garden(notes: int, links: int, seed: int, plots: bool = False) -> list[NotePlan]:
    """Draw the plan of a garden of *notes* notes with about *links* links each."""
    rng = random.Random(seed)
    titles = _titles(rng, notes)
    pool = _tag_pool(max(4, round(math.sqrt(notes))))
    # Links favour a few hub notes, as real gardens do (Zipf-like weights).
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(notes)]
    hubs = list(range(notes))
    rng.shuffle(hubs)
    plans = []
    for index in range(notes):
        plan = NotePlan(
            index=index,
            title=titles[index],
            day=date(2024, 1, 1) + timedelta(days=rng.randrange(730)),
            tags=rng.sample(pool, k=min(len(pool), rng.randint(1, 4))),
            summary=" ".join(rng.choices(WORDS, k=10)).capitalize() if index % 2 else None,
        )
        plan.links = [t for t in rng.choices(hubs, weights=weights, k=links) if t != index]
        link_pieces: list[Piece] = [("link", target) for target in plan.links]
        if index % 20 == 11:
            link_pieces.append(("missing", f"Missing idea {index}"))
        paragraphs = rng.randint(3, 6)
        for number in range(paragraphs):
            sentences = [_sentence(rng) for _ in range(rng.randint(2, 4))]
            sentences.insert(1, _sentence(rng, link_pieces[number::paragraphs]))
            if rng.random() < 0.5:
                sentences.insert(0, _sentence(rng, [("math", rng.choice(INLINE_MATH))]))
            plan.blocks.append(("para", sentences))
            if number == 0 and rng.random() < 0.5:
                plan.blocks.append(("display", rng.choice(DISPLAY_MATH)))
            if number == 1 and index % 3 == 0:
                style = "obsidian" if index % 6 == 0 else "directive"
                title = " ".join(rng.choices(WORDS, k=3)).capitalize()
                plan.blocks.append(("callout", (style, rng.choice(CALLOUT_KINDS), title)))
        if plots and index % 50 == 7:
            lr = 0.01 + 0.001 * (index % 37)
            plan.blocks.append(("plot", (SURFACES[index % len(SURFACES)], round(lr, 4))))
        plans.append(plan)
    return plans


def _inline(pieces: list[Piece], plans: list[NotePlan], flavour: str) -> str:
    out = []
    for kind, value in pieces:
        if kind == "text":
            out.append(value)
        elif kind == "math":
            out.append(f"${value}$")
        elif kind == "missing":
            out.append(f"[[{value}]]" if flavour == "notegarden" else value)
        elif flavour == "notegarden":
            out.append(f"[[{plans[value].title}]]")
        else:
            out.append(f"[{plans[value].title}]({plans[value].name}.md)")
    return "".join(out)


def _block(kind: str, value: Any, plans: list[NotePlan], flavour: str) -> str:
    if kind == "para":
        return " ".join(_inline(sentence, plans, flavour) for sentence in value)
    if kind == "display":
        return f"$$\n{value}\n$$"
    if kind == "plot":
        surface, lr = value
        return (
            f"```{{landscape-plot}} Momentum on {surface}\n:surface: {surface}\n:grid: 60\n\n"
            f"- optimizer: momentum\n  lr: {lr}\n  steps: 60\n```"
        )
    style, callout_kind, title = value
    body = f"A callout body: the {title.lower()} holds when $\\alpha$ is small."
    if flavour != "notegarden":
        return f":::{{admonition}} {title}\n:class: {callout_kind}\n\n{body}\n:::"
    if style == "obsidian":
        return f"> [!{callout_kind}] {title}\n> {body}"
    return f"```{{callout}} {title}\n:kind: {callout_kind}\n\n{body}\n```"


def render_note(plan: NotePlan, plans: list[NotePlan], flavour: str) -> str:
    """Return the Markdown source of *plan*'s note in *flavour*."""
    tags = ", ".join(plan.tags)
    # Every flavour keeps the note's front matter (MyST reads it as page metadata);
    # only the notegarden flavours have tags in it, and only notegarden takes its title
    # from it: the others write the title as an H1, as plain Sphinx needs.
    head = [f"title: {plan.title}", f"date: {plan.day.isoformat()}"]
    head += [f"tags: [{tags}]"] if flavour in ("notegarden", "notegarden-tags") else []
    head += [f"summary: {plan.summary}"] if plan.summary else []
    top = "---\n" + "\n".join(head) + "\n---\n"
    if flavour != "notegarden":
        top += f"\n# {plan.title}\n"
    if flavour == "sphinx-tags":
        top += f"\n```{{tags}} {tags}\n```\n"
    body = [_block(kind, value, plans, flavour) for kind, value in plan.blocks]
    return top + "\n" + "\n\n".join(body) + "\n"


def _conf(flavour: str, plots: bool, full_sidebar: bool) -> str:
    lines = ['"""Generated benchmark garden."""', "", 'project = "Benchmark garden"']
    if flavour == "plain":
        extensions = ["myst_parser"]
    elif flavour == "sphinx-tags":
        extensions = ["myst_parser", "sphinx_tags"]
        lines += ["tags_create_tags = True", 'tags_extension = ["md"]']
    else:
        extensions = ["myst_parser", "sphinx_notegarden"]
        lines += ['notegarden_notes = ["notes/**"]']
        if plots:
            extensions.append("sphinx_notegarden.landscape.directive")
    if flavour == "notegarden-tags":
        lines += ["notegarden_backlinks = False", "notegarden_previews = False"]
        lines += ['notegarden_link_graph = ""', 'notegarden_graph_page = ""']
        lines += ["notegarden_local_graph_depth = 0"]
    fence = [] if flavour == "notegarden" else ["colon_fence"]
    lines += [
        f"extensions = {extensions!r}",
        f"myst_enable_extensions = {['dollarmath', *fence]!r}",
    ]
    lines += ['exclude_patterns = ["_build"]', 'html_theme = "alabaster"']
    if not full_sidebar:
        # Alabaster's sidebar otherwise copies the whole note toctree into every page:
        # O(N^2) in Sphinx itself, for every flavour, hiding what the extensions cost.
        lines += ['html_theme_options = {"sidebar_includehidden": False}']
    return "\n".join(lines) + "\n"


def _index(plans: list[NotePlan], flavour: str) -> str:
    text = "# Benchmark garden\n\nThe latest notes:\n\n"
    if flavour == "notegarden":
        text += "```{note-list}\n:limit: 10\n```\n"
    else:
        latest = sorted(plans, key=lambda p: (p.day, p.index), reverse=True)[:10]
        text += "\n".join(f"- [{p.title}](notes/{p.name}.md)" for p in latest) + "\n"
    extra = "_tags/tagsindex\n" if flavour == "sphinx-tags" else ""
    return text + f"\n```{{toctree}}\n:hidden:\n:glob:\n\n{extra}notes/*\n```\n"


def _pieces(plan: NotePlan) -> list[Piece]:
    return [p for kind, value in plan.blocks if kind == "para" for s in value for p in s]


def edit_target(plans: list[NotePlan]) -> str:
    """Return the docname of the most-linked note: the one the edit benchmark changes."""
    counts = Counter(target for plan in plans for target in plan.links)
    return f"notes/{plans[min(counts, key=lambda t: (-counts[t], t))].name}"


def generate(
    out: Path,
    notes: int,
    links: int = 8,
    flavour: str = "notegarden",
    *,
    seed: int = 1,
    plots: bool = False,
    full_sidebar: bool = False,
) -> dict[str, Any]:
    """Write a garden into *out* (replacing it) and return its manifest."""
    if flavour not in FLAVOURS:
        raise ValueError(f"unknown flavour {flavour!r}; choose from {FLAVOURS}")
    plots = plots and flavour == "notegarden" and plots_available()
    plans = plan_garden(notes, links, seed, plots)
    shutil.rmtree(out, ignore_errors=True)
    (out / "notes").mkdir(parents=True)
    (out / "conf.py").write_text(_conf(flavour, plots, full_sidebar), encoding="utf-8")
    (out / "index.md").write_text(_index(plans, flavour), encoding="utf-8")
    for plan in plans:
        text = render_note(plan, plans, flavour)
        (out / "notes" / f"{plan.name}.md").write_text(text, encoding="utf-8")
    plot_count = sum(kind == "plot" for plan in plans for kind, _ in plan.blocks)
    missing = sum(piece[0] == "missing" for plan in plans for piece in _pieces(plan))
    manifest = {"flavour": flavour, "notes": notes, "links_per_note": links, "seed": seed}
    manifest.update(plots=plot_count, unresolved_links=missing, edit_target=edit_target(plans))
    (out / "garden.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.set_defaults(flavour="notegarden")
    parser.add_argument("out", type=Path, help="project folder to write (replaced)")
    parser.add_argument("--notes", type=int, default=200, help="number of notes")
    parser.add_argument("--links", type=int, default=8, help="wikilinks per note")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plots", action="store_true", help="a landscape-plot in 1 of 50 notes")
    parser.add_argument(
        "--full-sidebar", action="store_true", help="keep every note in alabaster's sidebar"
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--plain", action="store_const", const="plain", dest="flavour")
    group.add_argument("--flavour", choices=FLAVOURS, dest="flavour")
    print(json.dumps(generate(**vars(parser.parse_args(argv)))))


if __name__ == "__main__":
    main()
