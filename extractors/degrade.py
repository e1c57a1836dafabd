"""Reading that degrades instead of failing: an error in one extractor, or on one block, costs that part's
fields, not the document. The failure is logged with its block and kept as a doubt on the extraction, so
the document still loads and a reviewer is told which part was not read."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable, TypeVar

from schemas.document import Document
from schemas.extraction import Doubt

log = logging.getLogger("srok.extract")
T = TypeVar("T")


@dataclass
class Failures:
    doc: Document
    doubts: list[Doubt] = field(default_factory=list)

    def record(self, what: str, exc: BaseException, block: int | None = None) -> None:
        where = self.doc.blocks[block] if block is not None and 0 <= block < len(self.doc.blocks) else None
        log.warning("extractor %s failed on %s%s: %s: %s", what, self.doc.origin.name,
                    f", block {block}" if block is not None else "", type(exc).__name__, exc, exc_info=exc)
        self.doubts.append(Doubt(kind="extractor_failed", reason=f"не прочитано ({what}): задачи могли быть пропущены",
                                 detail=f"{type(exc).__name__}: {exc}", block=block,
                                 span=where.span if where else None, locator=where.locator if where else None))

    def attempt(self, what: str, fn: Callable[[], T], fallback: T, block: int | None = None) -> T:
        try:
            return fn()
        except Exception as exc:   # noqa: BLE001 — any error of a rule is one part unread, not a lost document
            self.record(what, exc, block)
            return fallback

    @property
    def blocks(self) -> set[int]:
        return {d.block for d in self.doubts if d.block is not None}


@dataclass
class Cursor:
    """The block an extractor is at, so a failure can be pinned to it and the block skipped on a retry."""
    block: int | None = None
