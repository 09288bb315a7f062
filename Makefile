# vanban — see README.md. `make run` and `make test` do all the set-up on a fresh Debian 12.
PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
BUILD   ?= build

# Debian packages the build, the tests and the tools need. Beyond the chosen libraries (libharu,
# libyaml, cmocka, utf8proc, HarfBuzz): libdeflate compresses the PDF's streams, 2-3x faster
# than zlib for the same size (BENCHMARKS.md, lever 5). libcsv reads the mail merge's rows
# (render --data) as RFC 4180 says, quoted fields and all; the command alone links it.
# libssl-dev makes and checks the CMS of `vanban sign`/`verify`; libpng-dev checks and decodes
# signature and seal images before any PDF sees them (libharu 2.3 mishandles 16-bit and
# interlaced PNGs). libp11-dev lets `vanban sign --pkcs11` sign with a key on a USB token.
# libcurl4-openssl-dev fetches the RFC 3161 timestamp of `vanban sign --tsa URL` over HTTP(S).
BUILD_PKGS = gcc make pkg-config libhpdf-dev libyaml-dev libutf8proc-dev libharfbuzz-dev libdeflate-dev \
             libcsv-dev libssl-dev libpng-dev libp11-dev libcurl4-openssl-dev
# groff-base checks the man pages (tests/test_install.c); python3-jsonschema and python3-yaml
# validate the content files against `vanban schema` (tests/test_schema.c); softhsm2 is the
# software token tests/test_sign.c signs with through PKCS#11.
TEST_PKGS  = libcmocka-dev qpdf poppler-utils python3-fitz fonts-croscore tzdata groff-base \
             python3-jsonschema python3-yaml softhsm2
FUZZ_PKGS  = clang libclang-rt-14-dev
COVERAGE_PKGS = gcovr
PKG_LIBS   = yaml-0.1 libutf8proc harfbuzz harfbuzz-subset libdeflate openssl libpng libp11 libcurl

CFLAGS_BASE = -std=c17 -D_GNU_SOURCE -pthread -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
OPT        ?= -O2 -g
DEPS_CFLAGS = $(shell pkg-config --cflags $(PKG_LIBS) 2>/dev/null)
DEPS_LIBS   = $(shell pkg-config --libs $(PKG_LIBS) 2>/dev/null) -lhpdf -lm -pthread
CLI_LIBS    = -lcsv
FONT_DIR_DEFINE = -DVB_INSTALL_FONT_DIR='"$(PREFIX)/share/vanban/fonts"'
ALL_CFLAGS  = $(CFLAGS_BASE) $(OPT) $(DEPS_CFLAGS) $(FONT_DIR_DEFINE) -Iinclude -Isrc $(CFLAGS)

# One folder a stage, data flowing one way (README, "How the code is laid out"); src/cli/ is the
# command line, a user of include/vanban.h only; everything else is the library.
LIB_SRC = $(wildcard src/common/*.c src/model/*.c src/load/*.c src/prepare/*.c src/fonts/*.c \
                     src/layout/*.c src/pdf/*.c src/sign/*.c) src/api.c
CLI_SRC = $(wildcard src/cli/*.c)
SRC_HDR = $(wildcard src/*.h src/*/*.h)
LIB_OBJ = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
CLI_OBJ = $(CLI_SRC:src/%.c=$(BUILD)/obj/%.o)
TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

# The shared library: soname from the major version, real name from the whole VANBAN_VERSION.
# Its objects are built apart with -fPIC, so that the static library and the command keep the
# code measured in BENCHMARKS.md; only the functions declared in include/vanban.h are exported
# (the version script below is made from it; tests/test_install.c checks nm -D).
VERSION  := $(shell sed -n 's/^\#define VANBAN_VERSION "\(.*\)"/\1/p' include/vanban.h)
SONAME    = libvanban.so.$(firstword $(subst ., ,$(VERSION)))
SHLIB     = libvanban.so.$(VERSION)
PIC_OBJ   = $(LIB_SRC:src/%.c=$(BUILD)/pic/%.o)
LIBDIR   ?= $(PREFIX)/lib
MANDIR   ?= $(PREFIX)/share/man
MAN_PAGES = src/man/vanban.1 src/man/vanban.5

