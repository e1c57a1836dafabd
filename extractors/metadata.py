"""Document metadata: type, registration number and date, reply-to, sender and where it sits,
addressees, signatory, the period the document plans for, and the attachment boundary."""
from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass

from extractors import deadline_rules as R
from extractors import obligation_rules as O
from extractors.deadlines import first_own_date, fold, month_end, month_number, parse_date
from extractors.gazetteer import gazetteer
from extractors.nlp import is_dative, is_infinitive, morph, tags, to_nominative
from extractors.tables import task_header
from extractors.references import NUM, date_in, in_reply_to, number_in
from schemas.document import Block, Document, Span
from schemas.extraction import DocumentMeta, Sender

# "№" as OCR and typing give it; a Latin "n" only standing alone before a digit (not the n of "orenburg.ru")
NO_SIGN = r"(?:№|(?<![a-zа-я])n(?=\s*\d))"
# "05.02.2024 г. Липецк № 01-03/214": the place the document was signed may stand between its date and number
PLACE = r"(?:\s*г\.\s*[а-я][а-я\-]+)?"
REG_LINE = re.compile(r"(?:(?<![а-я])от\s*)?(?P<date>" + R.date_rx("a") + r")" + R.YEAR_WORD + PLACE + r"\s*" + NO_SIGN
                      + r"\s*" + NUM + r"|" + NO_SIGN + r"\s*" + NUM.replace("num", "num2") + r"\s*(?:от\s*)?(?P<date2>"
                      + R.date_rx("c") + r")")
# a protocol's or a supervisory act's number stands in its title: "ПРОТОКОЛ № 3", "ПРЕДПИСАНИЕ № 18-П"
# "Протокол № 3", "Предписание № 1-н", "АКТ ПРОВЕРКИ № 14", "Акт выездной проверки № 7", "СПРАВКА № 56"
TITLE_NUMBER = re.compile(r"(?:протокол|предписани[ея]|представлени[ея]|справк[аи]|телефонограмм[аы]|акт(?:\s+[а-яё]+){0,2})\w*\s*(?:№|n)\s*"
                          r"(?P<num>[\w\-/]+)", re.I)
# an order's number in its title when no line gives its date and number together ("Приказ №1О", the date apart)
# ("ПРИКАЗ г. Абакан № 100-41": the place may stand between; "П О С Т А Н О В Л Е Н И Е № 41": its letters spaced out)
ORDER_TITLE_NUMBER = re.compile(r"(?:^|\s)(?:" + "|".join(r"\s?".join(w) for w in ("приказ", "распоряжение", "постановление"))
                                + r")" + PLACE + r"\s*(?:№|n)\s*(?P<num>[\w\-/]+)", re.I)
MAX_HEADER_BLOCKS = 25
# a letterhead's address or contact line (the sender's name and an addressee end before it)
ADDRESS = re.compile(r"@|(?<![а-яё])(?:тел|факс|ул|пр)\.?(?![а-яё])|e-mail|\bпр-т|\d{6}", re.I)
# nor does an addressee go on into a place or a date line ("г. Смоленск, 214000", "05.06.2024 № 07-П")
ADDRESSEE_END = re.compile(r"\bг\.\s|^\s*[«\"]?\d")


@dataclass
class Layout:
    header_end: int          # text offset where the body starts
    body_start_block: int
    attachment_block: int | None   # index of the block that opens an attachment ("Приложение к письму …")


def is_trigger(text: str) -> bool:
    """A paragraph that opens a list of tasks: "РЕШИЛИ:", "… необходимо:", "прошу обеспечить:"."""
    t = text.strip()
    return bool(t.endswith(":") and O.DIRECTIVE_TRIGGERS.search(t[-120:])) or bool(
        re.fullmatch(r"(приказываю|решили|постановляю|постановили|предлагаю|поручаю)\s*:?", t, re.I))


def is_prose(text: str) -> bool:
    """Running text, not a letterhead squeezed into one line (addresses, phones, e-mail)."""
    words = re.findall(r"[а-яё]{4,}", text)
    if re.search(r"@|\bтел\.|\bфакс", text, re.I) and len(words) < 20:   # a request may name its e-mail
        return False
    # a date's "г." is no sentence's full stop ("Глава Республики Калмыкия … «14» февраля 2025 г.": an approval)
    ends = text.rstrip().endswith((".", "!")) and not re.search(r"\d{4}\s*г\.$", text.rstrip())
    return (len(text) > 160 and len(words) >= 12) or (ends and len(words) >= 5)


FORM_LABEL = re.compile(r"^\s*(?:кому|от\s+кого|от|дата(?:\s+и\s+время)?(?:\s+(?:передачи|отправки|составления))?|№|номер|"
                        r"копи[яи]|тема|исх\.?|вх\.?|исполнитель|передал[аи]?|принял[аи]?)\s*:?\s*$", re.I)
NOT_ADDRESSED = re.compile(r"^\s*(?:копи[яи]|для\s+сведения)\s*:?\s*$", re.I)


