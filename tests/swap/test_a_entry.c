/* Exercise 9.1: the x86-64 swap PTE, and the generic entry (0 points). */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

TEST(generic_entry_layout, 0)
{
	swp_entry_t e = swp_entry(3, 0x10);

	EXPECT_EQ_INT(58, SWP_TYPE_SHIFT);
	EXPECT_EQ_INT(24, MAX_SWAPFILES);
	EXPECT_EQ_U64(0x0c00000000000010UL, e.val);
	EXPECT_EQ_INT(3, swp_type(e));
	EXPECT_EQ_U64(0x10, swp_offset(e));
	EXPECT_EQ_U64(SWP_OFFSET_MASK, swp_offset(swp_entry(0, ~0UL)));
	EXPECT_TRUE(!non_swap_entry(swp_entry(MAX_SWAPFILES - 1, 1)));
	EXPECT_TRUE(non_swap_entry(swp_entry(MAX_SWAPFILES, 1)));
	EXPECT_TRUE(is_migration_entry(swp_entry(SWP_MIGRATION_WRITE, 7)));
	EXPECT_TRUE(!is_migration_entry(swp_entry(SWP_DEVICE_WRITE, 7)));
	EXPECT_EQ_INT(31, SWP_PTE_MARKER);
	EXPECT_EQ_INT(9, SWP_OFFSET_FIRST_BIT);
	EXPECT_EQ_INT(14, SWP_OFFSET_SHIFT);
	EXPECT_EQ_INT(637, (int)MAX_SWAP_BADPAGES);
	EXPECT_EQ_INT(4096, (int)sizeof(union swap_header));
}

TEST(pte_type_in_bits_59_to_63, 1)
{
	unsigned long t;

	for (t = 0; t < 32; t++) {
		swp_entry_t x = __swp_entry(t, 5);

		EXPECT_EQ_U64(t, x.val >> 59);
		EXPECT_EQ_U64(t, __swp_type(x));
	}
}

TEST(pte_offset_inverted_in_bits_9_to_58, 2)
{
	EXPECT_EQ_U64(0x07fffffffffffe00UL, __swp_entry(0, 0).val);
	EXPECT_EQ_U64(0x07fffffffffffc00UL, __swp_entry(0, 1).val);
	EXPECT_EQ_U64(0x1ffffffffffffc00UL, __swp_entry(3, 1).val);
	EXPECT_EQ_U64(0x0fffffffffffaa00UL, __swp_entry(1, 0x2a).val);
	EXPECT_EQ_U64(0x2a, __swp_offset((swp_entry_t){ 0x0fffffffffffaa00UL }));
	EXPECT_EQ_U64(1, __swp_offset((swp_entry_t){ 0x1ffffffffffffc00UL }));
	EXPECT_EQ_U64(3, __swp_type((swp_entry_t){ 0x1ffffffffffffc00UL }));
}

TEST(pte_low_bits_stay_clear, 1)
{
	unsigned long i;

	srandom(9);
	for (i = 0; i < 5000; i++) {
		unsigned long t = (unsigned long)random() % 32;
		unsigned long off = ((unsigned long)random() << 20 ^
				     (unsigned long)random()) &
				    ((1UL << 50) - 1);

		ASSERT_MSG((__swp_entry(t, off).val & 0x1ff) == 0,
			   "__swp_entry(%lu, %#lx) = %#lx sets bits 0-8", t,
			   off, __swp_entry(t, off).val);
	}
}

TEST(pte_round_trip, 2)
{
	unsigned long i;

	srandom(91);
	for (i = 0; i < 20000; i++) {
		unsigned long t = (unsigned long)random() % 32;
		unsigned long off = ((unsigned long)random() << 31 ^
				     (unsigned long)random()) &
				    ((1UL << 50) - 1);
		swp_entry_t x = __swp_entry(t, off);

		ASSERT_MSG(__swp_type(x) == t && __swp_offset(x) == off,
			   "(%lu, %#lx) came back as (%lu, %#lx)", t, off,
			   __swp_type(x), __swp_offset(x));
	}
}

TEST(pte_largest_offset, 1)
{
	unsigned long max = (1UL << 50) - 1;

	EXPECT_EQ_U64(0UL, __swp_entry(0, max).val);
	EXPECT_EQ_U64(31UL << 59, __swp_entry(31, max).val);
	EXPECT_EQ_U64(max, __swp_offset(__swp_entry(31, max)));
	EXPECT_EQ_U64(31, __swp_type(__swp_entry(31, max)));
}

TEST(pte_to_swp_entry_ignores_the_flag_bits, 1)
{
	swp_entry_t e = swp_entry(2, 0x1234), back;
	pte_t pte = swp_entry_to_pte(e);

	EXPECT_TRUE(is_swap_pte(pte));
	EXPECT_TRUE(!pte_present(pte));
	pte = pte_swp_mkexclusive(pte);
	pte = __pte(pte_val(pte) | _PAGE_SWP_SOFT_DIRTY | _PAGE_SWP_UFFD_WP);
	EXPECT_TRUE(pte_swp_exclusive(pte));
	back = pte_to_swp_entry(pte);
	EXPECT_EQ_U64(e.val, back.val);
	EXPECT_TRUE(!is_swap_pte(__pte(0)));
}

TEST(small_offsets_point_above_memory, 1)
{
	unsigned long off;

	for (off = 1; off < 4096; off++) {
		pte_t pte = swp_entry_to_pte(swp_entry(off % 24, off));

		ASSERT_MSG(pte_pfn(pte) >> (MACHINE_MAX_PHYS_BITS - PAGE_SHIFT),
			   "offset %#lx: the PTE's frame %#lx is inside memory",
			   off, pte_pfn(pte));
	}
}

static char out[8192];

TEST(mmsim_swpentry, 1)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" swpentry 3 1", out, sizeof(out)));
	EXPECT_MSG(strstr(out, "= 0x0c00000000000001") != NULL, "%s", out);
	EXPECT_MSG(strstr(out, "x86-64 swap PTE      = 0x1ffffffffffffc00") != NULL,
		   "%s", out);
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" swpentry --pte 0x0fffffffffffaa08",
				   out, sizeof(out)));
	EXPECT_MSG(strstr(out, "swp_entry(1, 0x2a)") != NULL, "%s", out);
	EXPECT_MSG(strstr(out, " exclusive") != NULL, "%s", out);
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" swpentry --pte 0x1003", out,
				   sizeof(out)));
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" swpentry 1 0x2a --mermaid", out,
				   sizeof(out)));
	EXPECT_MSG(strncmp(out, "%% An x86-64 swap PTE", 21) == 0 &&
			   strstr(out, "block-beta") && strstr(out, "~0x2a"),
		   "%s", out);
}
