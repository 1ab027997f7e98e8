#include <stdio.h>
#include <string.h>

#include "grader.h"
#include "helpers.h"
#include "linux/printk.h"
#include "sim/machine.h"

/* Keep the model's printk off the test's output; tests read the log. */
__attribute__((constructor)) static void quiet_console(void)
{
	printk_set_console(NULL);
}

void fresh(void)
{
	memblock_reset();
	log_buf_clear();
}

/* Boot a machine (for __va and memblock's own allocations), then empty memblock. */
void boot_fresh(const char *profile)
{
	int ret = machine_boot(profile);

	grade_check(ret == 0, 1, __FILE__, __LINE__,
		    "machine_boot(%s) returned %d: %s",
		    profile ? profile : "NULL", ret, machine_error());
	fresh();
}

void type_set(struct memblock_type *type, const struct rgn *r, unsigned int n)
{
	unsigned int i;

	memset(type->regions, 0, type->max * sizeof(*type->regions));
	type->total_size = 0;
	for (i = 0; i < n; i++) {
		type->regions[i].base = r[i].base;
		type->regions[i].size = r[i].size;
		type->regions[i].nid = r[i].nid;
		type->regions[i].flags = r[i].flags;
		type->total_size += r[i].size;
	}
	type->cnt = n ? n : 1;
}

static void describe(const struct memblock_type *type, char *buf, size_t len)
{
	size_t used = 0;
	unsigned long i;

	buf[0] = '\0';
	for (i = 0; i < type->cnt && used + 80 < len; i++) {
		const struct memblock_region *r = &type->regions[i];

		used += snprintf(buf + used, len - used,
				 "\n    [%#llx-%#llx) nid %d flags %#x", r->base,
				 r->base + r->size, r->nid,
				 (unsigned int)r->flags);
	}
}

void regions_expect(const struct memblock_type *type, const struct rgn *r,
		    unsigned int n, const char *file, int line)
{
	char got[2048];
	phys_addr_t total = 0;
	unsigned int i;
	int ok = type->cnt == n;

	for (i = 0; ok && i < n; i++) {
		const struct memblock_region *g = &type->regions[i];

		ok = g->base == r[i].base && g->size == r[i].size &&
		     g->nid == r[i].nid && g->flags == r[i].flags;
		total += r[i].size;
	}
	describe(type, got, sizeof(got));
	grade_check(ok, 0, file, line,
		    "%s: expected %u region(s) starting [%#llx-%#llx), got cnt %lu:%s",
		    type->name, n, r[0].base, r[0].base + r[0].size, type->cnt,
		    got);
	if (ok)
		grade_check(type->total_size == total, 0, file, line,
			    "%s.total_size: expected %#llx, got %#llx",
			    type->name, total, type->total_size);
	invariants_hold(file, line);
}

void empty_expect(const struct memblock_type *type, const char *file, int line)
{
	grade_check(type->cnt == 1 && type->regions[0].size == 0 &&
			    type->total_size == 0,
		    0, file, line,
		    "%s: expected empty (cnt 1, a dummy of size 0, total 0), got cnt %lu, regions[0].size %#llx, total %#llx",
		    type->name, type->cnt, type->regions[0].size,
		    type->total_size);
}

void invariants_hold(const char *file, int line)
{
	size_t before = strlen(log_buf_read());
	int ret = memblock_check();

	grade_check(ret == 0, 1, file, line, "memblock_check() failed: %s",
		    log_buf_read() + before);
}

int log_has(const char *text)
{
	return strstr(log_buf_read(), text) != NULL;
}
