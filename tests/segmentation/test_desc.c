/* Exercise 2.1: decoding descriptors (and the given encoder). */
#include <errno.h>
#include <string.h>

#include "asm/desc.h"
#include "grader.h"
#include "helpers.h"

#define EXPECT_SEG(r, base_, limit_, type_, s_, dpl_, p_, avl_, l_, db_, g_) \
	do {                                                                 \
		EXPECT_EQ_U64((base_), (r).base);                            \
		EXPECT_EQ_U64((limit_), (r).limit);                          \
		EXPECT_EQ_INT((type_), (r).type);                            \
		EXPECT_EQ_INT((s_), (r).s);                                  \
		EXPECT_EQ_INT((dpl_), (r).dpl);                              \
		EXPECT_EQ_INT((p_), (r).present);                            \
		EXPECT_EQ_INT((avl_), (r).avl);                              \
		EXPECT_EQ_INT((l_), (r).l);                                  \
		EXPECT_EQ_INT((db_), (r).db);                                \
		EXPECT_EQ_INT((g_), (r).g);                                  \
	} while (0)

TEST(unpack_linux_kernel_cs, 1)
{
	struct segment_register r = { .selector = 0x1234 };

	desc_unpack(LINUX_KERNEL_CS, &r);
	EXPECT_SEG(r, 0, 0xffffffff, 0xb, 1, 0, 1, 0, 1, 0, 1);
	EXPECT_EQ_INT(0x1234, r.selector); /* left alone */
	desc_unpack(LINUX_KERNEL32_CS, &r);
	EXPECT_SEG(r, 0, 0xffffffff, 0xb, 1, 0, 1, 0, 0, 1, 1);
}

TEST(unpack_linux_data_and_user_segments, 1)
{
	struct segment_register r = { 0 };

	desc_unpack(LINUX_KERNEL_DS, &r);
	EXPECT_SEG(r, 0, 0xffffffff, 0x3, 1, 0, 1, 0, 0, 1, 1);
	desc_unpack(LINUX_USER_DS, &r);
	EXPECT_SEG(r, 0, 0xffffffff, 0x3, 1, 3, 1, 0, 0, 1, 1);
	desc_unpack(LINUX_USER32_CS, &r);
	EXPECT_SEG(r, 0, 0xffffffff, 0xb, 1, 3, 1, 0, 0, 1, 1);
	desc_unpack(LINUX_USER_CS, &r);
	EXPECT_SEG(r, 0, 0xffffffff, 0xb, 1, 3, 1, 0, 1, 0, 1);
}

TEST(unpack_scattered_base_and_limit, 1)
{
	struct segment_register r = { 0 };

	/* base 0xfedcba98, limit 0x5a5a5 bytes, data EA, DPL 2, AVL, B. */
	desc_unpack(0xfe55d5dcba98a5a5ULL, &r);
	EXPECT_SEG(r, 0xfedcba98, 0x5a5a5, 0x5, 1, 2, 1, 1, 0, 1, 0);
	/* The same with G: the limit counts pages, low 12 bits all ones. */
	desc_unpack(0xfed5d5dcba98a5a5ULL, &r);
	EXPECT_SEG(r, 0xfedcba98, 0x5a5a5fff, 0x5, 1, 2, 1, 1, 0, 1, 1);
	desc_unpack(mkdesc(0x12345678, 0, 0x2, 1, 0, 1, 0, 0, 1, 1), &r);
	EXPECT_EQ_U64(0x12345678, r.base);
	EXPECT_EQ_U64(0xfff, r.limit); /* G with field 0: one page */
}

TEST(unpack_single_bits, 1)
{
	unsigned int bit;

	for (bit = 0; bit < 64; bit++) {
		struct segment_register r = { 0 };
		u64 base = 0, limit = 0;
		unsigned int type = 0;

		desc_unpack(1ULL << bit, &r);
		if (bit < 16)
			limit = 1ULL << bit;
		else if (bit < 40)
			base = 1ULL << (bit - 16);
		else if (bit < 44)
			type = 1U << (bit - 40);
		else if (bit >= 48 && bit < 52)
			limit = 1ULL << (bit - 32);
		else if (bit >= 56)
			base = 1ULL << (bit - 32);
		if (bit == 55)
			limit = 0xfff;
		EXPECT_MSG(r.base == base && r.limit == limit && r.type == type &&
				   r.s == (bit == 44) &&
				   r.dpl == (bit == 45 ? 1 : bit == 46 ? 2 : 0) &&
				   r.present == (bit == 47) && r.avl == (bit == 52) &&
				   r.l == (bit == 53) && r.db == (bit == 54) &&
				   r.g == (bit == 55),
			   "bit %u alone decodes as base %#llx limit %#x type %#x S %d DPL %d P %d AVL %d L %d D %d G %d",
			   bit, r.base, r.limit, r.type, r.s, r.dpl, r.present,
			   r.avl, r.l, r.db, r.g);
	}
}

