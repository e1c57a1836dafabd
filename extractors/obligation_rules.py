"""Word lists and patterns that mark obligations, responsible bodies, scopes and document types."""
from __future__ import annotations

import re

# a block ending in ':' with one of these opens a list of tasks
DIRECTIVE_TRIGGERS = re.compile(
    r"\b(приказываю|решили|постановляю|постановил[иа]?|предлагаю|рекомендую|рекомендовать|прошу|просим|просит|просят|обязать|"
    r"предписываю|предписывается|обязываю|"
    r"поручить|поручаю|необходимо|следует|надлежит|предлагается|рекомендуется|требуется|решение|поручения)\b", re.I)
# modal words that make a prose sentence an obligation when an infinitive follows
MODAL = re.compile(r"\b(необходимо|следует|рекомендуется|рекомендовано|рекомендую|рекомендуем|рекомендует|надлежит|обязан[аоы]?|"
                   r"должн[аоы]?|должен|прошу|просим|просит|просят|поручаю|поручает|предлагаю|предлагает|требуется|нужно)\b",
                   re.I)
# every municipal district and the region's city district named with it: "администраций муниципальных районов и
# городского округа Саранск", "… муниципальных районов Омской области и городского округа город Омск"
DISTRICTS_AND_CITY = re.compile(r"муниципальных\s+(?:районов|округов)\s+(?:[А-ЯЁ][а-яё]+\s+(?:области|края|республики)\s+)?"
                                r"и\s+городского\s+округа\s+(?:город\s+)?[А-ЯЁ«\"]", re.I)
# one body's abbreviation joined by "и": "КДН и ЗП" (the commission on minors' affairs and the protection of their
# rights; "ТКДН и ЗП", a territorial one), "КЧС и ОПБ" / "КЧС и ПБ" (the emergencies and fire safety commission), "отдел ГО и ЧС"
JOINED_ABBREVIATION = re.compile(r"\b[А-ЯЁ]{0,2}(?:[КО]ДН\s+и\s+ЗП|КЧС\s+и\s+О?ПБ)\b|\bГО\s+и\s+ЧС\b")
# a doer before a dash and the task after it, as notices and e-mails write: "Детские сады (в т.ч. дошкольные группы) —
# обновить данные …", "Всем общеобразовательным организациям … — выслать сканы …"
DASH_DOER = re.compile(r"^\s*(?P<who>[^—–\n]{3,160}?)\s+[—–]\s+(?=(?:[а-яё]+\s+){0,2}?[а-яё]{3,}(?:ть|ти|чь)(?:ся)?\b)")
# an item naming its doer and its term inline is a task whatever its wording: "1.2. Актуализация дорожных карт … .
# Ответственные: руководители ОО; срок: до 20.03.2026." (not a blank "Ответственный: –; срок: –")
DOER_AND_TERM = re.compile(r"(?:ответственн\w*|исполнител\w*)\s*:\s*[^\s–—-][^;]{2,}?[;.,]\s*срок\w*(?:\s+исполнения)?\s*[:\-–—]\s*[^\s–—-]",
                           re.I)
