#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "sim/machine.h"

/* Keep the model's printk off the test's output; tests read the log. */
__attribute__((constructor)) static void quiet_console(void)
{
	printk_set_console(NULL);
}

void boot_machine(const char *file, int line)
{
	int ret;

	slab_debug_setup("-");
	ret = machine_boot(NULL);
	grade_check(ret == 0, 1, file, line, "machine_boot(NULL) returned %d: %s",
		    ret, machine_error());
	log_buf_clear();
}

void invariants_hold(const char *file, int line)
{
	const char *log, *last;

	log_buf_clear();
	if (slab_check() == 0)
		return;
	log = log_buf_read();
	last = strstr(log, "slab_check:");
	grade_check(0, 1, file, line, "slab_check() failed: %s",
		    last ? last : log);
}

struct kmem_cache *new_cache(const char *name, unsigned int size,
			     unsigned int align, slab_flags_t flags,
			     void (*ctor)(void *), const char *file, int line)
{
	struct kmem_cache *s = kmem_cache_create(name, size, align, flags, ctor);

	grade_check(s != NULL, 1, file, line,
		    "kmem_cache_create(\"%s\", %u, %u, %#x) returned NULL: %s",
		    name, size, align, flags, log_buf_read());
	return s;
}

void *alloc_or_die(struct kmem_cache *s, const char *file, int line)
{
	void *p = kmem_cache_alloc(s, GFP_KERNEL);

	grade_check(p != NULL, 1, file, line,
		    "kmem_cache_alloc(%s) returned NULL", s->name);
	return p;
}

int log_has(const char *text)
{
	return strstr(log_buf_read(), text) != NULL;
}

int log_count(const char *text)
{
	const char *p = log_buf_read();
	int n = 0;

	while ((p = strstr(p, text)) != NULL) {
		n++;
		p += strlen(text);
	}
	return n;
}

int freelist_len(struct kmem_cache *s, void *fp, int max)
{
	int n = 0;

	while (fp) {
		if (++n > max)
			return -1;
		fp = get_freepointer(s, fp);
	}
	return n;
}

int partial_pos(struct kmem_cache *s, struct slab *slab)
{
	struct slab *t;
	int i = 0;

	list_for_each_entry(t, &NODE0(s)->partial, slab_list) {
		if (t == slab)
			return i;
		i++;
	}
	return -1;
}

static char text[65536];

const char *slabinfo(void)
{
	FILE *f = fmemopen(text, sizeof(text), "w");

	slabinfo_show(f);
	fclose(f);
	return text;
}

const char *slabinfo_line(const char *name)
{
	static char line[512];
	char key[80];
	const char *p, *e;

	snprintf(key, sizeof(key), "\n%s ", name);
	p = strstr(slabinfo(), key);
	if (!p)
		return "";
	p++;
	e = strchr(p, '\n');
	snprintf(line, sizeof(line), "%.*s", (int)(e ? e - p : 200), p);
	return line;
}
