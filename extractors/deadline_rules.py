"""The deadline grammar as data: month names, term words and the regular expressions built from them.

Patterns run over a *folded* copy of the text (lower case, ё→е, dashes→'-', line breaks→space), which
keeps every character at its offset, so a match's span is also its span in the original text.
"""
from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "январ": 1, "янв": 1, "феврал": 2, "фев": 2, "март": 3, "мар": 3, "апрел": 4, "апр": 4,
    "май": 5, "мая": 5, "мае": 5, "маю": 5, "июн": 6, "июл": 7, "август": 8, "авг": 8,
    "сентябр": 9, "сент": 9, "сен": 9, "октябр": 10, "окт": 10, "ноябр": 11, "нояб": 11, "ноя": 11,
    "декабр": 12, "дек": 12,
}
MONTH = r"(?:январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяею]\b|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*" \
        r"|янв\.?|фев\.?|апр\.?|авг\.?|сент?\.?|окт\.?|нояб?\.?|дек\.?)"

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ORDINAL_WORDS = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4}

YEAR = r"(?:20\d\d|19\d\d)"
YEAR_WORD = r"(?:\s*(?:г\.\s*г\.|гг\.?|г\.?|годах|годы|года|году|год)(?![а-я]))?"
SCHOOL_YEAR = rf"(?P<sy1>{YEAR})\s*[-/]\s*(?P<sy2>{YEAR}|\d\d)\s*(?:учебн\w*\s+год\w*|уч\.?\s*г(?:од\w*|\.)?|у\.\s*г\.?)"
# "Январь, апрель 2022", "сентябрь, июнь 2022-2023": the months a plan row repeats in, the year once
MONTH_LIST = (r"(?P<ml>" + MONTH + r"(?:(?:\s*,\s*|\s+и\s+)" + MONTH + r")+)\s*,?\s+(?:(?P<ly1>" + YEAR + r")\s*[-/]\s*"
              r"(?P<ly2>" + YEAR + r"|\d\d)(?:\s*(?:учебн\w*\s+год\w*|уч\.?\s*г(?:од\w*|\.)?))?|(?P<ly>" + YEAR + r"))")
