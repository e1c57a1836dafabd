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
