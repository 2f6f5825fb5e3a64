# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
# Prefer CPython 3.12+ (PySide6 6.12 is unsafe on 3.11; pyproject.toml pins 3.11 to PySide6 < 6.12).
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$p; exit 0; }; done; \
	  for p in $$HOME/.pyenv/versions/3.1[3-9]*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3; do \
	  [ -x "$$p" ] && { echo "$$p"; exit 0; }; done; echo python3)
PY := $(VENV)/bin/python
# pip 26 relays setuptools' notes from the build; an editable install of this layout (resources/
# shipped as editor.resources) always gets an "Editable installation" note, information
# only (setuptools' InformationOnly), not a fault. Only that note is silenced.
EDITABLE_NOTE := PYTHONWARNINGS="ignore:Editable installation:UserWarning"

.PHONY: run test lint format bench wheel clean bundle bundle-smoke icons

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(EDITABLE_NOTE) $(PY) -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(EDITABLE_NOTE) $(PY) -m pip install -q -e '.[test]'
	@touch $@

run: $(VENV)/.installed
	$(PY) -m editor $(ARGS)

test: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) bench/preview_latency.py
	$(PY) bench/render_speed.py
	QT_QPA_PLATFORM=offscreen $(PY) bench/startup.py
	QT_QPA_PLATFORM=offscreen $(PY) bench/window_typing.py
	QT_QPA_PLATFORM=offscreen $(PY) bench/find_bar.py
	$(PY) bench/memory.py
	QT_QPA_PLATFORM=offscreen $(PY) bench/open_large.py
	QT_QPA_PLATFORM=offscreen $(PY) bench/switch_posts.py

wheel: $(VENV)/.installed
	$(PY) -m pip wheel --no-deps -w dist .

# The one-folder desktop bundle, dist/post-editor/ (packaging/README.md: each platform).
$(VENV)/.installed-bundle: pyproject.toml $(VENV)/.installed
	$(EDITABLE_NOTE) $(PY) -m pip install -q -e '.[bundle]'
	@touch $@

bundle: $(VENV)/.installed-bundle
	$(PY) -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/post-editor.spec

# Starts the built bundle offscreen on a post until its preview renders; runs render and --version.
bundle-smoke: $(VENV)/.installed
	QT_QPA_PLATFORM=offscreen $(PY) packaging/bundle_smoke.py dist/post-editor

# Redraws every icon file from resources/icons/org.posteditor.PostEditor.svg.
icons: $(VENV)/.installed
	$(EDITABLE_NOTE) $(PY) -m pip install -q -e '.[icons]'
	$(PY) packaging/make_icons.py

clean:
	rm -rf $(VENV) build dist *.egg-info
