r"""Numbered callouts in LaTeX: amsthm environments whose numbers are the HTML's.

When numbering is on, the preamble loads ``amsthm`` and declares one environment per
numbered kind, ``ng`` + the kind's name (``ngtheorem``, ``nglemma``...), in amsthm's
``plain``, ``definition`` or ``remark`` style, all sharing one counter. That counter
prints ``\ngcalloutnumber``, which the writer sets before each environment to the
number computed for HTML, so PDF and HTML numbers cannot disagree (LaTeX's own
counting would restart per chapter, not per note) and ``\label``/``\ref`` (what
``{numref}`` writes) give that number. Proofs use amsthm's ``proof``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import texescape
from sphinx.util.texescape import escape

from .callout_kinds import THEOREM_STYLES
from .config import kind_registry

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.latex import LaTeXTranslator

    from .callouts import ng_callout, ng_callout_title

#: The counter shared by every numbered environment, and the macro it prints.
COUNTER = "ngcallout"
NUMBER_MACRO = "\\ngcalloutnumber"
_DIGITS = "abcdefghij"


def environment_name(kind: str) -> str:
    """Return the LaTeX environment of *kind*: ``ng`` and letters only, one per kind.

    Kind names hold ``a-z``, digits, ``-`` and ``_``; the others are spelt with
    upper-case letters, which kind names never contain, so no two kinds share one.
    """
    spelt = []
    for char in kind:
        if "a" <= char <= "z":
            spelt.append(char)
        elif char.isdigit():
            spelt.append("D" + _DIGITS[int(char)])
        else:
            spelt.append("H" if char == "-" else "U")
    return "ng" + "".join(spelt)


def theorem_preamble(config: Config) -> str:
    """Return the LaTeX that declares the counter and one environment per numbered kind."""
    registry = kind_registry(config)
    texescape.init()  # the LaTeX builder fills the escape table only when it starts
    lines = [
        "% sphinx-notegarden: numbered callouts (amsthm), numbered as in HTML",
        f"\\newcounter{{{COUNTER}}}",
        f"\\newcommand{{{NUMBER_MACRO}}}{{}}",
        f"\\renewcommand{{\\the{COUNTER}}}{{{NUMBER_MACRO}}}",
        f"\\providecommand{{\\theH{COUNTER}}}{{}}",
        f"\\renewcommand{{\\theH{COUNTER}}}{{\\arabic{{{COUNTER}}}}}",
    ]
    for kind_name in dict.fromkeys(config.notegarden_theorem_kinds):
        kind = registry.kinds.get(kind_name)
        if kind is None:
            continue
        lines.append(f"\\theoremstyle{{{THEOREM_STYLES.get(kind.name, 'plain')}}}")
        lines.append(
            f"\\newtheorem{{{environment_name(kind.name)}}}[{COUNTER}]{{{escape(kind.label)}}}"
        )
    lines.append("\\theoremstyle{plain}")
    return "\n".join(lines) + "\n"


def setup_latex_theorems(app: Sphinx, config: Config) -> None:
    """Load amsthm and add the environments to the preamble (called on config-inited)."""
    app.add_latex_package("amsthm")
    preamble = theorem_preamble(config)
    elements = dict(config.latex_elements)
    user_preamble = elements.get("preamble", "")
    elements["preamble"] = f"{user_preamble}\n{preamble}" if user_preamble else preamble
    config.latex_elements = elements


def visit_theorem(self: LaTeXTranslator, node: ng_callout) -> None:
    """Set the number, then open the callout's amsthm environment."""
    number = str(node.get("ng_number", ""))
    if number:
        self.body.append(f"\n\\renewcommand{{{NUMBER_MACRO}}}{{{escape(number)}}}")
    self.body.append(f"\n\\begin{{{node['ng_env']}}}")


def depart_theorem(self: LaTeXTranslator, node: ng_callout) -> None:
    """Close the amsthm environment."""
    self.body.append(f"\\end{{{node['ng_env']}}}\n")


def visit_theorem_title(self: LaTeXTranslator, node: ng_callout_title) -> bool:
    r"""Open amsthm's optional note for a written title; return False when there is none.

    Without a title only the callout's labels are placed (right after ``\begin``, where
    ``\label`` takes the environment's number).
    """
    callout = node.parent
    if callout.get("ng_titled"):
        self.body.append("[{")
        return True
    self.body.append(self.hypertarget_to(callout) + "\n")
    return False


def depart_theorem_title(self: LaTeXTranslator, node: ng_callout_title) -> None:
    """Close the optional note and place the callout's labels."""
    self.body.append("}]" + self.hypertarget_to(node.parent) + "\n")
