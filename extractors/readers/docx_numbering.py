"""Word automatic numbering (numbering.xml) resolved into the labels a reader sees."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from docx.oxml import ns

# A tag's Clark name ("{namespace}p") spelled once: the readers ask for the same few per paragraph.
qn = cache(ns.qn)

# Word's russianLower/russianUpper skip ё, й, ъ, ы, ь.
RUSSIAN_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
BULLET = "•"


def _roman(n: int) -> str:
    vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
            (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


def _letters(n: int, alphabet: str) -> str:
    # Word repeats the letter: a..z, aa..zz, ...
    n -= 1
    return alphabet[n % len(alphabet)] * (n // len(alphabet) + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("decimal", "decimalZero"):
        return f"{n:02d}" if fmt == "decimalZero" and n < 10 else str(n)
    if fmt == "lowerLetter":
        return _letters(n, "abcdefghijklmnopqrstuvwxyz")
    if fmt == "upperLetter":
        return _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "russianLower":
        return _letters(n, RUSSIAN_LETTERS)
    if fmt == "russianUpper":
        return _letters(n, RUSSIAN_LETTERS.upper())
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart_after: int | None = None  # w:lvlRestart: reset when this (1-based) level advances


@dataclass
class NumDef:
    abstract_id: str
    levels: dict[int, Level]
    start_overrides: dict[int, int] = field(default_factory=dict)


def _val(el, tag: str) -> str | None:
    child = el.find(qn(tag)) if el is not None else None
    return child.get(qn("w:val")) if child is not None else None


def styles_numbering(styles) -> dict[str, tuple[str | None, int | None]]:
    """Style id -> the (numId, ilvl) its paragraphs are numbered by, inherited along ``basedOn``, of a
    styles element."""
    raw: dict[str, tuple[str | None, int | None, str | None]] = {}
    for st in styles.findall(qn("w:style")):
        ppr = st.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id = _val(numpr, "w:numId") if numpr is not None else None
        ilvl = _val(numpr, "w:ilvl") if numpr is not None else None
        raw[st.get(qn("w:styleId"))] = (num_id, int(ilvl) if ilvl else None, _val(st, "w:basedOn"))
    numbered: dict[str, tuple[str | None, int | None]] = {}
    for sid in raw:
        num_id, ilvl, seen, cur = None, None, set(), sid
        while cur in raw and cur not in seen:   # inherit along basedOn
            seen.add(cur)
            n, lv, base = raw[cur]
            num_id = num_id or n
            ilvl = ilvl if ilvl is not None else lv
            cur = base
        if num_id:
            numbered[sid] = (num_id, ilvl)
    return numbered


class Numbering:
    """Counts list items in document order and renders their labels."""

    def __init__(self, document, style_numpr: dict[str, tuple[str | None, int | None]] | None = None) -> None:
        """``style_numpr``: the numbering paragraph styles carry, when the caller has it already
        (docx_styles.style_tables, kept per template); else read from the document's styles."""
        self.nums: dict[str, NumDef] = {}
        self.style_numpr: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self._load_numbering(document)
        if style_numpr is not None:
            self.style_numpr = style_numpr
        else:
            try:
                self.style_numpr = styles_numbering(document.styles.element)
            except AttributeError:
                pass

    def _load_numbering(self, document) -> None:
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstracts: dict[str, dict[int, Level]] = {}
        for an in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in an.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                restart = _val(lvl, "w:lvlRestart")
                levels[ilvl] = Level(start=int(_val(lvl, "w:start") or 1), fmt=_val(lvl, "w:numFmt") or "decimal",
                                     text=_val(lvl, "w:lvlText") or "",
                                     restart_after=int(restart) if restart is not None else None)
            abstracts[an.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            aid = _val(num, "w:abstractNumId")
            overrides = {}
            for ov in num.findall(qn("w:lvlOverride")):
                so = _val(ov, "w:startOverride")
                if so is not None:
                    overrides[int(ov.get(qn("w:ilvl"), "0"))] = int(so)
            self.nums[num.get(qn("w:numId"))] = NumDef(aid, abstracts.get(aid, {}), overrides)

    def label_for(self, p_el) -> tuple[str | None, int | None]:
        """Advance the counters for paragraph p_el and return (label, level) or (None, None)."""
        ppr = p_el.find(qn("w:pPr"))
        num_id = ilvl = None
        if ppr is not None:
            numpr = ppr.find(qn("w:numPr"))
            if numpr is not None:
                num_id = _val(numpr, "w:numId")
                lv = _val(numpr, "w:ilvl")
                ilvl = int(lv) if lv is not None else None
            style_id = _val(ppr, "w:pStyle")
            if style_id in self.style_numpr:
                s_num, s_lvl = self.style_numpr[style_id]
                num_id = num_id or s_num
                ilvl = ilvl if ilvl is not None else s_lvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None, None
        ilvl = ilvl or 0
        nd = self.nums[num_id]
        # nums with a start override count on their own; the others share their abstract list's counters
        key = f"n{num_id}" if nd.start_overrides else f"a{nd.abstract_id}"
        counters = self.counters.setdefault(key, {})
        level = nd.levels.get(ilvl, Level())
        start = nd.start_overrides.get(ilvl, level.start)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            lvl_def = nd.levels.get(deeper, Level())
            if lvl_def.restart_after is None or lvl_def.restart_after - 1 <= ilvl:
                del counters[deeper]
        if level.fmt == "bullet":
            return BULLET, ilvl
        label = level.text
        for k in range(ilvl, -1, -1):
            lv_def = nd.levels.get(k, Level())
            value = counters.get(k, nd.start_overrides.get(k, lv_def.start))
            label = label.replace(f"%{k + 1}", format_number(value, lv_def.fmt))
        return label.strip() or None, ilvl
