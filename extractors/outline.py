"""The outline of a document: which blocks are items, how deep each sits, where an item's text goes on
after a page break, and where an attached part (a Порядок or Положение it approves, an appendix)
begins. Word numbering levels win over typed labels ("1.", "1.1.", "а)", dashes); a lettered or dashed
item sits one level below the item that opened it."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors import obligation_rules as O
from schemas.document import Block, Document

# the title of an attached regulation (a standard, a code of ethics, a memo too): its norms are not tasks unless
# they carry a term
REGULATION_TITLE = re.compile(r"^\s*(порядок|положение|регламент|правила|инструкция|методические\s+рекомендации|"
                              r"(?:\w+\s+)?стандарты|кодекс|памятка)\b", re.I)
# "УТВЕРЖДЕН(О/А/Ы)" stamp over an attached part
APPROVAL_STAMP = re.compile(r"^\s*(утвержд[её]н[аоы]?|утверждаю)\b", re.I)


@dataclass(frozen=True)
class Label:
    text: str
    kind: str            # number | letter | bullet
    depth: int           # 1 = a top-level item
    body: int            # offset of the item's words in the block's text


@dataclass(frozen=True)
class Part:
    block: int           # first block of the part
    kind: str            # main | regulation | appendix


def label(block: Block, open_depth: int) -> Label | None:
    """The item label opening a block and its depth; ``open_depth`` is the depth of the item the block
    may belong under (for letters and dashes, which carry no depth of their own)."""
    m = O.ITEM_LABEL.match(block.text)
    if not m:
        return None
    kind = "number" if m.group("num") else "letter" if m.group("letter") else "bullet"
    if block.list_level is not None:
        depth = block.list_level + 1
    elif kind == "number":
        depth = m.group("num").count(".") + 1
    else:
        depth = open_depth + 1
    return Label(text=m.group("label"), kind=kind, depth=depth, body=m.end())


DASHED_TERM = re.compile(r"^\s*[-–—]\s*(?:до\s+|не\s+позднее\s+)?(?:\d{1,2}\.\d{1,2}\.(?:\d{4}|\d\d)|\d{1,2}\s+[а-яё]+\s+\d{4})"
                         r"\s*(?:г\.?|года)?\s*[.;]?\s*$", re.I)


WHO_LABEL_AT_END = re.compile(r"(?:\bотв\.|\bответственн\w*(?:\s+исполнител\w*)?\s*:)\s*[-–—:]?\s*$", re.I)


def continues(prev: Block | None, block: Block) -> bool:
    """A paragraph that goes on with the previous one's sentence (cut by a page break or a line of
    OCR): it opens in lower case, or with a number and a word in lower case ("28 марта 2025 г.;", "10 процентах
    …": a date or a figure, not an item's label), and the one before did not end its sentence."""
    if prev is None or block.kind != "paragraph":
        return False
    if prev.text.count("(") > prev.text.count(")") and not prev.text.rstrip().endswith(":"):
        return True     # a bracket left open: "(председатель" / "– Гончаров Ю.В.)."
    if DASHED_TERM.match(block.text) and not prev.text.rstrip().endswith((".", ":", ";", "!", "?")):
        return True     # the item's term on a line of its own: "… для обучающихся 9-х классов" / "– 25.03.2025."
    if WHO_LABEL_AT_END.search(prev.text) and len(block.text) < 200:
        return True     # "… Срок – до 21.02.2025, отв." / "Николаева Т.А.": the name the label opens
    m = O.ITEM_LABEL.match(block.text)
    if m and not (m.group("label").isdigit() and block.text[m.end():m.end() + 1].islower()):
        return False
    first = block.text.lstrip().lstrip("(«\"")[:1]      # "(приложение 1)." goes on too
    if m:
        first = block.text[m.end():m.end() + 1]
    return bool(first) and first.islower() and not prev.text.rstrip().endswith((".", ":", ";", "!", "?"))


def parts(doc: Document, body_start: int) -> list[Part]:
    """The order itself, then each attached part: an "Приложение к …" heading or an approval stamp,
    typed as a regulation when a Порядок/Положение title follows within a few blocks."""
    out = [Part(block=body_start, kind="main")]
    blocks = doc.blocks
    k = body_start + 1
    while k < len(blocks):
        b = blocks[k]
        if b.kind == "paragraph" and (O.ATTACHMENT.match(b.text) or APPROVAL_STAMP.match(b.text)):
            window = [x for x in blocks[k:k + 6] if x.kind == "paragraph"]
            regulation = any(REGULATION_TITLE.match(x.text) and len(x.text) < 400 for x in window)
            out.append(Part(block=k, kind="regulation" if regulation else "appendix"))
            k += len(window)
            continue
        k += 1
    return out


def part_of(parts_: list[Part], block_index: int) -> tuple[int, Part]:
    """1-based number of the part holding a block, and the part."""
    n, found = 1, parts_[0]
    for i, p in enumerate(parts_):
        if block_index >= p.block:
            n, found = i + 1, p
    return n, found


class Nesting:
    """Depth of numbered items when neither Word levels nor dotted numbers give it: a list restarting at
    "1." right after an item that ends with ":" is that item's sub-list, and goes on while its numbers
    follow on and its items read as parts of one sentence (lower case, or the one before ended with
    ";")."""

    def __init__(self) -> None:
        self.depth: int | None = None       # depth of the open sub-list
        self.next = 0

    def place(self, lab: Label, number: str | None, body: str, parent_open: bool, parent_depth: int,
              prev_text: str) -> int:
        if lab.kind != "number" or number is None or "." in number:
            self.depth = None
            return lab.depth
        n = int(number)
        if parent_open and n == 1 and lab.depth <= parent_depth:
            self.depth, self.next = parent_depth + 1, 2
            return self.depth
        if self.depth is not None and n == self.next and (
                body.lstrip()[:1].islower() or prev_text.rstrip().endswith((";", ","))):
            self.next += 1
            return self.depth
        self.depth = None
        return lab.depth
