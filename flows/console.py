"""Printing values that came from documents or file names: never as rich markup, never as terminal
control. A task text with `[/b]` crashed `srok extract`, and escape sequences in a task reached the
terminal through `srok sql` (issue 14); every printed value goes through here."""
from __future__ import annotations

import re
import sys

from rich.markup import escape
from rich.text import Text

# C0 controls but tab and newline, DEL, C1 controls, and the bidi overrides that reorder what is shown
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def clean(value: object, newlines: bool = True) -> str:
    """The value as text a terminal shows literally: control characters as \\xNN, bytes of a file name
    that are not UTF-8 (surrogate escapes) as \\xNN too."""
    s = "" if value is None else str(value)
    s = s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return (_CONTROL if newlines else _CONTROL_OR_NEWLINE).sub(_visible, s)


def cell(value: object) -> Text:
    """A table cell: the value's text, shown literally (no markup, no control characters)."""
    return Text(clean(value))


def markup_safe(value: object) -> str:
    """A value to put inside a markup string ("[bold]{markup_safe(name)}[/]")."""
    return escape(clean(value))


def line(value: object) -> str:
    """One line of plain output (stderr messages, log lines): newlines shown as \\x0a too."""
    return clean(value, newlines=False)


def error(message: str) -> None:
    """`srok: …` on stderr, one line whatever the message holds."""
    sys.stderr.write(f"srok: {line(message)}\n")