TEST(pack_unpack_round_trip, 1)
{
	u64 x = 0x9e3779b97f4a7c15ULL;
	int i, bad = 0;

	for (i = 0; i < 5000 && bad < 3; i++) {
		struct segment_register r = { 0 };
		u64 raw = 0, back = 0;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		raw = i < 64 ? ~0ULL >> i : x;
		desc_unpack(raw, &r);
		if (desc_pack(&r, &back) != 0 || back != raw) {
			bad++;
			EXPECT_MSG(0, "%016llx decodes and encodes as %016llx",
				   raw, back);
		}
	}
}

TEST(gdt_page_is_linux_gdt, 1)
{
	static const u64 want[GDT_ENTRIES] = {
		[GDT_ENTRY_KERNEL32_CS] = LINUX_KERNEL32_CS,
		[GDT_ENTRY_KERNEL_CS] = LINUX_KERNEL_CS,
		[GDT_ENTRY_KERNEL_DS] = LINUX_KERNEL_DS,
		[GDT_ENTRY_DEFAULT_USER32_CS] = LINUX_USER32_CS,
		[GDT_ENTRY_DEFAULT_USER_DS] = LINUX_USER_DS,
		[GDT_ENTRY_DEFAULT_USER_CS] = LINUX_USER_CS,
	};
	unsigned int i;

	EXPECT_EQ_INT(8, (int)sizeof(struct desc_struct));
	EXPECT_EQ_INT(16, (int)sizeof(struct ldttss_desc));
	EXPECT_EQ_INT(0x10, __KERNEL_CS);
	EXPECT_EQ_INT(0x18, __KERNEL_DS);
	EXPECT_EQ_INT(0x23, __USER32_CS);
	EXPECT_EQ_INT(0x2b, __USER_DS);
	EXPECT_EQ_INT(0x33, __USER_CS);
	for (i = 0; i < GDT_ENTRIES; i++) {
		struct segment_register r = { 0 };
		u64 raw;

		memcpy(&raw, &gdt_page.gdt[i], 8);
		EXPECT_MSG(raw == want[i], "gdt_page entry %u is %016llx, not %016llx",
			   i, raw, want[i]);
		if (!want[i])
			continue;
		desc_unpack(raw, &r);
		EXPECT_MSG(r.base == 0 && r.limit == 0xffffffff && r.s &&
				   r.present && r.dpl == (i >= 4 ? 3 : 0),
			   "entry %u decodes as base %#llx limit %#x DPL %d",
			   i, r.base, r.limit, r.dpl);
	}
}

TEST(pack_rejects_what_does_not_fit, 0)
{
	struct segment_register r = { .limit = 0xfffff, .type = 3, .s = 1 };
	u64 raw = 0x5555;

	EXPECT_EQ_INT(0, desc_pack(&r, &raw));
	EXPECT_EQ_U64(0x000f13000000ffffULL, raw);
	r.limit = 0x100000;
	raw = 0x5555;
	EXPECT_EQ_INT(-EINVAL, desc_pack(&r, &raw));
	EXPECT_EQ_U64(0x5555, raw);
	r.g = 1;
	r.limit = 0x12345000; /* page granular but not ending in 0xfff */
	EXPECT_EQ_INT(-EINVAL, desc_pack(&r, &raw));
	r.limit = 0x12345fff;
	r.base = 0x100000000ULL;
	EXPECT_EQ_INT(-EINVAL, desc_pack(&r, &raw));
	r.base = 0;
	r.dpl = 4;
	EXPECT_EQ_INT(-EINVAL, desc_pack(&r, &raw));
	r.dpl = 3;
	r.type = 16;
	EXPECT_EQ_INT(-EINVAL, desc_pack(&r, &raw));
	EXPECT_EQ_U64(0x5555, raw);
}

TEST(descriptor_type_names, 0)
{
	struct segment_register r = { .s = 1, .type = 0xb };
	char buf[16];

	EXPECT_EQ_STR("code RA", desc_type_name(&r, buf, sizeof(buf)));
	r.type = 0x8;
	EXPECT_EQ_STR("code", desc_type_name(&r, buf, sizeof(buf)));
	r.type = 0x7;
	EXPECT_EQ_STR("data EWA", desc_type_name(&r, buf, sizeof(buf)));
	r.type = 0xe;
	EXPECT_EQ_STR("code CR", desc_type_name(&r, buf, sizeof(buf)));
	r.s = 0;
	r.type = DESC_LDT;
	EXPECT_EQ_STR("LDT", desc_type_name(&r, buf, sizeof(buf)));
	r.type = DESC_TSS;
	EXPECT_EQ_STR("TSS", desc_type_name(&r, buf, sizeof(buf)));
}
