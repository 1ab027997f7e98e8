#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
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
	int ret = buddy_check();

	grade_check(ret == 0, 1, file, line,
		    "buddy_check() found a flaw; the log says:\n%s",
		    log_buf_read());
}

struct mempolicy *make_policy(unsigned short mode, const char *list,
			      const char *file, int line)
{
	nodemask_t nodes = mask_of(list);
	struct mempolicy *pol = NULL;
	int ret = mpol_new(mode, 0, &nodes, &pol);

	grade_check(ret == 0 && pol, 1, file, line,
		    "mpol_new(%u, \"%s\") returned %d", mode, list, ret);
	return pol;
}

int log_has(const char *text)
{
	return strstr(log_buf_read(), text) != NULL;
}

const char *zonelist_str(int nid, int which)
{
	static char buf[1024];
	const struct zoneref *z;
	size_t len = 0;

	buf[0] = '\0';
	for (z = NODE_DATA(nid)->node_zonelists[which]._zonerefs; z->zone; z++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %d:%s",
					zonelist_node_idx(z), z->zone->name);
	return buf;
}

const char *node_order_str(int nid)
{
	static char buf[256];
	const struct zoneref *z;
	nodemask_t seen = NODE_MASK_NONE;
	size_t len = 0;

	buf[0] = '\0';
	for (z = NODE_DATA(nid)->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	     z->zone; z++) {
		int n = zonelist_node_idx(z);

		if (node_isset(n, seen))
			continue;
		node_set(n, seen);
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%d",
					len ? " " : "", n);
	}
	return buf;
}

nodemask_t mask_of(const char *list)
{
	nodemask_t m = NODE_MASK_NONE;

	nodelist_parse(list, &m);
	return m;
}

struct page *alloc_under(struct mempolicy *pol, pgoff_t ilx)
{
	return alloc_pages_mpol(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN, 0, pol,
				ilx, numa_node_id());
}

unsigned long exhaust_node(int nid)
{
	unsigned long n = 0;

	while (__alloc_pages(
		GFP_HIGHUSER_MOVABLE | __GFP_THISNODE | __GFP_NOWARN, 0, nid))
		n++;
	while (__alloc_pages(GFP_DMA | __GFP_THISNODE | __GFP_NOWARN, 0, nid))
		n++;
	return n;
}

unsigned long free_on(int nid)
{
	drain_all_pages(NULL);
	return node_free_pages(nid);
}

unsigned long numa_event(int nid, enum numa_stat_item item)
{
	return node_numa_event_state(NODE_DATA(nid), item);
}

struct task_struct *task_or_die(const char *name, const char *file, int line)
{
	struct task_struct *t = task_create(name);

	grade_check(t != NULL, 1, file, line, "task_create(%s) returned NULL",
		    name);
	return t;
}

unsigned long mmap_or_die(struct task_struct *t, unsigned long len,
			  unsigned long prot, unsigned long flags,
			  struct file *f, unsigned long off, const char *file,
			  int line)
{
	unsigned long ret = sys_mmap(t, 0, len, prot, flags, f, off);

	grade_check(!IS_ERR_VALUE(ret), 1, file, line,
		    "mmap(%#lx, %#lx, %#lx) returned %ld", len, prot, flags,
		    (long)ret);
	return ret;
}

void all_ok(const char *file, int line)
{
	int mm = mm_check_all(), lru = lru_check(), buddy = buddy_check();

	grade_check(!mm && !lru && !buddy, 1, file, line,
		    "mm_check_all() %d, lru_check() %d, buddy_check() %d; the "
		    "log says:\n%s",
		    mm, lru, buddy, log_buf_read());
}

int touch(struct task_struct *t, unsigned long addr, unsigned long n,
	  unsigned char byte)
{
	unsigned long i;
	int ret;

	for (i = 0; i < n; i++) {
		ret = sim_write(t, addr + i * PAGE_SIZE, &byte, 1, NULL);
		if (ret)
			return ret;
	}
	return 0;
}

struct page *page_at(struct task_struct *t, unsigned long addr)
{
	pte_t *pte = follow_pte(t->mm, addr);

	if (!pte || !pte_present(*pte) || is_zero_pfn(pte_pfn(*pte)))
		return NULL;
	return pfn_to_page(pte_pfn(*pte));
}

int node_at(struct task_struct *t, unsigned long addr)
{
	struct page *page = page_at(t, addr);

	return page ? page_to_nid(page) : -1;
}

const char *nodes_of(struct task_struct *t, unsigned long addr, unsigned long n)
{
	static char buf[512];
	size_t len = 0;
	unsigned long i;
	int nid;

	buf[0] = '\0';
	for (i = 0; i < n && len < sizeof(buf) - 4; i++) {
		nid = node_at(t, addr + i * PAGE_SIZE);
		if (nid < 0)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
						"%s-", i ? " " : "");
		else
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
						"%s%d", i ? " " : "", nid);
	}
	return buf;
}

unsigned long mask_word(const char *list)
{
	return mask_of(list).bits[0];
}
