"""Document model in, records out: the whole extraction, and its JSON contract (../shared/eval/README.md).

Named entities are off unless asked for: nothing downstream of the register uses them, and natasha's
NER (0.7 s to load, most of the CPU of an extraction) would otherwise sit in front of every document's
obligations becoming visible. ``SROK_ENTITIES=1`` turns them on for the register's `entities` table."""
from __future__ import annotations

import os

from extractors.confidence import assess
from extractors.degrade import Failures
from extractors.doubts import missing_tasks
from extractors.metadata import Layout, envelope_end, extract_metadata
from extractors.obligations import extract_obligations
from extractors.ocr_text import normalise
from extractors.references import find_references
from schemas.document import Document
from schemas.extraction import DocumentMeta, Extraction

EXTRACTOR_VERSION = "0.1.0"


def extract(doc: Document, with_entities: bool | None = None) -> Extraction:
    if with_entities is None:
        with_entities = os.environ.get("SROK_ENTITIES") == "1"
    doc = normalise(doc)     # OCR confusions folded before any rule reads the text
    doc = _inside_envelope(doc)
    failures = Failures(doc)
    meta, lay = failures.attempt("реквизиты документа", lambda: extract_metadata(doc), None) or _bare(doc)
    own = (meta.reg_number, meta.reg_date)
    references = [r for r in failures.attempt("ссылки", lambda: find_references(doc), [])
                  if (r.number, r.date) != own]
    obligations = extract_obligations(doc, meta, lay, failures)
    missing = failures.attempt("поиск пропущенных задач", lambda: missing_tasks(doc, lay, obligations), [])
    assess(obligations, meta, partly_unread=bool(failures.doubts), tasks_missing=bool(missing))
    entities = failures.attempt("именованные сущности", lambda: _entities(doc), []) if with_entities else []
    return Extraction(extractor_version=EXTRACTOR_VERSION, document=meta, obligations=obligations,
                      references=references, entities=entities, doubts=failures.doubts + missing)


def _inside_envelope(doc: Document) -> Document:
    """An e-mail forwarding a letter is read as that letter: the mail's headers and covering note are kept (their
    text and places unchanged) as a running head no rule reads a letterhead or a task from."""
    end = envelope_end(doc)
    if not end:
        return doc
    blocks = [b.model_copy(update={"kind": "header"}) if b.index < end else b for b in doc.blocks]
    return doc.model_copy(update={"blocks": blocks})


def _bare(doc: Document) -> tuple[DocumentMeta, Layout]:
    """Metadata that could not be read: the document's type and sender unknown, its whole text the body."""
    return DocumentMeta(), Layout(header_end=0, body_start_block=0, attachment_block=None)


def _entities(doc: Document) -> list:
    from extractors.entities import extract_entities   # natasha's models load only when asked for
    return extract_entities(doc)


def contract(doc: Document, ex: Extraction) -> dict:
    """The JSON printed by `srok extract FILE --json`: the scored fields first, provenance beside them."""
    def iso(d):
        return d.isoformat() if d else None

    m = ex.document
    return {
        "file": doc.origin.name,
        "sha256": doc.origin.sha256,
        "extractor_version": ex.extractor_version,
        "document": {
            "doc_type": m.doc_type, "title": m.title, "reg_number": m.reg_number, "reg_date": iso(m.reg_date),
            "in_reply_to": [{"number": r.number, "date": iso(r.date)} for r in m.in_reply_to],
            "sender": {"name": m.sender.name, "region": m.sender.region, "municipality": m.sender.municipality},
            "addressees": m.addressees, "signatory": m.signatory, "signatory_position": m.signatory_position,
            "parts": m.parts,
        },
        "obligations": [{
            "number": o.number, "text": o.text,
            "responsible": [{"name": r.name, "full_name": r.full_name, "region": r.region, "municipality": r.municipality, "scope": r.scope,
                             "source": r.source} for r in o.responsible],
            "deadline": None if o.deadline is None else {
                "raw": o.deadline.raw, "start": iso(o.deadline.start), "end": iso(o.deadline.end),
                "kind": o.deadline.kind, "recurrence": o.deadline.recurrence},
            "status": o.status, "confidence": o.confidence, "reasons": o.reasons, "checks": o.checks, "part": o.part,
            "span": [o.span.start, o.span.end], "where": o.locator.describe() if o.locator else None,
            "attributes": o.attributes,
        } for o in ex.obligations],
        "references": [{"kind": r.kind, "issuer": r.issuer, "number": r.number, "date": iso(r.date),
                        "span": [r.span.start, r.span.end]} for r in ex.references],
        "entities": [{"type": e.type, "text": e.text, "normal": e.normal, "span": [e.span.start, e.span.end]}
                     for e in ex.entities],
        "doubts": [{"kind": d.kind, "reason": d.reason, "detail": d.detail,
                    "span": [d.span.start, d.span.end] if d.span else None,
                    "where": d.locator.describe() if d.locator else None} for d in ex.doubts],
    }