# a protocol's decision laid on people named before a colon: "2. Тарасенко В.И., Ковальчук Н.Г.: обеспечить …"
_PERSON = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.?"
PERSONS_COLON = re.compile(r"^\s*(?P<who>" + _PERSON + r"(?:\s*(?:,|и)\s*" + _PERSON + r")*)\s*:\s*(?=[а-яё])")
# items by place follow: "3. По муниципальным образованиям:", "По территориям:" (each place's name on a line of its own)
BY_PLACES = re.compile(r"^\s*по\s+(?:муниципальным\s+)?(?:образованиям|районам|округам|территориям|муниципалитетам)\s*:?\s*$", re.I)
# the nouns that head an institution's name (not a person's post): "комитет по образованию", "управление образования …"
INSTITUTION = r"(?:министерств|департамент|комитет|управлени|отдел|администраци|центр|учреждени|оргкомитет)"
# what is to be sent where, the verb left out: "1. Графики проведения утренников (…) – в отдел дошкольного образования
# Управления, к 03.12.26" (a task where it has a term)
SENT_THERE = re.compile(r"^[^–—]{5,250}?\s[–—-]\s+(?:в|во)\s+(?:[а-яё]+\s+){0,3}" + INSTITUTION + r"\w*", re.I)
# an order's urgency, which stands for its term: "О случаях … сообщать незамедлительно"
URGENT = re.compile(r"\b(?:незамедлительно|немедленно|безотлагательно)\b", re.I)
# a request to extend the term of one's own task: "просим продлить срок представления отчета до 15 января"
EXTENSION = re.compile(r"\b(?:прош\w*|прос\w+)\s+(?:\w+\s+){0,2}(?:продлить|перенести|продления|переноса)\s+срок", re.I)
# modals by which the writer asks someone else: their subject is the requester, their object the responsible
REQUEST = re.compile(r"\b(прошу|просим|просит|просят|рекомендую|рекомендуем|рекомендует|поручаю|поручает|предлагаю|предлагает|"
                     r"обязываю|обязывает)\b", re.I)
# heads of body names (lower-case stems) and abbreviations that name bodies
BODY_HEADS = re.compile(
    r"(?<![\w-])(министерств|департамент|комитет|управлени|отдел|администраци|мэри|правительств|губернатор|учреждени|организаци|школ|служб|прокуратур|"
    r"совет|центр|институт|инспекци|комисси|жюри|оргкомитет|штаб|рабоч\w*\s+групп|агентств|ведомств|орган|руководител|директор|глав[аеы]|начальник|"
    r"заместител|специалист|методист|координатор|педагог|учител|заведующ|председател|бухгалтер|секретар|"
    r"инспектор|воспитател|психолог|эксперт|союз|ассоциаци|объединени|фонд|палат|профсоюз|мбу|мбоу|мау|маоу|мку|мкоу|гбу|гку|гоу|огбу|"
    r"сад(?:ы|ов|ам|ами|ах|а|у|ом|е)?(?![а-яё])|лице[йяюе]|гимнази|"
    # an institution's legal form, abbreviated, opens its name ("АУ «Институт …»", "ГАУ ДПО …", "МБДОУ …")
    r"(?:ау|бу|ку|гау|гаоу|огау|кгау|мадоу|мбдоу|мдоу|мбудо|маудо)(?![а-яё])|"
    r"кгбу|гбоу|моуо|омсу|оо|оу|моо|гмс|рмо|ммс|ппэ|рцои|цоко|ипк|иро|мимц|имц|рмц|ответственн\w*\s+лиц)", re.I)
ABBREVIATION = re.compile(r"^[А-ЯЁA-Z]{2,}(?:\s*[«\"][^»\"]+[»\"])?$")
FEDERAL = re.compile(r"(министерств\w*\s+просвещения\s+российской|минпросвещения|рособрнадзор|федеральн\w+\s+служб|"
                     r"министерств\w*\s+науки\s+и\s+высшего|правительств\w*\s+российской)", re.I)
ALL_REGIONS = re.compile(r"(субъект\w*\s+российской\s+федерации|субъект\w*\s+рф|региональн\w+\s+орган\w*\s+исполнительной|"
                         r"орган\w*\s+исполнительной\s+власти\s+субъект)", re.I)
# bodies of every municipality: "органы местного самоуправления", and also "органы, осуществляющие управление в
# сфере образования" of a region written without those words ("государственное управление" is the region's own)
MUNICIPAL = re.compile(r"(местного\s+самоуправлени|орган\w*\s+местного\b|муниципальн|\bомсу\b|\bмоуо\b|\bмо\b|"
                       r"\bорган\w*\s*,?\s*осуществляющ\w+\s+управлени\w*\s+в\s+сфере\s+образовани)", re.I)
