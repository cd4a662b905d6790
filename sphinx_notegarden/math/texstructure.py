r"""TeX commands that shape a formula: environments, delimiters, rows, tags and labels.

Each follows MathJax 3's rule: ``\begin``/``\end`` must match and name a known
environment (two equation environments in one formula are an error); ``\left`` opens a
group that only ``\right`` closes; ``&`` and ``\hline`` belong in arrays; ``\tag``
may appear once per equation or row, not in ``aligned``-like environments, and is
dropped in inline math; a ``\label`` is unique.
"""

from __future__ import annotations

import re

from . import tex_rules as rules
from .macroset import EnvDef
from .texparse import Frame, Parser
from .texreader import DIMENSION_END, substitute

# -- environments ----------------------------------------------------------------


def begin(p: Parser, name: str, start: int) -> None:
    r"""``\begin{env}``: a known environment opens a group; an unknown one is an error."""
    env = p.get_argument(name)[0]
    if "\\" in env:
        p.fail("InvalidEnv", f"Invalid environment name '{env}'", start)
    user = p.ctx.user_environment(env)
    if user is not None:
        _begin_user(p, user, start)
        return
    p.no_pending()
    flags = p.ctx.environment_flags(env)
    if flags is None:
        p.fail("UnknownEnv", f"Unknown environment '{env}'", start)
    if "e" in flags:
        if p.ctx.eqnenv:
            p.fail("ErroneousNestingEq", "Erroneous nesting of equation structures", start)
        p.ctx.eqnenv = True
    required, optional = rules.ENV_ARGS.get(env, (0, False))
    if optional:
        p.get_brackets(f"begin{{{env}}}")
    for _ in range(required):
        arg = p.get_argument(f"begin{{{env}}}")[0]
        if "align" in env and re.search(r"[^0-9]", arg):
            p.fail("PositiveIntegerArg", f"Argument to \\begin{{{env}}} must me a positive integer")
    frame = Frame("env", name=env, flags=flags)
    p.stack.append(frame)
    if "e" in flags or "t" not in flags:
        p.ctx.tag_frames.append(frame)


def _begin_user(p: Parser, env: EnvDef, start: int) -> None:
    args: list[str] = []
    if env.nargs and env.default is not None:
        optional = p.get_brackets(f"begin{{{env.name}}}")
        args.append(env.default if optional is None else optional)
    while len(args) < env.nargs:
        args.append(p.get_argument(f"begin{{{env.name}}}")[0])
    p.stack.append(Frame("user-env", name=env.name))
    p.splice(substitute(p, env.begin, args), start)


def end(p: Parser, name: str, start: int) -> None:
    r"""``\end{env}``: it must close the innermost open environment."""
    env = p.get_argument(name)[0]
    user = p.ctx.user_environment(env)
    if user is not None:  # MathJax inserts the end code first, then closes the environment
        p.splice(user.end + "\x00", start)
        return
    top = p.top
    if top.pending or top.kind not in ("env", "user-env"):
        p.fail("MissingBeginExtraEnd", f"Missing \\begin{{{env}}} or extra \\end{{{env}}}", start)
    if top.name != env:
        p.fail("EnvBadEnd", f"\\begin{{{top.name}}} ended with \\end{{{env}}}", start)
    p.stack.pop()
    if p.ctx.tag_frames and p.ctx.tag_frames[-1] is top:
        p.ctx.tag_frames.pop()
    p.produce()


# -- delimiters, rows, scripts ---------------------------------------------------


def left(p: Parser, name: str, start: int) -> None:
    r"""``\left`` reads a delimiter and opens a group that ``\right`` must close."""
    p.get_delimiter(name)
    p.stack.append(Frame("left"))


def right(p: Parser, name: str, start: int) -> None:
    r"""``\right`` reads a delimiter and closes the innermost ``\left``."""
    p.get_delimiter(name)
    if p.top.pending or p.top.kind != "left":
        p.fail("MissingLeftExtraRight", "Missing \\left or extra \\right", start)
    p.stack.pop()
    p.produce()