def _is_form(block: Block) -> bool:
    """A table whose rows open with a label of a letterhead's field: a memo's "Кому: | От кого: | Дата: | №"."""
    firsts = [r.cells[0].text for r in block.rows if r.cells]
    return sum(bool(FORM_LABEL.match(t)) for t in firsts) >= max(2, len(firsts) // 2 + 1)


# an e-mail that forwards a letter: its headers open the text, a line of dashes or a "forwarded message" line ends
# the covering note, and the letter itself (its letterhead, addressees and number) follows
MAIL_HEADER = re.compile(r"^\s*(?:от|кому|тема|отправлено|копия|from|to|sent|subject|date|дата)\s*:", re.I)
MAIL_SEPARATOR = re.compile(r"^\s*(?:[-_=]{10,}|-*\s*(?:пересылаемое\s+сообщение|original\s+message|forwarded\s+"
                            r"message)\s*-*)\s*$", re.I)


MAIL_FIELD = re.compile(r"^\s*(?P<key>от|кому|тема|отправлено|копия|from|to|sent|subject|date|дата)\s*:\s*(?P<value>.*)$",
                        re.I | re.M)
MAIL_ADDRESS = re.compile(r"<[^<>]*@[^<>]*>|\S+@\S+")


def mail_headers(doc: Document) -> dict[str, str]:
    """The header fields of a text that is an e-mail ("To: Руководители ОУ г. Элисты <…>", "Date: Thu, 9 Apr 2026
    …"), keyed in lower case; empty for any other text."""
    first = doc.blocks[0].text if doc.blocks else ""
    if not MAIL_HEADER.match(first) or envelope_end(doc):
        return {}       # no e-mail, or one forwarding a letter: the letter says whom and when
    return {m.group("key").lower(): m.group("value").strip() for m in MAIL_FIELD.finditer(first)}


def mail_addressees(headers: dict[str, str]) -> list[str]:
    """Whom an e-mail is written to: its "To"/"Кому" field without the mail addresses."""
    to = MAIL_ADDRESS.sub("", headers.get("to") or headers.get("кому") or "")
    names = [re.sub(r"\s+", " ", n).strip(" ,\"'") for n in re.split(r"[;,](?![^()]*\))", to)]
    return [to_nominative(n) if is_dative(n.split()[0]) else n for n in names if len(n) > 3]


def mail_date(headers: dict[str, str]) -> dt.date | None:
    """When an e-mail was sent: its "Date" field (RFC 2822) or "Отправлено"/"Дата" in Russian."""
    value = headers.get("date") or headers.get("sent") or headers.get("отправлено") or headers.get("дата")
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError):
        return parse_date(value)


def envelope_end(doc: Document) -> int:
    """The index of the first block of the letter an e-mail forwards (0 where the text is no such e-mail)."""
    blocks = doc.blocks[:MAX_HEADER_BLOCKS]
    if not blocks or not MAIL_HEADER.match(blocks[0].text):
        return 0
    for b in blocks:
        first, _, rest = b.text.partition("\n")
        if MAIL_SEPARATOR.match(first):   # the separator a block of its own, or the line the letter's block opens with
            return b.index + 1 if not rest.strip() else b.index
    return 0


def layout(doc: Document) -> Layout:
    body = len(doc.blocks)
    for b in doc.blocks[:MAX_HEADER_BLOCKS]:
        if b.kind in ("header", "footer"):
            continue
        long_para = b.kind in ("paragraph", "textbox") and is_prose(b.text) and not O.ITEM_LABEL.match(b.text)
        # a table of three rows or more, not one column of a letterhead's lines ("МКОУ" / "«… школа»" / "… района")
        # nor a memo's form of labelled fields ("Кому: | …", "Дата: | …", "№ | …")
        task_table = (b.kind == "table" and len(b.rows) >= 3 and max(len(r.cells) for r in b.rows) >= 2
                      and not _is_form(b))
        label = O.ITEM_LABEL.match(b.text)
        item = (label and not label.group("bullet") and b.kind == "paragraph"   # a dash is no item number
                 and not REG_LINE.match(fold(b.text).strip())    # "18 июля 2024 г. № 03-1129" is no item 18
                 and not DATE_LINE.match(b.text))                   # nor is "20 мая 2025 г." alone
        if long_para or task_table or item:
            body = b.index
            break
        if re.match(r"^\s*(уважаем|решили|приказываю|постановляю)", b.text, re.I) or is_trigger(b.text):
            body = b.index
            break
    body = min(body, MAX_HEADER_BLOCKS, len(doc.blocks))
    header_end = doc.blocks[body].span.start if body < len(doc.blocks) else len(doc.text)
    attachment = next((b.index for b in doc.blocks[body:] if b.kind == "paragraph" and O.ATTACHMENT.match(b.text)),
                      None)
    return Layout(header_end=header_end, body_start_block=body, attachment_block=attachment)


SPACED = re.compile(r"^\s*(?:[А-ЯЁ]\s){3,}[А-ЯЁ]\b")   # "П Р И К А З": a title typed letter by letter


def _title_lines(doc: Document, lay: Layout) -> list[str]:
    """The lines a title may stand on: the opening paragraphs, and the lines of a letterhead table's cells
    (a bilingual blank keeps "РАСПОРЯЖЕНИЕ" in a cell); a title typed letter by letter closed up."""
    lines = []
    for b in doc.blocks[:max(lay.body_start_block, 1) + 1][:12]:
        texts = [c.text for r in b.rows for c in r.cells] if b.kind == "table" else [b.text]
        for t in texts:
            for ln in t.split("\n") if b.kind == "table" else [t]:
                spaced = SPACED.match(ln)
                lines.append(re.sub(r"(?<=[А-ЯЁ])\s(?=[А-ЯЁ]\b)", "", ln) if spaced else ln)
    return lines


def doc_type(doc: Document, lay: Layout) -> str:
    approval = -9
    for i, line in enumerate(_title_lines(doc, lay)):
        if re.match(r"^\s*[«\"]?\s*(утвержд|согласован|приложение|рассмотрен|принят|одобрен)", line, re.I):
            approval = i
            continue
        if i - approval <= 4 and re.match(r"^\s*(приказ|распоряжени|постановлени|протокол)\w*\s*(№|от)", line, re.I):
            continue   # the approving act in an approval block ("УТВЕРЖДАЮ … Приказ № 81 от …", "РАССМОТРЕН на
            # заседании педагогического совета, протокол от 28.08.2026 № 1"), not the title
        for name, rx in O.DOC_TYPES:
            if rx.match(line):
                return name
    head = doc.text[:lay.header_end + 400]
    if REG_LINE.search(fold(doc.text[:lay.header_end])) or O.LETTER_MARKS.search(head):
        return "letter"
    if any(b.kind == "table" and task_header(b) for b in doc.blocks):
        return "plan"
    return "other"


