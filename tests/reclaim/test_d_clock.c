/* Exercise 8.4: the CLOCK hand, clock_find_victim(), on textbook strings. */
#include <stdlib.h>

#include "helpers.h"

static const char *silberschatz = "7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1";

static long faults(const char *text, unsigned int frames)
{
	unsigned long *t;
	size_t n = refs(text, &t);
	long f = policy_faults(POLICY_CLOCK, frames, t, n);

	free(t);
	return f;
}

/* A plain CLOCK, one reference at a time; returns the victim or -1. */
struct ref_clock {
	unsigned long page[64];
	bool ref[64];
	unsigned int n, used, hand;
};

static long ref_clock_step(struct ref_clock *c, unsigned long page)
{
	unsigned int i;
	long victim;

	for (i = 0; i < c->used; i++)
		if (c->page[i] == page) {
			c->ref[i] = true;
			return -2;
		}
	if (c->used < c->n) {
		c->page[c->used] = page;
		c->ref[c->used++] = true;
		return -1;
	}
	while (c->ref[c->hand]) {
		c->ref[c->hand] = false;
		c->hand = (c->hand + 1) % c->n;
	}
	victim = (long)c->page[c->hand];
	c->page[c->hand] = page;
	c->ref[c->hand] = true;
	c->hand = (c->hand + 1) % c->n;
	return victim;
}

static void compare(const unsigned long *t, size_t n, unsigned int frames)
{
	struct ref_clock c = { .n = frames };
	struct policy_step step;
	struct policy_sim s;
	size_t i;

	ASSERT_EQ_INT(0, policy_sim_init(&s, POLICY_CLOCK, frames, t, n));
	for (i = 0; i < n; i++) {
		long want = ref_clock_step(&c, t[i]);

		ASSERT_EQ_INT(0, policy_sim_step(&s, &step));
		ASSERT_MSG(step.victim == (want < 0 ? -1 : want),
			   "reference %zu (page %lu): victim %ld, expected %ld",
			   i + 1, t[i], step.victim, want < 0 ? -1 : want);
	}
	policy_sim_destroy(&s);
}

TEST(clock_silberschatz_string, 1)
{
	EXPECT_EQ_INT(14, (int)faults(silberschatz, 3));
	EXPECT_EQ_INT(9, (int)faults(silberschatz, 4));
}

TEST(clock_hot_page_survives, 1)
{
	unsigned long *t;
	size_t n = refs("1,2,3,2,4,2,5,2,3,2,4,2", &t);
	struct policy_step step;
	struct policy_sim s;

	EXPECT_EQ_INT(7, (int)policy_faults(POLICY_CLOCK, 3, t, n));
	ASSERT_EQ_INT(0, policy_sim_init(&s, POLICY_CLOCK, 3, t, n));
	while (policy_sim_step(&s, &step) == 0)
		EXPECT_MSG(step.victim != 2, "page 2, used every other time, was evicted at reference %lu",
			   step.index + 1);
	policy_sim_destroy(&s);
	free(t);
}

TEST(clock_victims_step_by_step, 1)
{
	unsigned long *t;
	size_t n = refs(silberschatz, &t);

	compare(t, n, 3);
	compare(t, n, 4);
	free(t);
}

static void four_frames(struct policy_sim *s, unsigned long *t)
{
	int i;

	for (i = 0; i < 4; i++)
		t[i] = (unsigned long)i + 10;
	ASSERT_EQ_INT(0, policy_sim_init(s, POLICY_CLOCK, 4, t, 4));
	for (i = 0; i < 4; i++)
		ASSERT_EQ_INT(0, policy_sim_step(s, NULL));
}

TEST(clock_sweep_clears_bits, 1)
{
	unsigned long t[4];
	struct policy_sim s;

	four_frames(&s, t);
	s.hand = 0;
	s.frames[0].ref = true;
	s.frames[1].ref = true;
	s.frames[2].ref = false;
	s.frames[3].ref = true;
	EXPECT_EQ_INT(2, (int)clock_find_victim(&s));
	EXPECT_EQ_INT(2, (int)s.hand);
	EXPECT_TRUE(!s.frames[0].ref && !s.frames[1].ref);
	EXPECT_MSG(s.frames[3].ref, "the sweep went past the victim");
	policy_sim_destroy(&s);
}

TEST(clock_full_circle, 1)
{
	unsigned long t[4];
	struct policy_sim s;
	int i;

	four_frames(&s, t);
	s.hand = 3;
	for (i = 0; i < 4; i++)
		s.frames[i].ref = true;
	EXPECT_EQ_INT(3, (int)clock_find_victim(&s));
	EXPECT_EQ_INT(3, (int)s.hand);
	for (i = 0; i < 4; i++)
		EXPECT_MSG(!s.frames[i].ref, "frame %d's bit is still set", i);
	policy_sim_destroy(&s);
}

TEST(clock_hand_on_a_clear_bit_stays, 1)
{
	unsigned long t[4];
	struct policy_sim s;

	four_frames(&s, t);
	s.hand = 1;
	s.frames[0].ref = true;
	s.frames[1].ref = false;
	s.frames[2].ref = true;
	s.frames[3].ref = true;
	EXPECT_EQ_INT(1, (int)clock_find_victim(&s));
	EXPECT_TRUE(s.frames[0].ref && s.frames[2].ref && s.frames[3].ref);
	policy_sim_destroy(&s);
}

TEST(clock_random_trace_matches_reference, 2)
{
	static unsigned long t[20000];
	unsigned long long x = 12345;
	size_t i;

	for (i = 0; i < 20000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		t[i] = (x >> 20) % (i % 7 ? 12 : 50);
	}
	compare(t, 20000, 16);
	compare(t, 20000, 5);
}
