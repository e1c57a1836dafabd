"""Reading degrades, never fails: an error on one block costs that block, the document and its other tasks
load, and the failure is told as a doubt; the real documents, mutated, raise in no extractor."""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors import obligations as obligations_module
from extractors.nlp import to_nominative
from extractors.pipeline import contract, extract
from extractors.readers.builder import DocumentBuilder
from schemas.document import Locator
from tests.conftest import read

LETTER = ["Руководителям органов местного самоуправления, осуществляющих управление в сфере образования",
          "Министерство просит обеспечить проведение родительских собраний в срок до 15 марта 2024 года.",
          "Прошу представить отчёт о проведённых мероприятиях до 1 апреля 2024 года.",
          "Просим направить сведения о педагогах в срок до 20 апреля 2024 года."]


def _letter() -> object:
    b = DocumentBuilder()
    for i, text in enumerate(LETTER):
        b.paragraph(text, Locator(paragraph=i))
    return b.document("letter.txt", "text")


def test_a_surname_of_both_genders_goes_into_the_nominative():
    """"Шевченко", "Черных": pymorphy gives such surnames no gender; asking for gender None raised
    "Unknown grammeme: None" and failed the whole document."""
    assert to_nominative("учителю Черных И.А.") == "учитель Черных И.А."
    assert to_nominative("заместителю директора Шевченко О.В.") == "заместитель директора Шевченко О.В."


def test_an_error_on_one_block_costs_that_block_only(monkeypatch):
    doc = _letter()
    whole = [o.text for o in extract(doc, with_entities=False).obligations]
    assert len(whole) == 3
    broken = doc.blocks[2]
    real = obligations_module.is_prose_obligation

    def failing(sentence, regulation=False):
        if "отчёт" in sentence:
            raise ValueError("a rule's bug")
        return real(sentence, regulation)

    monkeypatch.setattr(obligations_module, "is_prose_obligation", failing)
    ex = extract(doc, with_entities=False)
    assert [o.text for o in ex.obligations] == [whole[0], whole[2]]
    failed, missing = ex.doubts
    assert failed.kind == "extractor_failed" and failed.block == broken.index
    assert "не прочитано" in failed.reason and "ValueError" in failed.detail
    assert contract(doc, ex)["doubts"][0]["span"] == [broken.span.start, broken.span.end]
    # and the unread request, a directive with a term outside every task, makes the document doubtful
    assert missing.kind == "tasks_may_be_missing" and missing.block == broken.index
    assert all("document.partly_unread" in o.checks for o in ex.obligations)


def test_an_error_in_the_metadata_keeps_the_tasks(monkeypatch):
    import extractors.pipeline as pipeline

    def failing(doc):
        raise RuntimeError("metadata bug")

    monkeypatch.setattr(pipeline, "extract_metadata", failing)
    ex = extract(_letter(), with_entities=False)
    assert len(ex.obligations) == 3
    assert [d.detail for d in ex.doubts] == ["RuntimeError: metadata bug"]


REAL = ["000_f78c96f4c1c9048e.docx", "003_d7222e60e6a354a6.pdf", "plan_merged_cells.docx", "plan_scanned.pdf",
        "letter_lettered_items.docx"]


def _mutate(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    op = rng.randrange(6)
    if op == 0 and len(words) > 2:                      # a word lost
        del words[rng.randrange(len(words))]
    elif op == 1:                                       # a word doubled
        i = rng.randrange(len(words))
        words.insert(i, words[i])
    elif op == 2:                                       # the text cut short
        return text[:rng.randrange(len(text) + 1)]
    elif op == 3:                                       # OCR-like noise inside a word
        i = rng.randrange(len(words))
        w = words[i]
        k = rng.randrange(len(w) + 1)
        words[i] = w[:k] + rng.choice(["0", "l", "|", "—", "№", ".", "ё", "\u00ad", ":", "(", "»"]) + w[k:]
    elif op == 4 and len(words) > 1:                    # two words swapped
        i, j = rng.randrange(len(words)), rng.randrange(len(words))
        words[i], words[j] = words[j], words[i]
    else:                                               # a digit changed
        return "".join(str(rng.randrange(10)) if c.isdigit() and rng.random() < 0.3 else c for c in text)
    return " ".join(words)


def _mutated(name: str, seed: int):
    rng = random.Random(seed)
    b = DocumentBuilder()
    for block in read(name).blocks:
        if block.kind == "table":
            b.table([[{"text": _mutate(c.text, rng) if rng.random() < 0.4 else c.text, "col": c.col,
                       "row_span": c.row_span, "col_span": c.col_span, "locator": c.locator} for c in row.cells]
                     for row in block.rows if rng.random() > 0.1], block.locator)
        elif rng.random() > 0.05:
            text = _mutate(block.text, rng) if rng.random() < 0.5 else block.text
            b.paragraph(text, block.locator, kind=block.kind, list_label=block.list_label,
                        list_level=block.list_level, style=block.style, bold=block.bold, align=block.align)
    return b.document(name, read(name).origin.format)


@pytest.mark.parametrize("name", REAL)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2 ** 32 - 1))
def test_no_extractor_raises_on_a_mutated_real_document(name, seed):
    ex = extract(_mutated(name, seed), with_entities=False)
    assert [d.detail for d in ex.doubts if d.kind == "extractor_failed"] == []


def test_a_scan_and_a_row_of_two_tasks_are_told_as_tasks_that_may_be_missing():
    from extractors.doubts import several_tasks
    from schemas.document import Span
    from schemas.extraction import Obligation
    two = Obligation(text="обеспечить проведение диагностических работ в марте, а их результаты внести в систему "
                          "оценки качества до 22 марта", span=Span(start=0, end=10))
    one = Obligation(text="разработать и утвердить план мероприятий до 1 марта", span=Span(start=0, end=10))
    assert several_tasks(two) and not several_tasks(one)
    b = DocumentBuilder()
    b.paragraph("Просим обеспечить участие в семинаре до 1 марта 2024 года.", Locator(paragraph=0, ocr=True))
    ex = extract(b.document("scan.pdf", "pdf"), with_entities=False)
    assert any(d.kind == "tasks_may_be_missing" and "скана" in d.reason for d in ex.doubts)


def test_a_task_whose_words_ocr_was_unsure_of_is_doubted():
    from extractors.confidence import checks
    from extractors.readers.ocr import unsure_share
    from schemas.document import Locator, Span
    from schemas.extraction import DocumentMeta, Obligation

    words = [{"text": w, "conf": c} for w, c in [("Провести", 96), ("монигорннг", 31), ("пнтания", 44), ("до", 90)]]
    assert unsure_share(words) == 0.5 and unsure_share([{"text": "текст"}]) is None   # a text layer has none
    ob = lambda unsure: Obligation(text="Провести мониторинг питания до 1 марта", span=Span(start=0, end=10),  # noqa: E731
                                   locator=Locator(page=1, ocr=True, ocr_unsure=unsure))
    assert "task.ocr_unsure" in checks(ob(0.5), DocumentMeta(), False, False)
    assert "task.ocr_unsure" not in checks(ob(0.0), DocumentMeta(), False, False)
