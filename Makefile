# One obvious way to run things. Every target installs what it needs first.
#   make slides   the main job: figures, offline slide deck and explorer page under build/
#   make test     lint, unit tests, notebook (nbval) and browser tests;  make test-fast  unit tests only
#   make pptx     editable PowerPoint decks;  make site  a folder to share with a class
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
SETUP := $(VENV)/.installed
NODE := node_modules/.installed
# The offline explorer's widget renderer (html-manager + anywidget), bundled from node_modules.
# No icon fonts: no widget on the page uses Font Awesome (its three fonts were 0.22 MB of the page).
RENDERER := node_modules/.explainer/widget-renderer.js
FRONTEND := assets/frontend/offline-renderer.js assets/frontend/amd-shim.js
NOTEBOOK := notebooks/ketamine_pathway.ipynb
PRESENT := notebooks/present.ipynb
HOST ?= 127.0.0.1
PORT ?= 8866

.PHONY: setup figures slides test test-fast lint notebook readme-figure voila present lab bench loadtest handout pptx lms quiz sbgn \
  site preview new clean class loadtest-class links-report

$(SETUP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(NODE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(RENDERER): $(NODE) $(FRONTEND) Makefile
	node_modules/.bin/esbuild assets/frontend/offline-renderer.js --bundle --format=iife --minify \
	  --define:__webpack_public_path__='""' --loader:.woff2=empty --loader:.woff=empty \
	  --loader:.ttf=empty --loader:.eot=empty --loader:.svg=empty --legal-comments=none \
	  --log-level=warning --outfile=$@

setup: $(SETUP) $(NODE) $(RENDERER)

figures: $(SETUP)
	$(PY) -m explainer figures --out build/figures

slides: setup figures
	$(PY) -m explainer slides --out build
	$(PY) -m explainer slides --pathway assets/pathways/ketamine-research.yaml --out build

lint: $(SETUP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check explainer tests benchmarks

test: setup lint
	$(PY) -m pytest tests $(NOTEBOOK) $(PRESENT) --nbval-lax --nbval-sanitize-with tests/sanitize.cfg

# The unit tests while you work (under 90 s on 2 cores): everything but the tests marked slow
# (servers, kernels, notebooks, commands in a new process, a wheel in a new venv, LibreOffice) or
# browser (Chromium). About 50 s of CPU (user+sys); wall time grows with the load on the machine.
test-fast: setup
	$(PY) -m pytest tests -m "not slow and not browser" -q

# Re-run the notebooks and store their outputs (nbval checks them against a fresh run): no run
# timestamps, no widget views of models that are not stored, so running it again changes nothing.
notebook: $(SETUP)
	PYTHONPATH=$(CURDIR) $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.store_widget_state=False --ExecutePreprocessor.record_timing=False \
	  --NotebookExporter.preprocessors=tests.stored_outputs.WidgetViewsWithoutState \
	  $(NOTEBOOK) $(PRESENT)

handout: $(SETUP)
	$(PY) -m explainer handout --out build

pptx: $(SETUP)
	$(PY) -m explainer pptx --out build
	$(PY) -m explainer pptx --pathway assets/pathways/ketamine-research.yaml --out build

# The explorer as a SCORM 1.2 package for an LMS; the check questions for a quiz bank (Moodle XML,
# QTI 1.2); the pathway as an SBGN-ML Activity Flow map. Each for both shipped pathways.
lms: setup
	$(PY) -m explainer lms --out build
	$(PY) -m explainer lms --pathway assets/pathways/ketamine-research.yaml --out build

quiz: $(SETUP)
	$(PY) -m explainer quiz --out build
	$(PY) -m explainer quiz --pathway assets/pathways/ketamine-research.yaml --out build

sbgn: $(SETUP)
	$(PY) -m explainer sbgn --out build
	$(PY) -m explainer sbgn --pathway assets/pathways/ketamine-research.yaml --out build

# Every pathway under assets/pathways: deck, explorer, handout, PowerPoint, SCORM package, quiz
# questions, SBGN-ML map and an index.html.
site: setup
	$(PY) -m explainer site --out build/site

# Writing a pathway: a starter for a new article, and a page that follows every save.
#   make new ARTICLE=path/to/article.txt ID=my_drug     make preview PATHWAY=path/to/pathway.yaml
PATHWAY ?= assets/pathways/ketamine.yaml
PREVIEW_PORT ?=
new: $(SETUP)
	$(PY) -m explainer new $(ARTICLE) --id $(ID)

preview: $(SETUP)
	$(PY) -m explainer preview $(PATHWAY) $(if $(PREVIEW_PORT),--port $(PREVIEW_PORT))

readme-figure: $(SETUP)
	$(PY) -m explainer figures --out build/figures
	cp build/figures/whole-pathway.png docs/pathway.png

# Both read voila.json here: a preheated kernel pool, idle culling of closed pages, a kernel limit.
voila: $(SETUP)
	JUPYTER_PATH=$(CURDIR)/assets $(BIN)/voila --no-browser --Voila.ip=$(HOST) --port=$(PORT) \
	  --template=explainer $(NOTEBOOK)

# The presenter view alone, for a projector and for a class on one server: ketamine's, or another
# pathway's with make present PATHWAY=path/to/file.yaml (its notebook written to build/present/).
OTHER = $(filter command line environment,$(origin PATHWAY))
present: $(SETUP)
	$(if $(OTHER),$(PY) -m explainer present --pathway $(PATHWAY) --out build/present)
	JUPYTER_PATH=$(CURDIR)/assets $(BIN)/voila --no-browser --Voila.ip=$(HOST) --port=$(PORT) \
	  --template=explainer $(if $(OTHER),build/present/$(basename $(notdir $(PATHWAY)))-present.ipynb,$(PRESENT))

# A class session (no kernel per student): students follow the presenter's step and answer polls.
# Prints the join address (room code) and the presenter address (with its key). CLASS_PORT, and
# HOST=0.0.0.0 for the local network; add ROOM=CODE to resume a room after a restart.
CLASS_PORT ?= 8870
class: setup
	$(PY) -m explainer class --host $(HOST) --port $(CLASS_PORT) $(if $(ROOM),--room $(ROOM))

# JupyterLab on its own port (8888) unless PORT is given: make lab PORT=9000
lab: $(SETUP)
	$(BIN)/jupyter lab --ip=$(HOST) --no-browser $(if $(filter command line environment,$(origin PORT)),--port=$(PORT)) \
	  $$( [ "$$(id -u)" = 0 ] && echo --allow-root ) $(NOTEBOOK)

# Timings, reported not asserted. Frames come from your frame cache (~/.cache/explainer), as a
# teacher's do; EXPLAINER_CACHE_DIR=$(mktemp -d) make bench measures with a throwaway one.
bench: setup
	$(PY) -m benchmarks.run --out build/bench.json

# N students at once against make present's server (its own, on a free loopback port): first
# page, clicks, memory during and 2 minutes after. Not part of make test (about 3 minutes a run).
STUDENTS ?= 1 5 10
# How often links break the rules that make them read (spread ends, no link through a box or
# across a head, no overlapping heads, heads on the border, no leftover label line) over the
# shipped pathways and 50 generated ones: a report, build/links.json.
links-report: setup
	$(PY) -m benchmarks.links --seeds 50 --out build/links.json

loadtest: setup
	$(PY) -m benchmarks.loadtest --students $(STUDENTS) --out build/loadtest.json

# 300 websocket students and 3 Chromium students in one room on a loopback class server: step
# latency, exact counting, memory, first page, SIGKILL and restart. Not in make test (about 2 min).
loadtest-class: setup
	$(PY) -m benchmarks.loadtest_class --out build/loadtest-class.json

clean:
	rm -rf build