# one person at the head of one body, in the singular ("Председателю комитета образования … муниципального
# района"): one body even where its municipality is not named, never every municipality of the region
SINGLE_HEAD = re.compile(r"^\s*(?:председател[ьяюе]|начальник[ау]?|руководител[ьяюе]|директор[ау]?|глав[аеу]|"
                         r"заведующ(?:ий|ему|его|ая|ей)|заместител[ьяюе])(?![а-яё])", re.I)
# institutions every municipality has, named as a class ("руководители общеобразовательных организаций",
# "дошкольные образовательные организации", "ОО"): a regional document to them binds every municipality
INSTITUTIONS_EVERYWHERE = re.compile(r"(?:обще|дошкольн\w*\s+)?образовательн(?:ых|ые|ым|ыми)\s+(?:организаци|учреждени)|"
                                     r"\bшкол(?:ы|ам|ами)?\b|\b(?:оо|оу|доо|доу|оуо)\b", re.I)
DOC_TYPES = [  # first match in the document's title blocks wins
    # a supervisory body's act: "other" in the register's terms, whatever letter-like marks it carries
    ("other", re.compile(r"^\s*(предписани[ея]|представлени[ея]\s+об\s+устранении|акт\s+(?:\w+\s+)?проверки)\b|"
                         r"^\s*акт\s*(?:№\s*[\w/.-]+\s*)?$", re.I)),   # "АКТ № 3" over the line saying what was checked
    ("protocol", re.compile(r"^\s*(?:протокол\b|решение\s+коллегии)", re.I)),   # a collegium's decision records a meeting
    ("instructions", re.compile(r"^\s*перечень\s+поручений\b", re.I)),
    ("order", re.compile(r"^\s*(приказ|распоряжение|постановление|решение)\s*(\b|$)", re.I)),   # решение: a council's
    ("plan", re.compile(r"^\s*(план\b|дорожн\w*\s+кар\w*|комплекс\s+мер|программа\s+мероприятий)", re.I)),
    ("letter", re.compile(r"^\s*(информационное\s+)?письмо\b|^\s*служебн\w+\s+записк", re.I)),
]
LETTER_MARKS = re.compile(r"(уважаем\w+|\bна\s*№|\bисх\.|сообща\w+|направля\w+|информиру\w+)", re.I)
# "Контроль за исполнением … возложить на заместителя министра Иванова И.И." names who is responsible
# "возложить на руководителей ОО (персональную) ответственность за …": the one charged, not what with
ASSIGNED_TO = re.compile(r"\bвозложить\s+на\s+(?P<who>[^;:()]{3,200}?)\s*(?:[;:(]|\.\s*$|$|\s(?=(?:персональн\w+\s+)?"
                         r"(?:ответственност|обязанност|контрол[ья]|функци|полномочи)))", re.I)
# "Рекомендовать руководителям ОО:" — a directive verb before the addressees of the items that follow
HEAD_VERB = re.compile(r"^\s*(рекомендовать|поручить|обязать|предложить|предлагается|рекомендуется)\s+", re.I)
# a person as tasks name one: initials with the surname ("Загаевой А.", "Н.И. Лавровой"), the surname in the dative
# (or one that does not decline: "Гончаренко", "Черных")
INITIALS = r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?"
DATIVE_SURNAME = r"[А-ЯЁ][а-яё]+(?:ой|у|ю|е|ому|ей|ко|их|ых|аго|яго)"
DATIVE_PERSON = r"(?:" + DATIVE_SURNAME + r"\s+" + INITIALS + r"|" + INITIALS + r"\s?" + DATIVE_SURNAME + r")"
# a surname with its initials on either side, in any case ("Дорофеевой С.В.", "(Кузнецова Е.В.)", "Н.И. Лавровой"):
# the surname in group s1 or s2 (not a verb that opens a sentence before initials: "Поручить А.П. Кравченко")
SURNAME_WITH_INITIALS = re.compile(r"(?<![А-ЯЁа-яё])(?:(?P<s1>[А-ЯЁ](?![а-яё]*(?:ть|ться|ти)\s)[а-яё]{2,})\s+"
                                   + INITIALS + r"|" + INITIALS
                                   + r"\s?(?P<s2>[А-ЯЁ][а-яё]{2,}))")


