"""Regenerates fixtures/: the five seed documents as DOCX laid out as the originals would be, the
same rendered to PDF by LibreOffice, and two further layouts (merged cells with section rows, a
letter with lettered sub-items), and the table cases: a plan continued over several tables, a plan
without ruling lines, cells merged over a page break, and a scan of a ruled plan. The seed texts come from
../shared/seeds; LibreOffice (soffice) is needed only for the PDFs.
Usage: python scripts/make_fixtures.py [--no-pdf | --tables]"""
from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
OUT = ROOT / "fixtures"
CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY


def seed(prefix: str) -> tuple[str, str]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return path.stem, path.read_text(encoding="utf-8")


def new_doc(landscape: bool = False) -> Document:
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = "Times New Roman"
    st.font.size = Pt(12)
    st.paragraph_format.space_after = Pt(0)
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21)
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = Cm(2.5), Cm(1.5), Cm(2), Cm(2)
    return doc


def para(container, text: str, align=None, bold: bool = False, indent: bool = False, style: str | None = None,
         space_after: int = 0):
    p = container.add_paragraph(style=style)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = p.add_run(line)
        run.bold = bold
        if i < len(lines) - 1:
            run.add_break()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Cm(1.25)
    p.paragraph_format.space_after = Pt(space_after)
    return p


def borderless(table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def grid_table(doc, rows: list[list[str]], widths_cm: list[float], header_bold: bool = True):
    table = doc.add_table(rows=0, cols=len(widths_cm))
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        row = table.add_row()
        for c, text in enumerate(cells):
            cell = row.cells[c]
            cell.width = Cm(widths_cm[c])
            cell.paragraphs[0].text = ""
            lines = text.split("\n")
            for i, line in enumerate(lines):
                p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                run = p.add_run(line)
                run.bold = header_bold and r == 0
                run.font.size = Pt(10)
    return table


def numbering_list(doc, fmt: str = "decimal", text: str = "%1.", levels: list[tuple[str, str]] | None = None) -> int:
    """Adds an abstract list and a num to numbering.xml; returns the numId."""
    numbering = doc.part.numbering_part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    aid, nid = max(abstract_ids, default=0) + 1, max(num_ids, default=0) + 1
    an = OxmlElement("w:abstractNum")
    an.set(qn("w:abstractNumId"), str(aid))
    for ilvl, (f, t) in enumerate(levels or [(fmt, text)]):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, val in (("w:start", "1"), ("w:numFmt", f), ("w:lvlText", t)):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str(360 + 360 * ilvl))
        ind.set(qn("w:hanging"), "360")
        ppr.append(ind)
        lvl.append(ppr)
        an.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(an)
    else:
        numbering.append(an)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(nid))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(aid))
    num.append(ref)
    numbering.append(num)
    return nid


def restart_of(doc, num_id: int) -> int:
    """A new num over the same abstract list that starts again at 1 (Word's 'restart numbering')."""
    numbering = doc.part.numbering_part.element
    src = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    nid = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
    num = copy.deepcopy(src)
    num.set(qn("w:numId"), str(nid))
    ov = OxmlElement("w:lvlOverride")
    ov.set(qn("w:ilvl"), "0")
    so = OxmlElement("w:startOverride")
    so.set(qn("w:val"), "1")
    ov.append(so)
    num.append(ov)
    numbering.append(num)
    return nid


def numbered(doc, text: str, num_id: int, level: int = 0, align=JUSTIFY):
    p = para(doc, text, align=align)
    ppr = p._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    for tag, val in (("w:ilvl", str(level)), ("w:numId", str(num_id))):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        numpr.append(el)
    ppr.insert(0, numpr)
    return p


def blocks_of(text: str) -> list[str]:
    return [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]


# ---------------------------------------------------------------- seeds
def seed_000(doc, text: str) -> None:
    b = blocks_of(text)
    # letterhead: body name and address block on the left, in a borderless table beside an empty right column
    t = doc.add_table(rows=1, cols=2)
    borderless(t)
    left = t.cell(0, 0)
    left.paragraphs[0].text = ""
    head = ["ОТДЕЛ", "ОБРАЗОВАНИЯ"] + b[2].split("\n") + [b[3]]
    for i, line in enumerate(head):
        p = left.paragraphs[0] if i == 0 else left.add_paragraph()
        p.add_run(line).bold = i < 2
        p.alignment = CENTER
    para(doc, b[4])  # на № отг
    para(doc, "")
    for title in b[5:8]:
        para(doc, title, align=CENTER, bold=True)
    para(doc, "")
    body = b[8:-2]
    for p in body:
        para(doc, p, align=JUSTIFY, indent=True)
    para(doc, "")
    para(doc, b[-2] + "\t\t\t\t" + b[-1])


