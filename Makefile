# `make demo` and `make test` are the two commands a newcomer needs; both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test system clean vendor screenshots model real-eval

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/accord ingest examples
	$(BIN)/accord timeline
	$(BIN)/accord export --format json -o accord-export.json

system:
	./scripts/system-deps.sh

test: $(STAMP) system
	$(BIN)/python -m pytest -q

# Retrain the event detector from the annotated articles (the real development split, eval/, the sample)
# and print its cross-validated figures; the weights land in src/accord/data/detector.npz. REAL_TEXTS is
# the folder of saved real articles (eval/real/SOURCES.md says how to rebuild it).
REAL_TEXTS ?= ../realcorpus/texts
model: $(STAMP)
	$(BIN)/python -m accord.detect.train eval/real/gold/dev:$(REAL_TEXTS) eval/gold ../shared/gold:../shared/corpus

# Aggregate figures on the locked real test split, and on its articles from outlets absent from dev.
real-eval: $(STAMP)
	$(BIN)/python eval/real/run.py test $(REAL_TEXTS)
	$(BIN)/python eval/real/run.py test $(REAL_TEXTS) --unseen-outlets-of eval/real/gold/dev

# Refresh the JavaScript and map data the page and /docs use from the npm registry (needs npm; the result is
# committed). The versions are those in src/accord/web/package.json.
VENDOR := src/accord/web/static/vendor
vendor:
	rm -rf /tmp/accord-vendor && mkdir -p /tmp/accord-vendor && cp src/accord/web/package.json /tmp/accord-vendor/
	cd /tmp/accord-vendor && npm install --no-audit --no-fund --ignore-scripts --omit=dev >/dev/null
	mkdir -p $(VENDOR)/swagger-ui $(VENDOR)/world-atlas
	cp /tmp/accord-vendor/node_modules/d3/dist/d3.min.js $(VENDOR)/d3.min.js
	cp /tmp/accord-vendor/node_modules/d3/LICENSE $(VENDOR)/d3.LICENSE
	cp /tmp/accord-vendor/node_modules/topojson-client/dist/topojson-client.min.js $(VENDOR)/topojson-client.min.js
	cp /tmp/accord-vendor/node_modules/topojson-client/LICENSE $(VENDOR)/topojson-client.LICENSE
	cp /tmp/accord-vendor/node_modules/world-atlas/countries-110m.json /tmp/accord-vendor/node_modules/world-atlas/LICENSE $(VENDOR)/world-atlas/
	cd /tmp/accord-vendor/node_modules/swagger-ui-dist && cp swagger-ui-bundle.js swagger-ui.css LICENSE $(CURDIR)/$(VENDOR)/swagger-ui/

# The pictures in docs/ (the page at 400 px and 1,400 px, the plots), from the examples, the test articles and the
# sample corpus in ../shared.
screenshots: $(STAMP) system
	$(BIN)/python scripts/screenshots.py docs examples tests/articles/cases tests/articles/series tests/articles/web ../shared/corpus

clean:
	rm -rf $(VENV) accord.db accord.db-wal accord.db-shm accord-export.json
