"""Plain text (UTF-8 or cp1251): paragraphs are separated by blank lines, or start on a line of their own
(an item, or a sentence after a line that ended one: a letter typed a paragraph a line); a table typed
with tabs (tab_table.py) or drawn with bars and rules (drawn_table.py) is a table."""
from __future__ import annotations

import re
from pathlib import Path

from extractors.readers import drawn_table, tab_table
from extractors.readers.base import ReadError
from extractors.readers.builder import DocumentBuilder
from schemas.document import Document, Locator

# A line that begins a paragraph without a blank line before it: a numbered, lettered, dashed or
# bulleted item; a capitalised line after one that ended a sentence or a lead-in (":"); any line after
# a short one (a line wrapped by hand runs near the text's width, a paragraph's last line need not).
ITEM_START = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]|[а-яa-z][.)]|[-–—•·*])\s")
ENDS_SENTENCE = re.compile(r"[.:;!?]\s*$")
SHORT_LINE = 0.6   # of the longest line around it


def decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ReadError("text is neither UTF-8 nor cp1251")


def read_text(path: Path) -> Document:
    lines = decode(path.read_bytes()).replace("\r\n", "\n").split("\n")
    b = DocumentBuilder()
    pos = 0
    drawn = drawn_table.runs(lines)
    tabbed = [(s, e, tab_table) for s, e in tab_table.runs(lines)
              if not any(s < de and ds < e for ds, de in drawn)]
    found = sorted([(s, e, drawn_table) for s, e in drawn] + tabbed)
    for t, (start, end, kind) in enumerate(found + [(len(lines), len(lines), None)]):
        _prose(b, lines[pos:start], pos)
        if start < end:
            b.table(kind.table(lines[start:end], t), Locator(table=t, paragraph=start))
        pos = end
    return b.build(path, "text")


def _prose(b: DocumentBuilder, lines: list[str], line_no: int) -> None:
    """Paragraphs of lines that are no tab table: blank lines part them, and so do the starts
    ``paragraphs`` finds; a letterhead typed in two columns with spaces gives its left column, then its right."""
    for chunk in re.split(r"\n\s*\n", "\n".join(lines)):
        chunk_lines = chunk.split("\n")
        if chunk.strip():
            for column in columns(chunk_lines):
                for offset, para in paragraphs(column):
                    b.paragraph(para, Locator(paragraph=line_no + offset))
        line_no += len(chunk_lines) + 1


RIGHT_COLUMN = re.compile(r"(?:^|\S) {4,}(?=\S)")   # a wide run of spaces before text: where a right column opens
MIN_COLUMN = 20                                     # characters: a right column starts this far in at least


def columns(lines: list[str]) -> list[list[str]]:
    """A chunk typed in two columns ("30.10.2023  N 57-5016        Руководителям органов …" with the addressee's
    further lines indented to the same place) as its left lines and its right ones, each line kept in its place
    (a blank where a column has none); other chunks as they are."""
    starts = [next((m.end() for m in RIGHT_COLUMN.finditer(line) if m.end() >= MIN_COLUMN), None) for line in lines]
    at = [s for s in starts if s is not None]
    if len(at) < 2 or max(at) - min(at) > 3 or not any(line[:s].strip() for line, s in zip(lines, starts) if s):
        return [lines]
    cut = min(at)
    left = [line[:cut].rstrip() if s is not None else line for line, s in zip(lines, starts)]
    right = [line[cut:].strip() if s is not None else "" for line, s in zip(lines, starts)]
    return [left, right]


def paragraphs(lines: list[str]) -> list[tuple[int, str]]:
    """(line offset, text) of the paragraphs in lines with no blank line between them: a line wrapped
    by hand goes on its paragraph; an item, a sentence begun on a new line, a line after a short one
    starts one."""
    out: list[tuple[int, list[str]]] = []
    width = max(len(line.strip()) for line in lines)
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        last = out[-1][1][-1].strip() if out else ""
        if not out or ITEM_START.match(line) or len(last) < SHORT_LINE * width \
                or (ENDS_SENTENCE.search(last) and line.lstrip()[:1].isupper()):
            out.append((i, [line]))
        else:
            out[-1][1].append(line)
    return [(i, "\n".join(ls).strip()) for i, ls in out]