def seed_001(doc, text: str) -> None:
    lines = text.split("\n")
    title = lines[0].strip()
    para(doc, title, align=CENTER, bold=True, space_after=6)
    rows: list[list[str]] = []
    for line in lines[1:]:
        if line.startswith("\t"):
            if re.fullmatch(r"\t\d+\s*", line) or not rows:
                rows.append([])
            rows[-1].append(line[1:].strip())
        elif line.strip():
            rows[-1][-1] = (rows[-1][-1] + "\n" + line.strip()).strip()
    header = rows[0]
    body = [r + [""] * (len(header) - len(r)) for r in rows[1:]]
    grid_table(doc, [header] + body, [1.2, 7.5, 3, 3.5, 5, 5.5])


def seed_002(doc, text: str) -> None:
    cover, attach = text.split("\nПриложение\n", 1)
    b = blocks_of(cover)
    # letterhead: a borderless two-column table, sender on the left, addressee on the right
    t = doc.add_table(rows=1, cols=2)
    borderless(t)
    left, right = t.cell(0, 0), t.cell(0, 1)
    left.paragraphs[0].text = ""
    for i, line in enumerate(b[0].split("\n") + b[2].split("\n") + [b[3], b[4]]):
        p = left.paragraphs[0] if i == 0 else left.add_paragraph()
        p.add_run(line).bold = i < 4
        p.alignment = CENTER
        if i >= 4:
            p.runs[0].font.size = Pt(9)
    right.paragraphs[0].text = ""
    for i, line in enumerate(b[1].split("\n")):
        p = right.paragraphs[0] if i == 0 else right.add_paragraph()
        p.add_run(line)
        p.alignment = CENTER
    para(doc, "")
    for p in b[5:9]:   # body, then "Приложение: на 3 л."
        para(doc, p, align=JUSTIFY, indent=True)
    para(doc, "")
    para(doc, b[9] + "\t\t\t\t\t" + b[10])
    doc.add_page_break()
    a = attach.strip().split("\n")
    para(doc, "Приложение\n" + "\n".join(a[0:2]), align=RIGHT)
    ab = blocks_of("\n".join(a[2:]))
    para(doc, "")
    para(doc, ab[0], align=CENTER, bold=True)
    para(doc, ab[1], align=CENTER, bold=True, space_after=6)
    rows = [ln.split("\t") for ln in "\n".join(ab[2:]).split("\n") if ln.strip()]
    rows = [[c.strip() for c in r] + [""] * (4 - len(r)) for r in rows]
    grid_table(doc, rows, [1.2, 8.5, 3.2, 4.3])


def seed_003(doc, text: str) -> None:
    b = blocks_of(text)
    head = [ln.strip("*") for ln in b[0].split("\n")]
    for line in head:
        para(doc, line, align=CENTER, bold=True)
    para(doc, b[1], align=CENTER)
    para(doc, "")
    para(doc, b[2])
    para(doc, b[3])
    para(doc, "")
    para(doc, b[4])
    para(doc, b[5], align=RIGHT)  # addressee
    para(doc, "")
    para(doc, b[6], align=CENTER)
    first = current = numbering_list(doc)
    used = False
    for blk in b[7:]:
        if blk.startswith("Заместитель начальника"):
            break
        m = re.match(r"(\d+)\.\s+(.*)", blk, re.S)
        if m:
            numbered(doc, m.group(2), current)
            used = True
            continue
        if used and not blk.startswith("-"):   # a new list after prose restarts at 1
            current, used = restart_of(doc, first), False
        for line in blk.split("\n"):
            para(doc, line, align=JUSTIFY, indent=not line.startswith("-"))
    sig = next(i for i, blk in enumerate(b) if blk.startswith("Заместитель начальника"))
    para(doc, "")
    para(doc, b[sig] + "\t\t\t\t\t" + b[sig + 1])
    para(doc, "")
    for blk in b[sig + 2:]:   # the executors' contacts, small print
        for r in para(doc, blk).runs:
            r.font.size = Pt(9)


