#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "linux/printk.h"
#include "sim/machine.h"

/* Keep the model's printk off the test's output; tests read the log. */
__attribute__((constructor)) static void quiet_console(void)
{
	printk_set_console(NULL);
}

void boot_machine(const char *profile, const char *file, int line)
{
	int ret = machine_boot(profile);

	grade_check(ret == 0, 1, file, line, "machine_boot(%s) returned %d: %s",
		    profile ? profile : "NULL", ret, machine_error());
}

void invariants_hold(const char *file, int line)
{
	const char *log;
	const char *last;

	log_buf_clear();
	if (buddy_check() == 0)
		return;
	log = log_buf_read();
	last = strstr(log, "buddy_check:");
	grade_check(0, 1, file, line, "buddy_check() failed: %s",
		    last ? last : log);
}

int log_has(const char *text)
{
	return strstr(log_buf_read(), text) != NULL;
}

static char text[16384];

const char *buddyinfo(void)
{
	FILE *f = fmemopen(text, sizeof(text), "w");

	frag_show(f);
	fclose(f);
	return text;
}

const char *buddyinfo_line(const char *zone_name)
{
	static char line[256];
	char key[64];
	const char *p, *e;

	snprintf(key, sizeof(key), "zone %8s ", zone_name);
	p = strstr(buddyinfo(), key);
	if (!p)
		return "";
	while (p > text && p[-1] != '\n')
		p--;
	e = strchr(p, '\n');
	snprintf(line, sizeof(line), "%.*s", (int)(e ? e - p + 1 : 200), p);
	return line;
}

bool on_free_list(unsigned long pfn, unsigned int order, int mt)
{
	struct page *page = PAGE(pfn), *p;
	struct zone *zone = page_zone(page);

	list_for_each_entry(p, &zone->free_area[order].free_list[mt], lru)
		if (p == page)
			return PageBuddy(page) && buddy_order(page) == order;
	return false;
}

void free_block_expect(unsigned long pfn, unsigned int order, int mt,
		       const char *file, int line)
{
	grade_check(on_free_list(pfn, order, mt), 0, file, line,
		    "expected a free block at pfn %#lx, order %u, on the %s list",
		    pfn, order, migratetype_names[mt]);
}

void empty_zone(struct zone *zone)
{
	unsigned int order;
	int mt;

	for (order = 0; order < NR_PAGE_ORDERS; order++)
		for (mt = 0; mt < MIGRATE_TYPES; mt++)
			while (!free_area_empty(&zone->free_area[order], mt))
				del_page_from_free_list(
					get_page_from_free_area(
						&zone->free_area[order], mt),
					zone, order, mt);
}

unsigned long list_length(struct zone *zone, unsigned int order, int mt)
{
	struct list_head *pos;
	unsigned long n = 0;

	list_for_each(pos, &zone->free_area[order].free_list[mt])
		n++;
	return n;
}
