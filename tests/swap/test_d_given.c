/* swapon, swapoff, headers, priorities, /proc files (given code: 0 points). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

TEST(mkswap_checks_its_arguments, 0)
{
	unsigned int bad0[] = { 0 }, bad_end[] = { 10 };

	BOOT(NULL);
	EXPECT_EQ_INT(-EINVAL, mkswap("/dev/vdb", 9, NULL, 0));
	EXPECT_EQ_INT(-EINVAL, mkswap("/dev/vdb", 10, bad0, 1));
	EXPECT_EQ_INT(-EINVAL, mkswap("/dev/vdb", 10, bad_end, 1));
	EXPECT_EQ_INT(-EINVAL, mkswap("/dev/vdb", 100, bad0, 638));
	EXPECT_EQ_INT(-EINVAL, mkswap("", 100, NULL, 0));
	EXPECT_EQ_INT(0, mkswap("/dev/vdb", 10, NULL, 0));
	machine_shutdown();
	EXPECT_EQ_INT(-ENODEV, mkswap("/dev/vdb", 10, NULL, 0));
	EXPECT_EQ_INT(-ENODEV, sys_swapon("/dev/vdb", 0));
}

TEST(swapon_checks_the_header, 0)
{
	const char *name = swap_tmpfile("hdr");
	static union swap_header h;
	int fd;

	BOOT(NULL);
	EXPECT_EQ_INT(-ENOENT, sys_swapon("/dev/nothing", 0));
	EXPECT_EQ_INT(-ENOENT, sys_swapon(swap_tmpfile("nothing"), 0));
	ASSERT_EQ_INT(0, mkswap(name, 100, NULL, 0));
	fd = open(name, O_RDWR);
	ASSERT_TRUE(fd >= 0);
	ASSERT_EQ_INT((int)sizeof(h), (int)pread(fd, &h, sizeof(h), 0));
	EXPECT_TRUE(memcmp(h.magic.magic, "SWAPSPACE2", 10) == 0);
	EXPECT_EQ_INT(1, (int)h.info.version);
	EXPECT_EQ_INT(99, (int)h.info.last_page);
	h.info.version = 2;
	pwrite(fd, &h, sizeof(h), 0);
	log_buf_clear();
	EXPECT_EQ_INT(-EINVAL, sys_swapon(name, 0));
	EXPECT_TRUE(log_has("Unable to handle swap header version 2"));
	h.info.version = 1;
	h.info.last_page = 100;
	pwrite(fd, &h, sizeof(h), 0);
	EXPECT_EQ_INT(-EINVAL, sys_swapon(name, 0));
	EXPECT_TRUE(log_has("Swap area shorter than signature indicates"));
	memcpy(h.magic.magic, "SWAP-SPACE", 10);
	h.info.last_page = 99;
	pwrite(fd, &h, sizeof(h), 0);
	EXPECT_EQ_INT(-EINVAL, sys_swapon(name, 0));
	EXPECT_TRUE(log_has("Unable to find swap-space signature"));
	close(fd);
	EXPECT_TRUE(!(swap_info[0]->flags & SWP_USED));
	EXPECT_EQ_INT(0, (int)total_swap_pages);
	EXPECT_EQ_INT(0, mkswap(name, 100, NULL, 0));
	EXPECT_EQ_INT(0, sys_swapon(name, 0));
	EXPECT_TRUE(log_has("Adding 396k swap on "));
	EXPECT_EQ_INT(-EBUSY, sys_swapon(name, 0));
	EXPECT_EQ_INT(-EINVAL, sys_swapon(name, 0x100000));
	EXPECT_EQ_INT(-EINVAL, sys_swapoff("/dev/nothing"));
	unlink(name);
}

TEST(at_most_max_swapfiles_areas, 0)
{
	char name[32];
	int i;

	BOOT(NULL);
	for (i = 0; i < MAX_SWAPFILES; i++) {
		snprintf(name, sizeof(name), "/dev/vd%c", 'a' + i);
		AREA(name, 10, -1);
	}
	EXPECT_EQ_INT(0, mkswap("/dev/vdz", 10, NULL, 0));
	EXPECT_EQ_INT(-EPERM, sys_swapon("/dev/vdz", 0));
	EXPECT_EQ_INT(0, sys_swapoff("/dev/vdc"));
	EXPECT_EQ_INT(0, sys_swapon("/dev/vdz", 0));
	EXPECT_EQ_INT(2, swap_info_by_name("/dev/vdz")->type);
	CHECK();
}

TEST(default_priorities_count_down_and_close_up, 0)
{
	BOOT(NULL);
	EXPECT_EQ_INT(-1, AREA("/dev/vdb", 10, -1)->prio);
	EXPECT_EQ_INT(-2, AREA("/dev/vdc", 10, -1)->prio);
	EXPECT_EQ_INT(7, AREA("/dev/vdd", 10, 7)->prio);
	EXPECT_EQ_INT(-3, AREA("/dev/vde", 10, -1)->prio);
	EXPECT_EQ_INT(0, sys_swapoff("/dev/vdc"));
	EXPECT_EQ_INT(-1, swap_info_by_name("/dev/vdb")->prio);
	EXPECT_EQ_INT(-2, swap_info_by_name("/dev/vde")->prio);
	EXPECT_EQ_INT(7, swap_info_by_name("/dev/vdd")->prio);
	EXPECT_EQ_INT(-3, AREA("/dev/vdc", 10, -1)->prio);
	CHECK();
}

TEST(proc_swaps_and_meminfo_formats, 0)
{
	char *name = strdup(swap_tmpfile("my swap"));
	char expect[1024];

	BOOT(NULL);
	EXPECT_EQ_STR("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n",
		      proc_swaps());
	EXPECT_EQ_STR("SwapTotal:             0 kB\nSwapFree:              0 kB\n",
		      meminfo_swap());
	AREA("/dev/vdb", 262144, 3);
	AREA(name, 100, -1);
	snprintf(expect, sizeof(expect),
		 "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
		 "/dev/vdb                                partition\t1048572\t\t0\t\t3\n"
		 "%.*s\\040swap%*s" "file\t\t396\t\t0\t\t-1\n",
		 (int)(strlen(name) - 5), name,
		 strlen(name) + 3 < 40 ? (int)(40 - strlen(name) - 3) : 1, " ");
	EXPECT_EQ_STR(expect, proc_swaps());
	EXPECT_EQ_STR("SwapTotal:       1048968 kB\nSwapFree:        1048968 kB\n",
		      meminfo_swap());
	unlink(name);
	free(name);
}

TEST(a_partition_is_lost_at_shutdown, 0)
{
	BOOT(NULL);
	AREA("/dev/vdb", 100, -1);
	machine_shutdown();
	BOOT(NULL);
	EXPECT_EQ_INT(-ENOENT, sys_swapon("/dev/vdb", 0));
	EXPECT_TRUE(!(swap_info[0]->flags & SWP_USED)); /* Linux keeps it */
	EXPECT_EQ_INT(0, (int)total_swap_pages);
}