# an electronic document system's stamp on each page: "Документ зарегистрирован № МН-5/177105 от 02.06.2023"
SYSTEM_STAMP = re.compile(r"документ\s+зарегистрирован\s+№\s*(?P<num>[\w/.-]*\d[\w/.-]*)\s+от\s+(?P<date>\d{2}\.\d{2}\.\d{4})",
                          re.I)


def registration(doc: Document, lay: Layout, kind: str) -> tuple[str | None, dt.date | None, Span | None]:
    number, date, span = _registration(doc, lay, kind)
    stamp = SYSTEM_STAMP.search(doc.text) if not (number or date) else None
    if stamp:
        return stamp.group("num"), parse_date(stamp.group("date")), None
    return number, date, span


def _form_registration(doc: Document, lay: Layout) -> tuple[str | None, dt.date | None]:
    """A form of labelled fields above the text (a телефонограмма's, a memo's): "Номер | № 06", "Дата и время
    передачи | 14.01.2026, 10 ч 40 мин", as a table or typed with tabs ("Дата\t12.02.25")."""
    typed = [ln.split("\t") for b in doc.blocks[:lay.body_start_block + 8] if b.kind == "paragraph"
             for ln in b.text.split("\n") if "\t" in ln and FORM_LABEL.match(ln.split("\t")[0])]
    forms = [{k: " ".join(v) for k, *v in typed}] if typed else []
    forms += [{r.cells[0].text: r.cells[1].text for r in b.rows if len(r.cells) > 1}
              for b in doc.blocks[:lay.body_start_block + 2] if b.kind == "table" and _is_form(b)]
    for form in forms:
        fields = {k.strip().rstrip(":").lower(): v.strip() for k, v in form.items()}
        number = next((v.lstrip("№ ").strip() for k, v in fields.items() if re.fullmatch(r"№|номер", k) and v), None)
        date = next((parse_date(v) for k, v in fields.items() if k.startswith("дата") and v), None)
        if number or date:
            return number or None, date
    return None, None


def _registration(doc: Document, lay: Layout, kind: str) -> tuple[str | None, dt.date | None, Span | None]:
    number, date = _form_registration(doc, lay)
    if number and date:
        return number, date, None
    head = fold(doc.text[:lay.header_end])
    if kind in ("protocol", "other"):   # its number in the title, the date of the meeting or act in the opening
        agenda = next((b.index for b in doc.blocks if re.match(r"^\s*(слушали|решили|повестка|присутствовал|заслушав|"
                                                                r"выступил|выдано|на\s+основании)", b.text, re.I)), None)
        last = agenda if agenda is not None else max(lay.body_start_block, 8)
        opening = doc.blocks[min(len(doc.blocks) - 1, last)].span.start if doc.blocks else 0
        num = TITLE_NUMBER.search(fold(doc.text[:opening]))
        if num:
            return number_in(doc.text, num, "num"), parse_date(doc.text[:opening]), None
        # "18.03.2022   № 3", an act's "г. Йошкар-Ола | 21 апреля 2025 г. № 14": the number on its date line
        for m in REG_LINE.finditer(fold(doc.text[:opening])):
            before = doc.text[max(0, m.start() - 160):m.start()]
            if not (O_REFERENCE_BEFORE.search(fold(before)) or CITED_ACT.search(before)):
                return number_in(doc.text, m, "num", "num2"), date_in(doc.text, m, "date", "date2"), None
        if kind == "protocol":
            return None, parse_date(doc.text[:opening]), None
    for m in REG_LINE.finditer(head):
        before = head[max(0, m.start() - 160):m.start()]
        if re.search(r"\bна\s*$", before) or O_REFERENCE_BEFORE.search(before):
            continue   # "на № … от …", or the number of an approving order
        if kind == "plan" and re.search(r"(?:рассмотрен|принят|одобрен|согласован)\w*\s+(?:на\s+)?(?:заседании|совет)",
                                        head[max(0, m.start() - 160):m.start()]):
            continue   # "РАССМОТРЕН на заседании педагогического совета, протокол № 1": a council's, not the plan's
        if kind == "plan" and re.search(r"утвержд", head[max(0, m.start() - 400):m.start()]):
            # a plan's approval block: "УТВЕРЖДАЮ / Директор … / Приказ № 81 «27» августа": the number is the
            # approving order's, its date the plan's (as a plan's date is its approval's)
            return None, date_in(doc.text, m, "date", "date2"), None
        num = number_in(doc.text, m, "num", "num2")
        if num:
            return num, date_in(doc.text, m, "date", "date2"), Span(start=m.start(), end=m.end())
    if kind in ("plan", "instructions"):    # approved: the approval's date is theirs, and a "№ ПР-27" line their number
        opening = "\n".join(b.text for b in doc.blocks[:lay.body_start_block + 4] if b.kind == "paragraph")
        alone = NUMBER_LINE.search(opening)     # (it may stand below a long title the layout took for text)
        num = _spaced_number(alone.group("num")) if alone and re.search(r"\d", alone.group("num")) else None
        return num, _approval_date(doc), None
    num = ORDER_TITLE_NUMBER.search(head) if kind == "order" else None
    if num:     # (its date in the header, or on the line under the title: "12 ноября 2025 г.      г. Вязьма")
        return number_in(doc.text, num, "num"), parse_date(doc.text[:lay.header_end]) or parse_date(
            doc.text[num.end():num.end() + 120]), None
    form = FORM_BOXES.search(doc.text[:lay.header_end])
    if form:     # a unified form's boxes (Т-5 …): "Номер документа | Дата составления" over "57-од | 08.06.2020"
        return form.group("num"), parse_date(form.group("date")), None
    if kind == "order":     # "от 01.09.2021 г" and, after the title, "№171 –од": date and number on lines of their own
        lines = doc.text[:lay.header_end]      # (the folded head has its line breaks as spaces)
        date, alone = DATE_LINE_M.search(lines), NUMBER_LINE.search(lines)
        if date and alone and re.search(r"\d", alone.group("num")):
            return _spaced_number(alone.group("num")), parse_date(date.group(0)), None
    return None, None, None


