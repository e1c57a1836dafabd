"""Near-duplicate twins: the scan of a document is the same document as its text layer.

OCR changes a few characters ("06" for "об", "Т\\" for "IV"), loses hyphens at line ends and moves
spaces, so the exact fingerprints of warehouse/identity.py miss it. Here a document's letters (no
spaces, no digits, no punctuation) are cut into overlapping character shingles, and a MinHash
signature estimates the Jaccard similarity of two documents' shingle sets: an OCR error spoils the
few shingles around it, a block read in another order only those at its edges.

Finding candidates must not read other documents' texts: the signature is cut into bands, each band
hashed into one BIGINT stored in ``doc_bands`` (indexed), so documents sharing any band are found by
equality lookups whose cost does not grow with the register. A candidate is a twin when

- its estimated similarity is at least TWIN_SIMILARITY (measured in benchmarks/twins.py: the scans
  of a document score 0.78-0.95, different documents of one genre at most 0.28);
- its registration number and date agree with the newcomer's when both have them;
- its dates are compatible: the dates one names are all among the other's, so a re-sent letter with a
  moved date ("до 25.11.2020" -> "до 30.11.2020") is a new version, never a twin, while OCR may lose
  a garbled date on its own side;
- between two text layers (no scan), its numbers too: the digit runs of one are contained in the
  other's (as a multiset), so a quantity changed in a re-sent letter ("10 дней" -> "5 дней") also makes
  a new version. A scan is spared this: OCR splits and joins digit runs ("1.2" -> "12", "об" -> "06")."""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from extractors.deadline_rules import MONTHS, date_rx
from extractors.deadlines import day_number

SHINGLE = 5             # characters per shingle: a Russian word stem is about this long
PERMUTATIONS = 64       # signature length: the similarity estimate's standard error is <= 0.0625
BAND_ROWS = 4           # 16 bands of 4: a pair at 0.6 shares a band with p = 0.89, at 0.8 with 0.9998
TWIN_SIMILARITY = 0.6   # measured twins >= 0.78, different documents <= 0.28: 3 and 6 standard errors away

NOT_LETTERS = re.compile(r"[^a-zа-я]+")
DIGITS = re.compile(r"\d+")
DATE = re.compile(date_rx("a"))
# The permutations' constants come from a fixed hash, not a random generator whose stream may change
# with numpy: signatures stored years ago must stay comparable.
_SEED = hashlib.shake_256(b"srok twins").digest(16 * PERMUTATIONS)
_A = np.frombuffer(_SEED[:8 * PERMUTATIONS], dtype="<u8") | np.uint64(1)   # odd multipliers
_B = np.frombuffer(_SEED[8 * PERMUTATIONS:], dtype="<u8")
CHUNK = 4096            # shingles hashed at a time: bounded memory for a 300-page document


def letters(text: str) -> str:
    return NOT_LETTERS.sub("", text.lower().replace("ё", "е"))


