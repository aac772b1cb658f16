PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test run clean

$(BIN)/rapport: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/rapport

demo: $(BIN)/rapport
	$(BIN)/rapport demo

test: $(BIN)/rapport
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

run: $(BIN)/rapport
	$(BIN)/rapport run

clean:
	rm -rf $(VENV) demo-output *.egg-info build .mypy_cache
