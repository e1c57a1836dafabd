"""Format detection by content and the typed errors every reader raises."""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.readers.limits import LIMITS, size_over

if TYPE_CHECKING:   # pydantic's 0.1 s is paid where documents are built, not by whoever catches a ReadError
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
                mimetype = z.read("mimetype")[:80] if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError) as e:
            raise ReadError(f"corrupt zip container: {e}") from None
        if "word/document.xml" in names:
            return "docx"
        if mimetype == b"application/vnd.oasis.opendocument.text":
            return "odt"
        raise UnsupportedFormat("a zip archive that is not a Word document (no word/document.xml)")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"        # an OLE container: Word 97-2003, or an Excel/PowerPoint file LibreOffice will refuse
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if path.suffix.lower() in {".txt", ".text", ""}:
        return "text"
    raise UnsupportedFormat(f"unsupported file type {path.suffix or '(no extension)'}")


def read_document(path: str | Path) -> Document:
    path = Path(path)
    if not path.is_file():
        raise ReadError(f"no such file: {path}")
    size = path.stat().st_size
    if size > LIMITS.max_file_bytes:
        raise ReadError(size_over("файл весит", size, LIMITS.max_file_bytes))
    fmt = sniff_format(path)
    if fmt in ("doc", "rtf", "odt"):
        return _read_converted(path, fmt)
    if fmt == "docx":
        from extractors.readers.docx_reader import read_docx
        return read_docx(path)
    if fmt == "pdf":
        from extractors.readers.pdf_reader import read_pdf
        return read_pdf(path)
    from extractors.readers.text_reader import read_text
    return read_text(path)


def _read_converted(path: Path, fmt: str) -> Document:
    """A legacy document through LibreOffice; its origin stays the file that was sent."""
    import tempfile

    from extractors.readers.builder import file_sha256
    from extractors.readers.convert import check_converted_text, to_docx
    from extractors.readers.docx_reader import read_docx
    with tempfile.TemporaryDirectory() as tmp:
        doc = read_docx(to_docx(path, Path(tmp)))
    check_converted_text(doc.text)
    origin = doc.origin.model_copy(update={"path": str(path), "name": path.name, "sha256": file_sha256(path),
                                           "format": fmt, "size": path.stat().st_size})
    return doc.model_copy(update={"origin": origin})
