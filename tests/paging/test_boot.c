/* The given code: the early allocator, the source, the kernel page table
 * built at boot, argument checks (0 points). */
#include <errno.h>
#include <string.h>

#include "asm/sections.h"
#include "asm/tlbflush.h"
#include "grader.h"
#include "helpers.h"
#include "linux/pfn.h"
#include "linux/printk.h"
#include "sim/machine.h"
#include "sim/mmu.h"
#include "sim/paging.h"
#include "sim/pgtable_source.h"

TEST(early_allocator_lives_in_the_image_brk, 0)
{
	void *a, *b;

	boot(NULL);
	pgtable_source_set(NULL); /* later chapters install their own */
	EXPECT_EQ_U64(PFN_DOWN(__pa_symbol(_end)), pgt_buf_top);
	EXPECT_EQ_U64(pgt_buf_top - 512, pgt_buf_start);
	EXPECT_EQ_STR("early", pgtable_source_get()->name);
	a = alloc_low_page();
	b = alloc_low_page();
	ASSERT_TRUE(a && b);
	EXPECT_EQ_U64(__pa(a) + PAGE_SIZE, __pa(b));
	EXPECT_MSG(__pa(a) >= __pa_symbol(_text) && __pa(b) < __pa_symbol(_end),
		   "page %#llx outside the image", __pa(a));
	EXPECT_TRUE(((unsigned char *)b)[100] == 0);
}

static phys_addr_t exhaust(void)
{
	phys_addr_t pa, last = 0;

	while ((pa = pgtable_alloc_table()))
		last = pa;
	return last;
}

TEST(early_allocator_runs_out_cleanly, 0)
{
	phys_addr_t last;

	boot(NULL);
	pgtable_source_set(NULL); /* later chapters install their own */
	last = exhaust();
	EXPECT_EQ_U64(PFN_PHYS(pgt_buf_top) - PAGE_SIZE, last);
	EXPECT_TRUE(strstr(log_buf_read(), "exhausted") != NULL);
	pgtable_free_table(last);
	EXPECT_EQ_U64(last, pgtable_alloc_table());
}

TEST(early_allocator_reuses_freed_pages_and_refuses_bad_frees, 0)
{
	void *a, *b;
	unsigned long end;

	boot(NULL);
	a = alloc_low_page();
	memset(a, 0xaa, PAGE_SIZE);
	free_low_page(__pa(a));
	end = pgt_buf_end;
	b = alloc_low_page();
	EXPECT_TRUE(a == b);
	EXPECT_EQ_U64(end, pgt_buf_end);
	EXPECT_TRUE(((unsigned char *)b)[7] == 0);
	log_buf_clear();
	free_low_page(__pa(b));
	free_low_page(__pa(b)); /* twice */
	free_low_page(0x1000);	/* never handed out */
	EXPECT_TRUE(strstr(log_buf_read(), "free_low_page") != NULL);
	EXPECT_TRUE(alloc_low_page() == b);
	EXPECT_TRUE(alloc_low_page() != b);
}

TEST(source_can_be_replaced_and_restored, 0)
{
	static const struct pgtable_source broken = { "broken", NULL, NULL };
	unsigned long before;
	phys_addr_t pa;

	boot(NULL);
	before = nr_pagetable_pages;
	pgtable_source_set(&counting_source);
	EXPECT_EQ_STR("counting", pgtable_source_get()->name);
	pa = pgtable_alloc_table();
	EXPECT_TRUE(pa != 0);
	EXPECT_EQ_INT(1, (int)counting_allocs);
	EXPECT_EQ_U64(before + 1, nr_pagetable_pages);
	pgtable_free_table(pa);
	EXPECT_EQ_INT(1, (int)counting_frees);
	EXPECT_EQ_U64(before, nr_pagetable_pages);
	pgtable_source_set(&broken);
	EXPECT_EQ_STR("counting", pgtable_source_get()->name);
	pgtable_source_set(NULL);
	EXPECT_EQ_STR("early", pgtable_source_get()->name);
}

static phys_addr_t bad_alloc(void)
{
	return 0x1234;
}

static void bad_free(phys_addr_t pa)
{
	(void)pa;
}

TEST(a_bad_frame_from_a_source_is_refused, 0)
{
	static const struct pgtable_source bad = { "bad", bad_alloc, bad_free };

	boot(NULL);
	pgtable_source_set(&bad);
	EXPECT_EQ_U64(0, pgtable_alloc_table());
}

TEST(boot_builds_and_loads_the_kernel_page_table, 0)
{
	boot("pc");
	ASSERT_TRUE(init_top_pgt != NULL);
	EXPECT_EQ_U64(__pa(init_top_pgt), this_cpu->cr3);
	EXPECT_TRUE(this_cpu->cr4 & X86_CR4_PCIDE);
	EXPECT_EQ_U64(768, direct_pages_count[PG_LEVEL_4K]);
	EXPECT_EQ_U64(982, direct_pages_count[PG_LEVEL_2M]);
	EXPECT_EQ_U64(1, direct_pages_count[PG_LEVEL_1G]);
	EXPECT_EQ_U64(0x140000, max_pfn_mapped);
	EXPECT_TRUE(
		strstr(log_buf_read(),
		       "init_memory_mapping: [mem 0x00100000-0x7aefffff]\n") !=
		NULL);
	EXPECT_TRUE(strstr(log_buf_read(),
			   " [mem 0x100000000-0x13fffffff] page 1G\n") != NULL);
}

