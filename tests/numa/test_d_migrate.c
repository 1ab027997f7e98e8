/* Exercise 10.4: migrate_folio() and migrating a page to a node (8 points). */
#include <string.h>

#include "helpers.h"
#include "linux/printk.h"

/* Raw flag bits: chapters 7 and 8 add the accessors for some of them. */
#define SET(page, flag)	 ((page)->flags |= 1UL << (flag))
#define TESTF(page, flag) (((page)->flags >> (flag)) & 1)

static struct page *page_on(int nid)
{
	struct page *page = __alloc_pages(GFP_HIGHUSER_MOVABLE | __GFP_THISNODE,
					  0, nid);

	if (page)
		memset(page_address(page), 0x5a, PAGE_SIZE);
	return page;
}

TEST(migration_moves_the_contents, 1)
{
	struct page *page, *newpage = NULL;
	unsigned char *p;

	BOOT("numa2");
	page = page_on(0);
	ASSERT_TRUE(page != NULL);
	p = page_address(page);
	p[0] = 1;
	p[4095] = 2;
	ASSERT_EQ_INT(0, migrate_page_to_node(page, 1, MR_SYSCALL, &newpage));
	ASSERT_TRUE(newpage != NULL && newpage != page);
	EXPECT_EQ_INT(1, page_to_nid(newpage));
	p = page_address(newpage);
	EXPECT_EQ_INT(1, p[0]);
	EXPECT_EQ_INT(0x5a, p[2048]);
	EXPECT_EQ_INT(2, p[4095]);
	EXPECT_EQ_INT(1, page_ref_count(newpage));
}

TEST(migration_frees_the_old_page, 1)
{
	struct page *page, *newpage = NULL;
	unsigned long free0, free1;

	BOOT("numa2");
	page = page_on(0);
	ASSERT_TRUE(page != NULL);
	free0 = free_on(0);
	free1 = free_on(1);
	ASSERT_EQ_INT(0, migrate_page_to_node(page, 1, MR_SYSCALL, &newpage));
	EXPECT_EQ_U64(free0 + 1, free_on(0));
	EXPECT_EQ_U64(free1 - 1, free_on(1));
	EXPECT_EQ_INT(0, page_ref_count(page));
	EXPECT_TRUE(!log_has("BUG: Bad page"));
	CHECK();
}

TEST(migration_copies_the_content_flags, 1)
{
	struct page *page, *newpage = NULL;

	BOOT("numa2");
	page = page_on(1);
	ASSERT_TRUE(page != NULL);
	SetPageReferenced(page);
	SET(page, PG_uptodate);
	SET(page, PG_swapbacked);
	ASSERT_EQ_INT(0, migrate_page_to_node(page, 0, MR_SYSCALL, &newpage));
	EXPECT_TRUE(PageReferenced(newpage));
	EXPECT_TRUE(TESTF(newpage, PG_uptodate));
	EXPECT_TRUE(TESTF(newpage, PG_swapbacked));
	EXPECT_TRUE(!PageDirty(newpage) && !PageActive(newpage));
	EXPECT_EQ_INT(0, page_to_nid(newpage));
}

TEST(migration_moves_the_owner_flags, 1)
{
	struct page *page, *newpage = NULL;

	BOOT("numa2");
	page = page_on(0);
	ASSERT_TRUE(page != NULL);
	SetPageActive(page);
	SetPageDirty(page);
	SetPagePrivate(page);
	set_page_private(page, 0xfeed);
	ASSERT_EQ_INT(0, migrate_page_to_node(page, 1, MR_SYSCALL, &newpage));
	EXPECT_TRUE(PageActive(newpage) && PageDirty(newpage));
	EXPECT_TRUE(PagePrivate(newpage));
	EXPECT_EQ_U64(0xfeed, page_private(newpage));
	EXPECT_TRUE(!log_has("BUG: Bad page"));
	ClearPagePrivate(newpage);
	ClearPageActive(newpage);
	set_page_private(newpage, 0);
	__free_page(newpage);
	CHECK();
}

