# cxmap: two commands to start.  `make demo`, then `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
BSTAMP := $(VENV)/.installed-bench
OUT    := out

.PHONY: demo test lint-code typecheck unit bench graphviz chromium clean

# Debian's python3 has no venv module until python3-venv is installed: add it when root.
$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) >/dev/null 2>&1 || { rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing python3-venv (apt-get install -y python3-venv)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null \
	      && $(PYTHON) -m venv $(VENV); \
	  else echo "cxmap: '$(PYTHON) -m venv' failed; install it with: sudo apt-get install python3-venv"; \
	    exit 1; fi; }
	$(BIN)/python -m pip install --quiet --upgrade pip

# compileall: pip byte-compiles what it installs, but not an editable source tree; with
# PYTHONDONTWRITEBYTECODE set (as on CI) every run would compile cxmap anew.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e . --config-settings editable_mode=compat
	$(BIN)/python -m compileall -q cxmap
	touch $@

$(TSTAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]' --config-settings editable_mode=compat
	touch $@

$(BSTAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]' --config-settings editable_mode=compat
	touch $@

## graphviz: install Debian's graphviz when `dot` is missing (as root), else say what to install
graphviz:
	@if command -v dot >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Graphviz (apt-get install -y graphviz)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	else echo "note: Graphviz's 'dot' is missing; install it with: sudo apt-get install graphviz"; fi

## chromium: install Debian's chromium and chromium-driver (as root) for the browser test of `cxmap report`
chromium:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Chromium (apt-get install -y chromium chromium-driver)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; } \
	    || echo "note: could not install chromium; the browser test will skip"; \
	else echo "note: chromium/chromedriver missing, the browser test will skip; install them with: sudo apt-get install chromium chromium-driver"; fi

## demo: set up .venv and run cxmap's main job on the examples; the files it makes go to out/
demo: $(STAMP) graphviz
	@mkdir -p $(OUT)
	@echo "== cxmap validate examples/"
	@$(BIN)/cxmap validate examples/
	@echo "== cxmap lint examples/ --format concise"
	@$(BIN)/cxmap lint examples/ --format concise
	@echo "== cxmap gaps examples/running-shoes.cxmap.yaml --survey examples/surveys/running-shoes.csv"
	@$(BIN)/cxmap gaps examples/running-shoes.cxmap.yaml --survey examples/surveys/running-shoes.csv
	@if command -v dot >/dev/null 2>&1; then ext=svg; else ext=dot; \
	  echo "note: Graphviz's dot is missing, so diagrams are written as .dot (the canvas and reports need no dot)"; fi; \
	for map in examples/*.cxmap.yaml; do name=$$(basename $$map .cxmap.yaml); \
	  survey=examples/surveys/$$name.csv; with=""; [ -f $$survey ] && with="--survey $$survey"; \
	  $(BIN)/cxmap render $$map --view canvas $$with -o $(OUT)/$$name-canvas.svg \
	  && $(BIN)/cxmap render $$map $$with -o $(OUT)/$$name.$$ext \
	  && $(BIN)/cxmap render $$map --view channels -o $(OUT)/$$name-channels.$$ext \
	  && $(BIN)/cxmap render $$map --view emotion -o $(OUT)/$$name-emotion.$$ext \
	  && $(BIN)/cxmap render $$map --format mermaid -o $(OUT)/$$name.mmd \
	  && $(BIN)/cxmap gaps $$map $$with -f markdown -o $(OUT)/$$name-gaps.md 2>/dev/null; \
	  $(BIN)/cxmap report $$map $$with -o $(OUT)/$$name.html 2>/dev/null || exit 1; \
	done; \
	$(BIN)/cxmap init $(OUT)/new-hotel.cxmap.yaml --template hotel --force >/dev/null; \
	echo "== made in $(OUT)/:"; \
	echo "   canvas    $(OUT)/<map>-canvas.svg: the journey map, phases by lanes, coloured by the survey"; \
	echo "   diagrams  $(OUT)/<map>.$$ext (journey flow), <map>-channels.$$ext, <map>-emotion.$$ext, <map>.mmd"; \
	echo "   reports   $(OUT)/<map>.html (open in a browser; prints to PDF)"; \
	echo "   gaps      $(OUT)/<map>-gaps.md; a new map from a template: $(OUT)/new-hotel.cxmap.yaml"; \
	echo "   maps: $$(cd examples && ls *.cxmap.yaml | sed 's/.cxmap.yaml//' | tr '\n' ' ')"

## test: ruff, mypy --strict on cxmap/, pytest
test: $(TSTAMP) graphviz chromium
	$(BIN)/ruff check cxmap tests bench action
	$(BIN)/ruff format --check cxmap tests bench action
	$(BIN)/mypy cxmap
	$(BIN)/pytest

## bench: speed against the named baselines (prints ratios); needs only the bench extra
bench: $(BSTAMP) graphviz
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
