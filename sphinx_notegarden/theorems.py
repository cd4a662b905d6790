"""Theorem numbering: callouts of theorem-like kinds numbered as LaTeX's amsthm numbers them.

Sphinx's numfig cannot carry these numbers: it numbers only documents reachable from
the root toctree (vault notes often are not), restarts only per numbered section, and
turns on figure numbers too. So the numbers are kept here, as plain data in the ``ng``
domain's store, by an environment collector (:mod:`sphinx_notegarden.theorem_collector`):

- while a document is read, its numbered callouts (kind, ids, in document order) and
  the references that show a number (``{ref}``, ``{numref}``, ``[[Note#^id]]``,
  embeds) are recorded; each callout is marked with its document and position;
- after every read (``env-get-updated``, once section numbers are known), the numbers
  are computed from scratch, deterministically: per note, or in one running sequence
  (toctree order from the root document, then the documents in no toctree by name);
- every document whose numbers, or the numbers it refers to, changed is rewritten.

:mod:`sphinx_notegarden.theorem_titles` puts the numbers into titles and references
when writing; :mod:`sphinx_notegarden.theorem_latex` writes amsthm environments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sphinx.util import logging

from .callout_kinds import PROOF_KIND
from .config import ConfigValue, kind_registry

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


logger = logging.getLogger(__name__)

#: The settings of theorem numbering (registered with every other value, see
#: :func:`sphinx_notegarden.config.register_config_values`).
THEOREM_CONFIG_VALUES: tuple[ConfigValue, ...] = (
    ConfigValue(
        "notegarden_theorem_numbering",
        "off",
        "env",
        (str,),
        'Number theorem-like callouts as LaTeX\'s amsthm does: ``"off"`` (no numbers, as '
        'in Obsidian), ``"note"`` (numbers restart in each note) or ``"site"`` (one '
        "running sequence: documents in toctree order, then those in no toctree by name). "
        'A numbered callout is titled "Theorem 3 (Title)"; ``{numref}``, ``{ref}`` and '
        "``[[Note#^id]]`` show its number; LaTeX output uses amsthm environments.",
    ),
    ConfigValue(
        "notegarden_theorem_kinds",
        [
            "theorem",
            "lemma",
            "proposition",
            "corollary",
            "conjecture",
            "claim",
            "definition",
            "axiom",
            "example",
            "exercise",
            "notation",
            "algorithm",
            "remark",
        ],
        "env",
        (list, tuple),
        "The callout kinds that are numbered (built-in or from ``notegarden_callout_kinds``).",
    ),
    ConfigValue(
        "notegarden_theorem_counter",
        "shared",
        "env",
        (str,),
        '``"shared"``: one counter for every numbered kind (Theorem 1, Lemma 2, '
        'Definition 3), as in most papers; ``"kind"``: a counter per kind (Theorem 1, '
        "Lemma 1).",
    ),
    ConfigValue(
        "notegarden_theorem_note_number",
        True,
        "env",
        (bool,),
        'With ``"note"`` numbering, put the note\'s own number in front when a numbered '
        "toctree gives it one: Theorem 2.3 is the third in note 2.",
    ),
)

NUMBERING_MODES = ("off", "note", "site")
COUNTER_MODES = ("shared", "kind")
#: Keys of the ``ng`` domain's data that this module owns.
RECORDS, REFERENCES, NUMBERS, DIGESTS = (
    "theorems",
    "theorem_refs",
    "theorem_numbers",
    "theorem_digests",
)


@dataclass(frozen=True)
class TheoremSettings:
    """The numbering settings of a build, read from the (checked) config."""

    mode: str
    kinds: frozenset[str]
    shared: bool
    note_number: bool

    @property
    def enabled(self) -> bool:
        """Whether callouts are numbered at all."""
        return self.mode != "off"


def theorem_settings(config: Config) -> TheoremSettings:
    """Return the numbering settings of *config*."""
    return TheoremSettings(
        mode=str(config.notegarden_theorem_numbering),
        kinds=frozenset(str(k).lower() for k in config.notegarden_theorem_kinds),
        shared=config.notegarden_theorem_counter == "shared",
        note_number=bool(config.notegarden_theorem_note_number),
    )


def check_theorem_config(app: Sphinx, config: Config) -> None:
    """On ``config-inited``: warn about unusable settings; set up LaTeX when numbering."""
    for name, allowed in (
        ("notegarden_theorem_numbering", NUMBERING_MODES),
        ("notegarden_theorem_counter", COUNTER_MODES),
    ):
        if getattr(config, name) not in allowed:
            logger.warning(
                "%s = %r is not one of %s; %r is used",
                name,
                getattr(config, name),
                ", ".join(allowed),
                allowed[0],
                type="notegarden",
                subtype="config",
            )
            setattr(config, name, allowed[0])
    registry = kind_registry(config)
    kinds = [str(kind) for kind in config.notegarden_theorem_kinds]
    unknown = [kind for kind in kinds if registry.resolve(kind) is None]
    if unknown:
        logger.warning(
            "notegarden_theorem_kinds: unknown callout kinds %s (add them to "
            "notegarden_callout_kinds); they are left out",
            ", ".join(repr(kind) for kind in unknown),
            type="notegarden",
            subtype="config",
        )
    # Aliases name their kind: "hint" in the list numbers tips. Proofs are never numbered.
    resolved = [kind.name for kind in map(registry.resolve, kinds) if kind is not None]
    if PROOF_KIND in resolved:
        logger.warning(
            "notegarden_theorem_kinds: proofs are never numbered; 'proof' is left out",
            type="notegarden",
            subtype="config",
        )
    config.notegarden_theorem_kinds = [kind for kind in resolved if kind != PROOF_KIND]
    if theorem_settings(config).enabled:
        from .theorem_latex import setup_latex_theorems  # LaTeX only matters when numbering

        setup_latex_theorems(app, config)


class TheoremStore:
    """Typed access to the theorem data kept in the ``ng`` domain (plain dicts only)."""

    def __init__(self, env: BuildEnvironment) -> None:
        self.env = env
        self.data: dict[str, Any] = env.domaindata.setdefault("ng", {})

    @property
    def records(self) -> dict[str, list[dict[str, Any]]]:
        """Numbered callouts by docname, in document order: ``{"kind", "ids"}``."""
        return cast("dict[str, list[dict[str, Any]]]", self.data.setdefault(RECORDS, {}))

    @property
    def references(self) -> dict[str, list[list[str]]]:
        """References that show numbers, by docname: ``[type, target, anchor]``."""
        return cast("dict[str, list[list[str]]]", self.data.setdefault(REFERENCES, {}))

    @property
    def numbers(self) -> dict[str, list[str]]:
        """The number of each recorded callout ("3", "2.3"), by docname."""
        return cast("dict[str, list[str]]", self.data.setdefault(NUMBERS, {}))

    def number(self, docname: str, index: int) -> tuple[str, str] | None:
        """Return (kind, number) of the *index*-th numbered callout of *docname*."""
        records, numbers = self.records.get(docname, []), self.numbers.get(docname, [])
        if 0 <= index < min(len(records), len(numbers)):
            return str(records[index]["kind"]), numbers[index]
        return None

    def find(self, docname: str, node_id: str) -> tuple[str, str] | None:
        """Return (kind, number) of the numbered callout of *docname* with *node_id*."""
        for index, record in enumerate(self.records.get(docname, [])):
            if node_id in record["ids"]:
                return self.number(docname, index)
        return None


def site_order(env: BuildEnvironment) -> list[str]:
    """Return every document: toctree order from the root document, then the rest by name."""
    order: list[str] = []
    seen: set[str] = set()
    stack = [env.config.root_doc]
    while stack:
        docname = stack.pop()
        if docname in seen or docname not in env.all_docs:
            continue
        seen.add(docname)
        order.append(docname)
        stack.extend(reversed(env.toctree_includes.get(docname, [])))
    order.extend(sorted(set(env.all_docs) - seen))
    return order


def number_theorems(
    records: dict[str, list[dict[str, Any]]],
    order: list[str],
    settings: TheoremSettings,
    note_numbers: dict[str, tuple[int, ...]],
) -> dict[str, list[str]]:
    """Return the number of every recorded callout, by docname.

    Documents are numbered in *order*; per note, a counter restarts in each document
    and *note_numbers* (from numbered toctrees) prefixes it.
    """
    numbers: dict[str, list[str]] = {}
    counters: dict[str, int] = {}
    for docname in order:
        if docname not in records:
            continue
        if settings.mode == "note":
            counters = {}
        prefix = note_numbers.get(docname, ()) if settings.mode == "note" else ()
        assigned = []
        for record in records[docname]:
            key = "" if settings.shared else str(record["kind"])
            counters[key] = counters.get(key, 0) + 1
            assigned.append(".".join(str(part) for part in (*prefix, counters[key])))
        numbers[docname] = assigned
    return numbers


def setup_theorems(app: Sphinx) -> None:
    """Register the numbering: config check, collector, and the title post-transform."""
    # Both modules import this one (settings, store); importing them here avoids a cycle.
    from .theorem_collector import TheoremCollector
    from .theorem_titles import TheoremNumberTransform

    app.connect("config-inited", check_theorem_config)
    app.add_env_collector(TheoremCollector)
    app.add_post_transform(TheoremNumberTransform)