CONTENT = $(wildcard content/*.yaml)
DEFAULT_DOC = content/bao-cao-binh-trung-2023.yaml

.PHONY: all run test deps test-deps asan fuzz bench install clean unit pin expected coverage

all: $(BUILD)/libvanban.a $(BUILD)/vanban $(BUILD)/$(SONAME) $(BUILD)/libvanban.so

$(BUILD)/obj/%.o: src/%.c $(SRC_HDR) include/vanban.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libvanban.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/vanban: $(CLI_OBJ) $(BUILD)/libvanban.a
	$(CC) $(ALL_CFLAGS) $^ $(DEPS_LIBS) $(CLI_LIBS) $(LDFLAGS) -o $@

# -fno-semantic-interposition: calls inside the library stay direct (and inlinable), as in the
# static build; nothing outside may replace a library function anyway.
$(BUILD)/pic/%.o: src/%.c $(SRC_HDR) include/vanban.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fPIC -fno-semantic-interposition -c $< -o $@

# Every "TYPE vb_name(" declaration at the start of a line of vanban.h is exported, nothing else.
$(BUILD)/libvanban.map: include/vanban.h
	@mkdir -p $(dir $@)
	{ echo '{'; echo '  global:'; \
	  sed -n 's/^[A-Za-z].*[ *]\(vb_[A-Za-z0-9_]*\)(.*/    \1;/p' $<; \
	  echo '  local: *;'; echo '};'; } > $@

$(BUILD)/$(SHLIB): $(PIC_OBJ) $(BUILD)/libvanban.map
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=$(BUILD)/libvanban.map \
	    -Wl,--no-undefined $(OPT) $(PIC_OBJ) $(DEPS_LIBS) $(LDFLAGS) -o $@

$(BUILD)/$(SONAME) $(BUILD)/libvanban.so: $(BUILD)/$(SHLIB)
	ln -sf $(SHLIB) $@

# cmocka gives every test a void **state that most tests have no use for.
TEST_CFLAGS = -Wno-unused-parameter
$(BUILD)/tests/%: tests/%.c tests/testutil.h tests/readfile.h tests/runutil.h $(BUILD)/libvanban.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -Itests $< $(BUILD)/libvanban.a $(DEPS_LIBS) -lcmocka $(LDFLAGS) -o $@

# The out-of-memory walk (tests/test_oom.c) runs the CLI under this LD_PRELOAD shim, which fails
# one chosen allocation. Built without the sanitizers: it must not intercept what they do.
$(BUILD)/tests/failmalloc.so: tests/oom/failmalloc.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -shared -fPIC $< -ldl -o $@
$(BUILD)/tests/test_oom: $(BUILD)/tests/failmalloc.so
# tests/test_atomic.c fails each step of the atomic write through this one (tests/io/failio.c),
# test_rare_paths.c and test_watch.c watch's inotify.
$(BUILD)/tests/failio.so: tests/io/failio.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -shared -fPIC $< -ldl -o $@
$(BUILD)/tests/test_atomic $(BUILD)/tests/test_rare_paths $(BUILD)/tests/test_watch: $(BUILD)/tests/failio.so

# ---- set-up: install what is missing (as root), or say exactly what to run ----
define ensure_pkgs
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "vanban: installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "vanban: missing Debian packages. Run as root:"; \
	    echo "  apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
endef

deps:
	$(call ensure_pkgs,$(BUILD_PKGS))

test-deps: deps
	$(call ensure_pkgs,$(TEST_PKGS))

