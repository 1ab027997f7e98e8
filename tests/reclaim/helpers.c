#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "linux/printk.h"
#include "sim/machine.h"

__attribute__((constructor)) static void quiet_console(void)
{
	printk_set_console(NULL);
}

void boot_small(const char *file, int line)
{
	int ret = machine_boot(NULL);

	grade_check(ret == 0, 1, file, line, "machine_boot() returned %d: %s",
		    ret, machine_error());
}

void lists_hold(const char *file, int line)
{
	const char *log, *last;

	log_buf_clear();
	if (lru_check() == 0 && buddy_check() == 0)
		return;
	log = log_buf_read();
	last = strstr(log, "_check:");
	grade_check(0, 1, file, line, "the lists are broken: %s",
		    last ? last : log);
}

struct page *new_page(bool anon)
{
	struct page *page = alloc_page(GFP_HIGHUSER_MOVABLE);

	ASSERT_MSG(page != NULL, "alloc_page() failed");
	if (anon)
		SetPageSwapBacked(page);
	return page;
}

struct page *lru_page(bool anon)
{
	struct page *page = new_page(anon);

	folio_add_lru(page);
	return page;
}

int place_on(struct page *page, enum lru_list lru)
{
	struct list_head *head = &LRUVEC()->lists[lru], *pos;
	int i = 0;

	list_for_each(pos, head) {
		if (pos == &page->lru)
			return i;
		i++;
	}
	return -1;
}

bool on_list(struct page *page, enum lru_list lru)
{
	return place_on(page, lru) >= 0;
}

static struct {
	struct page *page;
	int refs;
	unsigned long flags;
} stand_in[256];
static int nr_stand_in;

static int stand_in_fn(struct page *page, unsigned long *vm_flags)
{
	int i;

	for (i = 0; i < nr_stand_in; i++)
		if (stand_in[i].page == page) {
			*vm_flags |= stand_in[i].flags;
			return stand_in[i].refs;
		}
	return 0;
}

void set_pte_refs(struct page *page, int refs, unsigned long vm_flags)
{
	int i;

	folio_referenced_stand_in = stand_in_fn;
	for (i = 0; i < nr_stand_in; i++)
		if (stand_in[i].page == page)
			break;
	ASSERT_MSG(i < 256, "too many stand-in pages");
	stand_in[i].page = page;
	stand_in[i].refs = refs;
	stand_in[i].flags = vm_flags;
	if (i == nr_stand_in)
		nr_stand_in++;
}

unsigned long free_pages_now(void)
{
	unsigned long free = 0;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++)
		free += zone_page_state(&NODE_DATA(0)->node_zones[z],
					NR_FREE_PAGES);
	return free;
}

unsigned long reclaim(unsigned long nr)
{
	struct scan_control sc;

	reclaim_control_init(&sc, nr, GFP_KERNEL, false);
	for (; sc.priority >= 0 && sc.nr_reclaimed < nr; sc.priority--)
		shrink_node(NODE_DATA(0), &sc);
	return sc.nr_reclaimed;
}

size_t refs(const char *text, unsigned long **trace)
{
	size_t len = 0;

	ASSERT_EQ_INT(0, policy_parse_refs(text, trace, &len, NULL));
	return len;
}
