# clang-format check of the C the book tangles (style: .clang-format).
# Included by the top-level Makefile; `make test` runs it.

PYTHON ?= python3

.PHONY: format-check
format-check:
	@$(PYTHON) tangle/format_check.py