run: deps
	$(MAKE) all
	@mkdir -p out
	$(BUILD)/vanban render $(DEFAULT_DOC) -o out/$(basename $(notdir $(DEFAULT_DOC))).pdf
	@echo "vanban: wrote out/$(basename $(notdir $(DEFAULT_DOC))).pdf"

unit: $(TEST_BIN)
	@fail=0; for t in $(TEST_BIN); do echo "== $$t"; $$t || fail=1; done; exit $$fail

# Unit tests per stage, then tests/test_e2e.c renders every content/*.yaml with build/vanban.
test: test-deps
	$(MAKE) all
	$(MAKE) unit

# Pins the bytes of every content/ render (Liberation Serif and Tinos) in
# tests/expected/renders.sha256, which test_e2e compares. Run it only when a change moves the
# output on purpose, and say why in that commit.
TINOS_DIR = /usr/share/fonts/truetype/croscore
pin: all
	@tmp=$$(mktemp -d) && for f in $(CONTENT); do n=$$(basename $$f .yaml); \
	  $(BUILD)/vanban -q render $$f -o $$tmp/$$n.pdf || exit 1; \
	  $(BUILD)/vanban -q --font-dir $(TINOS_DIR) render $$f -o $$tmp/tinos-$$n.pdf || exit 1; \
	done && (cd $$tmp && sha256sum *.pdf) > tests/expected/renders.sha256 && rm -rf $$tmp
	@echo "vanban: pinned $$(wc -l < tests/expected/renders.sha256) renders in tests/expected/renders.sha256"

# The text of every content/ render as pdftotext reads it, and its page count, in
# tests/expected/NAME.pdftotext and NAME.pages, which test_e2e compares exactly. Run it when a
# change moves the text or the pages on purpose, and commit the new files with that change.
expected: all
	@tmp=$$(mktemp -d) && for f in $(CONTENT); do n=$$(basename $$f .yaml); \
	  $(BUILD)/vanban -q render $$f -o $$tmp/$$n.pdf || exit 1; \
	  pdftotext -enc UTF-8 $$tmp/$$n.pdf tests/expected/$$n.pdftotext || exit 1; \
	  pdfinfo $$tmp/$$n.pdf | sed -n 's/^Pages: *//p' > tests/expected/$$n.pages || exit 1; \
	done; rm -rf $$tmp
	@echo "vanban: wrote tests/expected/*.pdftotext and *.pages for $(words $(CONTENT)) documents"

# ---- sanitizers, fuzzing, benchmarks ----
# The whole suite under AddressSanitizer (leak checking on) and UBSan: every unit test, and the
# CLI and end-to-end tests through build-asan/vanban, which renders every content file and checks
# every tests/bad input.
ASAN_FLAGS = OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
             LDFLAGS="-fsanitize=address,undefined"
asan: test-deps
	$(MAKE) BUILD=build-asan $(ASAN_FLAGS) all
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	VANBAN_BIN=build-asan/vanban $(MAKE) BUILD=build-asan $(ASAN_FLAGS) unit

# Line and branch coverage of src/ by the whole suite: library, CLI and tests built with gcov
# (-O0, so that lines map one to one), every test program run, gcovr's summary per file and in
# total. The report is made even when a test fails; the target then fails too.
COV_BUILD = build-cov
COV_FLAGS = OPT="-O0 -g --coverage -DVB_COVERAGE_BUILD" LDFLAGS="--coverage"
coverage: test-deps
	$(call ensure_pkgs,$(COVERAGE_PKGS))
	@find $(COV_BUILD) -name '*.gcda' -delete 2>/dev/null || true
	$(MAKE) BUILD=$(COV_BUILD) $(COV_FLAGS) all
	@status=0; VANBAN_BIN=$(COV_BUILD)/vanban $(MAKE) BUILD=$(COV_BUILD) $(COV_FLAGS) unit || status=1; \
	gcovr --root . --object-directory $(COV_BUILD) --filter 'src/' --branches \
	    --print-summary --output $(COV_BUILD)/coverage-branches.txt || exit 1; \
	gcovr --root . --object-directory $(COV_BUILD) --filter 'src/' \
	    --output $(COV_BUILD)/coverage-lines.txt || exit 1; \
	cat $(COV_BUILD)/coverage-lines.txt; \
	echo "vanban: per-file reports in $(COV_BUILD)/coverage-lines.txt and coverage-branches.txt"; \
	exit $$status

