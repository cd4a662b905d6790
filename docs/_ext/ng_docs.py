"""Directives used only by these docs: live examples, and tables read from the code.

``ng-example NAME`` shows ``examples/NAME.md`` and ``examples/NAME.rst`` in two tabs,
each with its source and its live rendering; the test suite builds the same files,
so every example in the docs is also a test input.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from sphinx_notegarden.callout_kinds import BUILTIN_KINDS
from sphinx_notegarden.callouts import build_callout
from sphinx_notegarden.config import CONFIG_VALUES
from sphinx_notegarden.icons import icon_names
from sphinx_notegarden.landscape.directive import LANDSCAPE_CONFIG_VALUES
from sphinx_notegarden.math import MATH_CONFIG_VALUES
from sphinx_notegarden.theorems import THEOREM_CONFIG_VALUES

EXAMPLE_TEMPLATE = """\
::::{{tab-set}}
:sync-group: syntax

:::{{tab-item}} MyST Markdown
:sync: myst

```{{literalinclude}} /examples/{name}.md
:language: md
```

```{{include}} /examples/{name}.md
```
:::

:::{{tab-item}} reStructuredText
:sync: rst

```{{literalinclude}} /examples/{name}.rst
:language: rst
```

```{{eval-rst}}
.. include:: /examples/{name}.rst
```
:::
::::
"""


class ExampleDirective(SphinxDirective):
    """Show one example in MyST and rST, source and rendering side by side."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        for suffix in (".md", ".rst"):
            self.env.note_dependency(str(self.env.srcdir / "examples" / f"{name}{suffix}"))
        text = EXAMPLE_TEMPLATE.format(name=name)
        container = nodes.container(classes=["ng-docs-example"])
        self.state.nested_parse(
            StringList(text.splitlines(), source=f"example {name}"), 0, container
        )
        return [container]


class ConfigValuesDirective(SphinxDirective):
    """A reference entry for every ``notegarden_*`` value, read from the code."""

    def run(self) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for value in (
            *CONFIG_VALUES,
            *MATH_CONFIG_VALUES,
            *THEOREM_CONFIG_VALUES,
            *LANDSCAPE_CONFIG_VALUES,
        ):
            section = nodes.section(ids=[value.name], names=[value.name])
            section += nodes.title("", "", nodes.literal(value.name, value.name))
            fields = nodes.field_list()
            for label, text in (
                ("Type", " or ".join(t.__name__ for t in value.types)),
                ("Default", repr(value.default)),
                ("Rebuild", value.rebuild or "nothing"),
            ):
                fields += nodes.field(
                    "",
                    nodes.field_name("", label),
                    nodes.field_body("", nodes.paragraph("", "", nodes.literal(text, text))),
                )
            section += fields
            section += self.parse_text_to_nodes(value.description)
            self.state.document.note_implicit_target(section)
            result.append(section)
        return result


class CalloutKindsDirective(SphinxDirective):
    """A live callout of every built-in kind, with its aliases and LaTeX mapping."""

    def run(self) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for kind in BUILTIN_KINDS:
            node = build_callout(kind, [nodes.Text(kind.label)])
            self.set_source_info(node)
            aliases = ", ".join(kind.aliases) or "none"
            text = (
                f"kind: {kind.name} - aliases: {aliases} - LaTeX: {kind.latex} - icon: {kind.icon}"
            )
            node += nodes.paragraph("", text)
            result.append(node)
        return result


class IconNamesDirective(SphinxDirective):
    """The list of built-in icon names, read from the code."""

    def run(self) -> list[nodes.Node]:
        items = nodes.bullet_list()
        for name in icon_names():
            items += nodes.list_item("", nodes.paragraph("", "", nodes.literal(name, name)))
        return [items]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("ng-example", ExampleDirective)
    app.add_directive("ng-config-values", ConfigValuesDirective)
    app.add_directive("ng-callout-kinds", CalloutKindsDirective)
    app.add_directive("ng-icon-names", IconNamesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