# the persons in charge named in brackets at the end of an item, before its term: "… внеурочной деятельностью
# (Мухин Д.С.). Срок — до 01.12.2026", "(Волкова С.П., Лаптева О.Н.)"
PERSON = r"(?:[А-ЯЁ][а-яё]{2,}(?:-[А-ЯЁ][а-яё]{2,})?\s+" + INITIALS + r"|" + INITIALS + r"\s?[А-ЯЁ][а-яё]{2,})"
PERSONS_AT_END = re.compile(r"\((?P<who>" + PERSON + r"(?:\s*,\s*" + PERSON + r")*)\)\s*[.;]?\s*(?:[Сс]рок\b|$)")


def surnames(text: str) -> set[str]:
    """The stems of the surnames named with initials in ``text`` (their first five letters: any case)."""
    return {(m.group("s1") or m.group("s2"))[:5].lower() for m in SURNAME_WITH_INITIALS.finditer(text)}
# an act's closing part names whom its items are for: "Рекомендации директору МБОУ «СОШ № 9» Семеновой Т.В.:",
# "Предложения руководителям общеобразовательных организаций:"
HEAD_NOUN = re.compile(r"^\s*(рекомендации|предложения|поручения)\s+(?=\S)", re.I)
# items that record, not oblige: "Информацию принять к сведению"
NOT_A_TASK = re.compile(r"^\s*(?:\S+\s+){0,3}?принять\s+к\s+сведению|^\s*информацию\s+\S+\s+принять\s+к\s+сведению"
                        r"|^\s*(?:доклад|информацию|сообщение)\s+принять\s+к\s+сведению", re.I)
# what an act asked of someone, retold: "В письме Минпросвещения России органам … рекомендовано обеспечить …", "Письмом
# управления … от … № … органам … предложено … представить …" (a task of this document only where the act is its sender's own)
RETOLD = re.compile(r"^\s*(?:(?:в|во)\s+(?:письме|приказе|постановлении|распоряжении|решении|поручении|протоколе|указе)|"
                    r"(?:письмом|приказом|постановлением|распоряжением|решением|поручением|протоколом|указом))\s+"
                    r"(?P<issuer>(?:[^.;:]|\.(?=\d)){0,250}?)\b(?:рекомендовано|предложено|поручено|предписано)\b", re.I)
# a "Срок – …" line (or "Срок исполнения: …") gives the deadline of the item before it
# the body a предписание (or another notice) is issued to, named on a line of its own: "Выдано: …", "Кому выдано: …", "Кому: …",
# "Контролируемое лицо: …" (not an e-mail's "Кому: uo@…"); its name ends before its details ("(ИНН …)", ", адрес: …", ", расположенному …")
ISSUED_TO = re.compile(r"^\s*(?:(?:предписание\s+|кому\s+)?выдан[оа]|кому|контролируем\w+\s+лиц\w*|объект\w*\s+(?:контроля|проверки)|"
                       r"проверяем\w+\s+(?:орган\w*|организаци\w*|учреждени\w*|лиц\w*))"
                       r"\s*[:\-–—]?\s+(?P<who>(?![^;\n]*@)[^(;]{5,300}?)\s*(?:[(;]|,\s*(?:адрес|инн|огрн|расположен|"
                       r"находящ|место\s+нахождения|юридическ)|\.\s*$|$)", re.I)
