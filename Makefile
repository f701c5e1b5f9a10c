# realdata: two commands after cloning.
#   make run    set up (venv, package, MNIST) and train both models
#   make test   set up, then the linter and the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test setup data lint clean

run: data
	$(VENV)/bin/realdata run

test: data lint
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

data: setup
	$(VENV)/bin/realdata data fetch

setup: $(STAMP)

# torch and torchvision are pinned and installed first, by pip, from this machine's
# wheel cache; uv or poetry would resolve (and download) several GB of CUDA wheels.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.14.1 torchvision==0.29.1
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) runs .pytest_cache .ruff_cache
