# weave.mk: the book (HTML sites and PDFs of both editions).  Included by the top Makefile, which
# defines BUILD and knows how to build $(MMSIM) and the phony target figures-book.
#
#   make book         student + instructor sites and PDFs
#   make book-html    build/book/ and build/book-instructor/ only
#   make book-pdf     build/book.pdf and build/book-instructor.pdf only
#
# Per-chapter rules, so editing one chapter rebuilds one page per edition.  The cross-reference
# index, each chapter's view of it (view/NN-x.json: the chunks, exercises and link targets the page
# shows) and each chapter's mmsim output are rewritten only when their content changes (a stamp
# file carries the "step ran" time), so pages that do not depend on a change stay untouched.
# The pipeline is described in tangle/WEAVE.md.

BUILD ?= build
MMSIM ?= $(BUILD)/src/bin/mmsim
WEAVE_PY := python3 tangle/weave.py
WEAVE_DIR := $(BUILD)/weave
WEAVE_FIGDIR := $(or $(FIG_OUT),$(BUILD)/figures)
WEAVE_SITE_student := $(BUILD)/book
WEAVE_SITE_instructor := $(BUILD)/book-instructor

WEAVE_CHAPTERS := $(sort $(wildcard book/[0-9][0-9]-*.nw)) $(sort $(wildcard book/[A-Z]-*.nw))
WEAVE_SLUGS := $(basename $(notdir $(WEAVE_CHAPTERS)))
WEAVE_ANSWERS := $(wildcard answers/*.nw)
WEAVE_CODE := tangle/weave.py $(wildcard tangle/weave_*.py)
WEAVE_HTML_TOOLS := $(WEAVE_CODE) $(wildcard tangle/filters/*.lua) tangle/book/template.html $(wildcard book/book.yaml)
WEAVE_PDF_TOOLS := $(WEAVE_CODE) $(wildcard tangle/filters/*.lua) tangle/book/latex-header.tex $(wildcard book/book.yaml)
WEAVE_RUNS := $(WEAVE_SLUGS:%=$(WEAVE_DIR)/run/%.json)
# figures (tangle/figures.mk, included before this file): pages wait for figures-book; the PDFs
# also depend on its stamp, which changes only when a rendered figure changes
WEAVE_FIGSTAMP := $(FIG_BOOK_STAMP)
WEAVE_FIGTARGET := $(if $(FIG_BOOK_STAMP),figures-book)

WEAVE_HTML_student := $(WEAVE_SLUGS:%=$(WEAVE_SITE_student)/%.html)
WEAVE_HTML_instructor := $(WEAVE_SLUGS:%=$(WEAVE_SITE_instructor)/%.html)
WEAVE_PAGES = $(addprefix $(WEAVE_SITE_$(1))/,index.html identifiers.html chunks.html style.css)

.PHONY: book book-html book-pdf
book: book-html book-pdf
book-html: $(WEAVE_HTML_student) $(WEAVE_HTML_instructor) $(call WEAVE_PAGES,student) $(call WEAVE_PAGES,instructor)
book-pdf: $(BUILD)/book.pdf $(BUILD)/book-instructor.pdf

# the key of a chapter slug: 01-machine -> 01
weave_key = $(firstword $(subst -, ,$(1)))

# ---- cross-reference index of each edition
$(WEAVE_DIR)/student/index.stamp: $(WEAVE_CHAPTERS) $(WEAVE_CODE)
$(WEAVE_DIR)/instructor/index.stamp: $(WEAVE_CHAPTERS) $(WEAVE_ANSWERS) $(WEAVE_CODE)
$(WEAVE_DIR)/%/index.stamp:
	@mkdir -p $(@D)
	@$(WEAVE_PY) index --edition $* --out $(@D)
	@touch $@
$(WEAVE_DIR)/%/index.json: $(WEAVE_DIR)/%/index.stamp
	@test -f $@ || $(WEAVE_PY) index --edition $* --out $(@D)

# ---- per chapter: run blocks (shared by both editions), then one page per edition
define WEAVE_CHAPTER_RULES
$(WEAVE_DIR)/run/$(1).stamp: book/$(1).nw $(wildcard answers/$(call weave_key,$(1))-*.nw) $(MMSIM) $(WEAVE_CODE)
	@mkdir -p $$(@D)
	@$(WEAVE_PY) run --chapter book/$(1).nw --mmsim $(MMSIM) --out $(WEAVE_DIR)/run/$(1).json
	@touch $$@
$(WEAVE_DIR)/run/$(1).json: $(WEAVE_DIR)/run/$(1).stamp
	@test -f $$@ || $(WEAVE_PY) run --chapter book/$(1).nw --mmsim $(MMSIM) --out $$@

$(WEAVE_DIR)/student/view/$(1).json: $(WEAVE_DIR)/student/index.stamp
	@test -f $$@ || $(WEAVE_PY) index --edition student --out $(WEAVE_DIR)/student
$(WEAVE_DIR)/instructor/view/$(1).json: $(WEAVE_DIR)/instructor/index.stamp
	@test -f $$@ || $(WEAVE_PY) index --edition instructor --out $(WEAVE_DIR)/instructor

$(WEAVE_SITE_student)/$(1).html: book/$(1).nw $(WEAVE_DIR)/student/view/$(1).json \
		$(WEAVE_DIR)/run/$(1).json $(wildcard figures/$(call weave_key,$(1))-*.mmd) $(WEAVE_HTML_TOOLS) | $(WEAVE_FIGTARGET)
	@mkdir -p $$(@D)
	@$(WEAVE_PY) html --edition student --chapter book/$(1).nw --index $(WEAVE_DIR)/student/view/$(1).json \
		--runs $(WEAVE_DIR)/run/$(1).json --figures $(WEAVE_FIGDIR) --out $$@

$(WEAVE_SITE_instructor)/$(1).html: book/$(1).nw $(wildcard answers/$(call weave_key,$(1))-*.nw) \
		$(WEAVE_DIR)/instructor/view/$(1).json $(WEAVE_DIR)/run/$(1).json \
		$(wildcard figures/$(call weave_key,$(1))-*.mmd) $(WEAVE_HTML_TOOLS) | $(WEAVE_FIGTARGET)
	@mkdir -p $$(@D)
	@$(WEAVE_PY) html --edition instructor --chapter book/$(1).nw --index $(WEAVE_DIR)/instructor/view/$(1).json \
		--runs $(WEAVE_DIR)/run/$(1).json --figures $(WEAVE_FIGDIR) --out $$@
endef
$(foreach s,$(WEAVE_SLUGS),$(eval $(call WEAVE_CHAPTER_RULES,$(s))))

# ---- contents page, indexes and style sheet of each edition
define WEAVE_EDITION_RULES
$(call WEAVE_PAGES,$(1)) &: $(WEAVE_DIR)/$(1)/index.json $(WEAVE_HTML_TOOLS) tangle/book/style.css
	@$(WEAVE_PY) pages --edition $(1) --index $(WEAVE_DIR)/$(1)/index.json --out $(WEAVE_SITE_$(1))
	@touch $(call WEAVE_PAGES,$(1))
endef
$(foreach e,student instructor,$(eval $(call WEAVE_EDITION_RULES,$(e))))

# ---- the PDFs (whole book in one xelatex run; rebuilt on any change)
$(BUILD)/book.pdf: $(WEAVE_CHAPTERS) $(WEAVE_DIR)/student/index.json $(WEAVE_RUNS) $(wildcard figures/*.mmd) \
		$(WEAVE_PDF_TOOLS) $(WEAVE_FIGSTAMP) | $(WEAVE_FIGTARGET)
	@$(WEAVE_PY) pdf --edition student --index $(WEAVE_DIR)/student/index.json --runs-dir $(WEAVE_DIR)/run \
		--figures $(WEAVE_FIGDIR) --work $(WEAVE_DIR)/pdf-student --out $@

$(BUILD)/book-instructor.pdf: $(WEAVE_CHAPTERS) $(WEAVE_ANSWERS) $(WEAVE_DIR)/instructor/index.json $(WEAVE_RUNS) \
		$(wildcard figures/*.mmd) $(WEAVE_PDF_TOOLS) $(WEAVE_FIGSTAMP) | $(WEAVE_FIGTARGET)
	@$(WEAVE_PY) pdf --edition instructor --index $(WEAVE_DIR)/instructor/index.json --runs-dir $(WEAVE_DIR)/run \
		--figures $(WEAVE_FIGDIR) --work $(WEAVE_DIR)/pdf-instructor --out $@
