"""Telling an encrypted PDF from a corrupt one. pdfplumber wraps pdfminer's password error in a
PdfminerException, so a reader that looked at the exception's class name called every encrypted PDF
(pypdf's default, AES-128/256, RC4-40) corrupt."""
from __future__ import annotations

from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

REASON = "encrypted PDF (password protected): it cannot be read without its password"


def is_encryption_error(e: BaseException) -> bool:
    """True when ``e``, or an exception it wraps, says the PDF needs a password or uses an unknown cipher."""
    todo, seen = [e], set()
    while todo:
        x = todo.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        if isinstance(x, (PDFPasswordIncorrect, PDFEncryptionError)):
            return True
        todo.extend(a for a in (*x.args, x.__cause__, x.__context__) if isinstance(a, BaseException))
    return False