def _spaced_number(num: str) -> str:
    """"171 –од" -> "171–од": a number typed with spaces round its dashes and slashes."""
    return re.sub(r"\s*([-–/])\s*", r"\1", num).strip()


APPROVAL_STAMP = re.compile(r"^\s*(?:утверждаю|утвержден[оа]?|согласовано)\s*:?\s*$", re.I)
DATE_LINE = re.compile(r"^\s*(?:от\s+)?[«\"]?\s*\d{1,2}\s*[»\"]?\s*[а-яё]+\s+20\d\d\s*(?:г\.?|года)?\s*$|"
                       r"^\s*(?:от\s+)?\d{1,2}\.\d{1,2}\.(?:20)?\d\d\s*(?:г\.?|года)?\s*$", re.I)


# the signature's blank and the name before a stamp's date on one line ("_________ Е.Н. Кутузова «22» декабря 2025 г.")
# (or a scan's squiggle read as letters: "АЛЛА LL Н.А. Шевелева «20» ноября 2024 г.")
SIGNED = re.compile(r"^\s*(?:_{3,}\s*)?(?:.{0,30}?" + O.SIGNED_NAME + r")?\s*")
DATE_LINE_M = re.compile(DATE_LINE.pattern, re.I | re.M)
# a stamp's date in quotes closing the line of its position and name, however a scan read the name ("Глава
# Республики Калмыкия в Дорджиев «14» февраля 2025 г.")
STAMP_DATE_AT_END = re.compile(r"[«\"]\s*\d{1,2}\s*[»\"]\s*[а-яё]+\s+20\d\d\s*(?:г\.?|года)?\s*$", re.I)
FORM_BOXES = re.compile(r"номер\s+документа\s+дата(?:\s+составления)?\s+(?P<num>[\w\-/]*\d[\w\-/]*)\s+"
                        r"(?P<date>\d{1,2}\s?\.\s?\d{1,2}\s?\.\s?\d{2,4})", re.I)
NUMBER_LINE = re.compile(r"^\s*№\s*(?P<num>\w[\w\s\-–/.]{0,20}?)\s*$", re.M)


def _approval_date(doc: Document) -> dt.date | None:
    """A plan's date is the one under its approval stamp ("УТВЕРЖДАЮ / Начальник … / подпись / «15» августа
    2023 г."): a line that is only a date, a few lines below the stamp, in the paragraphs or in one cell of a
    letterhead table; "УТВЕРЖДАЮ" wins over "СОГЛАСОВАНО" beside it."""
    found: dict[bool, dt.date] = {}
    for lines in _stamp_sequences(doc):
        for i, line in enumerate(lines):
            stamp = APPROVAL_STAMP.match(line)
            if not stamp:
                continue
            date = next((SIGNED.sub("", ln) for ln in lines[i + 1:i + 9] if DATE_LINE.match(SIGNED.sub("", ln))), None) \
                or next((m.group(0) for ln in lines[i + 1:i + 9] for m in [STAMP_DATE_AT_END.search(ln)] if m), None)
            approved = not line.strip().lower().startswith("согласовано")
            if date and approved not in found:
                found[approved] = parse_date(date)
    return found.get(True) or found.get(False)


def _stamp_sequences(doc: Document):
    """The header's lines as a reader follows them: the paragraphs in one run, each table cell on its own."""
    paragraphs: list[str] = []
    for b in doc.blocks[:MAX_HEADER_BLOCKS]:
        if b.kind == "table":
            for row in b.rows:
                for cell in row.cells:
                    yield cell.text.splitlines()
        else:
            paragraphs.extend(b.text.splitlines())
    yield paragraphs


# the number of an approving or cited act ("УТВЕРЖДЕН приказом … от … № …"), not a heading "ПРИКАЗ"
# an act a protocol cites in its opening, named in lower case inside a sentence ("Основание проведения: постановление
# администрации … от 27.05.2024 № 611-п"), not its own title ("РЕШЕНИЕ коллегии от 20.03.2024 № 2")
CITED_ACT = re.compile(r"(?<![.\n])\s(?:приказ|постановлени|распоряжени|решени|письм)\w*(?:\s+\S+){0,6}\s*$")
O_REFERENCE_BEFORE = re.compile(r"(приказом|приказа|распоряжением|распоряжения|постановлением|постановления|"
                                r"решением|утвержд\w*|закон\w*|указ\w*|кодекс\w*)[^.]{0,120}$")


ADJECTIVE = re.compile(r"^[А-ЯЁа-яё]+(?:ое|ый|ий|ая|ой)$", re.I)   # a letterhead is often in capitals


def _opens_with_body(words: list[str]) -> bool:
    """A body's name opens the line: its head word first, or after its adjectives ("Муниципальное
    бюджетное общеобразовательное учреждение")."""
    for w in words[:5]:
        w = w.strip("«\"")
        if O.BODY_HEADS.match(w):
            return True
        if not ADJECTIVE.match(w):
            return False
    return False


# letters of Cyrillic alphabets other than Russian (Tatar, Bashkir, Yakut, Chuvash, Mari …)
NON_RUSSIAN_CYRILLIC = re.compile(r"[ӘәҮүҢңҺһӨөҖҗҠҡҒғҘҙҪҫӒӓӦӧӰӱӸӹҤҥӤӥӐӑӖӗҪҫІіЎўЄєЇї]")