def seed_004(doc, text: str) -> None:
    b = blocks_of(text)
    para(doc, b[0], align=CENTER, bold=True)
    para(doc, "")
    para(doc, b[1], align=CENTER, bold=True)
    para(doc, b[2], align=CENTER)
    para(doc, "")
    para(doc, b[3].replace("*", ""), bold=True)
    para(doc, b[4])
    para(doc, "")
    for blk in b[5:]:
        if blk.startswith("**Директор"):
            para(doc, "")
            para(doc, blk.replace("*", "").strip() + "\t\t\t\t" + b[-1], bold=False)
            break
        if "\t" in blk:   # the form the municipalities fill in: a real table
            cells = blk.split("\t")
            grid_table(doc, [cells, [""] * len(cells)], [4.2, 4.2, 4.2, 4.2])
            continue
        para(doc, blk, align=JUSTIFY, indent=not blk.startswith("Срок"))


# ---------------------------------------------------------------- further layouts
def merged_cells_plan(doc) -> None:
    para(doc, "УТВЕРЖДЕН\nприказом комитета образования\nадминистрации Лужского муниципального района\nот 14.09.2021 № 312",
         align=RIGHT)
    para(doc, "")
    para(doc, "План мероприятий по подготовке к государственной итоговой аттестации на 2021-2022 учебный год",
         align=CENTER, bold=True, space_after=6)
    header = ["№", "Содержание мероприятия", "Срок реализации", "Ответственные исполнители", "Отметка об исполнении"]
    rows = [header,
            ["1. Нормативное правовое обеспечение", "", "", "", ""],
            ["1.1", "Подготовка распорядительных документов по организации ГИА-9 и ГИА-11", "IV квартал 2021 г.",
             "Комитет образования", "Исполнено"],
            ["1.2", "Формирование муниципальной базы данных участников ГИА", "до 01.12.2021", "", ""],
            ["2. Работа с педагогическими кадрами", "", "", "", ""],
            ["2.1", "Проведение семинаров для учителей-предметников", "1 полугодие 2022 года",
             "МКУ «Информационно-методический центр»", ""],
            ["2.2", "Организация курсов повышения квалификации", "ежеквартально", "", ""]]
    table = grid_table(doc, rows, [1.0, 6.0, 3.0, 4.0, 3.0])
    for r in (1, 4):   # section rows span the whole table
        row = table.rows[r]
        row.cells[0].merge(row.cells[4])
        row.cells[0].paragraphs[0].runs[0].bold = True
        for extra in row.cells[0].paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
    # one responsible body for items 1.1-1.2 and one for 2.1-2.2 (vertical merges)
    for top, bottom in ((2, 3), (5, 6)):
        a, b = table.cell(top, 3), table.cell(bottom, 3)
        a.merge(b)
        for extra in a.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)


def lettered_letter(doc) -> None:
    t = doc.add_table(rows=1, cols=2)
    borderless(t)
    left, right = t.cell(0, 0), t.cell(0, 1)
    for cell, lines in ((left, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ", "ПСКОВСКОЙ ОБЛАСТИ", "ул. Некрасова, д. 23, г. Псков, 180001",
                                "от 12.03.2021 № ОБ-04/1187", "на № 15-08/223 от 01.03.2021"]),
                        (right, ["Руководителям органов местного самоуправления муниципальных районов и городских "
                                 "округов Псковской области, осуществляющих управление в сфере образования"])):
        cell.paragraphs[0].text = ""
        for i, line in enumerate(lines):
            p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            p.add_run(line).bold = cell is left and i < 2
    para(doc, "")
    para(doc, "О проведении мониторинга", bold=True)
    para(doc, "")
    para(doc, "В соответствии с приказом Министерства просвещения Российской Федерации от 05.02.2021 № 44 "
              "прошу обеспечить:", align=JUSTIFY, indent=True)
    outer = numbering_list(doc, levels=[("decimal", "%1."), ("russianLower", "%2)")])
    numbered(doc, "участие общеобразовательных организаций в мониторинге функциональной грамотности:", outer)
    numbered(doc, "назначение муниципальных координаторов (до 19 марта 2021 г.);", outer, level=1)
    numbered(doc, "представление списков участников (в течение 10 рабочих дней со дня получения письма);", outer, level=1)
    numbered(doc, "представление отчёта о проведении мониторинга ежеквартально, до 5 числа месяца, следующего за "
                  "отчётным.", outer)
    para(doc, "")
    para(doc, "Министр\t\t\t\t\t\tА.Н. Сидорова")


