"""How each builder draws a callout.

- HTML family (html, dirhtml, singlehtml, epub, json...): an ``<aside>`` named by its
  title, with ``<details>``/``<summary>`` when collapsible (no JavaScript needed).
- LaTeX: Sphinx's own ``sphinxadmonition`` box of the kind's mapped type, with the
  title (math intact) as the box's heading; numbered callouts and proofs (when
  numbering is on) are amsthm environments, see :mod:`sphinx_notegarden.theorem_latex`.
- Everything else (text, man, texinfo, and builders we do not know): a post-transform
  turns the callout into a plain titled ``admonition`` that every writer knows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .callouts import ng_callout, ng_callout_title
from .icons import ICON_SHAPES
from .theorem_latex import depart_theorem, depart_theorem_title, visit_theorem, visit_theorem_title

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator

#: Builder formats whose translators draw callouts themselves.
NATIVE_FORMATS = frozenset({"html", "latex"})

#: Builders of the HTML family whose readers often cannot expand ``<details>``.
NO_DETAILS_BUILDERS = frozenset({"epub"})


def _collapsible(translator: HTML5Translator, node: nodes.Element) -> str:
    if translator.builder.name in NO_DETAILS_BUILDERS:
        return ""
    return str(node.get("collapsible", ""))


def visit_callout_html(self: HTML5Translator, node: ng_callout) -> None:
    """Open the ``<aside>`` (and ``<details>``) of a callout."""
    attributes: dict[str, Any] = {"data-kind": node["kind"]}
    if node.get("title_id"):
        attributes["aria-labelledby"] = node["title_id"]
    self.body.append(self.starttag(node, "aside", **attributes))
    state = _collapsible(self, node)
    if state:
        details: dict[str, Any] = {"CLASS": "ng-callout-details"}
        if state == "open":
            details["open"] = "open"
        self.body.append(self.starttag(nodes.Element(), "details", **details))


def depart_callout_html(self: HTML5Translator, node: ng_callout) -> None:
    """Close the body (if any), the ``<details>`` if any, and the ``<aside>``."""
    if len(node) > 1:
        self.body.append("</div>\n")
    if _collapsible(self, node):
        self.body.append("</details>\n")
    self.body.append("</aside>\n")


def visit_callout_title_html(self: HTML5Translator, node: ng_callout_title) -> None:
    """Open the title (a ``<summary>`` when collapsible) and draw the icon."""
    callout = node.parent
    tag = "summary" if _collapsible(self, callout) else "div"
    self.body.append(self.starttag(node, tag, "", CLASS="ng-callout-title"))
    icon = str(callout.get("icon", ""))
    hidden: dict[str, Any] = {"aria-hidden": "true"}
    if icon in ICON_SHAPES:
        classes = f"ng-callout-icon ng-icon-{icon}"
        self.body.append(
            self.starttag(nodes.Element(), "span", "", CLASS=classes, **hidden) + "</span>"
        )
    elif icon:
        self.body.append(
            self.starttag(nodes.Element(), "span", "", CLASS="ng-callout-icon-text", **hidden)
        )
        self.body.append(self.encode(icon) + "</span>")
    self.body.append(self.starttag(nodes.Element(), "span", "", CLASS="ng-callout-title-text"))


def depart_callout_title_html(self: HTML5Translator, node: ng_callout_title) -> None:
    """Close the title and open the body, unless the callout is a title alone."""
    tag = "summary" if _collapsible(self, node.parent) else "div"
    self.body.append(f"</span></{tag}>\n")
    if len(node.parent) > 1:
        self.body.append(self.starttag(nodes.Element(), "div", CLASS="ng-callout-body"))


def visit_callout_latex(self: LaTeXTranslator, node: ng_callout) -> None:
    """Open a ``sphinxadmonition`` of the kind's LaTeX type (or an amsthm environment)."""
    self.no_latex_floats += 1
    if node.get("ng_env"):
        visit_theorem(self, node)
        return
    self.body.append("\n\\begin{sphinxadmonition}{" + node["latex"] + "}{")


def depart_callout_latex(self: LaTeXTranslator, node: ng_callout) -> None:
    """Close the admonition box (or the amsthm environment)."""
    self.no_latex_floats -= 1
    if node.get("ng_env"):
        depart_theorem(self, node)
        return
    self.body.append("\\end{sphinxadmonition}\n")


def visit_callout_title_latex(self: LaTeXTranslator, node: ng_callout_title) -> None:
    """Render nothing: the title's inline nodes fill the box's title argument."""
    if node.parent.get("ng_env") and not visit_theorem_title(self, node):
        raise nodes.SkipNode


def depart_callout_title_latex(self: LaTeXTranslator, node: ng_callout_title) -> None:
    """Close the title argument and place the callout's label targets."""
    if node.parent.get("ng_env"):
        depart_theorem_title(self, node)
        return
    self.body.append("}\n" + self.hypertarget_to(node.parent, anchor=True) + "\n")


class CalloutFallbackTransform(SphinxPostTransform):
    """Turn callouts into titled admonitions for builders that do not draw them."""

    default_priority = 200

    def is_supported(self) -> bool:
        """Run for every builder format except HTML and LaTeX."""
        return self.env._builder_cls.format not in NATIVE_FORMATS

    def run(self, **kwargs: Any) -> None:
        """Replace each callout, innermost first, by an ``admonition`` with a title."""
        for node in reversed(list(self.document.findall(ng_callout))):
            admonition = nodes.admonition(
                "", ids=node["ids"], names=node["names"], classes=node["classes"]
            )
            admonition.source, admonition.line = node.source, node.line
            title = node[0]
            admonition += nodes.title("", "", *title.children)
            admonition += node.children[1:]
            node.replace_self(admonition)


def setup_callout_writers(app: Sphinx) -> None:
    """Register the callout nodes with their HTML and LaTeX visitors, and the fallback."""
    app.add_node(
        ng_callout,
        html=(visit_callout_html, depart_callout_html),
        latex=(visit_callout_latex, depart_callout_latex),
    )
    app.add_node(
        ng_callout_title,
        html=(visit_callout_title_html, depart_callout_title_html),
        latex=(visit_callout_title_latex, depart_callout_title_latex),
    )
    app.add_post_transform(CalloutFallbackTransform)