def _in_another_language(words: list[str]) -> bool:
    """A letterhead line of a republic's bilingual form in its other language ("МЕДВЕДЕВО МУНИЦИПАЛЬНЫЙ РАЙОНЫН
    АДМИНИСТРАЦИЙЖЕ", "БУРЯАД РЕСПУБЛИКЫН ЗАСАГАЙ", "ТАТАРСТАН РЕСПУБЛИКАСЫ"): letters Russian lacks, most of its
    long words unknown to Russian morphology, or a body's head word with a suffix Russian does not know."""
    if NON_RUSSIAN_CYRILLIC.search(" ".join(words)):
        return True
    long_words = [w.lower() for w in (w.strip("«»\"(),.") for w in words) if len(w) >= 5 and w.isalpha()]
    unknown = [w for w in long_words if not morph().word_is_known(w)]
    if len(unknown) >= 2 and 2 * len(unknown) > len(long_words):
        return True
    head = next((w.strip("«\"").lower() for w in words[:5] if O.BODY_HEADS.match(w.strip("«\""))), None)
    return bool(head and head.isalpha() and len(head) > 6 and not morph().word_is_known(head))


# an institution's legal form opening a letterhead line, below the body that founded it
INSTITUTION_FORM = re.compile(r"^(?:муниципальн|государственн|федеральн|частн|негосударственн|областн|краев|республиканск)\w*"
                              r"\s+(?:\w+\s+){0,3}(?:учреждени|организаци)|^(?:муниципальн|государственн)\w*\s+"
                              r"(?:бюджетн|автономн|казенн|казённ)\w*(?:\s+(?:дошкольн\w*\s+)?(?:обще)?образовательн\w*)?\s*$", re.I)
NUMBERED_INSTITUTION = re.compile(r"(?:школ|гимнази|лице|сад|центр)\w*\s*№\s*\d", re.I)


def _sender_name(doc: Document, lay: Layout) -> tuple[str | None, Span | None]:
    """The first body named in the letterhead, its lines joined ("ДЕПАРТАМЕНТ / ОБЩЕГО ОБРАЗОВАНИЯ / …")."""
    blocks = [b for b in doc.blocks[envelope_end(doc):lay.body_start_block]   # not the e-mail forwarding it
              if b.kind in ("paragraph", "textbox", "table", "header")]
    lines: list[tuple[str, int]] = []
    for b in blocks:
        if b.kind == "table":   # a letterhead laid out as a borderless table: its first column comes first
            for row in b.rows:
                for cell in row.cells:
                    pos = cell.span.start
                    for ln in cell.text.split("\n"):
                        lines.append((ln, pos))
                        pos += len(ln) + 1
        else:
            pos = b.span.start
            for ln in b.text.split("\n"):
                lines.append((ln, pos))
                pos += len(ln) + 1
    founder_end, position = -1, False
    for i, (ln, pos) in enumerate(lines):
        if i <= founder_end:
            continue
        words = ln.strip().split()
        # "Муниципальное общеобразовательное" / "учреждение" / "«… школа № 3»": a name's adjectives on a line of their own
        adjectives = bool(words) and all(ADJECTIVE.match(w) for w in words) and i + 1 < len(lines) \
            and _opens_with_body(lines[i + 1][0].strip().split())
        if not words or not (adjectives or _opens_with_body(words)) or is_dative(words[0]) \
                or _in_another_language(words):
            continue
        if re.match(r"^\s*(утвержд|приложение|руководител|директор|начальник|заместител)", ln, re.I) \
                and not (i == 0 and ln.isupper()):     # a signature's position, not a letterhead ("ЗАМЕСТИТЕЛЬ ГУБЕРНАТОРА")
            position = True
            continue
        if MEETING_LABEL.match(ln) or position and words[0][:1].islower():
            continue    # "Председательствовал: начальник комитета …" (its body is the chair's: _chair_body); the position
            # going on ("Начальник управления образования / администрации … района" under "УТВЕРЖДАЮ")
        position = False
        name = [ln.strip()]
        for nxt, _ in lines[i + 1:i + 6]:
            t = nxt.strip()
            quoted = " ".join(name).count("«") > " ".join(name).count("»")    # the name in quotes goes on
            if not t or ADDRESS.search(t) or len(t) > 80 or re.match(r"г\.\s", t) \
                    or re.search(r"\d", t) and not t.startswith("«") and not quoted \
                    and not NUMBERED_INSTITUTION.search(t):   # «Средняя школа № 1», "школа № 70" are the name
                break
            if quoted:
                name.append(t)
                continue
            if any(rx.match(t) for _, rx in O.DOC_TYPES) or SPACED.match(t) or _in_another_language(t.split()) \
                    or _is_addressee(_from_dative_head(t)):
                break
            if t.isupper() or t[:1].islower() or re.match(r"^[«\"]", t) or re.search(r"(ской|ского|ской)\s+(области|края|республики)", t, re.I):
                name.append(t)
            else:
                break
        after = next((j for j in range(i + len(name), min(i + len(name) + 3, len(lines)))
                      if INSTITUTION_FORM.match(lines[j][0].strip())), None)
        if after is not None:   # a school's letterhead names its founder above it: the school is the sender
            founder_end = after - 1
            continue
        text = re.sub(r"\s+", " ", " ".join(name)).strip(" ,")
        address = ADDRESS.search(text)
        if address and address.start() > 10:   # "МИНИСТЕРСТВО … ОБЛАСТИ ул. Батурина, д. 13, г. Иваново": the name ends
            text = text[:address.start()].rstrip(" ,")
        return text, Span(start=pos, end=pos + len(ln))
    return _chair_body(lines) if any(CHAIR.match(ln) for ln, _ in lines) else _plan_owner(lines)


