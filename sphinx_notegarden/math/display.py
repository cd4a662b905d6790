r"""Display math as Obsidian shows it: ``\tag``, ``\label`` and whole environments.

Sphinx wraps display math for MathJax in ``\begin{split}`` (HTML) and in ``equation`` +
``split`` (LaTeX). That breaks two things authors write in Obsidian: a ``\tag{...}``
(not allowed inside ``split``) and a whole ``\begin{align}...\end{align}`` between
``$$`` (not allowed inside ``split`` or ``equation``). This module:

* reads each display formula once, after parsing (:class:`DisplayMathTransform`): a
  formula with a top-level ``\tag`` or one that is a whole equation environment is
  marked ``ng_math`` = ``"tag"`` or ``"env"``; a numbered formula (MyST ``(label)``,
  rST ``:label:``, or ``\label{...}`` together with ``\tag{...}``) with a tag gets the
  tag as its number, so ``{eq}`` references show ``(T)`` in HTML and PDF;
* writes each marked formula per output format (:class:`HtmlDisplayMath`,
  :class:`LatexDisplayMath`): HTML gets the formula as the author wrote it inside
  ``\[...\]``; LaTeX gets ``equation*`` with the tag outside ``split``, or the
  environment itself (starred, as MathJax does not number it either).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Environments that are a whole display on their own (not allowed inside ``split``).
OUTER_ENVIRONMENTS = frozenset(
    [
        "equation",
        "equation*",
        "align",
        "align*",
        "gather",
        "gather*",
        "multline",
        "multline*",
        "flalign",
        "flalign*",
        "alignat",
        "alignat*",
        "eqnarray",
        "eqnarray*",
        "xalignat",
        "xalignat*",
        "xxalignat",
    ]
)
_BEGIN = re.compile(r"\s*\\begin\{([^}]*)\}")


#: The environment to use inside one numbered equation instead of a whole-display one
#: ("" means: just the body).
INNER_ENVIRONMENTS = {
    "equation": "",
    "equation*": "",
    "align": "aligned",
    "align*": "aligned",
    "flalign": "aligned",
    "flalign*": "aligned",
    "gather": "gathered",
    "gather*": "gathered",
    "alignat": "alignedat",
    "alignat*": "alignedat",
}


def _as_inner(tex: str, outer: str, inner: str) -> str:
    body = tex.strip()[len(f"\\begin{{{outer}}}") : -len(f"\\end{{{outer}}}")]
    return f"\\begin{{{inner}}}{body}\\end{{{inner}}}" if inner else body.strip()


def top_level_command(tex: str, name: str) -> tuple[int, int, str] | None:
    r"""Find ``\name{...}`` (or ``\name*{...}``) outside braces and environments.

    Return its start, its end and its argument, or None.
    """
    depth = env = 0
    i = 0
    while i < len(tex):
        c = tex[i]
        if c == "\\":
            match = re.match(r"\\([A-Za-z]+)\*?\s*|\\.", tex[i:])
            word = match.group(1) if match else None
            if word == "begin":
                env += 1
            elif word == "end":
                env -= 1
            elif word == name and depth == 0 and env == 0:
                assert match is not None
                arg_start = i + match.end()
                arg = _braced(tex, arg_start)
                if arg is not None:
                    return i, arg_start + len(arg) + 2, arg
            i += match.end() if match else 1
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    return None


def _braced(tex: str, start: int) -> str | None:
    if tex[start : start + 1] != "{":
        return None
    depth = 0
    i = start
    while i < len(tex):
        c = tex[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return tex[start + 1 : i]
        i += 1
    return None


def whole_environment(tex: str) -> str | None:
    r"""Return the name of the outer environment that *tex* consists of, if it does."""
    match = _BEGIN.match(tex)
    if not match or match.group(1) not in OUTER_ENVIRONMENTS:
        return None
    name = match.group(1)
    end = f"\\end{{{name}}}"
    body = tex.strip()
    if not body.endswith(end) or body.count(f"\\begin{{{name}}}") != 1:
        return None
    return name


class DisplayMathTransform(SphinxTransform):
    r"""Mark display formulas with a ``\tag`` or a whole environment; number tagged labels."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        """Look at every display formula of the document once."""
        tagged = False
        for node in self.document.findall(nodes.math_block):
            if node.get("nowrap") or node.get("no-wrap") or "ng_math" in node:
                continue
            tex = node.astext()
            environment = whole_environment(tex)
            if environment and node.get("label"):
                # Numbered by Sphinx: make it one equation that Sphinx can wrap and number.
                inner = INNER_ENVIRONMENTS.get(environment)
                if inner is not None and "\\tag" not in tex:
                    node.children = [nodes.Text(_as_inner(tex, environment, inner))]
                continue
            if environment:
                node["ng_math"] = "env"
                continue
            tag = top_level_command(tex, "tag")
            if tag is None:
                continue
            label = top_level_command(tex, "label")
            if node.get("label") or label:
                tagged = self._number_by_tag(node, tex, tag, label) or tagged
            elif "\n\n" not in tex:
                node["ng_math"] = "tag"
        if tagged:
            self._renumber()

    def _renumber(self) -> None:
        """Renumber the untagged equations 1, 2, ...: a tag takes no number, as in LaTeX."""
        domain = self.env.domains.math_domain
        number = 0
        for node in self.document.findall(nodes.math_block):
            if node.get("label") and isinstance(node.get("number"), int):
                number += 1
                node["number"] = number
                domain.equations[node["label"]] = (self.env.docname, number)

    def _number_by_tag(
        self,
        node: nodes.math_block,
        tex: str,
        tag: tuple[int, int, str],
        label: tuple[int, int, str] | None,
    ) -> bool:
        """Make the tag the equation's number, shown by Sphinx and used by ``{eq}``."""
        domain = self.env.domains.math_domain
        docname = self.env.docname
        if not node.get("label") and label is not None:
            name = label[2].strip()
            if not name or name in domain.equations:
                return False
            node["label"] = name
            node["docname"] = docname
            node_id = nodes.make_id(f"equation-{name}")
            node["ids"].append(node_id)
            self.document.ids[node_id] = node
            domain.note_equation(docname, name, location=node)
        number = tag[2].strip()
        domain.equations[node["label"]] = (docname, number)  # type: ignore[assignment]
        node["number"] = number
        cut = sorted((part for part in (tag, label) if part is not None), reverse=True)
        for start, end, _ in cut:
            tex = tex[:start] + tex[end:]
        node.children = [nodes.Text(tex.strip())]
        node["ng_math"] = "numbered-tag"
        node["ng_tag"] = number
        return True