# a question of an agenda ("2. О проведении конкурса …", "2. По второму вопросу") or the record of who spoke on it ("2. СЛУШАЛИ: Иванову
# И.И. – о …"): a heading of the decisions after it, no task
RECORD = r"(?:слушали|заслушали|выступили|докладчик\w*)\s*[:\-–—]"
TOPIC = re.compile(r"^\s*(?:(?:О|Об|Обо)\s+[а-яё]|по\s+(?:[а-яё]+\s+)?вопросу|" + RECORD + ")", re.I)
# who spoke and what they proposed ("ВЫСТУПИЛИ: Мальцев Д.О. предложил установить …"): a record, not a decision
SPOKE = re.compile(r"^\s*" + RECORD, re.I)
# "Срок – …", "Срок исполнения: …", "Срок представления отчетов – …"
TERM_LABEL = (r"срок\w*(?:\s+(?:исполнения|выполнения|представления|реализации|проведения|подачи|доклада)"
              r"(?:\s+[а-яё]+){0,2})?")
# a list of instructions asks for a report by a date: "Доклад – до 15 апреля", "Доклад в Правительство края: до …"
REPORT_LABEL = r"доклад\w*(?:\s+(?:в|об?)\s+[^–—:\-]{1,60}?)?"
DEADLINE_LINE = re.compile(r"^\s*(?:" + TERM_LABEL + r"|" + REPORT_LABEL + r"|до)\s*[-–—:]\s*", re.I)
# one line gives the term of a group of items: "Срок по подпунктам 1.1 - 1.3 - до 25 июля", "По пунктам 3, 4
# срок – …", "Срок: по пункту 1 — до …; по пунктам 2–4 — …". An item number is whole (not a date's "01.09.2025")
# and no day of a month ("по пунктам 2–4 — 1 сентября").
_ITEM_NO = (r"\d{1,2}(?:\.\d{1,2}){0,3}(?!\.?\d)(?!\s*(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|"
            r"октябр|ноябр|декабр))\.?")
# ("Срок исполнения пунктов 1.1 – 1.3: до …" names them in the genitive)
# ("Исполнение пунктов 2 – 6 обеспечить до …" too)
_GROUP_HEAD = (r"(?:срок\w*(?:\s+(?:исполнения|выполнения))?\s*:?\s*(?:по\s+)?|по\s+|(?:исполнени|выполнени)\w*\s+)"
               r"(?:под)?пункт\w*\s+")
ITEMS = r"(?P<items>" + _ITEM_NO + r"(?:\s*(?:[-–—]|,|и\b)\s*" + _ITEM_NO + r")*)"
GROUP_TERM = re.compile(_GROUP_HEAD + ITEMS + r"\s*(?:[-–—:]\s*)?(?:срок\w*(?:\s+исполнения)?\s*[-–—:]?\s*)?", re.I)
# "Пункты 2 – 4 исполнить в срок до 15 мая 2026 года", "Пункты 2–6 настоящего распоряжения выполнить до …", "7. Мероприятия,
# указанные в пунктах 2 – 6 настоящего распоряжения, выполнить в срок до …"
GROUP_TERM_EXECUTE = re.compile(r"(?:\d{1,2}\.\s+)?(?:[а-яё]+\s*,?\s+(?:указанн|предусмотренн|определенн)\w*\s+в\s+)?"
                                r"(?:под)?пункт\w*\s+" + ITEMS + r"(?:\s+настоящ\w+\s+[а-яё]+)?\s*,?\s+(?:исполнить|выполнить)\s*",
                                re.I)
GROUP_TERM_LINE = re.compile(r"^\s*(?:" + _GROUP_HEAD + r"\d|(?=" + GROUP_TERM_EXECUTE.pattern.replace("?P<items>", "?:") + r"))",
                             re.I)
# a protocol's term for the decisions on one question of its agenda: "Срок исполнения по первому вопросу – до 23 января
# 2026 года" (its items are numbered 1.1, 1.2, …)
GROUP_TERM_QUESTION = re.compile(r"^\s*срок\w*(?:\s+(?:исполнения|выполнения))?(?:\s+решений)?\s+по\s+(?P<question>перв|втор|трет|"
                                 r"четв[её]рт|пят|шест|\d{1,2})\w*\s+вопросу\s*[-–—:]\s*", re.I)