# ---------------------------------------------------------------- tables wherever they are
PLAN_HEADER = ["№ п/п", "Наименование мероприятия", "Срок проведения", "Целевая аудитория", "Ответственный"]
PLAN_WIDTHS = [1.2, 6.5, 3.0, 3.2, 3.6]


def plan_title(doc, title: str, number: str) -> None:
    """The approval stamp and title; each plan its own number (one number, date and signer would make
    the plans versions of one document)."""
    para(doc, "УТВЕРЖДАЮ\nДиректор МБОУ «Средняя школа № 7»\nг. Великие Луки\n________ О.В. Смирнова\n"
              f"от 30.08.2022 № {number}", align=RIGHT)
    para(doc, "")
    para(doc, title, align=CENTER, bold=True, space_after=6)


def plan_continued(doc) -> None:
    """A plan whose table goes on after a section heading set between two tables, then in a third table on
    the next page whose first row is the rest of a row the second one cut; an audience column that is no
    task. Landscape, so LibreOffice does not break the column titles inside words."""
    plan_title(doc, "План мероприятий по профилактике детского дорожно-транспортного травматизма на 2022-2023 учебный год", "211")
    grid_table(doc, [PLAN_HEADER,
                     ["1.", "Проведение инструктажа с педагогами по профилактике травматизма", "до 05.09.2022",
                      "педагоги", "Заместитель директора по ВР"],
                     ["2.", "Обновление схемы безопасного маршрута «дом — школа — дом»", "сентябрь 2022",
                      "обучающиеся 1-4 классов", "Классные руководители"]], PLAN_WIDTHS)
    para(doc, "Работа с обучающимися", align=CENTER, bold=True)
    grid_table(doc, [["3.", "Проведение «Недели безопасности» с участием инспектора ГИБДД", "до 30.09.2022",
                      "обучающиеся 1-11 классов", "Педагог-организатор"],
                     ["4.", "Организация конкурса рисунков «Дорога и мы»", "октябрь 2022", "обучающиеся 1-6 классов",
                      "Учитель ИЗО"],
                     ["5.", "Проведение бесед по правилам поведения на дороге", "ежемесячно", "обучающиеся 1-11 классов",
                      "Классные руководители"]], PLAN_WIDTHS, header_bold=False)
    doc.add_page_break()   # the third part starts on a new page with the rest of the row the break cut
    grid_table(doc, [["", "в период зимних каникул", "", "", ""],
                     ["6.", "Подготовка отчёта о проведённых мероприятиях", "до 25.05.2023", "педагоги",
                      "Заместитель директора по ВР"]], PLAN_WIDTHS, header_bold=False)


def plan_borderless(doc) -> None:
    """A plan exported without ruling lines: the columns are aligned by position only; the table goes on
    over a page break without repeating its header."""
    plan_title(doc, "План работы по подготовке к итоговому сочинению на 2022-2023 учебный год", "214")
    for i in range(15):
        para(doc, "Итоговое сочинение проводится как условие допуска к государственной итоговой аттестации.",
             align=JUSTIFY, indent=True)
    rows = [["№", "Мероприятие", "Срок исполнения", "Ответственный"],
            ["Организационная работа", "", "", ""],
            ["1.", "Формирование базы данных участников итогового сочинения", "до 15.11.2022", "Заместитель директора по УВР"],
            ["2.", "Информирование родителей о порядке проведения сочинения", "до 20.11.2022", "Классные руководители"],
            ["3.", "Проведение пробного сочинения в 11 классах", "декабрь 2022", "Учителя русского языка"],
            ["Работа с обучающимися", "", "", ""],
            ["4.", "Организация консультаций по написанию сочинения", "еженедельно", "Учителя литературы"],
            ["5.", "Анализ результатов итогового сочинения", "до 20.01.2023", "Руководитель методического объединения"]]
    table = grid_table(doc, rows, [1.2, 8.0, 3.5, 4.5])
    borderless(table)
    table.style = None
    for r in (1, 5):
        row = table.rows[r]
        row.cells[0].merge(row.cells[3])
        for extra in row.cells[0].paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        row.cells[0].paragraphs[0].alignment = CENTER


