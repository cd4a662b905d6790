"""``$$`` blocks opened under text become blocks, line for line (see test_math_build too)."""

from __future__ import annotations

import pytest

from sphinx_notegarden.math.dollar_blocks import open_dollar_blocks

from helpers import line_for_line


def rewrite(text: str) -> str:
    return line_for_line(open_dollar_blocks, text)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Text\n$$\na\n=\nb\n$$\nafter", "Text\n\n$$a\n=\nb\n$$\nafter"),
        (">[!info] T\n>$$\n>a\n>$$\n> after", ">[!info] T\n>\n>$$a\n>$$\n> after"),
        ("> > Deep\n> > $$\n> > a\n> > $$", "> > Deep\n> >\n> > $$a\n> > $$"),
        ("- item\n  $$\n  x\n  + y\n  $$", "- item\n\n  $$x\n  + y\n  $$"),
        ("Text\n$$\nx $$", "Text\n\n$$x $$"),
        # The formula indented (a tab, four spaces): the $$ keeps its own line's indent.
        ("Text\n$$\n\tf + D\n$$", "Text\n\n$$f + D\n$$"),
        ("- item\n  $$\n        x\n  $$", "- item\n\n  $$x\n  $$"),
        # Text indented after a formula goes on as text, as in Obsidian (not code).
        ("$$\nx\n$$\n\tafter", "$$\nx\n$$\nafter"),
        (
            "Text\n$$\nx\n$$\n\twhere y\n\tThen\n\t$$\nz\n$$\n\tsince",
            "Text\n\n$$x\n$$\nwhere y\n\tThen\n\n$$z\n$$\nsince",
        ),
        ("- item\n  $$\n  x\n  $$\n  \t\tmore", "- item\n\n  $$x\n  $$\n  more"),
        # Front matter (its lists) and a heading right above do not set the indent.
        (
            "---\ntags:\n  - a\n---\n### H\nSay\n$$\nx\n$$",
            "---\ntags:\n  - a\n---\n### H\nSay\n\n$$x\n$$",
        ),
        ("- item\n### H\nSay\n$$\nx\n$$", "- item\n### H\nSay\n\n$$x\n$$"),
        # Empty lines inside a formula: kept whole, as in Obsidian (a TeX comment each).
        # (Indented four more than the formula: at its indentation, a MyST comment.)
        ("Text\n$$\nx\n\nmore\n$$", "Text\n\n$$x\n    %\nmore\n$$"),
        ("$$\nx\n\n\ny\n$$", "$$\nx\n    %\n    %\ny\n$$"),
        # Empty lines right before a closing $$: the $$ moves up (a last "%" line would
        # hide what Sphinx writes after the formula).
        ("Text\n$$K =\nA\n\n$$\n\nafter", "Text\n$$K =\nA\n$$\n\n\nafter"),
        ("$$\nx\n\n\n$$ then", "$$\nx\n$$\n\nthen"),
        ("> $$a\n>\n> b$$\n> after", "> $$a\n>     %\n> b$$\n> after"),
        ("- item\n  $$\n  x\n\n  y\n  $$", "- item\n\n  $$x\n      %\n  y\n  $$"),
        ("$$\nx\n\n\\end{cases}$$ then", "$$\nx\n    %\n\\end{cases}$$ then"),
        # A closing $$ is not taken for an opening.
        ("$$\nx\n$$\n\nText\n$$\ny\n\nz$$", "$$\nx\n$$\n\nText\n\n$$y\n    %\nz$$"),
    ],
)
def test_blocks_under_text_are_opened(source: str, expected: str) -> None:
    assert rewrite(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        "Text\n\n$$\nx\n$$",  # already a block
        "```\ntext\n$$\nx\n$$\n```",  # code
        "~~~~md\ntext\n$$\nx\n$$\n~~~~",
        "Text\n$$\n$$",  # nothing inside
        "Text $$\nx\n$$",  # the $$ line closes a formula opened mid-line
        "Text\n        $$\n        x\n        $$",  # indented code once on its own
        "> Quote\n$$\nx\n$$",  # the text above is in another container
        "Text\n$$\nx",  # never closed
        "$$ costs\n\nText\n\n```\n$$\n```",  # closed only in code: not a formula
        "$$\nx\n\n# Heading\n$$",  # a heading between: not one formula
        "> $$\n> x\n\n$$",  # closed outside the callout
        "$$\nx\n\ny $$ z $$",  # the next line with $$ does not close it alone
        "$$\nx\n$$\n\n$$\n\nText",  # the second block is never closed
        "Cost `$$`\n$$\n\nx",  # inline code holds no math
        "$$\n\n$$",  # nothing inside
        "$$\n" + "x\n\n" * 50 + "$$",  # too long to be one formula
        "$$\nx\n$$\n\t- item",  # would start a list at the start of a line
        "$$\nx\n$$\n\n\tcode",  # after an empty line: indented code in Obsidian too
        "Text\n\n    code\n    $$\n    x\n    $$\n\tmore",  # all code
    ],
)
def test_other_dollars_are_left_alone(source: str) -> None:
    assert rewrite(source) == source


def test_a_block_right_after_another_is_left_as_it_is() -> None:
    assert rewrite("Text\n$$\nx\n$$\n$$\ny\n$$") == "Text\n\n$$x\n$$\n$$\ny\n$$"
