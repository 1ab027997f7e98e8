/* The CPU: exception delivery (0 points). */
#include <errno.h>

#include "grader.h"
#include "helpers.h"
#include "linux/printk.h"
#include "sim/cpu.h"

static unsigned long seen_cr2, seen_error;
static int calls;

static int record_handler(struct cpu_state *cpu, unsigned long error_code)
{
	seen_cr2 = cpu->cr2;
	seen_error = error_code;
	calls++;
	return 0;
}

TEST(page_fault_reaches_its_handler, 0)
{
	ASSERT_EQ_INT(0, set_exception_handler(X86_TRAP_PF, record_handler));
	EXPECT_EQ_INT(0, raise_exception(X86_TRAP_PF, 0x6, 0x7f0000001000UL));
	EXPECT_EQ_INT(1, calls);
	EXPECT_EQ_U64(0x7f0000001000UL, seen_cr2);
	EXPECT_EQ_U64(0x6, seen_error);
	EXPECT_EQ_U64(0x7f0000001000UL, this_cpu->cr2);
	EXPECT_EQ_INT(X86_TRAP_PF, this_cpu->last_exception.vector);
	EXPECT_TRUE(this_cpu->last_exception.has_error_code);
	EXPECT_EQ_U64(1, this_cpu->exception_count[X86_TRAP_PF]);
	EXPECT_EQ_INT(0, this_cpu->exception_depth);
}

TEST(vectors_without_error_code_drop_it, 0)
{
	ASSERT_EQ_INT(0, set_exception_handler(X86_TRAP_UD, record_handler));
	this_cpu->cr2 = 0x1234;
	EXPECT_EQ_INT(0, raise_exception(X86_TRAP_UD, 5, 0xdead));
	EXPECT_EQ_U64(0, seen_error);
	EXPECT_TRUE(!this_cpu->last_exception.has_error_code);
	EXPECT_EQ_U64(0x1234, this_cpu->cr2); /* only #PF writes CR2 */
}

TEST(error_code_vectors, 0)
{
	unsigned int v;

	for (v = 0; v < 40; v++) {
		int want = v == 8 || (v >= 10 && v <= 14) || v == 17 ||
			   v == 21 || v == 29;

		EXPECT_MSG(x86_trap_has_error_code(v) == want,
			   "vector %u: expected has_error_code %d", v, want);
	}
	EXPECT_EQ_STR("#PF", x86_trap_name(X86_TRAP_PF));
	EXPECT_EQ_STR("#GP", x86_trap_name(13));
	EXPECT_EQ_STR("#??", x86_trap_name(31));
}

TEST(unhandled_exceptions_oops, 0)
{
	log_buf_clear();
	EXPECT_EQ_INT(-EFAULT, raise_exception(X86_TRAP_GP, 0x18, 0));
	EXPECT_EQ_STR("Oops: segment-related general protection fault: 0018 [#1]\n",
		      log_buf_read());
	log_buf_clear();
	EXPECT_EQ_INT(-EFAULT, raise_exception(X86_TRAP_PF, 0x2, 0x1000));
	EXPECT_EQ_STR("BUG: unable to handle page fault for address: 0000000000001000\n"
		      "#PF: supervisor write access in kernel mode\n"
		      "#PF: error_code(0x0002) - not-present page\n"
		      "Oops: Oops: 0002 [#2]\n",
		      log_buf_read());
	log_buf_clear();
	EXPECT_EQ_INT(-EFAULT, raise_exception(X86_TRAP_PF, 0x0, 0x18));
	EXPECT_EQ_STR("BUG: kernel NULL pointer dereference, address: 0000000000000018\n"
		      "#PF: supervisor read access in kernel mode\n"
		      "#PF: error_code(0x0000) - not-present page\n"
		      "Oops: Oops: 0000 [#3]\n",
		      log_buf_read());
	log_buf_clear();
	EXPECT_EQ_INT(-EFAULT, raise_exception(X86_TRAP_GP, 0, 0));
	EXPECT_EQ_INT(-EFAULT, raise_exception(X86_TRAP_UD, 0, 0));
	EXPECT_EQ_STR("Oops: general protection fault: 0000 [#4]\n"
		      "Oops: invalid opcode: 0000 [#5]\n",
		      log_buf_read());
	EXPECT_EQ_U64(2, this_cpu->exception_count[X86_TRAP_GP]);
}

TEST(bad_vectors_are_refused, 0)
{
	EXPECT_EQ_INT(-EINVAL, raise_exception(32, 0, 0));
	EXPECT_EQ_INT(-EINVAL, set_exception_handler(32, record_handler));
	EXPECT_EQ_INT(-EINVAL, raise_exception(~0U, 0, 0));
}

static int recursive_handler(struct cpu_state *cpu, unsigned long error_code)
{
	(void)cpu;
	return raise_exception(X86_TRAP_GP, error_code, 0);
}

TEST(runaway_nesting_is_refused, 0)
{
	ASSERT_EQ_INT(0, set_exception_handler(X86_TRAP_GP, recursive_handler));
	EXPECT_EQ_INT(-ELOOP, raise_exception(X86_TRAP_GP, 0, 0));
	EXPECT_EQ_INT(0, this_cpu->exception_depth);
	EXPECT_EQ_U64(EXCEPTION_MAX_DEPTH + 1,
		      this_cpu->exception_count[X86_TRAP_GP]);
	exception_handlers_reset();
	EXPECT_EQ_INT(-EFAULT, raise_exception(X86_TRAP_GP, 0, 0));
}
