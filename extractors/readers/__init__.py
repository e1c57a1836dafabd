"""Readers: path -> schemas.Document. ``read_document`` picks one by the file's content."""
from extractors.readers.base import ReadError, UnsupportedFormat, read_document

__all__ = ["ReadError", "UnsupportedFormat", "read_document"]
