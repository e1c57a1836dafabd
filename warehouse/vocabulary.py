"""The words people use for statuses, formats and dates, in Russian and English, and the Russian
labels the reports show. Data first; the two small functions below apply it."""
from __future__ import annotations

import datetime as dt
import re

# Statuses of a row in the register (filters, reports) and the ones a person sets (corrections).
STATUSES = ("pending", "overdue", "answered", "done", "cancelled")
PERSON_STATUSES = ("done", "extended", "cancelled", "not_task", "pending")
STATUS_RU = {"pending": "в работе", "overdue": "просрочено", "done": "выполнено", "cancelled": "отменено",
             "answered": "ответ получен", "extended": "продлено", "not_task": "не задача"}
STATUS_ALIASES = {
    "pending": ("pending", "open", "в работе", "ожидается", "не выполнено", "открыто", "текущие"),
    "overdue": ("overdue", "late", "просрочено", "просрочен", "просроченные", "просрочка"),
    "done": ("done", "closed", "completed", "выполнено", "выполнен", "исполнено", "исполнен", "сделано", "закрыто"),
    "answered": ("answered", "ответ получен", "отвечено", "ответили", "есть ответ"),
    "cancelled": ("cancelled", "canceled", "отменено", "отменен", "снято", "снят с контроля"),
    "extended": ("extended", "продлено", "продлен", "срок продлен", "перенесено"),
    "not_task": ("not_task", "not a task", "не задача", "не поручение", "ошибка"),
}
DOC_TYPE_RU = {"letter": "Письмо", "protocol": "Протокол", "plan": "План", "order": "Приказ",
               "instructions": "Перечень поручений", "other": "Документ"}
FORMATS = ("table", "csv", "json", "xlsx")
FORMAT_BY_SUFFIX = {".csv": "csv", ".json": "json", ".xlsx": "xlsx", ".txt": "table"}


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").replace("_", " ").split())


def parse_status(text: str, allowed: tuple[str, ...]) -> str:
    """"Просрочено", "OVERDUE", "не задача" -> the status's name; ValueError naming the choices."""
    q = _plain(text)
    for status in allowed:
        if q in map(_plain, STATUS_ALIASES[status]):
            return status
    choices = ", ".join(f"{s} ({STATUS_RU[s]})" for s in allowed)
    raise ValueError(f"неизвестный статус {text!r}: возможны {choices}")


def parse_date(text: str) -> dt.date:
    """dd.mm.yyyy (also dd.mm.yy, dd/mm/yyyy) or ISO yyyy-mm-dd; ValueError saying so."""
    s = text.strip()
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})(?:\s*г\.?)?", s)
    if m:
        day, month, year = map(int, m.groups())
        try:
            return dt.date(year + 2000 if year < 100 else year, month, day)
        except ValueError:
            pass
    raise ValueError(f"нужна дата вида дд.мм.гггг или гггг-мм-дд, а не {text!r}")


# --- What staff read: the register's English codes and messages in Russian, at display time -------------

# The reasons for a lowered confidence as registers loaded before extractors/confidence.py stored them
# (English codes). Rows read since carry the Russian sentences of extractors/data/checks.json, which
# reasons_ru passes through unchanged.
REASON_RU = {
    "responsible implied by the addressee": "ответственный не назван в пункте, взят адресат письма",
    "responsible implied: the issuing body": "ответственный не назван, взят издавший документ орган",
    "no responsible body": "ответственный не назван",
    "responsible carried from the previous sentence": "ответственный взят из предыдущего предложения",
    "deadline ambiguous": "в пункте несколько сроков",
    "deadline from the group head": "срок взят из заголовка группы пунктов",
    "deadline line": "срок взят из строки «Срок …» после пунктов",
    "ocr": "текст распознан со скана",
}

# Locator words (schemas.document.Locator.describe: "p.2, table 2, row 2, col 2", "para 37").
LOCATOR_RU = {"p.": "с. ", "table ": "табл. ", "row ": "стр. ", "col ": "кол. ", "para ": "абз. "}

# Fields a correction changes (warehouse/corrections.py), as the history shows them.
FIELD_RU = {"deadline": "срок", "status": "статус", "responsible": "ответственный", "review": "проверка"}
VALUE_RU = {"accepted": "верно, как извлечено"}

