#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "linux/printk.h"
#include "linux/vmstat.h"
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

void all_mms_ok(const char *file, int line)
{
	const char *log, *flaw;

	log_buf_clear();
	if (mm_check_all() == 0)
		return;
	log = log_buf_read();
	flaw = strstr(log, "mm_check");
	grade_check(0, 1, file, line, "mm_check_all() failed: %s",
		    flaw ? flaw : log);
}

struct task_struct *task_or_die(const char *name, const char *file, int line)
{
	struct task_struct *t = task_create(name);

	grade_check(t != NULL, 1, file, line, "task_create(%s) returned NULL",
		    name);
	return t;
}

unsigned long mmap_or_die(struct task_struct *t, unsigned long addr,
			  unsigned long len, unsigned long prot,
			  unsigned long flags, struct file *f,
			  unsigned long off, const char *file, int line)
{
	unsigned long ret = sys_mmap(t, addr, len, prot, flags, f, off);

	grade_check(!IS_ERR_VALUE(ret), 1, file, line,
		    "mmap(%#lx, %#lx, %#lx, %#lx) returned %ld", addr, len,
		    prot, flags, (long)ret);
	return ret;
}

void write_or_die(struct task_struct *t, unsigned long addr, const char *s,
		  const char *file, int line)
{
	struct kernel_siginfo info;
	int sig = sim_write(t, addr, s, strlen(s), &info);

	grade_check(sig == 0, 1, file, line,
		    "pid %d: write at %#lx raised signal %d (si_code %d)",
		    t->pid, addr, sig, info.si_code);
}

const char *read_or_die(struct task_struct *t, unsigned long addr, size_t n,
			const char *file, int line)
{
	static char buf[8][256];
	static int next;
	char *b = buf[next++ % 8];
	struct kernel_siginfo info;
	int sig;

	if (n > 255)
		n = 255;
	sig = sim_read(t, addr, b, n, &info);
	grade_check(sig == 0, 1, file, line,
		    "pid %d: read at %#lx raised signal %d (si_code %d)",
		    t->pid, addr, sig, info.si_code);
	b[n] = '\0';
	return b;
}

int try_read(struct task_struct *t, unsigned long addr, int *code)
{
	struct kernel_siginfo info;
	char c;
	int sig = sim_read(t, addr, &c, 1, &info);

	if (code)
		*code = info.si_code;
	return sig;
}

int try_write(struct task_struct *t, unsigned long addr, int *code)
{
	struct kernel_siginfo info;
	char c = 'w';
	int sig = sim_write(t, addr, &c, 1, &info);

	if (code)
		*code = info.si_code;
	return sig;
}

unsigned long free_pages_now(void)
{
	struct zone *zone;
	unsigned long n = 0;

	drain_all_pages(NULL);
	for_each_zone(zone) n += zone_page_state(zone, NR_FREE_PAGES);
	return n;
}

pte_t pte_at(struct task_struct *t, unsigned long addr)
{
	pte_t *pte = follow_pte(t->mm, addr);

	return pte ? *pte : __pte(0);
}

struct page *page_at(struct task_struct *t, unsigned long addr)
{
	pte_t pte = pte_at(t, addr);

	if (!pte_present(pte) || is_zero_pfn(pte_pfn(pte)))
		return NULL;
	return pfn_to_page(pte_pfn(pte));
}

static char text[65536];

const char *maps_of(struct task_struct *t)
{
	FILE *f = fmemopen(text, sizeof(text), "w");

	show_maps(f, t);
	fclose(f);
	return text;
}

const char *smaps_of(struct task_struct *t)
{
	FILE *f = fmemopen(text, sizeof(text), "w");

	show_smaps(f, t);
	fclose(f);
	return text;
}

unsigned long smaps_kb(struct task_struct *t, unsigned long addr,
		       const char *field)
{
	char head[32];
	const char *p, *q;

	snprintf(head, sizeof(head), "%08lx-", addr);
	p = strstr(smaps_of(t), head);
	if (!p)
		return ~0UL;
	q = strstr(p, field);
	if (!q)
		return ~0UL;
	return strtoul(q + strlen(field), NULL, 10);
}

struct vm_area_struct *find_vma_scan(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	for_each_vma(mm, vma)
		if (vma->vm_end > addr)
			return vma;
	return NULL;
}
