r"""A model of MathJax 3's TeX parser: it stops where MathJax stops with an error.

It walks a formula as MathJax does and builds no output. It keeps what decides
MathJax's errors: a stack of groups (``{``, ``\left``, environments), the current base
of ``^``/``_``/``'``, arguments read exactly as MathJax's ``GetArgument``,
``GetBrackets``, ``GetDelimiter`` and ``GetDimen`` read them (:mod:`.texreader`), user
macros expanded by substitution as MathJax expands them, and formula-wide state
(equation environments, ``\tag`` slots, labels). The commands with their own rules
live in :mod:`.texcommands` and :mod:`.texdefs`; the tables in :mod:`.tex_tables` and
:mod:`.tex_rules`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .texcontext import Context, TexError
from .texreader import Reader

_PLAIN = re.compile(r"[^\\\\{}^_'\u2019&#%\x00\s]+")
_PLAIN_OR_SPACE = re.compile(r"[^\\\\{}^_'\u2019&#%\x00]*")
_SCRIPT_ERRORS = {
    "sup": ("MissingOpenForSup", "Missing open brace for superscript"),
    "sub": ("MissingOpenForSub", "Missing open brace for subscript"),
}


@dataclass(eq=False, slots=True)
class Atom:
    """The base that ``^``, ``_`` and ``'`` attach to, with what it already carries."""

    op: bool = False
    movesupsub: bool = False
    sup: bool = False
    sub: bool = False
    prime_top: bool = False


@dataclass(eq=False, slots=True)
class Frame:
    r"""One open group on the parser's stack: the formula, ``{``, ``\left`` or ``\begin``."""

    kind: str  # "start", "open", "left", "env", "user-env"
    name: str = ""
    flags: str = ""  # environment flags from tex_tables.ENVIRONMENT_FLAGS, plus "c": cases
    last: Atom | None = None
    pending: str = ""  # "sup" or "sub" while a script waits for its argument
    infix: bool = False  # an \over-like command was used in this group
    tags: int = 0  # \tag in the current row, when the frame is a tag slot
    label: bool = False