# a protocol's lines of who met: "Председательствовал: …", "Присутствовали: …", "Секретарь: …"
MEETING_LABEL = re.compile(r"^\s*(?:председател|председательствовал|присутствовал|приглашен|секретар)\w*\s*[:\-–—]", re.I)
# the body the chair heads: "Председательствовал: начальник комитета по образованию Н.В. Волков", "… – Волков Н.В.,
# начальник управления образования администрации Кимовского района"
CHAIR = re.compile(r"^\s*(?i:председател\w*\s*[:\-–—]\s*.*?\b(?:начальник|руководител|министр|директор|заведующ|глав)\w*\s+)"
                   r"(?P<body>(?i:(?:[а-яё]+\s+){0,2}" + O.INSTITUTION + r"\w*)[^,;()]*?)"
                   r"\s*(?:[А-ЯЁ]\.\s?[А-ЯЁ]\.|[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.|[,;(]|$)")  # (the person's name in capitals ends it)


# a plan of a body's own work names the body in its title: "ПЛАН РАБОТЫ / управления образования администрации … района"
PLAN_OF = re.compile(r"^\s*план\s+работы\s*(?P<body>.*)$", re.I)


def _plan_owner(lines: list[tuple[str, int]]) -> tuple[str | None, Span | None]:
    """A body's work plan with no letterhead is that body's: "ПЛАН РАБОТЫ управления образования …" -> "Управление
    образования …" (the period after it is not part of the name)."""
    for k, (ln, pos) in enumerate(lines):
        m = PLAN_OF.match(ln)
        if not m:
            continue
        body, at = (m.group("body"), pos + m.start("body")) if m.group("body") else (
            (lines[k + 1][0], lines[k + 1][1]) if k + 1 < len(lines) else ("", pos))
        body = re.split(r"\s+(?:на|в)\s+(?:\d|[IVX]+\b|[а-яё]+\s+\d{4})", body.strip(), maxsplit=1)[0].strip(" ,.")
        if re.match(O.INSTITUTION, body, re.I):
            name = to_nominative(body, case="gent")
            return name[:1].upper() + name[1:], Span(start=at, end=at + len(body))
    return None, None


def _chair_body(lines: list[tuple[str, int]]) -> tuple[str | None, Span | None]:
    """A protocol without a letterhead is its chair's body's: "Председательствовал: начальник комитета по
    образованию …" -> "комитет по образованию"."""
    for ln, pos in lines:
        m = CHAIR.match(ln)
        if m:
            name = to_nominative(m.group("body").strip(), case="gent")
            return name[:1].upper() + name[1:], Span(start=pos + m.start("body"), end=pos + m.end("body"))
    return None, None


MUNICIPAL_PARENT = re.compile(r"администраци\w*|мэри\w*|исполнительн\w+\s+комитет\w*", re.I)


def sender(doc: Document, lay: Layout) -> Sender:
    g = gazetteer()
    name, span = _sender_name(doc, lay)
    region = municipality = None
    if name:
        regions = g.regions_in(name)   # the region first: "Вяземский район" is in two regions
        munis = g.municipalities_in(name, regions[0].region.name if regions else None)
        if munis:
            municipality, region = munis[0].municipality.short_name, munis[0].municipality.region
        elif regions:
            region = regions[0].region.name
    if name and O.FEDERAL.search(name):
        return Sender(name=name, span=span)   # a federal body: no region of its own
    parent = doc.text[max(0, span.start - 200):span.start] if span else ""
    if not municipality and MUNICIPAL_PARENT.search(parent):
        # "МЭРИЯ ГОРОДА НОВОСИБИРСКА / ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ": a body of the municipality above its name
        munis = g.municipalities_in(parent)
        if munis:
            return Sender(name=name, region=munis[0].municipality.region, municipality=munis[0].municipality.short_name,
                          span=span)
    head = doc.text[:lay.header_end]
    tail = "\n".join(b.text for b in doc.blocks[-8:] if b.kind == "paragraph")
    regional_body = bool(name and re.match(r"^\s*(министерств|департамент|правительств)", name, re.I))
    if not region or (not municipality and not regional_body and not (name and g.regions_in(name))):
        # a body named without its place ("ОТДЕЛ ОБРАЗОВАНИЯ"): the address, the signature, then the text
        for zone in (head, tail, doc.text):
            munis = [] if regional_body else g.municipalities_in(zone, region) or (
                g.cities_in_addresses(zone) if zone is head and not region else [])
            if munis:
                municipality, region = munis[0].municipality.short_name, munis[0].municipality.region
                break
            regions = g.regions_in(zone)
            if regions and not region:
                region = regions[0].region.name
                munis = g.municipalities_in(name, region) if name else []   # "Октябрьского района" of that region
                if munis:
                    municipality = munis[0].municipality.short_name
                break
    return Sender(name=name, region=region, municipality=municipality, span=span)


def _is_addressee(text: str) -> bool:
    """A dative body name, not the body's first task ("Органам исполнительной власти …, необходимо в срок до …",
    "Управлению образования … дополнительно … рассмотреть вопрос …")."""
    first = text.strip().split(" ", 1)[0].strip("«\"") if text.strip() else ""
    return bool(first and O.BODY_HEADS.match(first) and is_dative(first) and len(text) < 400
                and not O.MODAL.search(text) and not any(is_infinitive(w) for w in re.findall(r"[а-яё]{4,}", text)))


SCRAP = re.compile(r"\d|[A-Za-z]")   # a token no Russian word has: a stamp's date or a misread letter


def _from_dative_head(text: str) -> str:
    """An OCR line from the dative head on: a two-column letterhead read across its columns leaves scraps of the
    other column before it ("р ой, Председателю комитета"), a stamp's date and letters beside it ("20.26r.
    Руководителям …")."""
    words = text.split()
    for j in range(1, min(3, len(words))):
        if all(len(re.sub(r"\W", "", w)) <= 3 or SCRAP.search(w) for w in words[:j]) and \
                _is_addressee(" ".join(words[j:])):
            return " ".join(words[j:])
    return text


