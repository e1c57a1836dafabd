"""Russian regions and municipalities (OKTMO as of 1 January 2024, see data/gazetteer/SOURCES.md) found in text.

Stems collide (томск = Томская область, Томский район, город Томск), so a mention counts only with
its type word: "Томской области", "Козельский район", "г. Лесосибирск", "городской округ X"."""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "gazetteer"
REGION_TYPE_WORDS = {
    "область": r"обл(?:аст\w*|\.)", "край": r"кра[йяюе]\w*", "автономный округ": r"(?:автономн\w+\s+)?округ\w*|ао\b",
    "автономная область": r"автономн\w+\s+област\w*", "республика": r"", "город федерального значения": r"",
}
# a short noun stem declines ("Республики Тыва" … "в Тыве", "Крыма", "Чечни", "Якутии") but goes on into no other
# word ("коми" is not "комиссия")
SHORT_STEM_ENDING = r"(?:[аеиуыя]|ии|ия|ию|ие|ей|ой|ом|ю)?(?!\w)"
# republics named by an adjective that is also a city's ("Донецкая Народная Республика", not "г. Донецк" of the
# Rostov region): their type words must follow
NAMED_TYPE_WORDS = {"Донецкая Народная Республика": r"народн\w+\s+республик\w*",
                    "Луганская Народная Республика": r"народн\w+\s+республик\w*"}


WORD = re.compile(r"(?<![\w-])[\w-]+")
CITY_WORD = re.compile(r"(?:(?<![\w])г\.\s*|(?<![\w])город(?:а|е|у|ом)?\s+)(?P<word>[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё]+)?)")


@dataclass(frozen=True)
class Region:
    name: str
    type: str
    oktmo_prefix: str
    oktmo: str
    stems: tuple[str, ...]


# a postal address: its index, or a street ("ул.", "пр-т")
ADDRESS_LINE = re.compile(r"(?<!\d)\d{6}(?!\d)|(?<![а-яё])(?:ул|пр-т|пер|пл)\.", re.I)


@dataclass(frozen=True)
class Municipality:
    oktmo: str
    region: str
    name: str
    type: str
    short_name: str
    stem: str
    admin_center: str


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    region: Region | None = None
    municipality: Municipality | None = None


