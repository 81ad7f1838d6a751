# The two commands a new user needs: `make run` and `make test`.
# Everything else here is a step they depend on, and each step is skipped when
# it is already done, so running either command again is quick.

PY        ?= python3.11
VENV      ?= .venv
BIN       := $(VENV)/bin
PORT      ?= 5000
STAMPS    := .make
# Debian packages: fonts and Pango for PDF output everywhere; Chromium and
# poppler for the browser and document tests; wrk and nginx for the benchmarks.
APT_RUN   := fonts-liberation libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
APT_TEST  := $(APT_RUN) chromium chromium-driver poppler-utils
APT_BENCH := $(APT_RUN) wrk nginx
# Set TEST_POSTGRES=required (CI does) to run the suite on PostgreSQL as well.
TEST_POSTGRES ?=
TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/portal_test
# Three workers on the usual two cores (decision 0380): loadgroup keeps the browser
# journeys on one worker and the every-page crawl on another (tests/browser/conftest.py),
# each mostly waiting for Chromium, while the rest are spread over all three.
PYTEST_ARGS ?= -n 3 --dist loadgroup
# The PostgreSQL leg runs only the tests that run SQL (marked `database`; tests/conftest.py
# fails an unmarked test that does): not the browser tests, nor the pure unit tests.
TEST_POSTGRES_SELECT ?= -m database tests/unit tests/integration
PYTEST_POSTGRES_ARGS ?= -n 2 --dist loadgroup

export PORTAL_ENV ?= development

.PHONY: run test test-fast install assets catalogues translations db demo lint fmt bench clean apt-run apt-test apt-bench postgres

# The demo's two years of history load in the background, meeting by meeting, once the
# portal is serving; then the e-mail worker starts (so the two never wait for each other's
# writes on SQLite). `make demo` loads everything in one go.
run: apt-run install db
	@$(BIN)/flask --app portal demo load --history-later --sign-ins
	@echo "Serving on http://127.0.0.1:$(PORT)/  (mail goes to http://127.0.0.1:$(PORT)/dev/mailbox)"
	@trap 'kill 0' INT TERM EXIT; \
	  export BASE_URL="$${BASE_URL:-http://127.0.0.1:$(PORT)}"; \
	  ( $(BIN)/flask --app portal demo history; $(BIN)/flask --app portal outbox send --watch ) & \
	  $(BIN)/flask --app portal run --host 127.0.0.1 --port $(PORT)

# With PostgreSQL on, the PostgreSQL leg runs after the SQLite leg, whatever the SQLite
# leg's outcome (decision 0380): run side by side on two cores, each query of the
# PostgreSQL leg waited for the server's turn on a busy CPU and both legs took longer
# than one after the other. TEST_REDIS_DB_SHIFT keeps the legs' Redis databases apart.
# `make test` fails if either leg fails.
test: apt-test install lint ## set up what the tests need and run the whole suite
ifeq ($(TEST_POSTGRES),)
	PORTAL_ENV=test $(BIN)/python -m pytest $(PYTEST_ARGS)
else
	@$(MAKE) --no-print-directory postgres
	@PORTAL_ENV=test $(BIN)/python -m pytest $(PYTEST_ARGS); sqlite=$$?; \
	  echo "==== The PostgreSQL leg ===="; \
	  PORTAL_ENV=test TEST_DATABASE_URL=$(TEST_POSTGRES_URL) TEST_REDIS_DB_SHIFT=2 \
	    $(BIN)/python -m pytest $(PYTEST_POSTGRES_ARGS) $(TEST_POSTGRES_SELECT); postgres=$$?; \
	  echo "SQLite leg: exit $$sqlite. PostgreSQL leg: exit $$postgres."; \
	  [ $$sqlite = 0 ] && [ $$postgres = 0 ]
endif

test-fast: $(STAMPS)/venv catalogues lint ## lint, import contracts and the unit tests: no browser, no database server
	PORTAL_ENV=test $(BIN)/python -m pytest -q tests/unit

install: $(STAMPS)/venv assets catalogues

# The Welsh (and any other) translations: .po files in git, compiled to .mo here.
CATALOGUES := $(wildcard portal/translations/*/LC_MESSAGES/messages.po)
catalogues: $(CATALOGUES:.po=.mo)

portal/translations/%/LC_MESSAGES/messages.mo: portal/translations/%/LC_MESSAGES/messages.po $(STAMPS)/venv
	$(BIN)/pybabel compile -d portal/translations -l $* -i $< -o $@

translations: $(STAMPS)/venv ## extract the strings people read and merge them into the .po files
	@mkdir -p build
	$(BIN)/pybabel extract --no-location --no-wrap --sort-output -F babel.cfg -k _l -k lazy_gettext -k plural_forms:1,2 -o build/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete --no-wrap -i build/messages.pot -d portal/translations

$(STAMPS)/venv: pyproject.toml
	@mkdir -p $(STAMPS)
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' 2>&1 | grep -v 'is ignored' || true
	$(BIN)/python -c "import portal, flask, weasyprint" 
	@touch $@

assets: $(STAMPS)/assets

$(STAMPS)/assets: package.json package-lock.json $(wildcard assets/scss/*.scss assets/js/*.js assets/images/*)
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build
	@touch $@

db: install
	$(BIN)/flask --app portal db upgrade

demo: db
	$(BIN)/flask --app portal demo load

lint: $(STAMPS)/venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

fmt: $(STAMPS)/venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# BENCH_SIZE: published questions the archive benchmarks generate (1000000 took 15 min
# on SQLite and 45 on PostgreSQL on a busy 2-core machine); BENCH_ARGS: any other option.
BENCH_SIZE ?= 100000
bench: apt-bench install ## speed and scale figures (see bench/README.md)
	PORTAL_ENV=test $(BIN)/python -m bench.publish
	PORTAL_ENV=test $(BIN)/python -m bench.import_archive
	PORTAL_ENV=test $(BIN)/python -m bench.load $(BENCH_LOAD_ARGS)
	PORTAL_ENV=test $(BIN)/python -m bench.mail_kill
	@if [ -f bench/__main__.py ]; then $(BIN)/python -m bench --size $(BENCH_SIZE) $(BENCH_ARGS); fi

# Debian packages are installed only when running as root and only when missing.
apt-run:   ; @$(call apt_install,$(APT_RUN))
apt-test:  ; @$(call apt_install,$(APT_TEST))
apt-bench: ; @$(call apt_install,$(APT_BENCH))

define apt_install
if dpkg -s $(1) >/dev/null 2>&1; then :; \
elif [ "$$(id -u)" = 0 ]; then \
  echo "Installing Debian packages: $(1)"; \
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
else echo "Missing Debian packages (install them as root): $(1)"; fi
endef

# The PostgreSQL leg: start the local cluster if it is down, create the test database.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { [ "$$(id -u)" = 0 ] && pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; } || true
	@pg_isready -h 127.0.0.1 -p 5432 >/dev/null || { echo "PostgreSQL is not answering on 127.0.0.1:5432"; exit 1; }
	@$(BIN)/python -m tests.pg_create_database "$(TEST_POSTGRES_URL)"

clean:
	rm -rf $(STAMPS) static/dist node_modules .pytest_cache .ruff_cache
