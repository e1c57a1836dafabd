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
    raise ValueError(f"unknown status {text!r}: choose one of {choices}")


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
    raise ValueError(f"wants a date as dd.mm.yyyy or yyyy-mm-dd, got {text!r}")