class Gazetteer:
    def __init__(self, directory: Path = DATA) -> None:
        with (directory / "regions.csv").open(encoding="utf-8") as f:
            self.regions = [Region(r["name"], r["type"], r["oktmo_prefix"], r["oktmo"], tuple(r["stem"].split("|")))
                            for r in csv.DictReader(f)]
        with (directory / "municipalities.csv").open(encoding="utf-8") as f:
            self.municipalities = [Municipality(r["oktmo"], r["region_name"], r["name"], r["type"], r["short_name"],
                                                r["stem"], r["admin_center"]) for r in csv.DictReader(f)
                                   if r["type"] != "внутригородская территория"]
        self.region_by_name = {r.name: r for r in self.regions}
        self._region_rx = []
        for r in self.regions:
            type_rx = NAMED_TYPE_WORDS.get(r.name, REGION_TYPE_WORDS.get(r.type, ""))
            for stem in sorted(r.stems, key=len, reverse=True):
                # a short stem ("омск", "коми") is a word of its own unless its type word follows ("Омской области");
                # a noun's stem is not another region's adjective ("Алтай" is not "Алтайский институт": the krai's)
                longer = [other[len(stem):] for o in self.regions if o is not r for other in o.stems
                          if other.startswith(stem)]
                word = rf"(?<![\w-]){re.escape(stem)}" + "".join(rf"(?!{re.escape(rest)})" for rest in longer) \
                    + (r"\w*" if len(stem) > 4 or type_rx else SHORT_STEM_ENDING)
                if type_rx:    # adjective names need their type word: "Томской области"
                    rx = rf"{word}[\s-]+(?:{type_rx})"
                else:
                    rx = word
                self._region_rx.append((stem, rx, r))
        self._region_stems = StemIndex(stem for stem, *_ in self._region_rx)
        by_stem: dict[str, list[Municipality]] = {}
        for m in self.municipalities:
            by_stem.setdefault(m.stem.lower(), []).append(m)
        for m in self.municipalities:   # "города Перми" is "Пермский городской округ": the city's own stem
            if m.type == "городской округ" and not m.admin_center and m.stem.lower().endswith("ск") and m.name.endswith("ский"):
                by_stem.setdefault(m.stem.lower()[:-2], []).append(m)
        self._muni_by_stem = by_stem
        self._by_center: dict[str, list[Municipality]] = {}
        for m in self.municipalities:
            if m.admin_center and m.type != "внутригородская территория":
                self._by_center.setdefault(m.admin_center.lower().replace("ё", "е"), []).append(m)
        # a name of two words ("нижн новгород", "велики лук") or of hyphened parts ("комсомольск-на-амур",
        # "петропавловск-камчатск") is inflected in each part: "Нижнего Новгорода", "Комсомольска-на-Амуре"
        self._stem_rx = {s: re.escape(s).replace(r"\ ", r"\w*\s+").replace(r"\-", r"\w*-") for s in by_stem}
        self._multiword = {s: rx + r"\w*$" for s, rx in self._stem_rx.items() if " " in s or "-" in s}
        # where several stems match at one place the longest pattern is tried first ("нижнеудинск" before "нижн")
        longest_first = sorted(by_stem, key=lambda s: len(self._stem_rx[s]), reverse=True)
        self._stem_rank = {s: i for i, s in enumerate(longest_first)}
        self._stems = StemIndex(by_stem)

    def regions_in(self, text: str) -> list[Mention]:
        found = self._region_stems.found_in(text)
        out = []
        for stem, rx, region in self._region_rx:
            if stem in found:
                for m in _compile(rx).finditer(text):
                    out.append(Mention(m.start(), m.end(), region=region))
        return sorted(out, key=lambda x: x.start)

    def cities_in_addresses(self, text: str) -> list[Mention]:
        """A city named bare in a postal address ("Ахметова ул., 275, Уфа, 450017"): a capitalised word of an
        address line that is one unit's centre, in the nominative as addresses write it."""
        out = []
        for line in re.finditer(r"[^\n]+", text):
            if not ADDRESS_LINE.search(line.group(0)):
                continue
            for w in re.finditer(r"(?<![\w-])[А-ЯЁ][а-яё]+(?:-[а-яА-ЯЁё]+)*(?![\w-])", line.group(0)):
                units = self._by_center.get(w.group(0).lower().replace("ё", "е"), [])
                if len(units) == 1:
                    out.append(Mention(line.start() + w.start(), line.start() + w.end(),
                                       region=self.region_by_name.get(units[0].region), municipality=units[0]))
        return out

    def municipalities_in(self, text: str, region: str | None = None) -> list[Mention]:
        district_rx, city_rx, named_rx = self._patterns(self._stems.found_in(text))
        out = self._cities_by_lemma(text, city_rx)
        for rx, kind in ((district_rx, "district"), (city_rx, "city"), (named_rx, "district")):
            for m in rx.finditer(text):
                word = text[m.start("stem"):m.end()].split()[0] if kind == "district" else m.group(0).split()[0]
                type_word = m.groupdict().get("type") or ("район" if m.groupdict().get("abbr") else "")
                cands = self._candidates(self._stem_key(m.group("stem")), kind, type_word, word)
                if region:
                    cands = [c for c in cands if c.region == region] or ([] if len(cands) > 1 else cands)
                if len(cands) == 1:
                    out.append(Mention(m.start(), m.end(), region=self.region_by_name.get(cands[0].region),
                                       municipality=cands[0]))
        return sorted(out, key=lambda x: x.start)

    def _patterns(self, stems: Iterable[str]) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
        """The district, the city and the named-district pattern of these stems (a text's: no other stem could
        match in it)."""
        stems = "|".join(self._stem_rx[s] for s in sorted(stems, key=self._stem_rank.get)) or "(?!)"
        # the type word after the name tells the unit's type apart ("Пермский муниципальный округ" is not
        # "Пермский городской округ"); a district turned okrug is still often called "… район"
        # (Yakutia's districts are "улусы", Tuva's "кожууны", Kalmykia's "РМО"; an OCR reads "район" as "раион" or "рай он")
        district = _compile(rf"(?<![\w-])(?P<stem>{stems})\w*\s+(?P<type>(?:муниципальн\w+\s+)?(?:ра[йи]\s?он|улус|кожуун)\w*|рмо\b|"
                            rf"муниципальн\w+\s+округ\w*|городск\w+\s+округ\w*|округ\w*)")
        # "Администрация Северодвинска", "мэрия Новосибирска": a city's own bodies name it without "г." (not
        # "Администрация Пермского муниципального округа": a type word after the name makes it a district's)
        # ("город" declined as a noun: "городской совет" is no city's name)
        city = _compile(rf"(?:(?<![\w])г\.\s*(?:о\.\s*)?|(?<![\w])город(?:а|е|у|ом)?\s+|(?<![\w])(?:администраци|мэри)\w*\s+"
                        rf"(?=[\w-]+(?![\w-])(?!\s+(?:муниципальн|городск|сельск|район|округ|област|кра[яй]|республик)))|"
                        rf"городск(?:ой|ого|ому|им|ом)\s+округ(?:а|у|ом|е)?\s+[«\"]?(?:город\w*\s+)?|"
                        rf"муниципальн\w+\s+округ(?:а|у|ом|е)?\s+[«\"]?(?:город\w*\s+)?|"
                        rf"(?<![\w])зато\s+[«\"]?(?:г\.\s*|город\w*\s+)?|(?<![\w-])го\s*[«\"](?:город\w*\s+)?)"
                        rf"(?P<stem>{stems})\w*")   # "ЗАТО Северск", "МО ГО «Воркута»"
        # a district named after its type, the name in its nominative: "муниципального района «Печора»", "МР «Печора»"
        # (not the plural "муниципальных районов Омской области": the region's districts)
        named = _compile(rf"(?:(?<![\w])(?P<type>муниципальн\w+\s+район(?!ов|ам|ах)\w*)\s+[«\"]?|(?<![\w])(?P<abbr>мр)\s*[«\"])"
                         rf"(?P<stem>{stems})\w*")
        return district, city, named

    def _cities_by_lemma(self, text: str, city_rx: re.Pattern) -> list[Mention]:
        """Cities whose inflected name does not keep the stem ("города Орла" -> Орёл): the word after "г."
        or "город…" put in its dictionary form by morphology and looked up among the units' centres."""
        from extractors.nlp import morph
        out = []
        for m in CITY_WORD.finditer(text):
            word = m.group("word")
            if city_rx.match(text, m.start()):
                continue     # the stem rules read it
            for p in morph().parse(word)[:3]:
                if "Geox" not in p.tag:
                    continue
                cands = self._by_center.get(p.normal_form.replace("ё", "е"), [])
                if len(cands) == 1:
                    out.append(Mention(m.start(), m.end(), region=self.region_by_name.get(cands[0].region),
                                       municipality=cands[0]))
                    break
        return out

    def _stem_key(self, matched: str) -> str:
        """The gazetteer's stem of a matched name: itself, or the two-word stem whose words it inflects."""
        key = matched.lower()
        if " " in key or "\n" in key or "-" in key:
            return next((s for s, rx in self._multiword.items() if _compile(rx).match(matched)), key)
        return key

    def _candidates(self, stem: str, kind: str, type_word: str, word: str = "") -> list[Municipality]:
        """Units of a stem that the written type word allows: a city is an urban okrug or a unit named after
        its centre, and a town written so ("г. Тихорецк") that is neither, the district named after it; "район" a district (or the okrug it became); "муниципальный округ" that type (or the
        district or named urban okrug it was at the gazetteer's date); "городской округ" that type, an adjective
        ("Сосновоборского городского округа") naming the okrug called so rather than a city's okrug."""
        cands = self._muni_by_stem.get(stem, [])
        if kind == "city":     # a town that is no okrug of its own lies in the district named after it ("г. Тихорецк")
            return ([c for c in cands if c.admin_center or c.type == "городской округ"]
                    or [c for c in cands if c.type == "муниципальный район" and word.lower().startswith(("г.", "город"))])
        t = type_word.lower()
        if t.startswith("муниципальн") and "округ" in t:   # or what it was at the gazetteer's date (a district,
            return ([c for c in cands if c.type == "муниципальный округ"]   # or Belgorod's named городские округа)
                    or [c for c in cands if c.type == "муниципальный район"
                        or c.type == "городской округ" and not c.admin_center])
        if t.startswith("городск"):
            okrugs = [c for c in cands if c.type == "городской округ"]
            if len(okrugs) > 1 and re.search(r"(?:ск|цк)(?:ий|ого|ому|им|ом|ой)$", word.lower()):
                okrugs = [c for c in okrugs if not c.admin_center] or okrugs
            return okrugs
        if re.match(r"(?:муниципальн\w+\s+)?(?:ра[йи]\s?он|улус|кожуун)|рмо", t):   # (Kalmykia's "РМО")
            return ([c for c in cands if c.type == "муниципальный район"]
                    or [c for c in cands if c.type == "муниципальный округ" and not c.admin_center])
        return [c for c in cands if c.type in ("муниципальный округ", "городской округ") and not c.admin_center]

    def search_municipalities(self, query: str) -> list[Municipality]:
        """Forgiving look-up for a person's query: "Козельский", "МР «Козельский район»", "г. Лесосибирск",
        "Великие Луки". A query naming a unit's words exactly finds that unit (and its namesakes
        elsewhere) before any prefix of a stem does ("город Кировск" is not "город Киров")."""
        core = _name_core(query)
        if not core:
            return []
        for key in (_plain, _name_core):   # the name as written, type words included; then without them
            exact = [m for m in self.municipalities if key(query) in (key(m.short_name), key(m.name))]
            if exact:
                return exact
        words = core.split()
        found = []
        for stem, munis in self._muni_by_stem.items():   # every word of a stem begins some word of the query
            if all(any(w.startswith(part) or part.startswith(w) and len(w) >= 4 for w in words) for part in stem.split()):
                found.extend(munis)
        return found


