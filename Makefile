# Two entry points for a fresh machine: `make demo` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test eval bench soak fixtures clean

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

# The shared scorer over the seeds (DOCX and PDF), ../shared/eval/dev and dev_real (the real documents;
# their OCR takes minutes the first time, then the read documents come from .cache/eval/).
eval: $(STAMP)
	OMP_THREAD_LIMIT=1 $(BIN)/python scripts/eval.py

# Figures, not assertions: extraction time per stage, warehouse load rate and query time.
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

# 1,000 files (50 hostile) through a real watcher killed ten times with SIGKILL; checks every file's
# fate and writes the figures to docs/benchmarks.md. Minutes, not part of `make test`.
soak: $(STAMP)
	$(BIN)/python benchmarks/soak.py

# Regenerates fixtures/ (LibreOffice needed for the PDFs).
fixtures: $(STAMP)
	$(BIN)/python scripts/make_fixtures.py

clean:
	rm -rf $(VENV) data/*.duckdb