# Why a file was not read: the readers' English reason (kept in the log) -> what staff read. The first
# pattern that matches wins; its groups fill the Russian text.
READ_ERRORS_RU = [
    # the readers' limits already say it in Russian (extractors/readers/limits.py): as they are
    (r"([^:\s][^:]* — больше предела в .*)$", r"\1"),
    (r"the file is empty", "файл пустой (0 байт)"),
    (r"no such file", "файла нет на месте"),
    (r"the file is (\d+) MiB, over the limit of (\d+) MiB", r"файл слишком большой: \1 МиБ при пределе \2 МиБ"),
    (r"DOCX expands to (\d+) MiB, over the limit of (\d+) MiB",
     r"DOCX после распаковки занимает \1 МиБ при пределе \2 МиБ"),
    (r"corrupt zip container", "файл повреждён: это не DOCX, архив внутри не читается"),
    (r"a zip archive that is not a Word document", "это ZIP-архив, а не документ Word"),
    *((rf"unsupported file type \.{ext}$", f"файл назван .{ext}, но внутри не {ext.upper()}: он повреждён "
                                            f"или сохранён в другом формате") for ext in ("pdf", "docx", "doc", "rtf", "odt")),
    (r"unsupported file type \(no extension\)", "формат файла без расширения не распознан: "
                                                "принимаются DOCX, PDF, DOC, RTF, ODT и TXT"),
    (r"unsupported file type (\S+)", r"файлы «\1» не читаются: принимаются DOCX, PDF, DOC, RTF, ODT и TXT"),
    (r"(\S+) file needs LibreOffice", r"для файлов «\1» нужен LibreOffice, он не установлен"),
    (r"reading needed more than ([\d.]+) GiB", r"чтению не хватило памяти (предел \1 ГиБ)"),
    (r"memory", "чтению не хватило памяти"),   # "corrupt DOCX: … Memory allocation failed" is the limit, not the file
    (r"Resource limit exceeded", "документ больше пределов чтения (слишком длинный текст одним куском)"),
    (r"encrypted PDF", "PDF защищён паролем: пришлите файл без пароля"),
    (r"corrupt PDF", "PDF повреждён и не читается"),
    (r"corrupt DOCX", "DOCX повреждён и не читается"),
    (r"the PDF has (\d+) pages, over the limit of (\d+)", r"в PDF \1 страниц при пределе \2"),
    (r"more than (\d+) pages need OCR", r"скан длиннее \1 страниц: столько не распознаётся"),
    (r"unreadable page (\d+)", r"страница \1 PDF не читается"),
    (r"page (\d+) cannot be rendered for OCR", r"страницу \1 не удалось подготовить к распознаванию"),
    (r"no usable text layer.*Tesseract is not installed", "это скан, а программа распознавания (Tesseract) не установлена"),
    (r"no usable text layer", "в PDF нет текста, и распознать его не удалось"),
    (r"text is neither UTF-8 nor cp1251", "текстовый файл не в кодировке UTF-8 или Windows-1251"),
    (r"the text has ([\d,]+) characters, over the limit of ([\d,]+)", r"текст слишком длинный: \1 знаков при пределе \2"),
    (r"the reader process died", "процесс чтения аварийно завершился (не хватило памяти?)"),
    (r"the document is nested too deeply", "структура документа вложена слишком глубоко"),
    (r"reading took longer than (\d+) s", r"чтение заняло больше \1 с и было остановлено"),
    (r"LibreOffice did not convert the file within (\d+) s", r"LibreOffice не преобразовал файл за \1 с"),
    (r"LibreOffice could not convert", "LibreOffice не смог преобразовать файл"),
    (r"the converted text is garbage", "после преобразования получился не текст: файл повреждён"),
    (r"a symbolic link, not a file", "это ссылка, а не файл: положите в папку сам файл"),
    (r"a folder, not a file", "это папка, а не файл: положите в папку сами файлы"),
    (r"not a regular file", "это не обычный файл (устройство, канал или сокет)"),
    (r"cannot open the file", "файл не открывается: нет прав на чтение"),
    (r"(reading|extraction) failed", "ошибка srok при разборе этого документа (подробности в журнале)"),
    # not the file's fault: it was not loaded this time
    (r"IOException.*lock", "реестр занят другой программой: файл не загружен, повторите позже"),
    (r"No space left on device", "на диске нет места: файл не загружен"),
    (r"Unstable: (still open for writing|locked by the program|changed while|replaced while)",
     "файл ещё записывается: повторите, когда запись закончится"),
    (r"Unstable: removed", "файл удалён, пока его читали"),
    (r"internal error", "внутренняя ошибка srok на этом файле (подробности в журнале)"),
]


