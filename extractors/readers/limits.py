"""Bounds on what a reader will open, overridable from the environment."""
from __future__ import annotations

import os
from dataclasses import dataclass


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = _env_int("SROK_MAX_FILE_BYTES", 100 * 1024 * 1024)
    max_uncompressed_bytes: int = _env_int("SROK_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
    max_pages: int = _env_int("SROK_MAX_PAGES", 500)
    max_ocr_pages: int = _env_int("SROK_MAX_OCR_PAGES", 30)
    # extraction time and memory grow with the text (4 MB of text took 115 s and 4.2 GB): ~400 pages
    max_text_chars: int = _env_int("SROK_MAX_TEXT_CHARS", 1_000_000)
    timeout_s: int = _env_int("SROK_READ_TIMEOUT", 300)          # one document, OCR and extraction included
    max_memory_bytes: int = _env_int("SROK_READ_MEMORY", 3 * 1024 ** 3)   # per worker process
    # worker processes reading side by side while the caller loads (each holds its models: ~0.3 GiB)
    readers: int = _env_int("SROK_READERS", min(os.cpu_count() or 1, 4))


LIMITS = Limits()


# The refusals a person reads (a quarantine note, `srok: cannot read …`), in Russian. Sizes in MiB to one
# decimal, or in bytes where a file just over the limit would read as the limit itself.
MIB = 2 ** 20


def grouped(n: int) -> str:
    """1020523 -> "1 020 523", as Russian writes numbers."""
    return f"{n:,}".replace(",", " ")


def plural(n: int, one: str, few: str, many: str) -> str:
    """The noun for n: 1 знак, 3 знака, 5 знаков (11–14 take the third form)."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    return few if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else many


def mib(n: int) -> str:
    return f"{n / MIB:.1f}".replace(".", ",").removesuffix(",0") + " МиБ"


def size_over(what: str, size: int, limit: int) -> str:
    """"файл весит 100,4 МиБ — больше предела в 100 МиБ"; ``what`` is the phrase before the size."""
    shown = mib(size) if mib(size) != mib(limit) else f"{grouped(size)} {plural(size, 'байт', 'байта', 'байт')}"
    return f"{what} {shown} — больше предела в {mib(limit)}"


def count_over(what: str, n: int, limit: int, forms: tuple[str, str, str]) -> str:
    """"в тексте 1 020 523 знака — больше предела в 1 000 000 знаков"."""
    return f"{what} {grouped(n)} {plural(n, *forms)} — больше предела в {grouped(limit)} {plural(limit, *forms)}"
