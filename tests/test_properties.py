"""Any text through the whole extraction: no exception, and every span inside the text."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.pipeline import extract
from extractors.readers.builder import DocumentBuilder
from schemas.document import Locator

WORDS = ["Руководителям", "органов", "местного", "самоуправления", "обеспечить", "до", "25.11.2020", "№", "103", "от",
         "РЕШИЛИ:", "1.", "1.1", "а)", "-", "Срок", "–", "июль", "2021", "года", "(", ")", "МБУ", "«МИМЦ»", "приказом",
         "необходимо", "подготовить", "в течение", "10", "рабочих", "дней", "ежеквартально", ",", ".", ":", "\n"]
paragraphs = st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs)
def test_extraction_never_fails_and_spans_stay_inside(paras):
    b = DocumentBuilder()
    for i, p in enumerate(paras):
        b.paragraph(p, Locator(paragraph=i))
    doc = b.document("generated.txt", "text")
    ex = extract(doc, with_entities=False)
    n = len(doc.text)
    for o in ex.obligations:
        assert 0 <= o.span.start <= o.span.end <= n
        if o.deadline and o.deadline.span:
            assert 0 <= o.deadline.span.start <= o.deadline.span.end <= n
        for r in o.responsible:
            assert r.span is None or 0 <= r.span.start <= r.span.end <= n
    for r in ex.references:
        assert 0 <= r.span.start <= r.span.end <= n
