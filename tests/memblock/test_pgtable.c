/* The page tables' pages come from memblock (0 points). */
#include "asm/page.h"
#include "helpers.h"
#include "sim/machine.h"
#include "sim/pgtable_source.h"

TEST(page_tables_come_from_memblock, 0)
{
	const struct pgtable_source *src;
	const unsigned char *p;
	phys_addr_t pa;
	unsigned int i;
	int nonzero = 0;

	ASSERT_EQ_INT(0, machine_boot(NULL));
	/* Later chapters install their own source after the hand-over. */
	pgtable_source_set(&memblock_pgtable_source);
	src = pgtable_source_get();
	ASSERT_TRUE(src != NULL);
	EXPECT_EQ_STR("memblock", src->name);
	pa = src->alloc();
	ASSERT_TRUE(pa != 0);
	EXPECT_EQ_U64(0, pa & (PAGE_SIZE - 1));
	EXPECT_TRUE(memblock_is_reserved(pa));
	EXPECT_TRUE(memblock_is_reserved(pa + PAGE_SIZE - 1));
	p = __va(pa);
	for (i = 0; i < PAGE_SIZE; i++)
		nonzero |= p[i];
	EXPECT_EQ_INT(0, nonzero);
	src->free(pa);
	EXPECT_TRUE(!memblock_is_reserved(pa));
	CHECK();
}
