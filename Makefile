# Linux memory management, built up in C: every entry point.
#
#   make                 set up, tangle and compile the code, weave the book
#   make test            everything, then prove the code, the labs and the kit
#   make src             the reference tree build/src (all exercises solved)
#   make lab LAB=x       the student tree build/labs/x
#   make grade LAB=x [TEST=name] [VERBOSE=1] [TREE=dir]
#   make handout LAB=x   the student handout build/handouts/x.tar.gz (handouts: all)
#   make autograder LAB=x          the Gradescope zip build/autograder/x.zip
#   make grade-all LAB=x SUBMISSIONS=dir   grade a class into build/grades/x.csv
#   make figures         every figure as SVG, PDF and PNG in build/figures/
#   make book            the HTML sites and PDFs, both editions
#   make bench           the benchmarks (make bench-build: build times)
#   make setup           install what is missing (Debian packages, mermaid-cli)

BUILD := build
PYTHON := python3
TANGLE := $(PYTHON) tangle/tangle.py
CC ?= cc

CHAPTERS := $(sort $(wildcard book/[0-9][0-9]-*.nw))
APPENDICES := $(sort $(wildcard book/[A-Z]-*.nw))
ANSWERS := $(sort $(wildcard answers/*.nw))
WEB := $(CHAPTERS) $(APPENDICES) $(ANSWERS)
TANGLER := tangle/tangle.py tangle/tree.mk

.DEFAULT_GOAL := all

include tests/grader/grader.mk
include tangle/figures.mk
include tangle/weave.mk
include tangle/format.mk
include tests/grader/kit.mk

all: $(SETUP_STAMP) src book

# ------------------------------------------------------------------ setup

SETUP_STAMP := $(BUILD)/.setup
$(SETUP_STAMP): tangle/setup.sh $(wildcard tangle/deps/*.txt tangle/mermaid/package*.json)
	@mkdir -p $(BUILD)
	@bash tangle/setup.sh
	@touch $@

setup:
	@rm -f $(SETUP_STAMP)
	@$(MAKE) --no-print-directory $(SETUP_STAMP)

# --------------------------------------------------------------- the trees

SRC := $(BUILD)/src
MMSIM := $(SRC)/bin/mmsim

$(SRC)/.tangled: $(WEB) $(TANGLER) | $(SETUP_STAMP)
	@echo "tangle: $(SRC) (book + answers)"
	@$(TANGLE) full $(SRC)

# The tree's own Makefile knows its sources; run it every time, cheaply.
$(MMSIM) $(SRC)/libmm.a: $(SRC)/.tangled FORCE
	@$(MAKE) -s --no-print-directory -C $(SRC)

src: $(MMSIM)

LAB_TREE = $(BUILD)/labs/$(LAB)
lab: | $(SETUP_STAMP)
	@test -n "$(LAB)" || { echo "make lab: say which, e.g. LAB=machine" >&2; exit 2; }
	@echo "tangle: $(LAB_TREE) (student tree of lab $(LAB))"
	@$(TANGLE) lab $(LAB) $(LAB_TREE) $(if $(STUB_EARLIER),--stub-earlier)
	@$(MAKE) --no-print-directory -C $(LAB_TREE)

# ----------------------------------------------------------------- grading

# The grader of lab LAB linked against tree TREE (sanitizers on).
TREE ?= $(SRC)
GRADE_BIN = $(TREE)/san/grade/$(LAB)
LAB_SUITES = $(if $(LAB),$(shell $(TANGLE) lab-get $(LAB) suites))
LAB_TESTS = $(foreach s,$(LAB_SUITES),$(wildcard tests/$(s)/*.c))
TEST_CFLAGS = $(GRADER_SANFLAGS) -fno-sanitize-recover=undefined -O1 -D_GNU_SOURCE \
	      -iquote $(TREE)/include -iquote $(TREE)/arch/x86/include

grader: | $(SETUP_STAMP)
	@test -n "$(LAB)" || { echo "make grader: say which lab, e.g. LAB=machine" >&2; exit 2; }
	@$(MAKE) -s --no-print-directory -C $(TREE) SAN=1
	@$(MAKE) -s --no-print-directory $(GRADE_BIN) LAB=$(LAB) TREE=$(TREE)
	@$(MAKE) --no-print-directory -C $(TREE) bin/mmsim >/dev/null

$(GRADE_BIN): $(LAB_TESTS) $(GRADER_SRCS) $(GRADER_HDRS) $(TREE)/san/libmm.a
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(call GRADER_LINK,$@,$(LAB_TESTS),$(TREE)/san/libmm.a,$(TEST_CFLAGS))

GRADE_FLAGS = --lab $(LAB) $(if $(TEST),--test $(TEST)) $(if $(VERBOSE),--verbose) \
	      --json $(TREE)/san/grade/$(LAB).json --junit $(TREE)/san/grade/$(LAB).xml

grade: $(if $(filter $(SRC),$(TREE)),src)
	@$(MAKE) --no-print-directory grader LAB=$(LAB) TREE=$(TREE)
	@MMSIM=$(abspath $(TREE))/bin/mmsim $(GRADE_BIN) $(GRADE_FLAGS)

# -------------------------------------------------------------------- tests

test: all
	@$(PYTHON) tests/kit.py

# Benchmarks: tests/bench/*.sh, each printing its own figures. The build
# benchmark empties build/, so it runs only when asked: make bench-build.
bench: src
	@for b in $(filter-out tests/bench/build.sh,$(wildcard tests/bench/*.sh)); do \
		bash $$b || exit 1; done

bench-build:
	@bash tests/bench/build.sh

# ------------------------------------------------------------ book, figures

clean:
	rm -rf $(BUILD)/src $(BUILD)/labs $(BUILD)/prefix $(BUILD)/book \
	       $(BUILD)/book-instructor $(BUILD)/*.pdf $(BUILD)/weave \
	       $(BUILD)/handouts $(BUILD)/autograder $(BUILD)/grades

distclean:
	rm -rf $(BUILD)

FORCE:
.PHONY: all setup src lab grader grade test bench bench-build clean distclean FORCE
