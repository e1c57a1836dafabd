"""Russian regions and municipalities (OKTMO as of 1 January 2024, see data/gazetteer/SOURCES.md) found in text.

Stems collide (томск = Томская область, Томский район, город Томск), so a mention counts only with
its type word: "Томской области", "Козельский район", "г. Лесосибирск", "городской округ X"."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "gazetteer"
REGION_TYPE_WORDS = {
    "область": r"обл(?:аст\w*|\.)", "край": r"кра[йяюе]\w*", "автономный округ": r"(?:автономн\w+\s+)?округ\w*|ао\b",
    "автономная область": r"автономн\w+\s+област\w*", "республика": r"", "город федерального значения": r"",
}


CITY_WORD = re.compile(r"(?:(?<![\w])г\.\s*|(?<![\w])город(?:а|е|у|ом)?\s+)(?P<word>[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё]+)?)")


@dataclass(frozen=True)
class Region:
    name: str
    type: str
    oktmo_prefix: str
    oktmo: str
    stems: tuple[str, ...]


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
            type_rx = REGION_TYPE_WORDS.get(r.type, "")
            for stem in sorted(r.stems, key=len, reverse=True):
                word = rf"(?<![\w-]){re.escape(stem)}" + (r"\w*" if len(stem) > 4 else r"(?!\w)")
                if type_rx:    # adjective names need their type word: "Томской области"
                    rx = rf"{word}[\s-]+(?:{type_rx})"
                else:
                    rx = word
                self._region_rx.append((re.compile(rx, re.I), r))
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
        # a two-word name ("нижн новгород", "велики лук") is inflected in both words: "Нижнего Новгорода"
        stems = "|".join(sorted((re.escape(s).replace(r"\ ", r"\w*\s+") for s in by_stem), key=len, reverse=True))
        self._multiword = {s: re.compile(re.escape(s).replace(r"\ ", r"\w*\s+") + r"\w*$", re.I)
                           for s in by_stem if " " in s}
        # the type word after the name tells the unit's type apart ("Пермский муниципальный округ" is not
        # "Пермский городской округ"); a district turned okrug is still often called "… район"
        self._district_rx = re.compile(rf"(?<![\w-])(?P<stem>{stems})\w*\s+(?P<type>(?:муниципальн\w+\s+)?район\w*|"
                                       rf"муниципальн\w+\s+округ\w*|городск\w+\s+округ\w*|округ\w*)", re.I)
        self._city_rx = re.compile(rf"(?:(?<![\w])г\.\s*(?:о\.\s*)?|(?<![\w])город\w*\s+|"
                                   rf"городск(?:ой|ого|ому|им|ом)\s+округ(?:а|у|ом|е)?\s+[«\"]?(?:город\w*\s+)?|"
                                   rf"муниципальн\w+\s+округ(?:а|у|ом|е)?\s+[«\"]?(?:город\w*\s+)?)(?P<stem>{stems})\w*",
                                   re.I)

    def regions_in(self, text: str) -> list[Mention]:
        out = []
        for rx, region in self._region_rx:
            for m in rx.finditer(text):
                out.append(Mention(m.start(), m.end(), region=region))
        return sorted(out, key=lambda x: x.start)

    def municipalities_in(self, text: str, region: str | None = None) -> list[Mention]:
        out = self._cities_by_lemma(text)
        for rx, kind in ((self._district_rx, "district"), (self._city_rx, "city")):
            for m in rx.finditer(text):
                word = text[m.start("stem"):m.end()].split()[0] if kind == "district" else ""
                cands = self._candidates(self._stem_key(m.group("stem")), kind, m.groupdict().get("type") or "", word)
                if region:
                    cands = [c for c in cands if c.region == region] or ([] if len(cands) > 1 else cands)
                if len(cands) == 1:
                    out.append(Mention(m.start(), m.end(), region=self.region_by_name.get(cands[0].region),
                                       municipality=cands[0]))
        return sorted(out, key=lambda x: x.start)

    def _cities_by_lemma(self, text: str) -> list[Mention]:
        """Cities whose inflected name does not keep the stem ("города Орла" -> Орёл): the word after "г."
        or "город…" put in its dictionary form by morphology and looked up among the units' centres."""
        from extractors.nlp import morph
        out = []
        for m in CITY_WORD.finditer(text):
            word = m.group("word")
            if self._city_rx.match(text, m.start()):
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
        if " " in key or "\n" in key:
            return next((s for s, rx in self._multiword.items() if rx.match(matched)), key)
        return key

    def _candidates(self, stem: str, kind: str, type_word: str, word: str = "") -> list[Municipality]:
        """Units of a stem that the written type word allows: a city is an urban okrug or a unit named after
        its centre; "район" a district (or the okrug it became); "муниципальный округ" that type (or the
        district it became after the gazetteer's date); "городской округ" that type, an adjective
        ("Сосновоборского городского округа") naming the okrug called so rather than a city's okrug."""
        cands = self._muni_by_stem.get(stem, [])
        if kind == "city":
            return [c for c in cands if c.admin_center or c.type == "городской округ"]
        t = type_word.lower()
        if t.startswith("муниципальн") and "округ" in t:
            return ([c for c in cands if c.type == "муниципальный округ"]
                    or [c for c in cands if c.type == "муниципальный район"])
        if t.startswith("городск"):
            okrugs = [c for c in cands if c.type == "городской округ"]
            if len(okrugs) > 1 and re.search(r"(?:ск|цк)(?:ий|ого|ому|им|ом|ой)$", word.lower()):
                okrugs = [c for c in okrugs if not c.admin_center] or okrugs
            return okrugs
        if "район" in t:
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
