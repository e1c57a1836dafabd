"""Records the extractors produce: metadata, obligations, deadlines, bodies, references, entities."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from schemas.document import Locator, Span

Scope = Literal["body", "all_municipalities", "all_regions", "federal"]
DocType = Literal["letter", "protocol", "plan", "order", "instructions", "other"]


class Deadline(BaseModel):
    raw: str
    start: dt.date | None = None
    end: dt.date | None = None
    kind: str                                  # by | on | range | period | recurring | relative | none
    recurrence: str | None = None              # monthly | quarterly | yearly | ... for recurring terms
    span: Span | None = None


class Responsible(BaseModel):
    name: str
    full_name: str | None = None               # what the document defines an abbreviation as: "(далее – МОУО)"
    scope: Scope = "body"
    region: str | None = None
    municipality: str | None = None
    source: str = "text"                       # table | group_head | sentence | addressee | issuer | …
    span: Span | None = None


class Obligation(BaseModel):
    number: str | None = None
    text: str
    responsible: list[Responsible] = Field(default_factory=list)
    deadline: Deadline | None = None
    status: Literal["pending", "done"] = "pending"
    confidence: float = 1.0                    # P(right), from the checks (extractors/confidence.py)
    checks: list[str] = Field(default_factory=list)   # the checks that hold (extractors/data/checks.json)
    reasons: list[str] = Field(default_factory=list)  # the checks against the row, as a reviewer reads them
    span: Span
    locator: Locator | None = None
    part: int = 1                              # 1: the document itself, 2: its attachment
    attributes: dict[str, str] = Field(default_factory=dict)  # a table row's non-task columns: header -> value


class Reference(BaseModel):
    kind: str | None = None                    # приказ | распоряжение | постановление | письмо | протокол | решение
    issuer: str | None = None
    number: str
    date: dt.date | None = None
    span: Span


class Sender(BaseModel):
    name: str | None = None
    region: str | None = None
    municipality: str | None = None
    span: Span | None = None


class DocumentMeta(BaseModel):
    doc_type: DocType = "other"
    title: str | None = None
    reg_number: str | None = None
    reg_date: dt.date | None = None
    in_reply_to: list[Reference] = Field(default_factory=list)
    sender: Sender = Field(default_factory=Sender)
    addressees: list[str] = Field(default_factory=list)
    signatory: str | None = None
    signatory_position: str | None = None
    period: tuple[dt.date, dt.date] | None = None  # the period the document plans for, if stated
    parts: int = 1
    date_in_title: dt.date | None = None       # a date the heading gives where there is no registration date


class Entity(BaseModel):
    type: str                                  # PER | ORG | LOC
    text: str
    normal: str
    span: Span


class Doubt(BaseModel):
    """A reason to open the document, not only its rows: a part srok could not read, directive wording
    outside every extracted task. ``reason`` is what a reviewer reads (Russian); ``detail`` is for the log."""
    kind: Literal["extractor_failed", "tasks_may_be_missing"]
    reason: str
    detail: str | None = None
    block: int | None = None
    span: Span | None = None
    locator: Locator | None = None


class Extraction(BaseModel):
    extractor_version: str
    document: DocumentMeta
    obligations: list[Obligation]
    references: list[Reference]
    entities: list[Entity] = Field(default_factory=list)
    doubts: list[Doubt] = Field(default_factory=list)