def split_wrapped(tex: str) -> str:
    r"""Wrap *tex* as Sphinx does inside one equation: in ``split`` when it has ``\\``."""
    return f"\\begin{{split}}{tex}\\end{{split}}" if "\\\\" in tex else tex


class HtmlDisplayMath(SphinxPostTransform):
    """HTML: give MathJax the marked formulas exactly as the author wrote them."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        """Rewrite every marked formula of the document for MathJax."""
        opening, closing = self.config.mathjax_display
        for node in self.document.findall(nodes.math_block):
            if node.get("ng_math") in ("tag", "env"):
                node["nowrap"] = node["no-wrap"] = True
                node.children = [nodes.Text(f"{opening}{node.astext()}{closing}")]


class LatexDisplayMath(SphinxPostTransform):
    """LaTeX: tags outside ``split``, environments as themselves, tagged labels numbered."""

    default_priority = 200
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Rewrite every marked formula of the document for LaTeX."""
        for node in self.document.findall(nodes.math_block):
            kind = node.get("ng_math")
            tex = node.astext()
            if kind == "env":
                name = whole_environment(tex) or ""
                if not name.endswith("*"):
                    tex = tex.replace(f"\\begin{{{name}}}", f"\\begin{{{name}*}}", 1)
                    tex = tex[: tex.rfind(f"\\end{{{name}}}")] + f"\\end{{{name}*}}"
                text = tex
            elif kind == "tag":
                start, end, arg = top_level_command(tex, "tag") or (0, 0, "")
                star = "*" if tex[start:end].startswith("\\tag*") else ""
                body = split_wrapped((tex[:start] + tex[end:]).strip())
                text = f"\\begin{{equation*}}{body}\\tag{star}{{{arg}}}\\end{{equation*}}"
            elif kind == "numbered-tag":
                label = f"equation:{node['docname']}:{node['label']}"
                body = split_wrapped(tex)
                text = (
                    f"\\begin{{equation}}{body}\\tag{{{node['ng_tag']}}}"
                    f"\\label{{{label}}}\\end{{equation}}"
                )
                del node["label"]
            else:
                continue
            node["nowrap"] = node["no-wrap"] = True
            node.children = [nodes.Text(text)]


def html_tex(node: nodes.math_block, tex: str | None = None) -> str:
    """Return the TeX that MathJax receives for display formula *node* (text *tex*) in HTML."""
    tex = node.astext() if tex is None else tex
    if node.get("nowrap") or node.get("no-wrap") or node.get("ng_math") in ("tag", "env"):
        return tex
    parts = [part for part in tex.split("\n\n") if part.strip()]
    if len(parts) > 1:
        inner = "\\\\".join(split_wrapped(part) for part in parts)
        return f"\\begin{{align}}\\begin{{aligned}}{inner}\\end{{aligned}}\\end{{align}}"
    return split_wrapped(tex)


def setup_display_math(app: Sphinx) -> None:
    """Register the transforms."""
    app.add_transform(DisplayMathTransform)
    app.add_post_transform(HtmlDisplayMath)
    app.add_post_transform(LatexDisplayMath)