# a sentence sending the work of items by a term: "Материалы по пунктам 1 и 3 направляются в отдел … не позднее 26.02.2024;
# сведения по пункту 2 — ежемесячно, до 5 числа …" (its subject names what the items produce; the verb is no order)
GROUP_TERM_SENT = re.compile(r"(?:^|(?<=;))\s*(?:[А-ЯЁа-яё]+\s+){1,3}?по\s+(?:под)?пункт\w*\s+" + ITEMS
                             + r"\s*(?:[а-яё]+(?:ются|ется|утся|ится)\b|[-–—])", re.I)
GROUP_TERM_NEXT = re.compile(r"[;,]?\s*(?=по\s+(?:под)?пункт\w*\s+\d)", re.I)
# the term inside a line that names who first ("Исполнители: …; срок исполнения – до 15.03.2023")
TERM_IN_LINE = re.compile(r"\b" + TERM_LABEL + r"\s*[-–—:]\s*", re.I)
# "Ответственные: руководители ОО" after an item names who carries it out
# ("Ответственный за исполнение пунктов 2.2 – 2.4: …" names only those items)
# a task passed on by a passive of instruction: "МКУ «ИМЦ» поручено организовать …", "комитету … поручено представить …"
DELEGATED = re.compile(r"\b(?:поручен[оа]?|предложен[оа]?|рекомендован[оа]?|предписан[оа]?)\b", re.I)
# the positions a person named in a responsible may hold ("Петрова А.С., главный специалист отдела")
POSITION_WORDS = (r"руководител|директор|начальник|заместител|специалист|методист|инспектор|председател|заведующ|"
                  r"консультант|советник|секретар|бухгалтер|эксперт|ректор|проректор")
# people named by their role rather than a body or a position: "члены комиссии", "классные руководители", "родители"
ROLE_WORDS = (r"член|участник|организатор|дежурн|классн|родител|обучающ|учащ|воспитанник|выпускник|медицинск|врач|"
              r"логопед|библиотекар|ответственн|куратор|наставник|тренер|инструктор")
# a reminder's line naming who has not done the item before it: "Не исполнили: Болховский район, Колпнянский район."
LATE_LINE = re.compile(r"^\s*не\s+(?:исполнил|выполнил|представил|направил)[аи]?\s*[-–—:]\s*", re.I)
RESPONSIBLE_LINE = re.compile(r"^\s*(?:(?:ответственн\w*(?:\s+(?:исполнител\w*|за\s+исполнение))?|исполнител\w*)"
                              r"(?:\s+(?:по\s+)?(?:под)?пункт\w*\s+" + ITEMS + r")?\s*[-–—:]"
                              r"|отв\.\s*[-–—:]?)\s*", re.I)
# the same inside an item's own text: "…, ответственный – директор МБУ «ИМЦ» Иванова И.И."
RESPONSIBLE_INLINE = re.compile(r"\(?(?:\bответственн\w*(?:\s+исполнител\w*)?\s*[-–—:]|(?<![\w])отв\.\s*[-–—:]?|"
                                r"(?:\(\s*|(?<=[.;])\s*)исполнител\w*\s*[-–—:])\s*(?P<who>[^;()]{3,200}?)"
                                r"(?:\s*\([^()]{2,60}\))?\s*(?:[;)]|\.\s|\.?$|,\s*срок)", re.I)   # (a person in brackets after a body)
# ("П.1 .Разработать": a "пункт" before the number)
ITEM_LABEL = re.compile(r"^\s*(?P<label>(?:[Пп]\.\s?)?(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\s?[.)]?|(?P<letter>[а-яa-z])\)|"
                        r"(?P<bullet>[-–—•·]))"
                        r"(?:\s+|(?=[А-ЯЁA-Z«\"]))")
