# The two commands: `make demo` runs the product, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TEST_ENV := DJANGO_SETTINGS_MODULE=tests.settings

.PHONY: demo test lint format bench messages venv clean-demo

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

messages: venv
	$(TEST_ENV) $(PY) manage.py compilemessages --ignore=.venv --verbosity 0

demo:
	bash scripts/ensure-system-packages.sh --demo
	$(MAKE) venv messages
	bash scripts/demo.sh

test:
	bash scripts/ensure-system-packages.sh
	bash scripts/ensure-services.sh
	$(MAKE) venv messages
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: venv
	bash scripts/ensure-services.sh
	$(TEST_ENV) $(PY) -m benchmarks

clean-demo:
	rm -rf var
