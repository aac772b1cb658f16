PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-postgres run clean

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

# The end-to-end suite again with the app on PostgreSQL (RAPPORT_TEST_POSTGRES_URL names the
# server: `.ci/postgres start`). tests/storage is not repeated: `make test` runs it on both.
# Left out to keep CI's run short (they pass on PostgreSQL too): the vignettes and red flags,
# about 3 of 10 minutes, which test clinical content over the storage paths the others cover.
test-postgres: $(BIN)/rapport
	RAPPORT_TEST_ENGINE=postgresql RAPPORT_REQUIRE_POSTGRES=1 $(BIN)/pytest -q tests/e2e \
		--ignore=tests/e2e/test_vignettes_e2e.py --ignore=tests/e2e/test_redflags_e2e.py

run: $(BIN)/rapport
	$(BIN)/rapport run

clean:
	rm -rf $(VENV) demo-output *.egg-info build .mypy_cache
