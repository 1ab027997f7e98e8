#include <stdio.h>
#include <string.h>

#include "grader.h"
#include "helpers.h"
#include "linux/printk.h"

/* Keep the model's printk off the test's output; tests read the log. */
__attribute__((constructor)) static void quiet_console(void)
{
	printk_set_console(NULL);
}

void table_set(struct e820_table *t, const struct e820_entry *e,
	       unsigned int n)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->entries, e, n * sizeof(*e));
	t->nr_entries = n;
}

void table_expect(const struct e820_table *t, const struct e820_entry *e,
		  unsigned int n, const char *file, int line)
{
	unsigned int i;

	grade_check(t->nr_entries == n, 0, file, line,
		    "expected a table of %u entries, got %u", n,
		    t->nr_entries);
	for (i = 0; i < n && i < t->nr_entries; i++) {
		const struct e820_entry *got = &t->entries[i];

		grade_check(got->addr == e[i].addr && got->size == e[i].size &&
				    got->type == e[i].type,
			    0, file, line,
			    "entry %u: expected [mem %#018llx-%#018llx] type %u, got [mem %#018llx-%#018llx] type %u",
			    i, e[i].addr, e[i].addr + e[i].size - 1,
			    (unsigned int)e[i].type, got->addr,
			    got->addr + got->size - 1, (unsigned int)got->type);
	}
}

int log_has(const char *text)
{
	return strstr(log_buf_read(), text) != NULL;
}
