/*
 * Helpers shared by the mmap lab's tests: boot a machine, make processes
 * and mappings, read and write their memory through the MMU, and check
 * the address spaces with mm_check_all().
 */
#ifndef MMAP_TEST_HELPERS_H
#define MMAP_TEST_HELPERS_H

#include "grader.h"
#include "asm/pgtable.h"
#include "linux/fs.h"
#include "linux/mm.h"
#include "linux/pagemap.h"
#include "linux/proc_fs.h"
#include "linux/rmap.h"
#include "linux/sched.h"
#include "linux/vm_event_item.h"
#include "sim/paging.h"

#define P(n) ((unsigned long)(n)*PAGE_SIZE)

/* Boot the small machine; the test ends if it does not boot. */
#define BOOT()		   boot_machine(NULL, __FILE__, __LINE__)
#define BOOT_PROFILE(name) boot_machine((name), __FILE__, __LINE__)

/* mm_check_all() must pass; the test ends if it does not. */
#define CHECK() all_mms_ok(__FILE__, __LINE__)

/* A new process; the test ends if there is none. */
#define TASK(name) task_or_die((name), __FILE__, __LINE__)

/* mmap() that must succeed: the address. */
#define MMAP(t, len, prot, flags, file, off)                                 \
	mmap_or_die((t), 0, (len), (prot), (flags), (file), (off), __FILE__, \
		    __LINE__)
#define MMAP_AT(t, addr, len, prot, flags, file, off)                   \
	mmap_or_die((t), (addr), (len), (prot), (flags), (file), (off), \
		    __FILE__, __LINE__)

/* Write a string, that must succeed; read n bytes (as a string). */
#define WRITE(t, addr, s) write_or_die((t), (addr), (s), __FILE__, __LINE__)
#define READ(t, addr, n)  read_or_die((t), (addr), (n), __FILE__, __LINE__)

#define PRW  (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

void boot_machine(const char *profile, const char *file, int line);
void all_mms_ok(const char *file, int line);
struct task_struct *task_or_die(const char *name, const char *file, int line);
unsigned long mmap_or_die(struct task_struct *t, unsigned long addr,
			  unsigned long len, unsigned long prot,
			  unsigned long flags, struct file *f,
			  unsigned long off, const char *file, int line);
void write_or_die(struct task_struct *t, unsigned long addr, const char *s,
		  const char *file, int line);
const char *read_or_die(struct task_struct *t, unsigned long addr, size_t n,
			const char *file, int line);

/* The signal (0: none) of a one-byte read or write, and its si_code. */
int try_read(struct task_struct *t, unsigned long addr, int *code);
int try_write(struct task_struct *t, unsigned long addr, int *code);

/* Free pages, with the per-CPU lists drained. */
unsigned long free_pages_now(void);

/* The page a user address maps (NULL: none or the zero page); its PTE. */
struct page *page_at(struct task_struct *t, unsigned long addr);
pte_t pte_at(struct task_struct *t, unsigned long addr);

/* /proc/PID/maps and smaps text; the value of a field of one VMA. */
const char *maps_of(struct task_struct *t);
const char *smaps_of(struct task_struct *t);
unsigned long smaps_kb(struct task_struct *t, unsigned long addr,
		       const char *field);

/* find_vma() by a scan of the list: the reference answer. */
struct vm_area_struct *find_vma_scan(struct mm_struct *mm, unsigned long addr);

#endif /* MMAP_TEST_HELPERS_H */
