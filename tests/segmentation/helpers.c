#include <string.h>

#include "asm/msr-index.h"
#include "grader.h"
#include "helpers.h"
#include "linux/printk.h"
#include "uapi/asm/processor-flags.h"

/* Keep the model's printk off the test's output; tests read the log. */
__attribute__((constructor)) static void quiet_console(void)
{
	printk_set_console(NULL);
}

u64 mkdesc(u32 base, u32 limit20, unsigned int type, int s, int dpl, int p,
	   int avl, int l, int d, int g)
{
	u64 v = 0;

	v |= (u64)(limit20 & 0xffff);
	v |= (u64)(base & 0xffffff) << 16;
	v |= (u64)(type & 0xf) << 40;
	v |= (u64)(s & 1) << 44;
	v |= (u64)(dpl & 3) << 45;
	v |= (u64)(p & 1) << 47;
	v |= (u64)((limit20 >> 16) & 0xf) << 48;
	v |= (u64)(avl & 1) << 52;
	v |= (u64)(l & 1) << 53;
	v |= (u64)(d & 1) << 54;
	v |= (u64)(g & 1) << 55;
	v |= (u64)(base >> 24) << 56;
	return v;
}

static void flat(struct segment_register *r, u16 selector, bool code,
		 bool l, int dpl)
{
	memset(r, 0, sizeof(*r));
	r->selector = selector;
	r->limit = 0xffffffff;
	r->type = code ? 0xb : 0x3;
	r->dpl = dpl;
	r->s = r->present = r->g = true;
	r->l = l;
	r->db = !l;
}

void tmach_init(struct tmach *m, bool long_mode, int cpl)
{
	static const u64 linux_gdt[6] = { LINUX_KERNEL32_CS, LINUX_KERNEL_CS,
					  LINUX_KERNEL_DS,   LINUX_USER32_CS,
					  LINUX_USER_DS,     LINUX_USER_CS };
	u16 cs;

	memset(m, 0, sizeof(*m));
	memcpy(&m->gdt[1], linux_gdt, sizeof(linux_gdt));
	m->cpu.cr0 = X86_CR0_PE;
	if (long_mode) {
		m->cpu.cr0 |= X86_CR0_PG;
		m->cpu.cr4 = X86_CR4_PAE;
		m->cpu.efer = EFER_LME | EFER_LMA;
		cs = cpl ? 0x33 : 0x10;
	} else {
		cs = cpl ? 0x23 : 0x08;
	}
	flat(&m->cpu.cs, cs, true, long_mode, cpl);
	flat(&m->cpu.ss, cpl ? 0x2b : 0x18, false, false, cpl);
	m->dt.gdtr.address = (unsigned long)m->gdt;
	m->dt.gdtr.size = sizeof(m->gdt) - 1;
	m->dt.ldtr.selector = GDT_ENTRY_LDT << 3;
	m->dt.ldtr.base = (unsigned long)m->ldt;
	m->dt.ldtr.limit = sizeof(m->ldt) - 1;
	m->dt.ldtr.type = DESC_LDT;
	m->dt.ldtr.present = true;
}