def _addressee_lines(cell: str) -> list[str]:
    """A letterhead cell may hold several addressees: each opens with a dative head or after a blank line;
    lines of one addressee wrapped in the cell stay together."""
    groups: list[list[str]] = [[]]
    for line in cell.split("\n"):
        if not line.strip() or _is_addressee(line):
            groups.append([])
        if line.strip():
            groups[-1].append(line.strip())
    return [" ".join(g) for g in groups if g]


# a class of bodies in the nominative plural heading a letter's addressee line
NOMINATIVE_CLASS = re.compile(r"^\s*(?:органы|руководители|главы|начальники)\s", re.I)
BY_MAILING_LIST = re.compile(r"\(?\s*(?:по|согласно)\s+списку(?:\s+рассылки)?\s*\)?\s*$", re.I)
DATIVE_PERSON = re.compile(r"^" + O.DATIVE_PERSON + r"\s*$")


QUOTED_NAME = re.compile(r"^[«\"][^«»\"]{3,60}[»\"]$")


def _addressee_rest(after: list[Block], across_columns: bool = False, bare: bool = False) -> list[str]:
    """The lines an addressee goes on in when a scan or a layout made each its own paragraph: a genitive
    body's name ("Администрации муниципального образования «Вяземский район»"), not an address, a date
    or another addressee. ``across_columns``: OCR read a two-column letterhead line by line, so the sender's
    address lines come between the addressee's and are passed over. ``bare``: the addressee is a head alone
    ("Руководителям"), whose institutions the next block lists ("МАОУ «Ергачинская СОШ», МБОУ …")."""
    rest = []
    for b in after:
        t = b.text.strip()
        first = re.sub(r"[^\w-]", "", t.split(" ", 1)[0]) if t else ""
        if bare and not rest and b.kind == "paragraph" and O.ABBREVIATION.match(first) and len(t) < 400:
            rest.append(t)
            continue
        if b.kind == "paragraph" and QUOTED_NAME.match(t) and not any(q in r for r in rest for q in "«\""):
            rest.append(t)     # "… муниципального района" / "«Читинский район»": the unit's name on its own line
            continue
        if across_columns and ADDRESS.search(t) and not ADDRESSEE_END.search(t.split(",")[0]):
            continue
        if (b.kind != "paragraph" or not first or len(t) > 150 or ADDRESS.search(t) or ADDRESSEE_END.search(t)
                or _is_addressee(t) or re.match(r"[А-ЯЁ]\.\s?[А-ЯЁ]\.", t)   # the head's initials ("О.С. Бондарь")
                or not any("gent" in g for g in tags(first)[:1])):
            break
        rest.append(t)
    return rest


def addressees(doc: Document, lay: Layout, kind: str = "letter") -> list[str]:
    """Whom a letter is written to: dative body names in the letterhead (also in a borderless table's
    right-hand column and in the page header), and, on a scan whose columns OCR read out of order, a
    short dative line anywhere on the first page that is neither a sentence nor a group head."""
    out = []
    if kind in ("order", "protocol"):   # their dative lines go on with the title ("… подведомственных Департаменту …")
        return out
    issued = [(m.group("who"), b.text[m.end("who"):]) for b in doc.blocks[:lay.body_start_block + 20]
              if b.kind == "paragraph" for m in [O.ISSUED_TO.match(b.text)] if m]
    if issued:                          # a предписание names whom it binds: that is its addressee
        who, details = issued[0]
        if not gazetteer().municipalities_in(who):   # its place from its address ("…, г. Новосибирск, ул. …")
            place = gazetteer().municipalities_in(details)
            who = f"{who} ({details[place[0].start:place[0].end]})" if place else who
        return [to_nominative(re.sub(r"\s+", " ", who).strip(" ,:"))]
    head = doc.blocks[:lay.body_start_block + 3]
    for i, b in enumerate(head):
        texts = [t for r in b.rows if not (r.cells and NOT_ADDRESSED.match(r.cells[0].text))    # "Копия: …" is
                 for c in r.cells for t in _addressee_lines(c.text)] if b.kind == "table" else [b.text]   # no addressee
        line = _from_dative_head(b.text) if b.locator.ocr and b.kind != "table" else b.text
        if b.kind != "table" and _is_addressee(line):
            reach = 7 if b.locator.ocr else 3
            bare = len(line.split()) == 1
            texts = [" ".join([line] + _addressee_rest(head[i + 1:i + reach], across_columns=b.locator.ocr, bare=bare))]
        out.extend(to_nominative(re.sub(r"\s+", " ", t).strip(" :")) for t in texts if _is_addressee(t))
    if not out:     # "Органы исполнительной власти субъектов … (по списку рассылки)": addressees named in the nominative
        for i, b in enumerate(head):
            if BY_MAILING_LIST.search(b.text):
                lines = [x for x in head[max(0, i - 3):i + 1] if x.kind == "paragraph"]
                first = next((k for k, x in enumerate(lines) if O.BODY_HEADS.match(x.text.strip())), None)
                if first is not None:
                    name = BY_MAILING_LIST.sub("", " ".join(x.text for x in lines[first:]))
                    out.append(re.sub(r"\s+", " ", name).strip(" ,;"))
                    break
    if not out:     # "Органы исполнительной власти субъектов Российской Федерации, осуществляющие …" on its own line
        out.extend(re.sub(r"\s+", " ", b.text).strip(" ,;") for b in head if b.kind == "paragraph"
                   and NOMINATIVE_CLASS.match(b.text) and len(b.text) < 250 and not b.text.rstrip().endswith(":")
                   and (O.ALL_REGIONS.search(b.text) or O.MUNICIPAL.search(b.text)))
    if not out:     # "МКОУ «Филипповская СОШ»" / "Марфиной Н.Н.": a body in the nominative, the person it is for after it
        for b, nxt in zip(head, head[1:]):
            body, person = b.text.strip(), nxt.text.strip()
            if (b.kind == nxt.kind == "paragraph" and DATIVE_PERSON.match(person) and len(body) < 150
                    and (O.ABBREVIATION.match(body) or _opens_with_body(body.split())) and not ADDRESS.search(body)):
                out.append(f"{re.sub(chr(10), ' ', body)} ({person})")
                break
    if not out:
        first_page = [b for b in doc.blocks[lay.body_start_block + 3:]
                      if b.locator.ocr and b.locator.page == 1 and b.kind in ("paragraph", "header")]
        out.extend(to_nominative(re.sub(r"\s+", " ", b.text).strip()) for b in first_page
                   if _is_addressee(b.text) and len(b.text) < 120 and not b.text.rstrip().endswith((".", ":", ";"))
                   and not O.ITEM_LABEL.match(b.text))
    return out


