# jmap: two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
JMAP   := $(BIN)/jmap
SAMPLE := samples/online-store.jmap.yaml
# The sample one quarter earlier: the HTML page shows the biggest changes since (a file, so a fresh clone works too).
PREVIOUS := samples/online-store.2024-Q2.jmap.yaml
OUT    := out

.PHONY: readme demo test lint golden test-latest lock bench fuzz install graphviz mermaid-check chromium spark schema clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs what requirements.lock pins (pyproject.toml keeps the ranges users get); `make lock` renews it.
$(VENV)/.installed: $(BIN)/activate pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

lock: $(BIN)/activate
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --universal --all-extras --python-version 3.10 \
	  --custom-compile-command "make lock" --no-emit-index-url --quiet -o requirements.lock

install: $(VENV)/.installed graphviz

# Graphviz's `dot` does the layout for `jmap render`; install it where we can, explain where we cannot.
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing Graphviz (apt-get install graphviz) …"; \
	    (apt-get update -qq && apt-get install -y -qq graphviz >/dev/null) || echo "could not install Graphviz; jmap render needs it (apt-get install graphviz)"; \
	  elif command -v brew >/dev/null 2>&1; then brew install graphviz; \
	  else echo "Graphviz is not installed: jmap render needs it (Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz)"; fi; }

# Mermaid's own parser, for the export tests (skipped when Node.js is missing).
mermaid-check:
	@if command -v npm >/dev/null 2>&1; then \
	  [ -d tests/mermaid_check/node_modules ] || npm ci --silent --no-audit --no-fund --prefix tests/mermaid_check || echo "could not install Mermaid's parser; its tests will be skipped"; \
	else echo "Node.js is not installed: the Mermaid parser tests will be skipped"; fi

# Headless Chromium for the HTML export test (skipped when it is missing).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing Chromium for the HTML test …"; \
	    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "could not install Chromium; the HTML browser test will be skipped"; \
	  else echo "Chromium is not installed: the HTML browser test will be skipped"; fi; }

demo: install
	@mkdir -p $(OUT)
	@echo; echo "== jmap validate samples/ : every map in the folder (the broken one fails, on purpose)"
	@$(JMAP) validate samples/ || echo "(exit $$?: samples/broken/ fails on purpose, to show the errors)"
	@echo; echo "== jmap score $(SAMPLE)"
	$(JMAP) score $(SAMPLE)
	$(JMAP) score $(SAMPLE) --format json -o $(OUT)/scores.json
	@echo; echo "== jmap report $(SAMPLE)"
	$(JMAP) report $(SAMPLE)
	$(JMAP) report $(SAMPLE) --format markdown -o $(OUT)/report.md
	@echo; echo "== jmap render $(SAMPLE): flow and lanes views, full size and fitted to slides"
	$(JMAP) render $(SAMPLE) -o $(OUT)/online-store.flow.svg
	$(JMAP) render $(SAMPLE) --view lanes -o $(OUT)/online-store.lanes.svg
	$(JMAP) render $(SAMPLE) --fit slide -o $(OUT)/online-store.flow.png
	$(JMAP) render $(SAMPLE) --fit slide --view lanes -o $(OUT)/online-store.lanes.png
	$(JMAP) export --format html $(SAMPLE) --previous $(PREVIOUS) -o $(OUT)/online-store.html
	$(JMAP) export --format mermaid $(SAMPLE) -o $(OUT)/online-store.mmd
	$(JMAP) validate $(SAMPLE) --format sarif -o $(OUT)/validate.sarif
	$(JMAP) schema -o $(OUT)/jmap.schema.json
	@echo; echo "== jmap measure: the journey customers took (generated events; mobile checkout has a planted problem)"
	$(JMAP) measure samples/online-store.events.csv.gz $(SAMPLE) --by device --value-column revenue
	$(JMAP) measure samples/online-store.events.csv.gz $(SAMPLE) --by device --format json -o $(OUT)/measure.json
	@echo; echo "== jmap measure --write-to, then render: the measured map (dashed arrows: steps customers took that the map does not declare)"
	$(JMAP) measure samples/online-store.events.csv.gz $(SAMPLE) --quiet --write-to $(OUT)/online-store.measured.jmap.yaml --format json -o $(OUT)/measure-written.json
	$(JMAP) render $(OUT)/online-store.measured.jmap.yaml -o $(OUT)/online-store.measured.flow.png
	$(JMAP) render $(OUT)/online-store.measured.jmap.yaml --fit slide -o $(OUT)/online-store.measured.slide.png
	@echo; echo "Outputs are in $(OUT)/:"; ls $(OUT)
	@echo
	@echo "Open $(OUT)/online-store.html (what to fix first, then the map), $(OUT)/online-store.flow-1.png (a slide)"
	@echo "and $(OUT)/online-store.measured.flow.png (the measured journey: traffic, conversions, dashed undeclared steps)."
	@echo "Your own map: $(JMAP) init my-journey.jmap.yaml && $(JMAP) export --format html my-journey.jmap.yaml -o my-journey.html"

# Spark for the DuckDB-versus-Spark test of jmap measure (skipped with its reason where it cannot be installed).
spark: $(VENV)/.installed
	@command -v java >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing Java for Spark (apt-get install default-jre-headless) …"; \
	    (apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null) || echo "could not install Java; the Spark test will be skipped"; \
	  else echo "Java is not installed: the Spark test will be skipped"; fi; }
	@$(BIN)/python -c "import pyspark" 2>/dev/null || $(BIN)/python -m pip install --quiet -c requirements.lock -e '.[spark]' \
	  || echo "could not install jmap[spark]; the Spark test will be skipped"

test: lint mermaid-check chromium spark
	$(BIN)/python -m pytest

# ruff (pyflakes, pycodestyle errors, bugbear) over everything, mypy over the core (pyproject.toml says which).
lint: install
	$(BIN)/ruff check journeymap tests bench fuzz tools
	$(BIN)/mypy
	$(BIN)/lint-imports

# Rewrites every file under tests/golden from the current code (the tests that use the `golden`
# fixture); review `git diff tests/golden` before committing.
golden: install
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q -p no:cacheprovider -m golden

# The newest releases pyproject.toml's ranges allow, in a venv of their own: drift shows here before users meet it.
LATEST := .venv-latest
test-latest: mermaid-check chromium graphviz
	[ -x $(LATEST)/bin/python ] || $(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	$(LATEST)/bin/python -m pip list --format=freeze | grep -i -E '^(typer|rich|pyyaml|pydantic|ruamel.yaml)=' || true
	$(LATEST)/bin/python -m pytest -p no:cacheprovider

bench: install
	$(BIN)/python bench/run.py

fuzz: install
	$(BIN)/python -m pip install --quiet -e '.[fuzz]' || echo "atheris is not available here: fuzz/run.py drives the same harnesses without it"
	$(BIN)/python fuzz/run.py

# The README's generated sections (rule reference, --format table) from their sources; tests fail while one is stale.
readme: install
	$(BIN)/python tools/readme.py

schema: install
	$(JMAP) schema -o schema/jmap.schema.json

clean:
	rm -rf $(OUT) .pytest_cache
