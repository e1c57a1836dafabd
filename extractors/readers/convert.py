"""Legacy formats (.doc, .rtf, .odt) converted to DOCX by headless LibreOffice, where it is installed."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from extractors.readers.base import ReadError, UnsupportedFormat

TIMEOUT_S = 120


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(path: Path, workdir: Path) -> Path:
    exe = soffice()
    if not exe:
        raise UnsupportedFormat(f"{path.suffix or 'this'} file needs LibreOffice to be read, and it is not installed "
                                "(apt-get install libreoffice-writer-nogui)")
    # a copy with a plain name: LibreOffice trips over some characters, and names its output after its input
    src = workdir / f"source{path.suffix.lower() or '.bin'}"
    shutil.copyfile(path, src)
    with tempfile.TemporaryDirectory() as profile:
        try:
            run = subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "docx",
                                  "--outdir", str(workdir), str(src)], capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise ReadError(f"LibreOffice did not convert the file within {TIMEOUT_S} s") from None
    out = workdir / "source.docx"
    if run.returncode != 0 or not out.exists():
        raise ReadError(f"LibreOffice could not convert the file: {(run.stderr or run.stdout).strip()[:200] or 'no output'}")
    return out
