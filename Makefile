# Everything runs inside a project-local virtual environment built from requirements.lock.
# Nothing is installed globally; the only things assumed are python3.11 (or python3), pip and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Jupyter writes runtime/config files; keep them out of the user's home and the repo.
export JUPYTER_CONFIG_DIR := $(CURDIR)/.jupyter-local/config
export JUPYTER_RUNTIME_DIR := $(CURDIR)/.jupyter-local/runtime
export JUPYTER_DATA_DIR := $(CURDIR)/.jupyter-local/data
export PYTHONHASHSEED := 0

.PHONY: all setup figures test test-fast test-browser lab lint bench lock clean notebooks

all: figures

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.0.1"
	$(BIN)/python -m pip install --quiet -c requirements.lock setuptools wheel
	$(BIN)/python -m pip install --quiet -c requirements.lock --no-build-isolation -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (kursk-data)" >/dev/null
	touch $(STAMP)

setup: $(STAMP)

FIGURES_OUT ?= figures
figures: $(STAMP)
	$(BIN)/kursk-data figures --out $(FIGURES_OUT)

test: $(STAMP)
	$(BIN)/ruff check kursk_data tests tools benchmarks
	$(BIN)/python -m pytest -p no:cacheprovider -n 2 --dist loadscope --nbval notebooks tests

test-fast: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider -x -q tests

lab: $(STAMP)
	$(BIN)/python -m jupyter lab --notebook-dir=notebooks --ip=127.0.0.1 --no-browser \
		$(if $(filter 0,$(shell id -u)),--allow-root,)

lint: $(STAMP)
	$(BIN)/ruff check kursk_data tests tools benchmarks
	$(BIN)/ruff format --check kursk_data tests tools benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Re-resolve the lock: newest versions of everything, then freeze them.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pandas matplotlib seaborn jupyterlab ipykernel nbformat nbval \
		pytest pytest-xdist hypothesis ruff frictionless pandera playwright build setuptools wheel pyarrow
	{ head -2 requirements.lock; .venv-lock/bin/pip freeze --all | grep -v -E '^(pip|kursk-data)=='; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .venv-lock

clean:
	rm -rf $(VENV) .jupyter-local build dist *.egg-info

# Rebuild and re-execute the notebooks (after changing data, package or stories).
notebooks: $(STAMP)
	$(BIN)/python tools/build_notebooks.py
