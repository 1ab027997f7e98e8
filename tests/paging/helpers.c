#include <string.h>

#include "asm/msr-index.h"
#include "asm/page.h"
#include "grader.h"
#include "helpers.h"
#include "linux/printk.h"
#include "sim/cpu.h"
#include "sim/machine.h"
#include "sim/paging.h"
#include "sim/pgtable_source.h"
#include "uapi/asm/processor-flags.h"

__attribute__((constructor)) static void quiet_console(void)
{
	printk_set_console(NULL);
}

void boot(const char *profile)
{
	int ret = machine_boot(profile);

	grade_check(ret == 0, 1, __FILE__, __LINE__,
		    "machine_boot(%s) failed: %d (%s)",
		    profile ? profile : "default", ret, machine_error());
}

u64 raw_read(u64 pa)
{
	u64 v;

	memcpy(&v, sim_phys_mem + pa, sizeof(v));
	return v;
}

void raw_write(u64 pa, u64 val)
{
	memcpy(sim_phys_mem + pa, &val, sizeof(val));
}

u64 raw_table(void)
{
	u64 pa = pgtable_alloc_table();

	grade_check(pa != 0, 1, __FILE__, __LINE__, "no table page");
	return pa;
}

static unsigned int sdm_index(unsigned long va, int level)
{
	return (va >> (12 + 9 * (level - 1))) & 0x1ff;
}

u64 raw_map(u64 top, int levels, unsigned long va, int leaf_level, u64 leaf,
	    u64 table_flags)
{
	u64 table = top;
	int level;

	for (level = levels; level > leaf_level; level--) {
		u64 at = table + 8 * sdm_index(va, level);
		u64 e = raw_read(at);

		if (!(e & SDM_P)) {
			e = raw_table() | table_flags;
			raw_write(at, e);
		}
		table = e & SDM_ADDR;
	}
	raw_write(table + 8 * sdm_index(va, leaf_level), leaf);
	return table + 8 * sdm_index(va, leaf_level);
}

u64 raw_entry_pa(u64 top, int levels, unsigned long va, int level)
{
	u64 table = top;
	int l;

	for (l = levels; l > level; l--) {
		u64 e = raw_read(table + 8 * sdm_index(va, l));

		if (!(e & SDM_P) || (e & SDM_PS))
			return 0;
		table = e & SDM_ADDR;
	}
	return table + 8 * sdm_index(va, level);
}

struct sdm_cpu sdm_this_cpu(void)
{
	struct sdm_cpu c = {
		.cr3 = this_cpu->cr3,
		.la57 = this_cpu->cr4 & X86_CR4_LA57,
		.wp = this_cpu->cr0 & X86_CR0_WP,
		.nxe = this_cpu->efer & EFER_NX,
		.smep = this_cpu->cr4 & X86_CR4_SMEP,
		.smap = this_cpu->cr4 & X86_CR4_SMAP,
	};
	return c;
}

/* SDM 4.5: reserved bits of a paging-structure entry at a level. */
static bool sdm_reserved(struct sdm_cpu cpu, int level, u64 e)
{
	u64 rsvd = ((1ULL << 52) - 1) & ~((1ULL << SDM_MAXPHYADDR) - 1);

	if (!cpu.nxe)
		rsvd |= SDM_XD;
	if (level >= 4)
		rsvd |= SDM_PS;
	else if (level == 3 && (e & SDM_PS))
		rsvd |= 0x3fffe000ULL; /* bits 29:13 */
	else if (level == 2 && (e & SDM_PS))
		rsvd |= 0x1fe000ULL; /* bits 20:13 */
	return e & rsvd;
}

struct sdm_result sdm_walk(struct sdm_cpu cpu, unsigned long va, bool write,
			   bool user, bool fetch)
{
	struct sdm_result r = { .rw = true, .us = true };
	int bits = cpu.la57 ? 57 : 48, level = cpu.la57 ? 5 : 4;
	long high = (long)(va << (64 - bits));
	u64 table = cpu.cr3 & SDM_ADDR;
	unsigned long code = (write ? 2 : 0) | (user ? 4 : 0) |
			     (fetch && (cpu.nxe || cpu.smep) ? 16 : 0);
	bool ok;

	if ((unsigned long)(high >> (64 - bits)) != va) {
		r.fault = r.gp = true;
		return r;
	}
	for (; level > 0; --level) {
		u64 at = table + 8 * sdm_index(va, level);
		u64 e = at + 8 <= sim_phys_size ? raw_read(at) : ~0ULL;

		r.entries[r.nr++] = e;
		if (!(e & SDM_P)) {
			r.fault = true;
			r.error_code = code;
			return r;
		}
		if (sdm_reserved(cpu, level, e)) {
			r.fault = true;
			r.error_code = code | 1 | 8;
			return r;
		}
		r.rw = r.rw && (e & SDM_RW);
		r.us = r.us && (e & SDM_US);
		r.xd = r.xd || (cpu.nxe && (e & SDM_XD));
		if (level == 1 || (e & SDM_PS)) {
			u64 size = 1ULL << (12 + 9 * (level - 1));

			r.level = level;
			r.leaf_pa = at;
			r.leaf = e;
			r.pa = (e & SDM_ADDR & ~(size - 1)) | (va & (size - 1));
			break;
		}
		table = e & SDM_ADDR;
	}
	/* SDM 4.6: access rights. */
	ok = true;
	if (user && !r.us)
		ok = false;
	if (!user && r.us && fetch && cpu.smep)
		ok = false;
	if (!user && r.us && !fetch && cpu.smap)
		ok = false;
	if (write && !r.rw && (user || cpu.wp))
		ok = false;
	if (fetch && r.xd)
		ok = false;
	if (!ok) {
		r.fault = true;
		r.error_code = code | 1;
	}
	return r;
}

static void sdm_leaves(struct sdm_cpu cpu, u64 table, int level,
		       unsigned long base, sdm_leaf_fn fn, void *arg)
{
	unsigned int i;

	for (i = 0; i < 512; i++) {
		u64 e = raw_read(table + 8 * i);
		unsigned long va =
			base + ((unsigned long)i << (12 + 9 * (level - 1)));

		if (!(e & SDM_P))
			continue;
		if (level == 1 || (level <= 3 && (e & SDM_PS))) {
			int bits = cpu.la57 ? 57 : 48;
			long high = (long)(va << (64 - bits));

			fn((unsigned long)(high >> (64 - bits)), level,
			   table + 8 * i, e, arg);
		} else {
			sdm_leaves(cpu, e & SDM_ADDR, level - 1, va, fn, arg);
		}
	}
}

void sdm_for_each_leaf(struct sdm_cpu cpu, sdm_leaf_fn fn, void *arg)
{
	sdm_leaves(cpu, cpu.cr3 & SDM_ADDR, cpu.la57 ? 5 : 4, 0, fn, arg);
}

long counting_allocs, counting_frees, counting_budget = -1;

static phys_addr_t counting_alloc(void)
{
	if (counting_budget == 0)
		return 0;
	if (counting_budget > 0)
		counting_budget--;
	counting_allocs++;
	return early_pgtable_source.alloc();
}

static void counting_free(phys_addr_t pa)
{
	counting_frees++;
	early_pgtable_source.free(pa);
}

const struct pgtable_source counting_source = {
	.name = "counting",
	.alloc = counting_alloc,
	.free = counting_free,
};