def middle(p: Parser, name: str, start: int) -> None:
    r"""``\middle`` reads a delimiter and must stand directly in a ``\left`` group."""
    p.get_delimiter(name)
    if p.top.pending or p.top.kind != "left":
        p.fail("ExtraMiddle", "Extra \\middle", start)
    p.top.last = None


def big(p: Parser, name: str, start: int) -> None:
    r"""``\big``, ``\Bigl``, ...: a sized delimiter."""
    p.get_delimiter(name)
    p.produce()


def new_row(p: Parser, name: str, start: int) -> None:
    r"""``\\``, ``\cr``, ``\newline``: a new row; ``\\[...]`` must hold a dimension."""
    p.no_pending()
    if name == "\\":
        if p.s[p.i : p.i + 1] == "*":
            p.i += 1
        if p.s[p.i : p.i + 1] == "[":
            dimension = p.get_brackets(name)
            if dimension and not DIMENSION_END.match(dimension):
                p.fail("BracketMustBeDimension", "Bracket argument to \\\\ must be a dimension")
    top = p.top
    top.tags, top.label, top.last, top.infix = 0, False, None, False


def hline(p: Parser, name: str, start: int) -> None:
    r"""``\hline`` belongs in an array."""
    p.no_pending()
    if "a" not in p.top.flags or p.top.last is not None:  # only at the start of a cell
        p.fail("Misplaced", f"Misplaced \\{name}", start)


def limits(p: Parser, name: str, start: int) -> None:
    r"""``\limits`` and ``\nolimits`` must follow an operator."""
    base = p.top.last
    if base is None or not base.op:
        p.fail("MisplacedLimits", f"\\{name} is allowed only on operators", start)


def infix(p: Parser, name: str, start: int) -> None:
    r"""``\over`` and friends: one per group."""
    p.no_pending()
    top = p.top
    if top.infix:
        p.fail("AmbiguousUseOf", f"Ambiguous use of \\{name}", start)
    if name.endswith("withdelims"):
        p.get_delimiter(name)
        p.get_delimiter(name)
    if name.startswith("above"):
        p.get_dimen(name)
    top.infix, top.last = True, None


# -- tags and labels -------------------------------------------------------------


def tag(p: Parser, name: str, start: int) -> None:
    r"""``\tag``: one per equation or row, not in aligned-like environments, not inline."""
    ctx = p.ctx
    slot = ctx.tag_frames[-1] if ctx.tag_frames else None
    if slot is not None and "t" not in slot.flags:
        p.fail("CommandNotAllowedInEnv", f"\\tag not allowed in {slot.name} environment", start)
    if slot.tags if slot is not None else ctx.top_tags:
        p.fail("MultipleCommand", "Multiple \\tag", start)
    p.get_star()
    arg, at = p.get_argument(name)
    empty = not arg.strip()  # an empty tag takes no slot
    if slot is not None:
        if empty:
            return
        slot.tags = 1
        p.parse_text(arg, at)
        return
    ctx.top_tags = 0 if empty else 1
    if ctx.display:
        p.parse_text(arg, at)
    else:  # MathJax drops it without reading it
        ctx.note("tag-inline", "\\tag in inline math: MathJax drops the tag", p.where(start))


def label(p: Parser, name: str, start: int) -> None:
    r"""``\label``: one per equation or row, and unique on the page."""
    text = p.get_argument(name)[0]
    if not text:
        return
    ctx = p.ctx
    slot = ctx.tag_frames[-1] if ctx.tag_frames else None
    if (slot.label if slot else ctx.top_label) or text in ctx.labels:
        p.fail("MultipleLabel", f"Label '{text}' multiply defined", start)
    if slot:
        slot.label = True
    else:
        ctx.top_label = True
    ctx.labels.append(text)
