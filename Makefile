# bpo-tagger: every artefact is rebuilt from its sources by one target.
#   make corpus -> make train -> make evaluate
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV    ?= .venv
PYTHON  := $(VENV)/bin/python
EXTRAS  ?= dev,parquet,spark
STAMP   := $(VENV)/.installed-$(shell echo "$(EXTRAS)" | tr ',' '-')
CORPUS_SOURCES := $(wildcard corpus/postings/*.jsonl corpus/sources/*)
BUILT   := corpus/build/corpus.jsonl
MODEL   := models/bpo-tagger.joblib
DEVSET  ?= ../shared/devset
N       ?= 50000
IN      ?= examples/job_board.csv
OUT     ?= tagged.csv

.PHONY: help setup corpus train evaluate test lint demo tag bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(PYTHON):
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PYTHON)
	$(PYTHON) -m pip install --quiet -e ".[$(EXTRAS)]"
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP) ## create .venv when missing and install the package with its extras

$(BUILT): $(CORPUS_SOURCES) | $(STAMP)
	$(PYTHON) -m pipeline corpus

corpus: $(STAMP) ## validate the corpus, drop duplicates, write corpus/REPORT.md
	$(PYTHON) -m pipeline corpus

train: $(STAMP) $(BUILT) ## train the model: models/bpo-tagger.joblib + its card (.json)
	$(PYTHON) -m pipeline train

evaluate: $(STAMP) $(BUILT) ## score held-out split and ../shared/devset; tables + PNGs in reports/
	$(PYTHON) -m pipeline evaluate --devset $(DEVSET)

test: $(STAMP) ## run the test suite
	$(PYTHON) -m pytest -q

lint: $(STAMP) ## ruff
	$(PYTHON) -m ruff check pipeline tests bench

demo: $(STAMP) ## tag the bundled sample (examples/job_board.csv) and print a table
	$(PYTHON) -m pipeline demo

tag: $(STAMP) ## tag a file: make tag IN=export.csv OUT=tagged.csv
	$(PYTHON) -m pipeline tag "$(IN)" -o "$(OUT)"

bench: $(STAMP) ## throughput and memory benchmark (N=50000 rows by default)
	$(PYTHON) bench/run.py --rows $(N)

clean: ## remove built artefacts (not the committed model)
	rm -rf corpus/build reports bench/results.json bench/data .pytest_cache
