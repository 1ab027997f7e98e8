# The Makefile of a tangled tree (written by tangle/tangle.py; do not edit).
# Every .c file outside tools/ goes into libmm.a; every folder tools/X/ is
# the program bin/X. `make SAN=1` builds into san/ with ASan and UBSan.

CC ?= cc
CFLAGS ?= -O1 -g
WARN := -std=c11 -Wall -Wextra -Werror
INCLUDES := -iquote include -iquote arch/x86/include
DEFS := -D_GNU_SOURCE

ifeq ($(SAN),1)
O := san
CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	  -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
else
O := .
endif

LIB_SRCS := $(shell find . -name '*.c' -not -path './tools/*' \
	      -not -path './san/*' -not -path './obj/*' | sort)
TOOLS := $(notdir $(wildcard tools/*))
LIB_OBJS := $(patsubst ./%.c,$(O)/obj/%.o,$(LIB_SRCS))

all: $(O)/libmm.a $(foreach t,$(TOOLS),$(O)/bin/$(t))

$(O)/libmm.a: $(LIB_OBJS)
	@rm -f $@
	@echo "  AR      $@"
	@ar rcs $@ $^

$(O)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(WARN) $(CFLAGS) $(INCLUDES) $(DEFS) -MMD -MP -c $< -o $@

define tool_rule
$(O)/bin/$(1): $(patsubst %.c,$(O)/obj/%.o,$(wildcard tools/$(1)/*.c)) $(O)/libmm.a
	@mkdir -p $$(dir $$@)
	@echo "  LD      $$@"
	@$$(CC) $$(LDFLAGS) $$^ -o $$@
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

clean:
	rm -rf obj bin libmm.a san

-include $(shell find $(O)/obj -name '*.d' 2>/dev/null)

.PHONY: all clean