# table columns by header wording
COLUMNS = {
    "number": re.compile(r"^\s*(№|n\b|п/п|номер)", re.I),
    "deadline": re.compile(r"(срок|дат[аы]\s+(исполнения|выполнения|проведения)|^\s*дат[аы](?:\s*(?:,|и|/)\s*время)?\s*$|период\s+(исполнения|реализации|проведения)|"
                           r"время\s+проведения|когда|^\s*месяц\w*(?:\s+проведения)?\s*$)", re.I),
    "responsible": re.compile(r"(ответствен|исполнител|кто\s+исполняет|^\s*(?:учител|преподавател|педагог)\w*\s*$)", re.I),
    "status": re.compile(r"(отметк\w*\s+об?\s+(?:исполнен|выполнен)|информаци\w*\s+об?\s+(исполнен|выполнен)|исполнени[ея]$|"
                         r"^\s*выполнено|статус|результат\w*\s+исполнения|ход\s+исполнения)", re.I),
    "task": re.compile(r"(мероприяти|содержание|наименование|поручени|задач|решени|действи|вопрос|меры|работ|"
                       r"^\s*пункт\w*\s+(?:письма|протокола|плана|приказа|решения|поручени\w*)\s*$|^\s*требовани|^\s*рекомендаци|^\s*предложени|^\s*предмет\w*\s+(?:контрол|проверк)|^\s*предписани|^\s*предписыва|^\s*тем[аы]\b|^\s*этап|подлежащ\w*\s+устранени|"
                       r"^\s*что\s+(?:представ|направ|предостав|сдела|выполн|провести|обеспечить)|"
                       r"^\s*(?:представляем|направляем|предоставляем)\w*\s+(?:сведени|информаци|документ|материал|отч))", re.I),
}
# a column of a programme's plan that holds its tasks only where no column says so ("Направления | Сроки
# реализации"); beside a "Мероприятие" column, a direction is the row's section
TASK_COLUMN_FALLBACK = re.compile(r"^\s*направлени[ея]\b", re.I)
# how a report marks a task not (yet) done: "Не исполнено", "в работе", "частично", "реализуется", "3 из 5", "—",
# "Будет исполнено до 27.03.2026"; any other filled mark ("Исполнено. …", "Разработана программа …", a date) reports it done
NOT_DONE_MARK = re.compile(r"^\s*(?:не\s|нет\b|[-—–]\s*$)|\bбудет\s+[а-яё]+н[оа]?\b|\bв\s+работе\b|\bв\s+процессе\b|"
                           r"\bна\s+исполнении\b|\bна\s+контр|"
                           r"\bчастично\b|\b(?:реализу|проводи|продолжа|ведё|веде)\w*тся\b|\b\d+\s+из\s+\d+\b", re.I)
# the same inside a reply's sentence: "… (срок – до 10.05.2024) – исполнено", "… находится в работе"
REPORTED = re.compile(r"(?:[-–—:]\s*|\)\s*|\s)(?P<mark>не\s+исполнено|не\s+выполнено|не\s+устранено|исполнено|"
                      r"выполнено|устранено|"
                      r"(?:находится\s+)?в\s+работе|в\s+стадии\s+исполнения)\b", re.I)
# an attached part's heading: "Приложение № 2 к приказу …", "Приложение № 2 УТВЕРЖДЕНО приказом …", or
# "Приложение № 1" on its line alone
ATTACHMENT = re.compile(r"^\s*приложение\s*(№?\s*\d+\s*)?(\n|\s)*(к\s+(приказу\s+)?(письму|приказу|распоряжению|"
                        r"постановлению|протоколу)|утвержд[её]н|(?:№?\s*\d+\s*)?$)", re.I)
# a name as signatures write it: "Е.Н. Кутузова", "Кутузова Е.Н."
SIGNED_NAME = r"(?:[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+|[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.)"
SIGNATURE_NAME = re.compile(r"(" + SIGNED_NAME + r")\s*$")
SIGNATORY_POSITION = re.compile(r"^(министр|заместитель|начальник|директор|руководитель|глава|председатель|"
                                r"первый\s+заместитель|врио|и\.\s*о\.|исполняющий)", re.I)
