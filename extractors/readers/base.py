"""Format detection by content and the typed errors every reader raises."""
from __future__ import annotations

import zipfile
from pathlib import Path

from schemas.document import Document


class ReadError(Exception):
    """A file that cannot be read; the message is a plain one-line reason."""


class UnsupportedFormat(ReadError):
    pass


def sniff_format(path: Path) -> str:
    """'docx', 'pdf' or 'text' from the file's first bytes, whatever its extension says."""
    with path.open("rb") as f:
        head = f.read(8)
    if not head:
        raise ReadError("the file is empty (0 bytes)")
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile as e:
            raise ReadError(f"corrupt zip container: {e}") from None
        if "word/document.xml" in names:
            return "docx"
        raise UnsupportedFormat("a zip archive that is not a Word document (no word/document.xml)")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormat("legacy Word 97-2003 (.doc) or other OLE file: convert it to DOCX or PDF")
    if head.startswith(b"{\\rtf"):
        raise UnsupportedFormat("RTF is not supported yet: convert it to DOCX or PDF")
    if path.suffix.lower() in {".txt", ".text", ""}:
        return "text"
    raise UnsupportedFormat(f"unsupported file type {path.suffix or '(no extension)'}")


def read_document(path: str | Path) -> Document:
    path = Path(path)
    if not path.is_file():
        raise ReadError(f"no such file: {path}")
    fmt = sniff_format(path)
    if fmt == "docx":
        from extractors.readers.docx_reader import read_docx
        return read_docx(path)
    if fmt == "pdf":
        from extractors.readers.pdf_reader import read_pdf
        return read_pdf(path)
    from extractors.readers.text_reader import read_text
    return read_text(path)
