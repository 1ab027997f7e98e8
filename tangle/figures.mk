# Mermaid figures: figures/NAME.mmd -> $(BUILD)/figures/NAME.{svg,pdf,png}.
# Included by the top Makefile, which defines BUILD.  See tangle/FIGURES.md.
#
#   make figures-book   SVG (HTML book) and PDF (LaTeX book) of every figure
#   make figures        the same plus PNG (scale 2, white) for slides
#   make figures-setup  install the pinned mermaid-cli into $(BUILD)/tools/mermaid
#
# Renders are cached by content hash in $(BUILD)/figcache, so these targets are
# cheap to run every time.  Rules that use the figures can depend on
# $(FIG_BOOK_STAMP): it changes only when some SVG/PDF output changed.
# Try another folder with: make figures FIG_SRC=/tmp/figs FIG_OUT=/tmp/out

FIG_SRC        ?= figures
FIG_OUT        ?= $(BUILD)/figures
# Figures drawn from the model's own state: figures/NAME.gen holds mmsim's
# arguments; the build runs mmsim and renders what it prints as NAME.
FIG_GEN_DIR    ?= $(BUILD)/figgen
FIG_MMSIM      ?= $(BUILD)/src/bin/mmsim
FIG_GEN        := $(patsubst $(FIG_SRC)/%.gen,$(FIG_GEN_DIR)/%.mmd,$(wildcard $(FIG_SRC)/*.gen))
FIG_CACHE      ?= $(BUILD)/figcache
FIG_TOOLS      ?= $(BUILD)/tools/mermaid
FIG_JOBS       ?= 2
FIG_NAMES      := $(sort $(basename $(notdir $(wildcard $(FIG_SRC)/*.mmd $(FIG_SRC)/*.gen))))
FIG_SVG        := $(FIG_NAMES:%=$(FIG_OUT)/%.svg)
FIG_PDF        := $(FIG_NAMES:%=$(FIG_OUT)/%.pdf)
FIG_PNG        := $(FIG_NAMES:%=$(FIG_OUT)/%.png)
FIG_BOOK_STAMP := $(FIG_OUT)/.book-stamp
FIG_ALL_STAMP  := $(FIG_OUT)/.all-stamp
FIG_INSTALLED  := $(FIG_TOOLS)/.installed
FIG_RUN         = python3 tangle/figures.py --src $(FIG_SRC) --src $(FIG_GEN_DIR) --out $(FIG_OUT) \
                  --cache $(FIG_CACHE) --tools $(FIG_TOOLS) --jobs $(FIG_JOBS)

.PHONY: figures figures-book figures-setup
figures-book: $(FIG_BOOK_STAMP)
figures: $(FIG_ALL_STAMP)
figures-setup: $(FIG_INSTALLED)

# figures.py always runs (it prints "figures: N up to date" when the cache has
# everything) and touches the stamp only when an output changed.  The PNG run
# waits for the SVG/PDF run, so make -j never renders a figure twice.
$(FIG_BOOK_STAMP): fig-always $(FIG_GEN) | $(FIG_INSTALLED)
	@mkdir -p $(FIG_GEN_DIR)
	@$(FIG_RUN) --formats svg,pdf --stamp $@
$(FIG_ALL_STAMP): fig-always $(FIG_GEN) | $(FIG_BOOK_STAMP) $(FIG_INSTALLED)
	@mkdir -p $(FIG_GEN_DIR)
	@$(FIG_RUN) --formats svg,pdf,png --stamp $@

$(FIG_INSTALLED): tangle/mermaid/package.json tangle/mermaid/package-lock.json
	@BUILD=$(BUILD) tangle/setup-mermaid.sh

$(FIG_GEN_DIR)/%.mmd: $(FIG_SRC)/%.gen $(FIG_MMSIM)
	@mkdir -p $(@D)
	@echo "figure $*: drawn by mmsim $$(cat $<)"
	@$(FIG_MMSIM) $$(cat $<) > $@.tmp || { rm -f $@.tmp; \
		echo "figures: $<: mmsim $$(cat $<) failed" >&2; exit 1; }
	@mv $@.tmp $@

fig-always:
.PHONY: fig-always
