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

# Refresh the JavaScript the page and /docs use from the npm registry (needs npm; the result is committed).
vendor:
	cd /tmp && rm -rf accord-vendor && mkdir accord-vendor && cd accord-vendor && npm pack d3@7.9.2 >/dev/null && tar xzf d3-*.tgz
	cp /tmp/accord-vendor/package/dist/d3.min.js src/accord/web/static/vendor/d3.min.js
	cp /tmp/accord-vendor/package/LICENSE src/accord/web/static/vendor/d3.LICENSE
	cd /tmp && rm -rf accord-vendor && mkdir accord-vendor && cd accord-vendor && npm pack swagger-ui-dist@5.35.0 >/dev/null && tar xzf swagger-ui-dist-*.tgz
	mkdir -p src/accord/web/static/vendor/swagger-ui
	cp /tmp/accord-vendor/package/swagger-ui-bundle.js /tmp/accord-vendor/package/swagger-ui.css /tmp/accord-vendor/package/LICENSE src/accord/web/static/vendor/swagger-ui/

# The pictures in docs/, from the sample corpus in ../shared.
screenshots: $(STAMP) system
	$(BIN)/python scripts/screenshots.py ../shared/corpus docs

clean:
	rm -rf $(VENV) accord.db accord.db-wal accord.db-shm accord-export.json