class Parser(Reader):
    """Parse one string (a formula or an argument) in a shared formula :class:`Context`."""

    def __init__(self, text: str, ctx: Context, origin: int = 0, start: Frame | None = None):
        super().__init__(text, ctx, origin)
        self.stack = [start or Frame("start")]

    @property
    def top(self) -> Frame:
        """The innermost open group."""
        return self.stack[-1]

    # -- the main loop -------------------------------------------------------------

    def run(self) -> None:
        """Parse the whole string, then check that every group was closed."""
        plain_match = _PLAIN.match
        stack = self.stack
        while self.i < len(self.s):
            i = self.i
            c = self.s[i]
            if c == "\\":
                self.i = i + 1
                control_sequence(self, i)
                continue
            plain = plain_match(self.s, i)
            if plain:  # a run of letters, digits and symbols: one atom each
                end = self.i = plain.end()
                top = stack[-1]
                if top.pending:
                    top.pending = ""
                    if end - i > 1:
                        top.last = Atom()
                else:
                    top.last = Atom()
                continue
            self.i = i + 1
            if c == " ":
                continue
            if c == "{":
                self.stack.append(Frame("open"))
            elif c == "}":
                if self.top.pending or self.top.kind != "open":
                    self.fail("ExtraCloseMissingOpen", "Extra close brace or missing open brace")
                self.stack.pop()
                self.produce()
            elif c in "^_":
                self.script("sup" if c == "^" else "sub")
            elif c in "'\u2019":
                self.prime()
            elif c == "&":
                self.ampersand()
            elif c == "#":
                self.fail(
                    "CantUseHash1", "You can't use 'macro parameter character #' in math mode"
                )
            elif c == "%":
                newline = self.s.find("\n", self.i)
                self.i = len(self.s) if newline < 0 else newline
            elif c == "\x00":  # end of a user environment's end code
                if self.top.kind != "user-env":
                    name = next((f.name for f in reversed(self.stack) if f.kind == "user-env"), "")
                    self.fail(
                        "MissingBeginExtraEnd",
                        f"Missing \\begin{{{name}}} or extra \\end{{{name}}}",
                    )
                self.stack.pop()
                self.produce()
            elif not c.isspace() or c == "\xa0":
                self.produce()
        self.finish()

    def finish(self) -> None:
        """Raise MathJax's error for whatever is still open at the end."""
        top = self.top
        if top.pending:
            self.fail("MissingScript", "Missing superscript or subscript argument")
        if top.kind == "open":
            self.fail("ExtraOpenMissingClose", "Extra open brace or missing close brace")
        if top.kind == "left":
            self.fail("ExtraLeftMissingRight", "Extra \\left or missing \\right")
        if top.kind in ("env", "user-env"):
            self.fail("EnvMissingEnd", f"Missing \\end{{{top.name}}}")

    # -- atoms and scripts ---------------------------------------------------------

    def produce(self, op: bool = False, movesupsub: bool = False) -> None:
        """Record one new atom (or fill the script that is waiting for one)."""
        top = self.top
        if top.pending:
            top.pending = ""
        else:
            top.last = Atom(op=op, movesupsub=movesupsub)

    def no_pending(self) -> None:
        """Fail if a ``^`` or ``_`` is still waiting for its argument."""
        if self.top.pending:
            self.fail(*_SCRIPT_ERRORS[self.top.pending])

    def script(self, kind: str) -> None:
        """Handle ``^`` or ``_``: check the base for a second script of the same kind."""
        self.no_pending()
        top = self.top
        base = top.last or Atom()
        if kind == "sup":
            if base.prime_top:
                base.prime_top = False
            elif base.sup:
                self.fail("DoubleExponent", "Double exponent: use braces to clarify")
            base.sup = True
        else:
            base.prime_top = False
            if base.sub:
                self.fail("DoubleSubscripts", "Double subscripts: use braces to clarify")
            base.sub = True
        top.last = base
        top.pending = kind

    def prime(self) -> None:
        """Handle ``'`` (and the primes and spaces right after it)."""
        self.no_pending()
        top = self.top
        base = top.last or Atom()
        if base.sup and not base.prime_top and not base.movesupsub:
            self.fail("DoubleExponentPrime", "Prime causes double exponent: use braces to clarify")
        while self.i < len(self.s) and (self.s[self.i].isspace() or self.s[self.i] in "'\u2019"):
            self.i += 1
        base.sup = base.prime_top = True
        top.last = base

    def ampersand(self) -> None:
        """Handle ``&``: only an array-like environment may hold it."""
        self.no_pending()
        top = self.top
        if "a" not in top.flags:
            self.fail("Misplaced", "Misplaced &")
        top.last, top.infix = None, False
        if "c" in top.flags:  # plain \cases: the rest of the cell is text
            self.cases_text()

    def cases_text(self) -> None:
        r"""Skip to the end of a ``\cases`` cell, checking its ``$...$`` as MathJax does."""
        start, depth, j = self.i, 0, self.i
        while j < len(self.s):
            c = self.s[j]
            if c == "{":
                depth += 1
            elif c == "}":
                if depth == 0:
                    break
                depth -= 1
            elif c == "&" and depth == 0:
                self.fail("ExtraAlignTab", "Extra alignment tab in \\cases text")
            elif c == "\\":
                if self.s.startswith("\\\\", j) or re.match(r"\\cr(?![a-zA-Z])", self.s[j:]):
                    break
                j += 1
            j += 1
        self.parse_text(self.s[start:j].strip(), self.where(start))
        self.i = j

    # -- nested parsing ------------------------------------------------------------

    def parse_math(self, text: str, origin: int, start: Frame | None = None) -> None:
        """Parse an argument as math, in a parser of its own (as MathJax's ``ParseArg``)."""
        if start is None and _PLAIN_OR_SPACE.fullmatch(text):  # letters, digits: nothing to check
            return
        Parser(text, self.ctx, origin, start).run()

    def parse_text(self, text: str, origin: int) -> None:
        r"""Check a text argument: only its ``$...$``, ``\(...\)`` and ``\ref`` are math."""
        if not re.search(r"\\?[${}\\]|\\\(|\\(eq)?ref\s*\{", text):
            return
        i, k, match, braces = 0, 0, "", 0
        while i < len(text):
            c = text[i]
            i += 1
            if c == "$":
                if match == "$" and braces == 0:
                    self.parse_math(text[k : i - 1], origin + k)
                    match, k = "", i
                elif match == "":
                    match, k = "$", i
            elif c == "{" and match:
                braces += 1
            elif c == "}":
                if match == "}" and braces == 0:
                    self.parse_math(text[k:i], origin + k)
                    match, k = "", i
                elif match and braces:
                    braces -= 1
            elif c == "\\":
                ref = re.match(r"(eq)?ref\s*\{", text[i:])
                if match == "" and ref:
                    match, k = "}", i - 1
                    i += len(ref.group(0))
                    continue
                c = text[i : i + 1]
                i += 1
                if c == "(" and match == "":
                    match, k = ")", i
                elif c == ")" and match == ")" and braces == 0:
                    self.parse_math(text[k : i - 2], origin + k)
                    match, k = "", i
        if match:
            raise TexError("MathNotTerminated", "Math not terminated in text box", origin)


# The commands need Parser; Parser's loop needs them (imported last to close the circle).
from .texcommands import control_sequence  # noqa: E402