TEST(migration_moves_mapping_and_index, 1)
{
	struct address_space *fake = (struct address_space *)0x1000;
	struct page *page, *newpage = NULL;

	BOOT("numa2");
	page = page_on(0);
	ASSERT_TRUE(page != NULL);
	page->mapping = fake;
	page->index = 42;
	ASSERT_EQ_INT(0, migrate_page_to_node(page, 1, MR_SYSCALL, &newpage));
	EXPECT_TRUE(newpage->mapping == fake);
	EXPECT_EQ_U64(42, newpage->index);
	EXPECT_TRUE(page->mapping == NULL);
	EXPECT_TRUE(!log_has("BUG: Bad page"));
	newpage->mapping = NULL;
	__free_page(newpage);
	CHECK();
}

TEST(a_page_with_another_reference_stays, 1)
{
	struct page *page, *newpage = NULL;
	unsigned long free1;

	BOOT("numa2");
	page = page_on(0);
	ASSERT_TRUE(page != NULL);
	get_page(page);
	free1 = free_on(1);
	EXPECT_EQ_INT(-EAGAIN, migrate_page_to_node(page, 1, MR_SYSCALL,
						    &newpage));
	EXPECT_TRUE(newpage == NULL);
	EXPECT_EQ_INT(2, page_ref_count(page));
	EXPECT_EQ_INT(0, page_to_nid(page));
	EXPECT_EQ_INT(0x5a, ((unsigned char *)page_address(page))[100]);
	EXPECT_EQ_U64(free1, free_on(1));
	EXPECT_EQ_U64(1, migrate_count(false));
	__free_page(page);
	ASSERT_EQ_INT(0, migrate_page_to_node(page, 1, MR_SYSCALL, &newpage));
	EXPECT_EQ_INT(1, page_to_nid(newpage));
	CHECK();
}

TEST(many_migrations_keep_the_allocator_sound, 1)
{
	struct page *pages[64], *newpage;
	int i;

	BOOT("numa4");
	for (i = 0; i < 64; i++) {
		pages[i] = page_on(i % 4);
		ASSERT_TRUE(pages[i] != NULL);
	}
	for (i = 0; i < 64; i++) {
		newpage = NULL;
		ASSERT_EQ_INT(0, migrate_page_to_node(pages[i], 3 - i % 4,
						      MR_SYSCALL, &newpage));
		EXPECT_EQ_INT(3 - i % 4, page_to_nid(newpage));
		pages[i] = newpage;
	}
	EXPECT_EQ_U64(64, migrate_count(true));
	for (i = 0; i < 64; i++)
		__free_page(pages[i]);
	CHECK();
}

TEST(bad_migrations_are_refused, 1)
{
	struct page *page, *newpage = NULL;

	BOOT("numa-memless");
	page = page_on(0);
	ASSERT_TRUE(page != NULL);
	EXPECT_EQ_INT(-ENODEV, migrate_page_to_node(page, 2, MR_SYSCALL,
						    &newpage));
	EXPECT_EQ_INT(-ENODEV, migrate_page_to_node(page, 9, MR_SYSCALL,
						    &newpage));
	EXPECT_EQ_INT(-EBUSY, migrate_page_to_node(pfn_to_page(0), 1,
						   MR_SYSCALL, &newpage));
	EXPECT_EQ_INT(0, migrate_page_to_node(page, 0, MR_SYSCALL, &newpage));
	EXPECT_TRUE(newpage == page);
	EXPECT_EQ_INT(0, migrate_page_to_node(page, 1, MR_SYSCALL, &newpage));
	EXPECT_EQ_INT(1, page_to_nid(newpage));
	EXPECT_EQ_INT(0x5a, ((unsigned char *)page_address(newpage))[7]);
}