def signatory(doc: Document) -> tuple[str | None, str | None]:
    tail = [b for b in doc.blocks if b.kind == "paragraph"][-8:]
    for i, b in enumerate(tail):
        m = O.SIGNATURE_NAME.search(b.text.strip())
        if not m:
            continue
        before = b.text[:m.start()].strip()
        prev = [x.text for x in tail[max(0, i - 4):i] if O.SIGNATORY_POSITION.match(x.text) or not before]
        position = re.sub(r"\s+", " ", " ".join(([before] if before else prev[-2:]))).strip() or None
        if position and O.SIGNATORY_POSITION.match(position) or before:
            return m.group(1), position
    return None, None


def period(doc: Document, lay: Layout) -> tuple[dt.date, dt.date] | None:
    """The period a plan or roadmap is written for: "на 2020-2021 учебный год", "на 2021 год", "на 2015 –
    2020 годы", "на февраль 2027 года", "на I квартал 2027 года"."""
    titles = [b for b in doc.blocks if b.kind == "paragraph"][:max(lay.body_start_block, 3) + 3]
    for b in titles:
        # (not one topic of a protocol's list: "Рассмотренные вопросы: о …; о комплектовании МДОУ на 2026/2027 учебный год")
        text = fold(b.text).split(";")[0]
        # a school's year, or a sports school's training year, runs from September to August
        m = re.search(r"\bна\s+(20\d\d)\s*[-/]\s*(20\d\d|\d\d)\s*(уч\w*|у\.\s*г|тренировочн\w*)", text)
        if m:
            y1 = int(m.group(1))
            return dt.date(y1, 9, 1), dt.date(y1 + 1, 8, 31)
        m = re.search(r"\bна\s+(20\d\d)\s*(год|г\.)", text)
        if m:
            y = int(m.group(1))
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        m = re.search(r"\bна\s+(20\d\d)\s*-\s*(20\d\d)\s*(?:годы|гг|г\.\s*г\.)", text)
        if m and int(m.group(1)) < int(m.group(2)):     # a plan for several years: "на 2015 – 2020 годы"
            return dt.date(int(m.group(1)), 1, 1), dt.date(int(m.group(2)), 12, 31)
        m = re.search(r"\bна\s+(" + R.MONTH + r")\s+(20\d\d)\b", text)
        if m:                                           # a month's plan: "на февраль 2027 года"
            month, year = month_number(m.group(1)), int(m.group(2))
            return dt.date(year, month, 1), month_end(year, month)
        m = re.search(r"\bна\s+(iv|iii|ii|i|[1-4])\s*(?:-?й\s+)?квартал\w*\s+(20\d\d)\b", text)
        if m:                                           # a quarter's: "на I квартал 2027 года"
            q, year = R.ROMAN.get(m.group(1)) or int(m.group(1)), int(m.group(2))
            return dt.date(year, 3 * q - 2, 1), month_end(year, 3 * q)
    return None


def _title(doc: Document, lay: Layout) -> str | None:
    """The subject line ("О представлении сведений"), with a line of its own in lower case that goes on with it
    ("в срок до 14.01.2027")."""
    blocks = doc.blocks
    for k, b in enumerate(blocks[:lay.body_start_block + 1]):
        if b.kind == "paragraph" and re.match(r"^\s*(о|об|по)\s", b.text, re.I) and not (
                is_prose(b.text) and (len(b.text) > 250 or re.search(r"[.!?]\s+[А-ЯЁ]", b.text))):
            # (not the text's first paragraph: "По данным … центра по гидрометеорологии … ожидается …. В соответствии …")
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            goes_on = (nxt is not None and nxt.kind == "paragraph" and nxt.text[:1].islower()
                       and len(nxt.text) < 120 and not is_prose(nxt.text))
            return re.sub(r"\s+", " ", f"{b.text} {nxt.text}" if goes_on else b.text).strip()
    return None


def extract_metadata(doc: Document) -> tuple[DocumentMeta, Layout]:
    lay = layout(doc)
    kind = doc_type(doc, lay)
    number, date, _ = registration(doc, lay, kind)
    sign_name, sign_pos = signatory(doc)
    title = _title(doc, lay)
    mail = mail_headers(doc)     # an e-mail (not one forwarding a letter) says whom and when in its headers
    date = date or mail_date(mail)
    meta = DocumentMeta(doc_type=kind, title=title, reg_number=number, reg_date=date,
                        in_reply_to=in_reply_to(doc, lay.header_end), sender=sender(doc, lay),
                        addressees=addressees(doc, lay, kind) or mail_addressees(mail), signatory=sign_name,
                        signatory_position=sign_pos,
                        period=period(doc, lay), parts=2 if lay.attachment_block is not None else 1,
                        date_in_title=first_own_date(doc.text[:lay.header_end]) if not date else None)
    return meta, lay