def day(value) -> str:
    """A date as people write it here: dd.mm.yyyy; nothing as "—"."""
    return f"{value:%d.%m.%Y}" if isinstance(value, dt.date) else (value or "—")


def cut(text: str | None, width: int) -> str:
    """At most ``width`` characters, cut at a word's end and marked "…" when anything was left out."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    head = text[:width - 1]
    if " " in head and not text[width - 1].isspace():
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:—-") + "…"


def change_ru(field: str, value: str | None) -> str:
    """A correction's old or new value as the history shows it: statuses in Russian, dates dd.mm.yyyy."""
    if not value:
        return "—"
    if field == "status":
        return STATUS_RU.get(value, value)
    if field == "deadline":
        try:
            return day(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return VALUE_RU.get(value, value)


def reasons_ru(reasons) -> str:
    """The extraction's reasons (a list, or as the register joins them with "; ") in Russian: an old
    register's English codes mapped, the Russian sentences of checks.json as they are."""
    if isinstance(reasons, str):
        reasons = reasons.split("; ") if reasons else []
    return "; ".join(REASON_RU.get(r, r) for r in reasons or ())


def locator_ru(where: str | None) -> str:
    """"p.2, table 2, row 2, col 2" -> "с. 2, табл. 2, стр. 2, кол. 2"; "para 37" -> "абз. 37"."""
    out = where or ""
    for word, ru in LOCATOR_RU.items():
        out = re.sub(rf"(?<![\w.]){re.escape(word)}(?=\d)", ru, out)
    return out


def read_error_ru(reason: str) -> str:
    """Why a file was not read, in Russian (the readers' English reason stays in the log)."""
    for pattern, russian in READ_ERRORS_RU:
        m = re.search(pattern, reason, re.I)
        if m:
            return m.expand(russian)
    return f"файл не прочитан ({reason})"


# What a load did with a file (flows.ingest.Result.outcome), as the summaries say it.
OUTCOME_RU = {"loaded": "загружен", "reloaded": "перечитан", "new_version": "новая версия", "duplicate": "уже загружен",
              "twin": "дубликат", "failed": "не прочитан"}


def plural(n: int, one: str, few: str, many: str) -> str:
    """"1 задача", "3 задачи", "16 задач"."""
    tail = n % 100
    word = many if 11 <= tail <= 14 else one if n % 10 == 1 else few if 2 <= n % 10 <= 4 else many
    return f"{n} {word}"


def number(x: float) -> str:
    """0.7 as Russian writes it: 0,7."""
    return f"{x:g}".replace(".", ",")


def term(start: dt.date | None, end: dt.date | None) -> str:
    """A deadline in short: "до 31.12.2021", "01.09.2021 – 31.12.2021", "без срока"."""
    if end is None:
        return "без срока"
    return f"до {day(end)}" if start is None or start == end else f"{day(start)} – {day(end)}"


def queue_note(counts: dict, below: float) -> str:
    """What the review queue holds and, when it is empty, why: its rule is "confidence below the
    threshold", so a task at exactly the threshold is not in it."""
    if counts["below"]:
        return f"К проверке: {plural(counts['below'], 'задача', 'задачи', 'задач')} с уверенностью ниже {number(below)}."
    if not counts["unchecked"]:
        return "Проверять нечего: непроверенных задач нет."
    whose = ("у единственной непроверенной задачи" if counts["unchecked"] == 1 else
             f"у всех {plural(counts['unchecked'], 'непроверенной задачи', 'непроверенных задач', 'непроверенных задач')}")
    return (f"Проверять нечего: в очередь попадают задачи с уверенностью ниже {number(below)}, а {whose} "
            f"она {number(below)} или выше (самая низкая — {number(round(counts['lowest'], 2))}"
            + (f", ровно {number(below)} — у {counts['at']})." if counts["at"] else ")."))
