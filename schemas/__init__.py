"""The one definition of a document, an obligation and a deadline."""
from schemas.document import Block, Cell, Document, Locator, Origin, Row, Span
from schemas.extraction import (
    Deadline,
    DocumentMeta,
    Entity,
    Extraction,
    Obligation,
    Reference,
    Responsible,
    Sender,
)

__all__ = [
    "Block", "Cell", "Document", "Locator", "Origin", "Row", "Span",
    "Deadline", "DocumentMeta", "Entity", "Extraction", "Obligation", "Reference", "Responsible", "Sender",
]
