# The two Quick start commands (README) and a few helpers. Everything runs from .venv,
# which `scripts/setup.sh` creates (and brings up to date) on first use.
VENV      ?= .venv
PY        := $(VENV)/bin/python
DEMO_DB   ?= demo/funneldesk-demo.sqlite
DEMO_SIZE ?= 2000

.PHONY: setup demo test bench lint clean-demo

setup:
	@bash scripts/setup.sh

# Built under a temporary name and renamed when complete, so an interrupted run is redone.
$(DEMO_DB): | setup
	@mkdir -p $(dir $(DEMO_DB))
	$(PY) -m funneldesk demo --db $(DEMO_DB).partial --customers $(DEMO_SIZE) --seed 7 --force
	@mv $(DEMO_DB).partial $(DEMO_DB)

## Open the app on a demo database (made on first use). Without a screen, save a screenshot.
demo: setup $(DEMO_DB)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		$(PY) -m funneldesk --db $(DEMO_DB); \
	else \
		$(PY) -m funneldesk --db $(DEMO_DB) --view pipeline --screenshot demo/screenshot.png && \
		echo "No screen here: saved the window as demo/screenshot.png (run 'make demo' on a desktop to use the app)."; \
	fi

## Run the whole test suite headless (under Xvfb when installed, for the real drag test),
## one worker per core (pytest-xdist).
## Xvfb is looked up when the tests start: on a fresh machine `setup` has only just installed it.
PYTEST := $(PY) -m pytest -q -n auto
test: setup
	@if command -v xvfb-run >/dev/null 2>&1; then \
		echo "xvfb-run $(PYTEST)"; \
		xvfb-run -a -s "-screen 0 1440x900x24" $(PYTEST); \
	else \
		echo "$(PYTEST)"; \
		$(PYTEST); \
	fi

## Benchmarks of README § Performance (not part of `make test`).
bench: setup
	$(VENV)/bin/pip install -q -e '.[test,bench]'
	$(PY) -m tests.bench

lint: setup
	$(VENV)/bin/ruff check funneldesk tests
	$(VENV)/bin/ruff format --check funneldesk tests

clean-demo:
	rm -rf demo
