"""Working days on the Russian production calendar (data/production_calendar.json)."""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

CALENDAR = Path(__file__).parent / "data" / "production_calendar.json"


@lru_cache(maxsize=1)
def _calendar() -> tuple[set[dt.date], set[dt.date], set[str], set[int]]:
    data = json.loads(CALENDAR.read_text(encoding="utf-8"))
    off = {dt.date.fromisoformat(d) for y in data["years"].values() for d in y["off"]}
    work = {dt.date.fromisoformat(d) for y in data["years"].values() for d in y["work"]}
    return off, work, set(data["fixed_holidays"]), {int(y) for y in data["years"]}


def is_working_day(day: dt.date) -> bool:
    off, work, fixed, _ = _calendar()
    if day in work:
        return True
    if day in off or day.strftime("%m-%d") in fixed:
        return False
    return day.weekday() < 5


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (before it for a negative n; the start day itself not counted)."""
    day, step = start, dt.timedelta(days=1 if n >= 0 else -1)
    n = abs(n)
    while n > 0:
        day += step
        if is_working_day(day):
            n -= 1
    return day
