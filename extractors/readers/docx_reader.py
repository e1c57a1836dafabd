"""DOCX reader: body paragraphs and tables in order, numbering resolved, merged cells, text boxes,
headers and footers. python-docx opens the package; the body is walked as XML where it stops."""
from __future__ import annotations

import zipfile
from pathlib import Path

import docx

from extractors.readers import tab_table
from extractors.readers.base import ReadError
from extractors.readers.builder import DocumentBuilder
from extractors.readers.docx_numbering import Numbering, qn
from extractors.readers.docx_styles import style_tables
from extractors.readers.limits import LIMITS, size_over
from extractors.readers.table_merge import merge_continued
from schemas.document import Document, Locator

W_P, W_TBL, W_SDT, W_R = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:r")
TXBX = qn("w:txbxContent")
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
TEXT_TAGS = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n",
             qn("w:noBreakHyphen"): "-", qn("w:softHyphen"): ""}


def check_package(path: Path) -> None:
    """Refuse zip bombs from the zip directory before any XML is parsed."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except zipfile.BadZipFile as e:
        raise ReadError(f"corrupt DOCX (bad zip): {e}") from None
    total = sum(i.file_size for i in infos)
    if total > LIMITS.max_uncompressed_bytes:
        raise ReadError(size_over("DOCX распаковывается в", total, LIMITS.max_uncompressed_bytes))


def _inside(el, stop, tags: tuple[str, ...]) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def run_text(p_el) -> str:
    """Visible text of a paragraph: tabs and soft breaks kept, text boxes left to their own blocks."""
    out = []
    for el in p_el.iter(*TEXT_TAGS):
        if _inside(el, p_el, (TXBX, MC_FALLBACK)):
            continue
        if el.tag == qn("w:br") and el.get(qn("w:type")) == "page":
            continue
        out.append(el.text or "" if TEXT_TAGS[el.tag] is None else TEXT_TAGS[el.tag])
    return "".join(out)


def is_bold(p_el) -> bool:
    runs = [r for r in p_el.iter(W_R) if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()]
    if not runs:
        return False
    for r in runs:
        b = r.find(f"{qn('w:rPr')}/{qn('w:b')}")
        if b is None or b.get(qn("w:val")) in ("0", "false"):
            return False
    return True


def style_names(document) -> dict[str, str | None]:
    """Style id -> the name Word shows (python-docx's Style.name), read from the styles' XML: wrapping
    each of a template's ~160 styles as a python-docx object cost a tenth of a document's reading."""
    return style_tables(document)[0]


class _Walker:
    def __init__(self, document, builder: DocumentBuilder) -> None:
        self.doc = document
        self.b = builder
        # the style table and the styles' numbering, read once per template (docx_styles)
        self.style_names, numbered = style_tables(document)
        self.numbering = Numbering(document, numbered)
        self.para_index = 0
        self.table_index = 0
        self.items: list[tuple] = []   # body in order, tables joined to what they continue before building

    def paragraph_text(self, p_el) -> tuple[str, str | None, int | None]:
        label, level = self.numbering.label_for(p_el)
        text = run_text(p_el)
        if label and text.strip():
            text = f"{label} {text.lstrip()}"
        return text, label, level

    def body(self, parent) -> None:
        for child in parent.iterchildren():
            if child.tag == W_P:
                self.paragraph(child)
            elif child.tag == W_TBL:
                self.table(child)
            elif child.tag == W_SDT:
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self.body(content)

    def paragraph(self, p_el, kind: str = "paragraph") -> None:
        text, label, level = self.paragraph_text(p_el)
        ppr = p_el.find(qn("w:pPr"))
        style_id = ppr.find(qn("w:pStyle")).get(qn("w:val")) if ppr is not None and ppr.find(qn("w:pStyle")) is not None else None
        jc = ppr.find(qn("w:jc")) if ppr is not None else None
        if text.strip():
            self.items.append((kind, text, Locator(paragraph=self.para_index),
                               dict(list_label=label, list_level=level, style=self.style_names.get(style_id, style_id),
                                    bold=is_bold(p_el), align=jc.get(qn("w:val")) if jc is not None else None)))
        self.para_index += 1
        for box in p_el.iter(TXBX):
            if _inside(box, p_el, (MC_FALLBACK,)):
                continue
            for inner in box.iter(W_P):
                self.items.append(("textbox", self.paragraph_text(inner)[0], Locator(paragraph=self.para_index - 1), {}))

    def cell_text(self, tc) -> str:
        lines = []
        for el in tc.iterchildren():
            if el.tag == W_P:
                lines.append(self.paragraph_text(el)[0])
            elif el.tag == W_TBL:  # nested table: its rows as lines
                # its own rows and cells only: each deeper table is read once, by its own cell (walking
                # every descendant at each level cost 2^depth, a 38 KB DOCX nested 17 deep 78 s)
                for tr in el.iterchildren(qn("w:tr")):
                    lines.append(" | ".join(self.cell_text(c) for c in tr.iterchildren(qn("w:tc"))))
        return "\n".join(lines).strip()

    def table(self, tbl) -> None:
        """A table; a letter laid out in one (its body a single cell across the width) is read as the
        paragraphs it holds, the rows around that cell (letterhead, signature) staying tables."""
        pending: list = []
        for tr in tbl.findall(qn("w:tr")):
            body = _body_cell(tr)
            if body is None:
                pending.append(tr)
                continue
            if pending:
                self.rows_table(pending)
                pending = []
            self.body(body)
        if pending:
            self.rows_table(pending)

    def rows_table(self, trs: list) -> None:
        t = self.table_index
        self.table_index += 1
        rows: list[list[dict]] = []
        origin_at: dict[int, dict] = {}   # grid column -> cell that a vMerge continues
        for tr in trs:
            col = 0
            trpr = tr.find(qn("w:trPr"))
            if trpr is not None and trpr.find(qn("w:gridBefore")) is not None:
                col = int(trpr.find(qn("w:gridBefore")).get(qn("w:val"), "0"))
            cells = []
            for tc in tr.findall(qn("w:tc")):
                tcpr = tc.find(qn("w:tcPr"))
                span = 1
                vmerge = None
                if tcpr is not None:
                    gs = tcpr.find(qn("w:gridSpan"))
                    span = int(gs.get(qn("w:val"), "1")) if gs is not None else 1
                    vm = tcpr.find(qn("w:vMerge"))
                    if vm is not None:
                        vmerge = vm.get(qn("w:val")) or "continue"
                if vmerge == "continue" and col in origin_at:
                    origin_at[col]["row_span"] += 1
                else:
                    cell = {"text": self.cell_text(tc), "col": col, "col_span": span, "row_span": 1,
                            "locator": Locator(table=t, row=len(rows), cell=col)}
                    cells.append(cell)
                    origin_at.update({c: cell for c in range(col, col + span)})
                col += span
            rows.append(cells)
        self.items.append(("table", rows, Locator(table=t)))

    def tab_tables(self, items: list[tuple]) -> list[tuple]:
        """Paragraphs typed as a table with tabs (an RTF's or a letter's schedule) become that table."""
        texts = [item[1] if item[0] == "paragraph" else "" for item in items]
        out, pos = [], 0
        for start, end in tab_table.runs(texts):
            t = self.table_index
            self.table_index += 1
            out += items[pos:start] + [("table", tab_table.table(texts[start:end], t),
                                        Locator(table=t, paragraph=items[start][2].paragraph))]
            pos = end
        return out + items[pos:]

    def flush(self) -> None:
        for item in merge_continued(self.tab_tables(self.items)):
            if item[0] == "table":
                self.b.table(item[1], item[2])
            else:
                self.b.paragraph(item[1], item[2], kind=item[0], **item[3])
        self.items = []

    def headers_footers(self, which: str) -> None:
        seen = set()
        for section in self.doc.sections:
            for part in (getattr(section, f"first_page_{which}"), getattr(section, which),
                         getattr(section, f"even_page_{which}")):
                if part.is_linked_to_previous:
                    continue
                for p in part._element.iter(W_P):
                    text = self.paragraph_text(p)[0]
                    if text.strip() and text not in seen:
                        seen.add(text)
                        self.b.paragraph(text, Locator(), kind=which)


BODY_CELL_CHARS, BODY_CELL_PARAGRAPHS = 500, 3


def _body_cell(tr):
    """The cell of a row that is a letter's body: the row's only cell with text, several paragraphs long.
    A task table's row is never one (its text is shared among its columns; a section row is short)."""
    cells = [tc for tc in tr.findall(qn("w:tc")) if "".join(tc.itertext()).strip()]
    if len(cells) != 1:
        return None
    paragraphs = [p for p in cells[0].findall(W_P) if "".join(p.itertext()).strip()]
    text = sum(len("".join(p.itertext())) for p in paragraphs)
    return cells[0] if len(paragraphs) >= BODY_CELL_PARAGRAPHS and text >= BODY_CELL_CHARS else None


def read_docx(path: Path) -> Document:
    check_package(path)
    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises many types for broken packages
        raise ReadError(f"corrupt DOCX: {type(e).__name__}: {e}".rstrip(": ")) from None
    b = DocumentBuilder()
    w = _Walker(document, b)
    w.headers_footers("header")
    w.body(document.element.body)
    w.flush()
    w.headers_footers("footer")
    return b.build(path, "docx")