# The content format's JSON Schema, for editors (README, "Editing with a schema"), written by the
# built program from the loader's own tables.
$(BUILD)/vanban.schema.json: $(BUILD)/vanban
	$(BUILD)/vanban schema > $@.tmp && mv $@.tmp $@

install: all $(BUILD)/vanban.schema.json
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PREFIX)/include \
	           $(DESTDIR)$(PREFIX)/share/vanban/fonts $(DESTDIR)$(LIBDIR)/pkgconfig \
	           $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(BUILD)/vanban $(DESTDIR)$(PREFIX)/bin/vanban
	install -m 644 $(BUILD)/libvanban.a $(DESTDIR)$(LIBDIR)/libvanban.a
	install -m 755 $(BUILD)/$(SHLIB) $(DESTDIR)$(LIBDIR)/$(SHLIB)
	ln -sf $(SHLIB) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libvanban.so
	install -m 644 src/man/vanban.1 $(DESTDIR)$(MANDIR)/man1/vanban.1
	install -m 644 src/man/vanban.5 $(DESTDIR)$(MANDIR)/man5/vanban.5
	install -m 644 include/vanban.h $(DESTDIR)$(PREFIX)/include/vanban.h
	install -m 644 fonts/*.ttf fonts/LICENSE-Liberation.txt $(DESTDIR)$(PREFIX)/share/vanban/fonts/
	install -m 644 $(BUILD)/vanban.schema.json $(DESTDIR)$(PREFIX)/share/vanban/vanban.schema.json
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@VERSION@|$(VERSION)|' \
	    src/vanban.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/vanban.pc

clean:
	rm -rf build build-asan build-fuzz build-cov out

# libFuzzer over load -> prepare -> layout -> PDF in memory, seeded from content/ and tests/bad/.
# Crashing inputs found are kept in tests/fuzz/regressions/ (rendered by the unit tests).
FUZZ_SECONDS ?= 600
fuzz: deps
	$(call ensure_pkgs,$(FUZZ_PKGS))
	@mkdir -p build-fuzz/corpus
	clang -std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	    $(DEPS_CFLAGS) $(FONT_DIR_DEFINE) -Iinclude -Isrc $(LIB_SRC) tests/fuzz/fuzz_render.c \
	    $(DEPS_LIBS) -o build-fuzz/fuzz_render
	cp content/*.yaml build-fuzz/corpus/ 2>/dev/null || true
	cp tests/bad/*.yaml tests/fuzz/regressions/* tests/drafts/*.yaml tests/forms/*.yaml build-fuzz/corpus/ 2>/dev/null || true
	build-fuzz/fuzz_render -dict=tests/fuzz/vanban.dict -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    -timeout=20 -rss_limit_mb=4096 -artifact_prefix=build-fuzz/ build-fuzz/corpus

# Speed, memory and size for the seed report and a ~100-page report (see BENCHMARKS.md).
# One core: in-process figures are for a single thread.
BENCH_RUNS ?= 21
bench: deps
	$(MAKE) all
	$(CC) $(ALL_CFLAGS) tests/bench/bench.c $(BUILD)/libvanban.a $(DEPS_LIBS) -o $(BUILD)/bench
	taskset -c 0 $(BUILD)/bench $(BUILD)/vanban $(DEFAULT_DOC) $(BENCH_RUNS) tests/bench/bang-128.yaml
