# hypegap: `make help` lists every target.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
DATA_DIR ?= ../shared/data
ARTIFACTS ?= artifacts
MODEL := $(ARTIFACTS)/current
HOST ?= 127.0.0.1
PORT ?= 8000
export HYPEGAP_HOST ?= $(HOST)
export HYPEGAP_PORT ?= $(PORT)
export HYPEGAP_MODEL_DIR ?= $(MODEL)

.DEFAULT_GOAL := help
.PHONY: help install train evaluate serve test lint bench soak bench-archive screenshot clean

help: ## List every target with what it does
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

install: $(VENV)/.installed ## Build the virtualenv .venv/ with hypegap and its dev tools

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

train: install ## Fit the model on DATA_DIR and save the artifact to artifacts/current
	$(PY) -m training.train --data-dir $(DATA_DIR) --artifacts $(ARTIFACTS)

$(MODEL)/metadata.json:
	$(MAKE) train

evaluate: install $(MODEL)/metadata.json ## Score held-out data; write reports/metrics.json and reports/metrics.md
	$(PY) -m training.evaluate --data-dir $(DATA_DIR) --model $(MODEL) --reports reports

serve: install $(MODEL)/metadata.json ## Install, train if no model this code can serve exists, and start the API on HOST:PORT
	@$(PY) -m service --check; case $$? in 0) ;; 3) $(MAKE) train ;; *) exit 2 ;; esac
	$(PY) -m service

# xdist starts the files with the most tests first, so the integration test's full training
# starts last and has both cores once the rest is done: 8:34 on this machine, against 8:58 when
# it started first and shared a core with the rest throughout.
test: install ## Run the whole test suite (trains on DATA_DIR in the integration test)
	DATA_DIR=$(abspath $(DATA_DIR)) $(PY) -m pytest -q -n 2 --dist loadfile --durations=10

lint: install ## Check style with ruff
	$(VENV)/bin/ruff check model service training feedback tests
	$(VENV)/bin/ruff format --check model service training feedback tests

bench: install $(MODEL)/metadata.json ## Measure scoring speed against in-run baselines and print the figures
	$(PY) -m tests.bench.run --data-dir $(DATA_DIR) $(BENCH_ARGS)

bench-archive: install $(MODEL)/metadata.json ## score-archive on Dask vs score-file, on archives made from DATA_DIR
	$(PY) -m tests.bench.archive --data-dir $(DATA_DIR) --model $(MODEL)

soak: install $(MODEL)/metadata.json ## 10 minutes at 80 % of capacity with reloads: errors, p99, RSS per worker
	DATA_DIR=$(abspath $(DATA_DIR)) $(PY) -m tests.bench.soak --data-dir $(abspath $(DATA_DIR)) --model $(MODEL)

screenshot: install ## Take a screenshot of the editor page into reports/
	HYPEGAP_SCREENSHOT_DIR=reports $(PY) -m pytest -q -m browser tests/service/test_page.py

clean: ## Remove the virtualenv, artifacts and reports
	rm -rf $(VENV) $(ARTIFACTS) reports