class StemIndex:
    """Which of many stems may begin a word of a text. Every pattern here starts its stem where a word starts
    (after a space, "г.", "«", never after a letter or hyphen), so a stem whose first word begins no word of the
    text cannot match in it: only the others need compiling and trying, with the same result. Python's re takes
    ~25 ms to compile an alternation of all 2,000 municipality stems and tries each of them at every word; this
    look-up costs a set probe a letter."""

    def __init__(self, stems: Iterable[str]) -> None:
        self._by_head: dict[str, list[str]] = {}
        for stem in stems:
            # a hyphened name's first part is the head: "Комсомольска-на-Амуре" inflects it
            self._by_head.setdefault(re.split(r"[ -]", stem)[0].casefold(), []).append(stem)
        self._prefixes = {head[:n] for head in self._by_head for n in range(1, len(head) + 1)}

    def found_in(self, text: str) -> set[str]:
        found: set[str] = set()
        for m in WORD.finditer(text):
            word = m.group().casefold()   # what re.I matches to a stem's letter casefolds to it (a test checks)
            for n in range(1, len(word) + 1):
                if word[:n] not in self._prefixes:
                    break
                found.update(self._by_head.get(word[:n], ()))
        return found


@lru_cache(maxsize=1024)   # patterns of the stems a text holds: the same few recur paragraph after paragraph
def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


TYPE_WORDS = re.compile(r"(?<![\w-])(?:г\.|(?:мр|го|город(?:а|е|у|ом)?|муниципальн\w*|район\w*|городск(?:ой|ого|ому|им|ом)|"
                        r"округ\w*)(?![\w-]))")


@lru_cache(maxsize=8192)   # called for every unit of the gazetteer on each look-up (bounded: queries come from users)
def _plain(name: str) -> str:
    """A name without quotes, commas, case and ё."""
    return " ".join(re.sub(r"[«»\"',]", " ", name.lower().replace("ё", "е")).split())


@lru_cache(maxsize=8192)
def _name_core(name: str) -> str:
    """A unit's name without its type words too: "МР «Козельский район»" -> "козельский"."""
    return " ".join(TYPE_WORDS.sub(" ", _plain(name)).split())


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()
