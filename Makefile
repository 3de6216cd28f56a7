# baocao: two commands.  `make run` serves the demo; `make test` runs the whole suite.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint messages bench clean

$(VENV)/bin/python:
	@PY=$$(scripts/find-python) && echo "Tạo môi trường ảo bằng $$PY" && "$$PY" -m venv $(VENV)

$(STAMP): $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

## make run: set up, migrate, load the Hà Nội demo and serve it on http://127.0.0.1:8000
run: $(STAMP)
	@scripts/ensure-pdf-libs
	$(BIN)/baocao demo

## make test: set up with the test dependencies and run the whole suite
test: $(STAMP)
	@scripts/ensure-browser
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_ARGS)

## make bench: the speed figures the issues name (set DATABASE_URL for PostgreSQL)
bench: $(STAMP)
	$(BIN)/python bench/save_cell.py

lint: $(STAMP)
	$(BIN)/ruff check .

## make messages: extract and compile the translations (needs GNU gettext)
messages: $(STAMP)
	cd baocao && ../$(BIN)/baocao makemessages -l vi -l en --no-obsolete --ignore 'static/*'
	cd baocao && ../$(BIN)/baocao compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache
