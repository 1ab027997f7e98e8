#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "linux/printk.h"

/* Keep the model's printk off the test's output; tests read the log. */
__attribute__((constructor)) static void quiet_console(void)
{
	printk_set_console(NULL);
}

void swap_boot(const char *profile, const char *file, int line)
{
	int ret;

	swap_tmpdir();
	ret = machine_boot(profile);
	grade_check(ret == 0, 1, file, line, "machine_boot(%s) returned %d: %s",
		    profile ? profile : "NULL", ret, machine_error());
}

struct swap_info_struct *swap_area(const char *name, unsigned long pages,
				   int prio, const char *file, int line)
{
	int ret = mkswap(name, pages, NULL, 0);

	grade_check(ret == 0, 1, file, line, "mkswap(%s, %lu) returned %d",
		    name, pages, ret);
	ret = sys_swapon(name, prio >= 0 ? SWAP_FLAG_PREFER | prio : 0);
	grade_check(ret == 0, 1, file, line, "sys_swapon(%s) returned %d",
		    name, ret);
	return swap_info_by_name(name);
}

void swap_invariants(const char *file, int line)
{
	const char *log;

	log_buf_clear();
	if (swap_check() == 0)
		return;
	log = log_buf_read();
	grade_check(0, 1, file, line, "swap_check() failed: %s", log);
}

int log_has(const char *text)
{
	return strstr(log_buf_read(), text) != NULL;
}

const char *swap_tmpdir(void)
{
	static char dir[64];

	if (!dir[0]) {
		strcpy(dir, "/tmp/swaplab.XXXXXX");
		if (!mkdtemp(dir))
			strcpy(dir, "/tmp");
		setenv("MMSIM_SWAPDIR", dir, 1);
	}
	return dir;
}

const char *swap_tmpfile(const char *name)
{
	static char paths[4][128];
	static int next;
	char *p = paths[next++ % 4];

	snprintf(p, 128, "%s/%s", swap_tmpdir(), name);
	return p;
}

unsigned long take_slot(int *type)
{
	swp_entry_t entry = folio_alloc_swap(NULL);

	if (type)
		*type = entry.val ? (int)swp_type(entry) : -1;
	return entry.val ? swp_offset(entry) : 0;
}

static char text[16384];

const char *proc_swaps(void)
{
	FILE *f = fmemopen(text, sizeof(text), "w");

	swaps_show(f);
	fclose(f);
	return text;
}

const char *meminfo_swap(void)
{
	FILE *f = fmemopen(text, sizeof(text), "w");

	swap_meminfo_show(f);
	fclose(f);
	return text;
}

struct page *anon_page(unsigned char seed)
{
	struct page *page = alloc_page(GFP_HIGHUSER_MOVABLE);
	unsigned char *p;
	unsigned long i;

	if (!page)
		return NULL;
	page->flags |= 1UL << PG_swapbacked;
	p = page_address(page);
	for (i = 0; i < PAGE_SIZE; i++)
		p[i] = (unsigned char)(seed + i * 7 + (i >> 8));
	return page;
}

bool page_has_pattern(struct page *page, unsigned char seed)
{
	const unsigned char *p = page_address(page);
	unsigned long i;

	for (i = 0; i < PAGE_SIZE; i++)
		if (p[i] != (unsigned char)(seed + i * 7 + (i >> 8)))
			return false;
	return true;
}
