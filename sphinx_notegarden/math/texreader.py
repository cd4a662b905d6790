"""Reading TeX input as MathJax 3 reads it: control sequences, arguments, dimensions.

:class:`Reader` holds the string being parsed and the position in it, and reads the way
MathJax's ``TexParser`` does (``GetCS``, ``GetArgument``, ``GetBrackets``, ``GetDimen``,
``GetDelimiter``); :func:`substitute` and :meth:`Reader.splice` expand macros as
MathJax's ``substituteArgs`` and ``addArgs`` do, with its limits on recursion.
"""

from __future__ import annotations

import re
from typing import NoReturn

from .texcontext import Context, TexError

MAX_MACROS = 1000
MAX_BUFFER = 5 * 1024
_CS = re.compile(r"([A-Za-z]+) ?|([^\n\r])")
_NUM = r"([-+]?(?:[.,]\d+|\d+(?:[.,]\d*)?))\s*(pt|em|ex|mu|px|mm|cm|in|pc)"
DIMENSION_END = re.compile(r"\s*" + _NUM + r"\s*$")
DIMENSION_REST = re.compile(r"\s*" + _NUM + " ?")
_CONTROL_WORD_END = re.compile(r"(?:^|[^\\])(?:\\\\)*\\[a-z]+$", re.IGNORECASE)


class Reader:
    """A string, a position in it, and MathJax's ways of reading TeX from it."""

    def __init__(self, text: str, ctx: Context, origin: int = 0) -> None:
        self.s = text
        self.i = 0
        self.ctx = ctx
        self.origin = origin
        self.orig_len = len(text)
        self.floor = origin
        self.macro_count = 0

    def where(self, pos: int | None = None) -> int:
        """Map a position in the (possibly macro-expanded) string to the original formula."""
        pos = self.i if pos is None else pos
        return max(self.floor, self.origin + self.orig_len - (len(self.s) - pos))

    def fail(self, code: str, message: str, pos: int | None = None) -> NoReturn:
        """Stop as MathJax stops: with its error *code* and *message*."""
        raise TexError(code, message, self.where(pos))

    def skip_spaces(self) -> None:
        """Move past white space, as MathJax's ``GetNext`` does."""
        while self.i < len(self.s) and self.s[self.i].isspace():
            self.i += 1

    def peek(self) -> str:
        """Return the next non-space character ('' at the end), without consuming it."""
        self.skip_spaces()
        return self.s[self.i] if self.i < len(self.s) else ""

    def get_cs(self) -> str:
        """Read a control-sequence name after a backslash (MathJax's ``GetCS``)."""
        match = _CS.match(self.s, self.i)
        if match is None:
            self.i += 1
            return " "
        self.i = match.end()
        return match.group(1) or match.group(2)

    def get_argument(self, name: str, none_ok: bool = False) -> tuple[str, int]:
        """Read one argument: a braced group, a control sequence or one character."""
        c = self.peek()
        if c == "":
            if none_ok:
                return "", self.where()
            self.fail("MissingArgFor", f"Missing argument for \\{name}")
        if c == "}":
            self.fail("ExtraCloseMissingOpen", "Extra close brace or missing open brace")
        if c == "\\":
            self.i += 1
            return "\\" + self.get_cs(), self.where()
        if c == "{":
            start = self.i = self.i + 1
            depth = 1
            while self.i < len(self.s):
                ch = self.s[self.i]
                self.i += 1
                if ch == "\\":
                    self.i += 1
                elif ch == "{":
                    depth += 1
                elif ch == "}":
                    depth -= 1
                    if depth == 0:
                        return self.s[start : self.i - 1], self.where(start)
            self.fail("MissingCloseBrace", "Missing close brace")
        self.i += 1
        return c, self.where(self.i - 1)

    def get_brackets(self, name: str) -> str | None:
        """Read an optional ``[...]`` argument, or return None when there is none."""
        if self.peek() != "[":
            return None
        start = self.i = self.i + 1
        depth = 0
        while self.i < len(self.s):
            ch = self.s[self.i]
            self.i += 1
            if ch == "{":
                depth += 1
            elif ch == "\\":
                self.i += 1
            elif ch == "}":
                if depth <= 0:
                    self.fail("ExtraCloseLooking", "Extra close brace while looking for ']'")
                depth -= 1
            elif ch == "]" and depth == 0:
                return self.s[start : self.i - 1]
        self.fail("MissingCloseBracket", f"Could not find closing ']' for argument to \\{name}")

    def get_star(self) -> bool:
        """Consume a ``*`` right after a command, if there is one."""
        if self.peek() == "*":
            self.i += 1
            return True
        return False

    def get_dimen(self, name: str) -> None:
        """Read a dimension such as ``1em`` or ``{2pt}``."""
        if self.peek() == "{":
            text, _ = self.get_argument(name)
            if DIMENSION_END.match(text):
                return
        else:
            match = DIMENSION_REST.match(self.s, self.i)
            if match:
                self.i = match.end()
                return
        self.fail("MissingDimOrUnits", f"Missing dimension or its units for \\{name}")

    def get_delimiter(self, name: str) -> str:
        r"""Read the delimiter after ``\left``, ``\big`` and the like."""
        c = self.peek()
        if c:
            self.i += 1
            if c == "\\":
                c += self.get_cs()
            if self.ctx.is_delimiter(c):
                return c
        self.fail("MissingOrUnrecognizedDelim", f"Missing or unrecognized delimiter for \\{name}")

    def splice(self, text: str, start: int) -> None:
        """Replace what was read since *start*... by *text* (a macro expansion), as MathJax."""
        self.macro_count += 1
        if self.macro_count > MAX_MACROS:
            self.fail(
                "MaxMacroSub1",
                "MathJax maximum macro substitution count exceeded; "
                "is there a recursive macro call?",
                start,
            )
        rest = self.s[self.i :]
        if rest[:1].isalpha() and rest[:1].isascii() and _CONTROL_WORD_END.search(text):
            text += " "
        if len(text) + len(rest) > MAX_BUFFER:
            self.fail(
                "MaxBufferSize",
                "MathJax internal buffer size exceeded; is there a recursive macro call?",
                start,
            )
        self.floor = self.where(start)
        self.s = text + rest
        self.i = 0


def substitute(parser: Reader, body: str, args: list[str]) -> str:
    """Put *args* in place of ``#1``..``#9`` in a macro body (MathJax's ``substituteArgs``)."""
    out: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        i += 1
        if c == "\\":
            out.append(c + body[i : i + 1])
            i += 1
        elif c == "#":
            c = body[i : i + 1]
            i += 1
            if c == "#":
                out.append(c)
            elif not (c.isdigit() and c != "0" and int(c) <= len(args)):
                parser.fail("IllegalMacroParam", "Illegal macro parameter reference")
            else:
                arg = args[int(c) - 1]
                text = "".join(out)
                if arg[:1].isalpha() and arg[:1].isascii() and _CONTROL_WORD_END.search(text):
                    out.append(" ")
                out.append(arg)
        else:
            out.append(c)
    return "".join(out)
