# The README's commands. `make help` lists them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
EVAL_STAMP := $(VENV)/.installed-eval
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: help run test test-fast ingest serve lint bench-ingest bench-ask eval demo clean model

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, pinned: an unpinned torch pulls gigabytes of CUDA packages.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,eval]'
	touch $@ $(EVAL_STAMP)

# The evaluation's LangChain baseline (the `eval` extra).
$(EVAL_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[eval]'
	touch $@

run: model ## Install, build the model file and the index from corpus/ if missing or stale, launch the app
	$(BIN)/assistant ingest --prune --rebuild-if-stale
	$(BIN)/assistant serve

# The ONNX model file (export + int8 + check against torch) in ASSISTANT_MODEL_CACHE_DIR;
# does nothing when it is there, undamaged and up to date.
model: $(STAMP) ## Build the ONNX model file for ASSISTANT_EMBEDDING_BACKEND if missing or stale
	$(BIN)/assistant build-model

ingest: model ## Ingest corpus/ into the index (incremental)
	$(BIN)/assistant ingest --prune --rebuild-if-stale

# The tests use both ONNX files (onnx-int8 is the default; fp32 is checked against torch).
test: chromium $(TEST_STAMP) model ## Install everything the tests need (Chromium included) and run them
	$(BIN)/assistant build-model --backend onnx
	$(BIN)/python -m pytest

test-fast: $(TEST_STAMP) ## Unit tests only (fakes, no model, server or browser): seconds
	$(BIN)/python -m pytest tests/unit -q

# The browser tests drive Debian's Chromium (Playwright cannot download browsers here).
CHROMIUM := /usr/bin/chromium
.PHONY: chromium
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests ..."; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Debian's chromium. Install it, then run make test again:"; \
	    echo "  sudo apt-get update && sudo apt-get install -y chromium"; \
	    exit 2; \
	  fi; \
	fi

lint: $(TEST_STAMP) ## ruff and mypy
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy assistant ingest evals

DEMO_PORT ?= 8080
# The demo page's snippet points at the app on 127.0.0.1:7860; the page's origin is allowed.
demo: model ## Serve the app (:7860) and a demo clinic page with the widget (:8080)
	$(BIN)/assistant ingest --prune --rebuild-if-stale
	@echo "Demo clinic page: http://127.0.0.1:$(DEMO_PORT)/ (open it once the app says Ready)"
	@$(BIN)/python -m http.server $(DEMO_PORT) --bind 127.0.0.1 \
		--directory examples/clinic-site >/dev/null 2>&1 & site=$$!; \
	trap 'kill $$site 2>/dev/null' EXIT INT TERM; \
	ASSISTANT_PORT=7860 ASSISTANT_ALLOWED_ORIGINS=http://127.0.0.1:$(DEMO_PORT) \
		$(BIN)/assistant serve

# Every benchmark runs torch and onnx-int8 side by side; BENCH_ARGS passes options, e.g.
# BENCH_ARGS="--medquad-index-root ../bench" to reuse full indexes built elsewhere.
bench-ask: model ## torch vs onnx-int8: query embedding, ask p50/p95, cold start of ask and serve, serving RSS
	$(BIN)/python benchmarks/bench_ask.py $(BENCH_ARGS)

# Full MedQuAD by default (slow on a laptop); BENCH_ARGS="--sample 1000 --rounds 2" for a quick figure.
bench-ingest: model ## torch vs onnx-int8: ingest MedQuAD into .bench/medquad-<backend>: chunks/s, ratio, peak RSS
	$(BIN)/python benchmarks/bench_ingest.py $(BENCH_ARGS)

.PHONY: bench-retrieval calibrate-gate triage-model bench-triage
triage-model: $(TEST_STAMP) model ## Retrain the triage model from assistant/safety/triage/training/ (commit model.npz)
	$(BIN)/python -m assistant.safety.triage.train

bench-triage: model ## Triage recall/false alarms on every held-out batch + MedQuAD, latency
	$(BIN)/python benchmarks/bench_triage.py --medquad

.PHONY: bench-load
# Loopback only, a few minutes, stops by itself: engine threads, then 1-32 clients per target.
bench-load: model ## Load: how many asks at once help; /api/ask, SSE and chat page at 1-32 clients
	$(BIN)/python benchmarks/bench_parallel.py
	$(BIN)/python benchmarks/bench_load.py $(BENCH_ARGS)

bench-retrieval: model ## torch vs onnx-int8: dense vs BM25 vs fusion on MedQuAD and the seed corpus
	$(BIN)/python benchmarks/bench_retrieval.py $(BENCH_ARGS)

calibrate-gate: model ## Recalibrate the relevance threshold: make calibrate-gate QUESTIONS=file.jsonl
	$(BIN)/assistant calibrate $(if $(QUESTIONS),--questions $(QUESTIONS))

# MedQuAD on the full set when .bench/medquad-onnx-int8 is complete (it has CURRENT), else the fixed 500-pair sample.
eval: $(EVAL_STAMP) model ## Evaluation suite: gold set vs baseline + MedQuAD -> reports/eval/index.html
	$(BIN)/assistant ingest --prune --rebuild-if-stale
	$(BIN)/assistant eval --medquad $$(test -f .bench/medquad-onnx-int8/CURRENT && echo full || echo sample) $(EVAL_ARGS)

clean: ## Remove the index and caches (keeps .venv)
	rm -rf .index reports .pytest_cache .ruff_cache .mypy_cache
