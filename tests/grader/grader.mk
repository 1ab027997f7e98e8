# The grader's make fragment, included by the top Makefile (which sets BUILD).
#
# A lab's test program is the lab's test files, the grader and a tree's
# libmm.a linked into one program:
#
#	$(call GRADER_LINK,OUTPUT,TEST-FILES,LIBRARY,EXTRA-FLAGS)
#
# EXTRA-FLAGS: the tree's include flags (-iquote ...) and, for a sanitizer
# build, $(GRADER_SANFLAGS) (the library must be built with them too).
# `make grader-selftest` builds the fixture programs and checks that the
# grader reports every sabotage correctly, plain and under ASan/UBSan.

GRADER_DIR      := tests/grader
GRADER_SRCS     := $(wildcard $(GRADER_DIR)/grader*.c)
GRADER_HDRS     := $(wildcard $(GRADER_DIR)/grader*.h)
GRADER_CFLAGS   := -std=c11 -Wall -Wextra -Werror -I$(GRADER_DIR)
GRADER_SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -g
GRADER_LIBS     := -lcunit
GRADER_LINK      = $(CC) $(GRADER_CFLAGS) $(4) -o $(1) $(2) $(GRADER_SRCS) \
		   $(3) $(GRADER_LIBS)

GRADER_ST_DIR   := $(BUILD)/grader-selftest
GRADER_ST_SRCS  := $(wildcard $(GRADER_DIR)/selftest/fixtures/*.c)
GRADER_ST_BINS  := $(GRADER_ST_DIR)/fixture $(GRADER_ST_DIR)/fixture-san

$(GRADER_ST_DIR)/fixture: $(GRADER_ST_SRCS) $(GRADER_SRCS) $(GRADER_HDRS)
	@mkdir -p $(@D)
	$(call GRADER_LINK,$@,$(GRADER_ST_SRCS),,)

$(GRADER_ST_DIR)/fixture-san: $(GRADER_ST_SRCS) $(GRADER_SRCS) $(GRADER_HDRS)
	@mkdir -p $(@D)
	$(call GRADER_LINK,$@,$(GRADER_ST_SRCS),,$(GRADER_SANFLAGS))

.PHONY: grader-selftest
grader-selftest: $(GRADER_ST_BINS)
	python3 $(GRADER_DIR)/selftest/check.py $(GRADER_ST_BINS)
