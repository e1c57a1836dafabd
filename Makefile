# Two entry points for a fresh machine: `make demo` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test eval eval-held bench soak fixtures clean

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	bash scripts/system-deps.sh
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/srok demo fixtures

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The shared scorer over the seeds (DOCX and PDF), ../shared/eval's dev sets and real documents, and the tune
# half of corpus/ (OCR takes minutes the first time, then the read documents come from .cache/eval/).
eval: $(STAMP)
	OMP_THREAD_LIMIT=1 $(BIN)/python scripts/eval.py

# The corpus's held half: scored once, at the end of a session's work (corpus/README.md).
eval-held: $(STAMP)
	OMP_THREAD_LIMIT=1 $(BIN)/python scripts/eval.py --set corpus-held-1,corpus-held-2,corpus-held-3,corpus-held-4,corpus-held-5,corpus-held-6,corpus-held-7,corpus-held-8,corpus-held-9,corpus-held-10

# Figures, not assertions: `srok ingest`, the watcher, `srok extract`, a real scanned page and `srok backfill` as users
# run them, each beside its anchors (python-docx, pypdfium2, Tesseract, natasha) run in turns over the same distinct
# documents, as ratios with the load average; the register at 0 and 1M obligations and the municipality query over a
# whole delta cycle (about 35 min on 2 busy cores). `make bench BENCH_ARGS=--quick` is a smoke run; see benchmarks/run_all.py.
BENCH_ARGS ?=
bench: $(STAMP)
	nice -n 5 $(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

# 1,000 files (50 hostile) through a real watcher killed ten times with SIGKILL; checks every file's
# fate and writes the figures to docs/benchmarks.md. Minutes, not part of `make test`.
soak: $(STAMP)
	$(BIN)/python benchmarks/soak.py

# Regenerates fixtures/ (LibreOffice needed for the PDFs).
fixtures: $(STAMP)
	$(BIN)/python scripts/make_fixtures.py

clean:
	rm -rf $(VENV) data/*.duckdb
