# The lab kit: handouts, Gradescope autograders, grading a class.
# Included by the top Makefile; see tests/grader/INSTRUCTORS.md.
#
#   make handout LAB=x [STUB_EARLIER=1]  build/handouts/x.tar.gz
#   make handouts [STUB_EARLIER=1]       every lab's handout
#   make autograder LAB=x                build/autograder/x.zip (Gradescope)
#   make autograders                     every lab's autograder
#   make grade-all LAB=x SUBMISSIONS=dir build/grades/x.csv and a log each
#
# KIT_BOOK=0 makes handouts without the book; KIT_JOBS (default: nproc)
# and KIT_TIMEOUT (seconds per submission) tune grade-all.

KIT_DIR := tests/grader
KIT_PY := $(PYTHON) $(KIT_DIR)/handout.py
KIT_BOOK ?= 1
KIT_JOBS ?= $(shell nproc 2>/dev/null || echo 1)
KIT_TIMEOUT ?= 300
KIT_FLAGS = $(if $(filter-out 0,$(STUB_EARLIER)),--stub-earlier)
# The student book: every page of it when tangle/weave.mk (included before
# this file) names them, so a stale page is rebuilt; else index and PDF.
KIT_BOOK_FILES := $(or $(strip $(WEAVE_HTML_student) $(if \
	$(WEAVE_SITE_student),$(call WEAVE_PAGES,student))), \
	$(BUILD)/book/index.html) $(BUILD)/book.pdf
KIT_NEEDS_BOOK := $(if $(filter 0,$(KIT_BOOK)),,$(KIT_BOOK_FILES))
# The handout's Makefile compiles the tests and the grader with the flags of
# the top Makefile's `make grade` (grader.mk's GRADER_LINK: GRADER_CFLAGS,
# then TEST_CFLAGS), TREE=src.
KIT_ENV = KIT_TEST_CFLAGS='$(GRADER_CFLAGS) $(TEST_CFLAGS)' KIT_TREE='$(TREE)' \
	  KIT_LIBS='$(GRADER_LIBS)'

handout: $(KIT_NEEDS_BOOK) | $(SETUP_STAMP)
ifeq ($(LAB),)
	@$(KIT_ENV) $(KIT_PY) handouts $(KIT_FLAGS) \
		$(if $(filter 0,$(KIT_BOOK)),--no-book)
else
	@$(KIT_ENV) $(KIT_PY) handout $(LAB) $(KIT_FLAGS) \
		$(if $(filter 0,$(KIT_BOOK)),--no-book)
endif

handouts: $(KIT_NEEDS_BOOK) | $(SETUP_STAMP)
	@$(KIT_ENV) $(KIT_PY) handouts $(KIT_FLAGS) \
		$(if $(filter 0,$(KIT_BOOK)),--no-book)

# If no rule of the weave makes the student book, build it through the
# weave's own targets, and say so clearly when that fails. (A pattern rule:
# an explicit rule for these files, if tangle/weave.mk has one, wins.)
$(BUILD)/book%pdf $(BUILD)/book/index%html:
	@echo "handout: the student book ($@) is missing; building it:" \
	      "make book-html book-pdf"
	@$(MAKE) --no-print-directory book-html book-pdf || { \
	  echo "handout: could not build the student book (make book-html" \
	       "book-pdf failed); fix that, or make the handout without the" \
	       "book: KIT_BOOK=0" >&2; exit 1; }
	@test -s $@ || { echo "handout: make book-html book-pdf did not" \
	  "write $@; make the handout without the book with KIT_BOOK=0" >&2; \
	  exit 1; }

autograder: | $(SETUP_STAMP)
	@test -n "$(LAB)" || { echo "make autograder: say which lab, e.g." \
	  "LAB=machine (or make autograders)" >&2; exit 2; }
	@$(KIT_ENV) $(KIT_PY) autograder $(LAB) $(KIT_FLAGS)

autograders: | $(SETUP_STAMP)
	@for l in $$($(TANGLE) labs); do \
	  $(KIT_ENV) $(KIT_PY) autograder $$l $(KIT_FLAGS) || exit 1; done

grade-all: | $(SETUP_STAMP)
	@test -n "$(LAB)" || { echo "make grade-all: say which lab, e.g." \
	  "LAB=machine SUBMISSIONS=dir" >&2; exit 2; }
	@test -n "$(SUBMISSIONS)" || { echo "make grade-all: say where the" \
	  "submissions are: SUBMISSIONS=dir (one folder per student)" >&2; \
	  exit 2; }
	@$(KIT_ENV) $(PYTHON) $(KIT_DIR)/grade_all.py --lab $(LAB) \
		--submissions $(SUBMISSIONS) --jobs $(KIT_JOBS) \
		--timeout $(KIT_TIMEOUT) $(KIT_FLAGS)

.PHONY: handout handouts autograder autograders grade-all
