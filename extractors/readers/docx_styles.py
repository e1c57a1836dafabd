"""A DOCX's style table, read once per template rather than once per document.

python-docx parses every XML part when it opens a package, styles.xml among them: a Word template's is
large (python-docx's own holds 164 styles, 350 KB, ~5 ms to parse), and the documents of one sender
share it byte for byte. The reader needs two things of it: each style's name as Word shows it, and
the list numbering a paragraph style carries (along ``basedOn``). So the styles part is opened lazily
(``LazyStylesPart``: its XML is parsed the first time anything asks for its element, as python-docx
would have parsed it) and those two tables are kept by the part's bytes: a document whose styles.xml
was seen already costs a dictionary look-up. What is read is the same either way."""
from __future__ import annotations

from functools import lru_cache

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.part import PartFactory
from docx.oxml.parser import parse_xml
from docx.parts.styles import StylesPart
from docx.styles import BabelFish

from extractors.readers.docx_numbering import qn, styles_numbering

NumPr = tuple[str | None, int | None]


class LazyStylesPart(StylesPart):
    """python-docx's StylesPart whose XML is parsed on first use of its element (its blob, unparsed, is
    the bytes as read; once parsed, python-docx's serialisation of the element, as before)."""

    def __init__(self, partname, content_type, element, package, raw: bytes | None = None) -> None:
        super().__init__(partname, content_type, element, package)
        self.raw = raw

    @classmethod
    def load(cls, partname, content_type, blob, package):
        return cls(partname, content_type, None, package, raw=blob)

    @property
    def element(self):
        if self._element is None:
            self._element = parse_xml(self.raw)
        return self._element

    @property
    def blob(self):
        return self.raw if self._element is None else super().blob

    @property
    def unparsed(self) -> bytes | None:
        """The part's bytes while nothing has parsed them (they are then all it is), else None."""
        return self.raw if self._element is None else None


PartFactory.part_type_for[CT.WML_STYLES] = LazyStylesPart


def tables_of(styles) -> tuple[dict[str, str | None], dict[str, NumPr]]:
    """(style id -> the name Word shows, python-docx's Style.name; style id -> the (numId, ilvl) its
    paragraphs are numbered by, inherited along basedOn) of a styles element."""
    names: dict[str, str | None] = {}
    for st in styles.findall(qn("w:style")):
        name = st.find(qn("w:name"))
        value = name.get(qn("w:val")) if name is not None else None
        names[st.get(qn("w:styleId"))] = BabelFish.internal2ui(value) if value is not None else None
    return names, styles_numbering(styles)


@lru_cache(maxsize=16)   # keyed by the bytes themselves: equal bytes, equal tables
def _tables_of_bytes(raw: bytes) -> tuple[dict[str, str | None], dict[str, NumPr]]:
    return tables_of(parse_xml(raw))


def style_tables(document) -> tuple[dict[str, str | None], dict[str, NumPr]]:
    """tables_of(the document's styles), fresh dictionaries the caller may keep: from the cache when its
    styles part was not parsed, else from its element (python-docx's default styles where the package
    has none, as document.styles gives them)."""
    part = document.part._styles_part
    raw = part.unparsed if isinstance(part, LazyStylesPart) else None
    names, numbered = _tables_of_bytes(raw) if raw is not None else tables_of(part.element)
    return dict(names), dict(numbered)
