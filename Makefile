# jmap: two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
JMAP   := $(BIN)/jmap
SAMPLE := samples/online-store.jmap.yaml
OUT    := out

.PHONY: demo test bench fuzz install graphviz schema clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed graphviz

# Graphviz's `dot` does the layout for `jmap render`; install it where we can, explain where we cannot.
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && apt-get install -y -qq graphviz >/dev/null) || echo "could not install Graphviz; jmap render needs it (apt-get install graphviz)"; \
	  elif command -v brew >/dev/null 2>&1; then brew install graphviz; \
	  else echo "Graphviz is not installed: jmap render needs it (Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz)"; fi; }

demo: install
	@mkdir -p $(OUT)
	@echo "== jmap validate samples/ (every map in the folder)"
	$(JMAP) validate samples/ --format text || true
	@echo "== jmap validate $(SAMPLE) --format json -o $(OUT)/validate.json"
	$(JMAP) validate $(SAMPLE) --format json -o $(OUT)/validate.json || true
	$(JMAP) schema -o $(OUT)/jmap.schema.json
	@echo "Outputs are in $(OUT)/"

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/run.py

schema: install
	$(JMAP) schema -o schema/jmap.schema.json

clean:
	rm -rf $(OUT) .pytest_cache
