# Two commands on a fresh machine:  make report  and  make test.
# Both build .venv from the locked requirements.txt when it is missing or stale.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP_VERSION := 26.3
KERNEL := news-analysis

.PHONY: venv report analysis test test-fast bench eval lab lint lock clean help
.DEFAULT_GOAL := help

help:
	@echo "make report  - set up .venv, analyse every article in seeds/, export figures, render reports/"
	@echo "make test    - set up .venv and run every test (notebooks included), on every core"
	@echo "make analysis - write tidy CSV tables for seeds/ into output/"
	@echo "make bench   - one table: analyze --jobs 1/2 vs bare spaCy nlp.pipe on 400 and all BBC articles (docs/engines.md)"
	@echo "make eval    - score statements and stance against ../shared/corpora (docs/evaluation.md); snapshot in docs/dev_figures.json"
	@echo "make lab     - open JupyterLab with the project kernel"
	@echo "make lint    - ruff over analysis/, tests/ and scripts/"
	@echo "make lock    - recompile requirements.txt from requirements.in"

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" >/dev/null
	$(BIN)/python -c "from analysis.articles import detect_language; detect_language('an uncompressed language model, once')"
	touch $@

venv: $(STAMP)

report: venv
	$(BIN)/python -m analysis report

analysis: venv
	$(BIN)/python -m analysis analyze seeds --out output

# in parallel on every core (pytest-xdist); a module's tests that share an expensive fixture
# are kept on one worker (xdist_group), so the fixture is built once
XDIST := -n auto --dist loadgroup

test: venv
	$(BIN)/python -m pytest $(XDIST)

test-fast: venv
	$(BIN)/python -m pytest $(XDIST) -m "not slow"

bench: venv
	$(BIN)/python scripts/bench.py

eval: venv
	$(BIN)/python -m analysis evaluate --out output/eval
	$(BIN)/python -c "from analysis.evaluate import write_dev_snapshot; write_dev_snapshot('output/eval')"

lab: venv
	$(BIN)/jupyter lab notebooks

lint: venv
	$(BIN)/ruff check analysis tests scripts

lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet pip==$(PIP_VERSION)
	.lock-venv/bin/python -m pip install --quiet -r requirements.in
	( echo "# Locked by \`make lock\` from requirements.in (pip freeze of a clean Python 3.11 venv). Do not edit by hand."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable ) > requirements.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .cache reports output
