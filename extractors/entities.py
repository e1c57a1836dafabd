"""Named entities (PER, ORG, LOC) by natasha, with their normal forms."""
from __future__ import annotations

from extractors.nlp import natasha
from schemas.document import Document, Span
from schemas.extraction import Entity


def extract_entities(doc: Document) -> list[Entity]:
    from natasha import Doc
    segmenter, morph_tagger, ner_tagger, vocab = natasha()
    nd = Doc(doc.text)
    nd.segment(segmenter)
    nd.tag_morph(morph_tagger)
    nd.tag_ner(ner_tagger)
    out = []
    for span in nd.spans:
        try:
            span.normalize(vocab)
            normal = span.normal or span.text
        except Exception:   # natasha cannot inflect some OCR-broken tokens; keep the surface form
            normal = span.text
        out.append(Entity(type=span.type, text=span.text, normal=normal, span=Span(start=span.start, end=span.stop)))
    return out