# (a year of this era: "СанПиН 2.4.3648-20" is no date)
NUM_DATE = r"(?P<{p}d>\d{{1,2}})\s?\.\s?(?P<{p}m>\d{{1,2}})\s?\.\s?(?P<{p}y>(?:19|20)\d\d|\d\d)(?!\d)"
# a day written in words, as letters spell a term out: "не позднее двадцать второго марта 2024 года"; a day in figures
# spelt out again in brackets: "до 30 (тридцатого) апреля"
ORDINAL_DAYS = {"перв": 1, "втор": 2, "трет": 3, "четвер": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8, "девят": 9,
                "десят": 10, "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13, "четырнадцат": 14, "пятнадцат": 15,
                "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18, "девятнадцат": 19, "двадцат": 20, "тридцат": 30}
ORDINAL_DAY = (r"(?:(?:двадцать|тридцать)\s+)?(?:перв|втор|трет|четверт|пят|шест|седьм|восьм|девят|десят|"
               r"одиннадцат|двенадцат|тринадцат|четырнадцат|пятнадцат|шестнадцат|семнадцат|восемнадцат|"
               r"девятнадцат|двадцат|тридцат)(?:ого|его|ье|ое)")
SPELT_OUT = r"(?:\s*\([а-яё][а-яё ]+\))?"
TEXT_DATE = (r"(?:[«\"]\s?)?(?P<{p}d>\d{{1,2}}|" + ORDINAL_DAY.replace("{", "{{").replace("}", "}}") + r")(?:\s?[»\"])?(?:-?го)?" + SPELT_OUT + r"\s+(?P<{p}mn>"
             + MONTH + r")(?:\s+(?P<{p}y>" + YEAR + r"))?")
MONTH_YEAR = r"(?P<{p}mn>" + MONTH + r")(?:\s+(?P<{p}y>" + YEAR + r"))?"


def date_rx(p: str) -> str:
    return "(?:" + NUM_DATE.format(p=p) + "|" + TEXT_DATE.format(p=p + "t") + ")"


DASH = r"\s*(?:-|по|до)\s*"
# "с 10 по 25 марта"; days listed, "16 и 17 мая", "5, 12 и 19 апреля", run from the first to the last
DAY_RANGE = (r"(?:с\s+)?(?P<d1>\d{1,2})(?:\s*,\s*\d{1,2})*\s*(?:-|по|до|и|,)\s*(?P<d2>\d{1,2})\s+(?P<dmn>" + MONTH
             + r")(?:\s+(?P<dy>" + YEAR + r"))?")
# "II–IV кварталы 2025 г.", "I-II кв.": from the first quarter's start to the last one's end
QUARTER_RANGE = (r"(?P<q1>iv|iii|ii|i|[1-4])\s*(?:-?(?:й|го))?\s*[-–—]\s*(?P<q2>iv|iii|ii|i|[1-4])\s*(?:-?(?:й|го))?\s*"
                 r"(?:квартал\w*|кв\.?(?![а-я]))(?:\s+(?P<qy>" + YEAR + r"))?")
QUARTER = r"(?P<q>iv|iii|ii|i|[1-4])\s*(?:-?(?:й|го|ом))?\s*(?:квартал\w*|кв\.?(?![а-я]))(?:\s+(?P<qy>" + YEAR + r"))?"
HALF = r"(?P<h>[12]|ii|i|перв\w*|втор\w*)\s*(?:-?(?:е|го|м|ое|ом))?\s*полугоди\w*(?:\s+(?P<hy>" + YEAR + r"))?"
# numbers written as words: "в течение трех рабочих дней", "в десятидневный срок"
NUMBER_WORDS = {"одн": 1, "дв": 2, "тр": 3, "четыр": 4, "пят": 5, "шест": 6, "сем": 7, "восьм": 8, "девят": 9,
                "десят": 10, "пятнадцат": 15, "двадцат": 20, "тридцат": 30}
NUMBER_WORD = r"(?:одного|одной|двух|трех|трёх|четырех|пяти|шести|семи|восьми|девяти|десяти|пятнадцати|двадцати|тридцати)"
# "за 14 дней до открытия смены" counts back from an event, as "после …" counts on from one
ANCHOR = (r"(?:\s+(?P<anchor>(?:со\s+дня|с\s+даты|с\s+момента|после|до(?=\s+[а-яё]))(?:\s+(?![^\s.;,)]*(?:ть|ться|ти)\b)"
          r"[^\s.;,)]+){1,3}))?")
# ("в течение 3-х рабочих дней"; one in "в течение недели." and "в течение месяца со дня получения", not in a plan's
# "в течение месяца": during the month it plans)
RELATIVE = (r"(?:(?:в\s+течение|не\s+позднее|в\s+срок\s+не\s+позднее)?\s*(?P<n>\d{1,3})\s*(?:-?(?:х|ти|ми|и)\s+)?(?:\(\w+\)\s*)?|"
            r"в\s+течение\s+(?P<nw>" + NUMBER_WORD + r")\s+(?:\(\d+\)\s*)?|"
            r"в\s+течение\s+(?=недели\s*(?:[.,;)]|$)|(?:недели|месяца)\s+(?:со\s+дня|с\s+даты|с\s+момента)\s))"
            r"(?P<wd>рабоч\w*\s+|календарн\w*\s+)?(?P<unit>дн\w*|день|недел\w*|месяц\w*)" + ANCHOR)
# "в течение одного часа с момента передачи", "в течение 2 часов после получения": within the day it counts from
# (never a bare "10 часов": a time of day)
RELATIVE_HOURS = (r"в\s+течение\s+(?:(?P<n>\d{1,2})\s*(?:\(\w+\)\s*)?|(?P<nw>" + NUMBER_WORD + r")\s+)(?P<unit>час)\w*" + ANCHOR)
# "в 3-дневный срок", "в десятидневный срок", "в двухнедельный срок", "в месячный срок"
TERM_ADJECTIVE = (r"в\s+(?:(?P<n>\d{1,2})\s*-?\s*(?:х|ти|ми|и)?\s*-?\s*|(?P<nw>одно|двух|трех|трёх|пяти|семи|десяти|"
                  r"пятнадцати|тридцати))?(?P<unit>дневн|недельн|месячн)\w*\s+срок" + ANCHOR)
# what a relative term may count from and still be resolved against the document's own date
# the event is this document's own: "со дня подписания (настоящего приказа)", "с момента получения письма";
# not "после получения результатов", whose date this document cannot know
DOCUMENT_ANCHOR = (r"^\S+(?:\s+(?:дня|даты|момента))?\s+(?:(?:его|ее)\s+)?(?:(?:подписани|получени|издани|утверждени|поступлени|"
                   r"опубликовани|выдач|вручени|передач)\w*(?:\s+(?:настоящ|данн)\w*)?(?:\s+(?:письм|приказ|распоряжени|протокол|"
                   r"запрос|документ|постановлени|решени|предписани|представлени|акт|телефонограмм)\w*)?|(?:настоящ|данн)\w*\s+\w+)\s*$")
# the event itself, which the title may date: "до начала проведения", "после проведения", "со дня проведения"
EVENT_ANCHOR = (r"^(?:до|после|со\s+дня|с\s+даты)\s+(?:(?:начала|дня|даты|окончания|завершения)\s+)?"
                r"(?:проведени|олимпиад|экзамен|сочинени|изложени|конкурс|соревновани|мероприяти|конференци|семинар)")
EVENT_DAY = r"в\s+день\s+(?:начала\s+)?проведения"
# a protocol's own meeting: "в течение пяти рабочих дней со дня проведения собрания" counts from the protocol's day
MEETING_ANCHOR = r"^(?:со\s+дня|с\s+даты|после)\s+(?:проведения\s+)?(?:настоящего\s+|данного\s+)?(?:собрани|заседани|совещани)"
# "до конца II четверти" (by the period's end), "с 14.11.2026 до конца II четверти" (a day, then the period's end)
UNTIL_END = r"(?:до|к)\s+(?:конца|концу|окончания|окончанию|завершения|завершению)\s+$"
FROM_DAY = r"(?:^|\s)с\s+$"
UNTIL = r"^\s*(?:до|по)\s+(?:(?:конца|окончания|завершения)\s+)?$"
# a cited law's date ("Федерального закона от 25 декабря 2008 года № 273-ФЗ"), never the document's own
LAW_FROM = r"(?:закон|кодекс|указ)\w*(?:\s+\S+){0,6}\s+от\s*$"
LAW_NUMBER = r"-\s*(?:фкз|фз|кз|оз|рз)\b"
# "… 22 января 2027 года в 10.00 состоится вебинар …. Просим обеспечить участие в вебинаре …": the day an event the
# paragraph announces takes place is the term of taking part in it
TAKES_PLACE = (r"\b(?:состо(?:ится|ятся)|пройд[её]т|пройдут|будет\s+проведен\w*|планируется\s+провести|"
               r"проводит(?:ся)?|проводят(?:ся)?|организует)\b")
TAKING_PART = r"\bучасти\w*\s+(?:в|во)\s+(?P<event>[а-яё]{4,})"
# a meeting's term "к следующему заседанию (рабочей группы)", and where a protocol dates that meeting: "Очередное
# заседание рабочей группы провести 17 ноября 2026 года", "Следующее заседание … состоится 21 января 2027 года"
NEXT_MEETING = r"(?:к|до)\s+(?:следующему|очередному|ближайшему|следующего|очередного|ближайшего)\s+(?:заседани|совещани)\w*"
NEXT_MEETING_DATE = (r"(?:следующ|очередн|ближайш)\w*\s+(?:заседани|совещани)\w*(?:\s+[а-яё]+){0,4}?\s+"
                     r"(?:состоится|провести|пройд[её]т|назначить|назначено|запланировано|планируется(?:\s+провести)?)\s+"
                     r"(?:на\s+)?(?P<date>\d{1,2}\s+[а-яё]+\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{2,4})")
RECURRING = {
    "ежедневно": "daily", "еженедельно": "weekly", "ежемесячно": "monthly", "ежеквартально": "quarterly",
    "ежегодно": "yearly", "раз в полугодие": "half-yearly", "раз в квартал": "quarterly", "раз в месяц": "monthly",
    "каждый месяц": "monthly", "каждый квартал": "quarterly", "ежеполугодно": "half-yearly", "раз в полгода": "half-yearly",
}
# the day as a number or in words: "до 15 числа", "до пятнадцатого числа каждого месяца"
RECUR_DAY = (r"(?:в\s+срок\s+)?(?:до|не\s+позднее|не\s+позже|к)\s+(?P<rd>\d{1,2}|" + ORDINAL_DAY
             + r")(?:-?го)?" + SPELT_OUT + r"\s*(?:числа|чис\.)")
# "один раз в квартал", "1 раз в полугодие", "1 раз в четверть": once per period
ONCE_PER = {"месяц": "monthly", "квартал": "quarterly", "полугодие": "half-yearly", "год": "yearly"}
ONCE = r"(?:один|одного|1)\s+раза?\s+в\s+(?P<per>месяц|квартал|полугодие|год|четверть|триместр)(?![а-я])"
# "2 раза в год", "четыре раза в год": so many times a year
TIMES_A_YEAR = {2: "half-yearly", 4: "quarterly", 12: "monthly"}
TIMES = r"(?P<times>2|4|12|два|две|четыре)\s+раза\s+в\s+год(?![а-я])"
# "до 20 числа каждого месяца": monthly without the word "ежемесячно", or with it after the day ("до 15 числа
# ежемесячно")
EACH_MONTH_DAY = (r"(?:в\s+срок\s+)?(?:до|не\s+позднее|к)\s+(?P<rd>\d{1,2}|" + ORDINAL_DAY
                  + r")(?:-?го)?" + SPELT_OUT + r"\s*числа\s+(?:каждого\s+месяца|ежемесячно)")
# a month named without its year in a task's words: "в течение марта", "в марте текущего года", "в апреле": the
# month of the year the document lives in ("следующего года": the year after); the month itself is
# prepositional after "в" and genitive after "в течение", so a noun ("в мае-месяце" aside) cannot be taken for it
MONTH_PREP = r"(?:январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре)"
MONTH_GEN = r"(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
MONTH_NO_YEAR = (r"(?<![а-я])(?:в\s+течение\s+(?P<mg>" + MONTH_GEN + r")|в\s+(?P<mp>" + MONTH_PREP + r"))"
                 r"(?:\s+(?P<rel>текущего|этого|сего|следующего|будущего)\s+года)?(?!\s*[-–]?\s*(?:20|19)\d\d)(?![а-я])")
# "1-я декада сентября", "II декада октября", "первая неделя октября", "последняя неделя мая": ten or seven
# days of a month; a range of two such parts shares the second one's month when the first names none
# ("1-я – 2-я неделя декабря")
PART_NTH = r"(?P<{p}nth>[1-4]|(?<![A-Za-z])[Ii]{{1,3}}(?![A-Za-z])|перв\w*|втор\w*|трет\w*|четв[её]рт\w*|последн\w*)"
PART_ENDING = r"\s*(?:-?(?:я|й|ая|ой|ю|ую))?\s*"
PART_UNIT = r"(?P<{p}unit>декад\w*|недел\w*)"
PART_MONTH = r"(?P<{p}mn>" + MONTH + r")(?:\s+(?P<{p}y>" + YEAR + r"))?"
PART = PART_NTH + PART_ENDING + PART_UNIT + r"\s+" + PART_MONTH
MONTH_PART = PART.format(p="p")
MONTH_PART_RANGE = (r"(?:с\s+)?" + PART_NTH.format(p="a") + PART_ENDING + "(?:" + PART_UNIT.format(p="a") + r"\s*)?"
                    + "(?:" + PART_MONTH.format(p="a") + r"\s*)?(?:-|–|—|по)\s*" + PART.format(p="q"))
# a plan cell listing months with no year ("сентябрь, январь, май"): the months the row repeats in
MONTH_LIST_BARE = r"(?P<ml>" + MONTH + r"(?:(?:\s*,\s*|\s+и\s+)" + MONTH + r")+)"
# a day and month without the year: "с 01.09 по 15.09.2023", and in a cell "до 25.05"
SHORT_DATE = r"(?P<sd>\d{1,2})\.(?P<sm>\d{1,2})(?![.\d])"
# "по понедельникам", "каждую пятницу": the next such weekday
WEEKDAYS = {"понедельник": 0, "вторник": 1, "сред": 2, "четверг": 3, "пятниц": 4, "суббот": 5}
WEEKDAY = (r"(?:по\s+|кажд\w+\s+)(?P<wd>понедельник|вторник|сред|четверг|пятниц|суббот)(?:ам|ами|у|а)?(?![а-я])")
# "до пятницы", "до конца рабочего дня пятницы", "в среду": the next such day after the document (a date given
# beside it, "в среду, 15.04.2026", is read as the date)
BY_WEEKDAY = (r"(?P<by>до|к|в|во)\s+(?:конца\s+(?:рабочего\s+)?дня\s+)?(?P<wd>понедельник|вторник|сред|четверг|пятниц|"
              r"суббот)(?:а|ы|у|е)?(?![а-я])(?!\s*,?\s*\d)")
# "не позднее первого рабочего дня (5 числа), следующего за отчетным периодом (месяцем, кварталом)"
AFTER_PERIOD = (r"(?:не\s+позднее|до)\s+(?:(?P<nth>перв\w+|втор\w+|трет\w+|пят\w+|\d{1,2})(?:-?го)?\s+)?(?P<wdays>рабоч\w+\s+)?"
                r"(?:дн\w+|числа)\s*(?:месяца)?\s*,?\s*следующ\w+\s+за\s+отч[её]тн\w+(?:\s+(?P<per>период\w*|месяц\w*|"
                r"квартал\w*|полугоди\w*|год\w*))?")
# "до 1 апреля года, следующего за отчетным (периодом)": a yearly report, due in the year after the one reported on
AFTER_REPORTING_YEAR = (r"(?:до|не\s+позднее|к)\s+(?P<rd>\d{1,2})\s+(?P<rmn>" + MONTH + r")\s+года\s*,?\s*следующ\w+\s+за\s+"
                        r"отч[её]тн\w+(?:\s+(?:период\w*|год\w*))?")
# "до 5 числа последнего месяца квартала": due inside the period, in its last month
LAST_MONTH_OF_QUARTER = r"(?:не\s+позднее|до)\s+(?P<rd>\d{1,2})(?:-?го)?\s*числа\s+последнего\s+месяца\s+(?:каждого\s+)?квартала"
# a school year's own halves and quarters ("I полугодие 2021-2022 учебного года", "2 четверть"), an academic
# year's semesters ("2 семестр 2026/2027 уч. г.")
SCHOOL_PART = (r"(?P<n>iv|iii|ii|i|[1-4]|перв\w*|втор\w*|трет\w*|четверт\w*)\s*(?:-?(?:я|е|й|го|ое|ая|ой))?\s*"
               r"(?P<what>полугоди\w*|четверт\w*|триместр\w*|семестр\w*)(?:\s+(?P<sy1>" + YEAR + r")\s*[-/]\s*(?P<sy2>" + YEAR
               + r"|\d\d))?(?P<school>\s+(?:текущ\w+\s+|нового\s+|следующ\w+\s+)?учебн\w*\s+год\w*)?")
# "по итогам каждой четверти", "в конце каждого квартала": the end of the next such period
EACH_PERIOD = (r"(?:по\s+итогам|в\s+конце|по\s+окончании|после\s+окончания|после)\s+(?:каждой|каждого)\s+"
               r"(?P<per>четверт\w*|триместр\w*|полугоди\w*|квартал\w*|месяц\w*|(?:учебного\s+)?года)(?![а-я])")
# the edges of a school year: "в начале учебного года", "до начала учебного года", "в конце учебного года"
SCHOOL_EDGE = r"(?:(?P<pre>в|до|к)\s+)?(?P<edge>начал\w*|конц\w*|окончани\w*)\s+(?:(?P<ey1>" + YEAR + r")\s*[-/]\s*(?:" + YEAR \
              + r"|\d\d)\s+)?учебн\w*\s+год\w*"
NO_DEADLINE = [
    # an event, not a date: "при формировании бюджетов на 2025 год" (its year is the budget's), "при необходимости"
    r"при\s+(?:формировани|подготовк|составлени|планировани|утверждени)\w*(?:\s+[а-яё]+){1,3}\s+на\s+20\d\d"
    r"(?:\s*[-–]\s*20\d\d)?\s+год\w*", r"при\s+необходимости",
    r"постоянно", r"по\s+мере\s+\w+", r"по\s+отдельному\s+(?:графику|плану)", r"по\s+необходимости",
    r"в\s+соответствии\s+с\s+графиком", r"систематически", r"в\s+постоянном\s+режиме", r"по\s+запросу",
]
BY_WORDS = r"(?:не\s+позднее|не\s+позже|в\s+срок\s+до|до|к)"
# a bare year is a term only after words that make it one ("в 2024 году", "в течение 2024 г.", "до конца 2024
# года"); after a noun it names what the task is about ("итоги ВПР 2022 года")
YEAR_ONLY = re.compile(r"^\s*(?:20\d\d|19\d\d)\s*(?:г\.?|года|году|год)?\s*$")
YEAR_AS_TERM_BEFORE = re.compile(r"(?:^|[\s(,;:–—-])(?:в|во|течение|конца|концу|протяжении|до|к|срок|срок\w*\s*[-–—:])\s*$|^\s*$",
                                 re.I)
# a date written right after "от" or next to "№" belongs to a document reference, not a deadline; one after "по
# состоянию на" is the date a figure is given for
REFERENCE_CONTEXT_BEFORE = re.compile(r"(?:\bот|№\s*[\w/.-]+\s*(?:от)?|по\s+состоянию\s+на)\s*$")
REFERENCE_CONTEXT_AFTER = re.compile(r"^\s*(?:г\.|года)?\s*№")
# "В тот же срок просим представить …": the term of the task before it
SAME_TERM = re.compile(r"\bв\s+(?:тот\s+же|этот\s+же|аналогичный)\s+срок|\bв\s+те\s+же\s+сроки", re.I)
# the summer holidays: "в период летних каникул 2026 г." (June to August), "до начала летних каникул" (by the end of May),
# "до окончания летних каникул" (by the end of August); with no year, the next summer after the document
SUMMER = (r"(?:(?P<edge>до\s+(?:начала|окончания|конца))\s+|(?:в\s+период|во\s+время|в\s+течение|в\s+дни)\s+)?"
          r"летн\w+\s+каникул\w*(?:\s+(?P<sy>" + YEAR + r")" + YEAR_WORD + r")?")