TEST(swapon_all_switches_on_the_profile, 0)
{
	const char *file;

	BOOT("swap");
	EXPECT_EQ_INT(0, swapon_all());
	EXPECT_TRUE(swap_info_by_name("/dev/vdb") != NULL);
	EXPECT_EQ_INT(65535, (int)total_swap_pages);
	EXPECT_EQ_INT(-EBUSY, swapon_all());
	machine_shutdown();
	BOOT("swapfile");
	EXPECT_EQ_INT(0, swapon_all());
	file = swap_tmpfile("swapfile");
	EXPECT_TRUE(swap_info_by_name(file) != NULL);
	EXPECT_TRUE(strstr(proc_swaps(), "file\t\t262140\t\t0\t\t-1\n") != NULL);
	machine_shutdown();
	BOOT("small");
	EXPECT_EQ_INT(0, swapon_all());
	EXPECT_EQ_INT(0, (int)total_swap_pages);
	unlink(file);
}

static char out[8192];

TEST(mmsim_swaps, 0)
{
	EXPECT_EQ_INT(0, grade_run("\"$MMSIM\" swaps --profile swap --meminfo", out,
				   sizeof(out)));
	EXPECT_EQ_STR("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
		      "/dev/vdb                                partition\t262140\t\t0\t\t-1\n"
		      "SwapTotal:        262140 kB\nSwapFree:         262140 kB\n",
		      out);
	EXPECT_EQ_INT(2, grade_run("\"$MMSIM\" swaps --swapon nonsense", out,
				   sizeof(out)));
	EXPECT_EQ_INT(1, grade_run("\"$MMSIM\" swaps --swapon /dev/vdc:1:1 --alloc 300",
				   out, sizeof(out)));
}