TEST(the_la57_profile_pages_with_five_levels, 0)
{
	boot("la57");
	EXPECT_TRUE(pgtable_l5_enabled());
	EXPECT_TRUE(this_cpu->cr4 & X86_CR4_LA57);
	EXPECT_EQ_U64(0xff11000000000000UL, page_offset_base);
	EXPECT_EQ_INT(48, (int)PGDIR_SHIFT);
	EXPECT_EQ_INT(512, (int)PTRS_PER_P4D);
	EXPECT_TRUE(addr_canonical(0x00ff000000000000UL));
	EXPECT_TRUE(!addr_canonical(0x0100000000000000UL));
	machine_shutdown();
	boot(NULL);
	EXPECT_TRUE(!pgtable_l5_enabled());
	EXPECT_TRUE(!(this_cpu->cr4 & X86_CR4_LA57));
	EXPECT_TRUE(!addr_canonical(0x00ff000000000000UL));
}

TEST(range_functions_check_their_arguments, 0)
{
	pgd_t *pgd;
	unsigned long before;

	boot(NULL);
	pgd = pgd_alloc();
	ASSERT_TRUE(pgd != NULL);
	before = nr_pagetable_pages;
	EXPECT_EQ_INT(-EINVAL, map_range(NULL, 0x1000, 0x2000, 0x5000000,
					 PAGE_SHARED, PAGE_SHIFT));
	EXPECT_EQ_INT(-EINVAL, map_range(pgd, 0x1800, 0x2000, 0x5000000,
					 PAGE_SHARED, PAGE_SHIFT));
	EXPECT_EQ_INT(-EINVAL, map_range(pgd, 0x2000, 0x2000, 0x5000000,
					 PAGE_SHARED, PAGE_SHIFT));
	EXPECT_EQ_INT(-EINVAL, map_range(pgd, 0x1000, 0x2000, 0x5000800,
					 PAGE_SHARED, PAGE_SHIFT));
	EXPECT_EQ_INT(-EINVAL,
		      map_range(pgd, 0x7ffffffff000UL, 0xffff800000001000UL,
				0x5000000, PAGE_SHARED, PAGE_SHIFT));
	EXPECT_EQ_INT(-EINVAL,
		      map_range(pgd, 0x0000800000000000UL, 0x0000800000001000UL,
				0x5000000, PAGE_SHARED, PAGE_SHIFT));
	EXPECT_EQ_INT(-EINVAL, map_range(pgd, 0x1000, 0x2000, 0x5000000,
					 PAGE_NONE, PAGE_SHIFT));
	EXPECT_EQ_INT(-EINVAL,
		      map_range(pgd, 0x1000, 0x2000, 0x5000000,
				__pgprot(__PAGE_KERNEL_LARGE), PAGE_SHIFT));
	EXPECT_EQ_INT(-EINVAL, map_range(pgd, 0x1000, 0x2000, 0x5000000,
					 PAGE_SHARED, 13));
	EXPECT_EQ_INT(-EINVAL, map_range(pgd, 0x1000, 0x2000, 1ULL << 52,
					 PAGE_SHARED, PAGE_SHIFT));
	EXPECT_EQ_INT(-EINVAL, unmap_range(pgd, 0x2000, 0x1000));
	EXPECT_EQ_INT(-EINVAL, protect_range(pgd, 0x1000, 0x2000,
					     __pgprot(0x5000000 | 1)));
	EXPECT_EQ_INT(-EINVAL, unmap_range((pgd_t *)&before, 0x1000, 0x2000));
	EXPECT_EQ_U64(before, nr_pagetable_pages);
	EXPECT_EQ_INT(-EINVAL, pgd_free(init_top_pgt));
	EXPECT_EQ_INT(0, pgd_free(pgd));
}

TEST(pgd_alloc_shares_the_kernel_half, 0)
{
	pgd_t *pgd;
	unsigned int i;

	boot(NULL);
	pgd = pgd_alloc();
	ASSERT_TRUE(pgd != NULL);
	for (i = 0; i < 256; i++)
		EXPECT_EQ_U64(0, pgd_val(pgd[i]));
	for (i = 273; i < 512; i++)
		EXPECT_EQ_U64(pgd_val(init_top_pgt[i]), pgd_val(pgd[i]));
	raw_write(__pa(pgd) + 8, raw_table() | SDM_TABLE);
	EXPECT_EQ_INT(-EBUSY, pgd_free(pgd));
}

TEST(cr3_writes_and_instructions_check_operands, 0)
{
	boot(NULL);
	EXPECT_EQ_INT(-EINVAL, __invpcid(0, 0, 4));
	EXPECT_EQ_INT(-EINVAL, __invpcid(4096, 0, 1));
	EXPECT_EQ_INT(-EINVAL, __invpcid(1, 0x0000800000000000UL, 0));
	EXPECT_EQ_INT(X86_TRAP_GP, (int)this_cpu->last_exception.vector);
	EXPECT_EQ_INT(0, __invpcid(1, 0x1000, 0));
	native_write_cr3(build_cr3(init_top_pgt, 5));
	EXPECT_EQ_U64(5, sim_tlb.pcid);
	EXPECT_EQ_INT(-EINVAL, native_write_cr4(this_cpu->cr4 ^ X86_CR4_LA57));
	native_write_cr4(this_cpu->cr4 & ~X86_CR4_PCIDE);
	EXPECT_EQ_U64(0, sim_tlb.pcid);
	EXPECT_EQ_INT(-EINVAL, native_write_cr4(this_cpu->cr4 | X86_CR4_PCIDE));
	EXPECT_EQ_INT(-EINVAL, mmu_translate(0x1000, MMU_WRITE | MMU_EXEC,
					     &(phys_addr_t){ 0 }));
}