def plan_merged_over_break(doc) -> None:
    """A plan whose term and responsible cells are merged over eight rows that a page break cuts."""
    plan_title(doc, "План мероприятий по организации летней оздоровительной кампании 2023 года", "236")
    for i in range(9):
        para(doc, "Настоящий план определяет порядок подготовки и проведения летней оздоровительной кампании в "
                  "образовательной организации, состав мероприятий, сроки их проведения и ответственных лиц.",
             align=JUSTIFY, indent=True)
    header = ["№", "Мероприятие", "Срок", "Ответственный"]
    tasks = ["Подготовка помещений лагеря дневного пребывания", "Комплектование отрядов",
             "Проведение медицинского осмотра сотрудников лагеря", "Закупка спортивного инвентаря",
             "Инструктаж воспитателей по технике безопасности", "Согласование меню с Роспотребнадзором",
             "Подготовка плана воспитательных мероприятий смены", "Оформление информационного стенда для родителей",
             "Открытие лагерной смены", "Подготовка отчёта об итогах кампании"]
    rows = [header] + [[f"{i + 1}.", t, "", ""] for i, t in enumerate(tasks)]
    rows[1][2:] = ["до 25.05.2023", "Начальник лагеря Петрова И.А."]
    rows[9][2:] = ["01.06.2023", "Директор школы"]
    rows[10][2:] = ["до 30.06.2023", "Начальник лагеря Петрова И.А."]
    table = grid_table(doc, rows, [1.2, 9.0, 3.0, 4.0])
    for col in (2, 3):   # rows 1-8 share one term and one responsible
        top = table.cell(1, col)
        top.merge(table.cell(8, col))
        for extra in top.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
    for row in table.rows:   # tall rows, so the merged block cannot fit on the first page
        row.height = Cm(1.6)


def scanned(pdf: Path, out: Path, angle: float = 1.0, seed: int = 7) -> None:
    """A scan made of a fixture PDF: its first page rasterised at 200 dpi, turned about a degree, with noise."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image
    page = pdfium.PdfDocument(str(pdf))[0]
    image = page.render(scale=200 / 72).to_pil().convert("L")
    image = image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    noise = np.random.default_rng(seed).normal(0, 14, (image.height, image.width))
    pixels = np.clip(np.asarray(image, dtype=float) + noise, 0, 255).astype("uint8")
    Image.fromarray(pixels).save(out, resolution=200)


TABLE_FIXTURES = {"plan_continued_tables": (plan_continued, True), "plan_borderless": (plan_borderless, False),
                  "plan_merged_over_break": (plan_merged_over_break, False)}


def write(name: str, builder, text: str | None = None, landscape: bool = False) -> Path:
    doc = new_doc(landscape)
    builder(doc, text) if text is not None else builder(doc)
    path = OUT / f"{name}.docx"
    doc.save(path)
    return path


def to_pdf(paths: list[Path]) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice (soffice) is needed to render the PDFs: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(OUT), *map(str, paths)], check=True, capture_output=True)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    if "--tables" in sys.argv:   # only the table fixtures: the others stay byte for byte as they are
        made = [write(name, builder, landscape=wide) for name, (builder, wide) in TABLE_FIXTURES.items()]
        to_pdf(made)
        scanned(OUT / "plan_merged_cells.pdf", OUT / "plan_scanned.pdf")
        for p in made:
            print(p.relative_to(ROOT))
        return
    made = []
    for prefix, builder, landscape in (("000", seed_000, False), ("001", seed_001, True), ("002", seed_002, False),
                                       ("003", seed_003, False), ("004", seed_004, False)):
        name, text = seed(prefix)
        made.append(write(name, builder, text, landscape))
    made.append(write("plan_merged_cells", merged_cells_plan))
    made.append(write("letter_lettered_items", lettered_letter))
    made += [write(name, builder, landscape=wide) for name, (builder, wide) in TABLE_FIXTURES.items()]
    if "--no-pdf" not in sys.argv:
        to_pdf(made)
        scanned(OUT / "plan_merged_cells.pdf", OUT / "plan_scanned.pdf")
    for p in made:
        print(p.relative_to(ROOT))


if __name__ == "__main__":
    main()