def _shingles(stream: str) -> np.ndarray:
    """Distinct shingles of a letter stream as 64-bit numbers (a polynomial of the code points)."""
    codes = np.frombuffer(stream.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - SHINGLE + 1
    value = np.zeros(n, dtype=np.uint64)
    for i in range(SHINGLE):
        value = value * np.uint64(1_000_003) + codes[i:i + n]
    return np.unique(value)


@lru_cache(maxsize=8)   # a load asks twice (the twin look-up, then the rows); a str caches its own hash
def signature(text: str) -> bytes | None:
    """The MinHash signature of a text's letters (PERMUTATIONS uint32, little-endian), or None for a
    text with fewer letters than one shingle."""
    stream = letters(text)
    if len(stream) < SHINGLE:
        return None
    mins = np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    shingles = _shingles(stream)
    for start in range(0, len(shingles), CHUNK):
        x = shingles[start:start + CHUNK, None]
        hashed = (x * _A + _B) >> np.uint64(32)      # multiply-shift: one permutation per column
        mins = np.minimum(mins, hashed.min(axis=0))
    return mins.astype("<u4").tobytes()


def bands(sig: bytes) -> list[int]:
    """One signed 64-bit key per band (the band's number is hashed in, so one column serves all)."""
    width = BAND_ROWS * 4
    return [int.from_bytes(hashlib.blake2b(bytes([b]) + sig[b * width:(b + 1) * width], digest_size=8).digest(),
                           "little", signed=True)
            for b in range(len(sig) // width)]


def similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two documents' shingle sets."""
    x, y = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    return float(np.mean(x == y))


def near_score(a: bytes, b: bytes | None, registration_agrees: bool) -> float | None:
    """The similarity of two signatures when it makes them twin candidates (before their contents are
    compared, see contents_compatible), else None."""
    if b is None or not registration_agrees:
        return None
    score = similarity(a, b)
    return score if score >= TWIN_SIMILARITY else None


def _month(name: str) -> int | None:
    return next((n for stem, n in sorted(MONTHS.items(), key=lambda kv: -len(kv[0])) if name.startswith(stem)), None)


def dates(text: str) -> frozenset[tuple[int, int | None, int | None]]:
    """The dates a text names, as (day, month, year): "01.12.2021", "19 марта 2021", "двадцать второго марта"."""
    out = set()
    for m in DATE.finditer(text.lower().replace("ё", "е")):
        if m["ad"]:
            year = int(m["ay"])
            out.add((int(m["ad"]), int(m["am"]), year + 2000 if year < 100 else year))
        else:
            out.add((day_number(m["atd"]), _month(m["atmn"]), int(m["aty"]) if m["aty"] else None))
    return frozenset(out)


@dataclass(frozen=True)
class Contents:
    """What tells a document read twice from two versions of it, besides its words: the dates it
    names and its digit runs (counted). Kept beside each document (documents.dates_named and
    digit_runs), so a newcomer is checked against near-identical letters without reading their texts."""
    dates: frozenset[tuple[int, int | None, int | None]]
    digits: Counter

    @classmethod
    def of(cls, text: str) -> "Contents":
        return _contents(text)

    @classmethod
    def stored(cls, dates_named: str, digit_runs: str) -> "Contents":
        return cls(frozenset(tuple(None if v == "?" else int(v) for v in d.split(".")) for d in dates_named.split()),
                   Counter(digit_runs.split()))

    def to_store(self) -> tuple[str, str]:
        """(dates_named, digit_runs) as the documents table keeps them."""
        named = " ".join(sorted(".".join("?" if v is None else str(v) for v in d) for d in self.dates))
        return named, " ".join(self.digits.elements())


@lru_cache(maxsize=16)   # a load asks twice (the twin check, then the rows); texts are big, so few
def _contents(text: str) -> Contents:
    return Contents(dates(text), Counter(DIGITS.findall(text)))


def compatible(a: Contents, b: Contents, either_scanned: bool) -> bool:
    """Whether two near-identical documents can be one document read twice rather than two versions:
    the dates one names are all among the other's, and (between two text layers) so are its digit runs."""
    dates_ok = a.dates <= b.dates or b.dates <= a.dates
    return dates_ok and (either_scanned or not (a.digits - b.digits) or not (b.digits - a.digits))


def contents_compatible(a: str, b: str, either_scanned: bool) -> bool:
    """compatible() of two texts."""
    return compatible(Contents.of(a), Contents.of(b), either_scanned)


def scanned(doc) -> bool:
    """Whether most of a document's text came from OCR (its blocks say so)."""
    ocr = sum(len(b.text) for b in doc.blocks if b.locator.ocr)
    return ocr * 2 > sum(len(b.text) for b in doc.blocks)


@dataclass(frozen=True)
class Twin:
    doc_id: str
    file_name: str
    similarity: float
    scanned: bool

    def reason(self) -> str:
        exact = "same content" if self.similarity == 1 else f"same content read with noise ({self.similarity:.2f})"
        return f"{exact} as {self.file_name} ({self.doc_id})"
