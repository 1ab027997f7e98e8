/*
 * Helpers shared by the segmentation lab's tests: a CPU of the test's own
 * with Linux's GDT and room for more descriptors, and an encoder for
 * descriptors written independently of the code under test.
 */
#ifndef SEGMENTATION_TEST_HELPERS_H
#define SEGMENTATION_TEST_HELPERS_H

#include "sim/segmentation.h"

/* Linux's six descriptors, as a debugger prints them. */
#define LINUX_KERNEL32_CS 0x00cf9b000000ffffULL
#define LINUX_KERNEL_CS	  0x00af9b000000ffffULL
#define LINUX_KERNEL_DS	  0x00cf93000000ffffULL
#define LINUX_USER32_CS	  0x00cffb000000ffffULL
#define LINUX_USER_DS	  0x00cff3000000ffffULL
#define LINUX_USER_CS	  0x00affb000000ffffULL

#define TEST_SLOT 16 /* the first free GDT slot of a test machine */

struct tmach {
	struct cpu_dtables dt;
	struct cpu_state cpu;
	u64 gdt[24];
	u64 ldt[8];
};

/*
 * Set m up: 32-bit protected mode or 64-bit mode at CPL cpl (0 or 3), CS
 * and SS flat at that level, GDT = Linux's 16 entries plus 8 empty slots
 * (limit 0xbf), LDTR = the 8-entry ldt[] (limit 0x3f), all zero.
 */
void tmach_init(struct tmach *m, bool long_mode, int cpl);

/* Encode a descriptor field by field. */
u64 mkdesc(u32 base, u32 limit20, unsigned int type, int s, int dpl, int p,
	   int avl, int l, int d, int g);

/* A data or code segment: type, DPL, present, byte granular. */
#define SEGDESC(base, limit, type, dpl, p) \
	mkdesc((base), (limit), (type), 1, (dpl), (p), 0, 0, 1, 0)

/* Check a fault: vector and error code. */
#define EXPECT_FAULT(ret, f, vec, ec)                                      \
	do {                                                               \
		EXPECT_EQ_INT(-EFAULT, (ret));                             \
		EXPECT_MSG((f).vector == (vec) && (f).error_code == (ec), \
			   "expected %s(%#x), got %s(%#x): %s",            \
			   x86_trap_name(vec), (unsigned int)(ec),         \
			   x86_trap_name((f).vector),                      \
			   (unsigned int)(f).error_code, (f).why);         \
	} while (0)

#endif
