/* The chapter's given code: discovery, node masks, policies, profiles (0 points). */
#include <stdio.h>
#include <string.h>

#include "asm/e820/api.h"
#include "asm/numa.h"
#include "helpers.h"
#include "linux/printk.h"
#include "sim/machine.h"
#include "sim/numa_cost.h"

TEST(single_node_machines_are_as_before, 0)
{
	BOOT("small");
	EXPECT_EQ_INT(1, num_online_nodes());
	EXPECT_TRUE(NODE_DATA(1) == NULL);
	EXPECT_TRUE(log_has("No NUMA configuration found\n"));
	EXPECT_TRUE(!log_has("Fallback order"));
	EXPECT_EQ_INT(MAX_NUMNODES, memblock.memory.regions[0].nid);
	EXPECT_EQ_STR(" 0:DMA32 0:DMA", zonelist_str(0, ZONELIST_FALLBACK));
	EXPECT_EQ_INT(1, (int)nr_cpu_ids);
	EXPECT_EQ_INT(10, node_distance(0, 0));
	EXPECT_EQ_INT(20, node_distance(0, 1));
}

TEST(a_numa_machine_after_a_single_node_one, 0)
{
	BOOT("numa4");
	machine_shutdown();
	BOOT("small");
	EXPECT_EQ_INT(1, num_online_nodes());
	EXPECT_TRUE(NODE_DATA(3) == NULL);
	machine_shutdown();
	BOOT("numa2");
	EXPECT_EQ_INT(2, num_online_nodes());
}

TEST(nodes_zones_and_pages_of_numa2, 0)
{
	BOOT("numa2");
	EXPECT_EQ_INT(2, num_online_nodes());
	EXPECT_EQ_INT(2, num_node_state(N_MEMORY));
	EXPECT_EQ_INT(2, num_node_state(N_CPU));
	EXPECT_EQ_U64(0x4000, NODE_DATA(1)->node_start_pfn);
	EXPECT_EQ_U64(0x4000, NODE_DATA(1)->node_spanned_pages);
	EXPECT_EQ_U64(0x1000, NODE_DATA(0)->node_zones[ZONE_DMA32].zone_start_pfn);
	EXPECT_EQ_U64(0x3000, NODE_DATA(0)->node_zones[ZONE_DMA32].spanned_pages);
	EXPECT_EQ_U64(0x4000, NODE_DATA(1)->node_zones[ZONE_DMA32].spanned_pages);
	EXPECT_EQ_U64(0, NODE_DATA(1)->node_zones[ZONE_DMA].spanned_pages);
	EXPECT_EQ_INT(1, page_to_nid(pfn_to_page(0x4000)));
	EXPECT_EQ_INT(0, page_to_nid(pfn_to_page(0x3fff)));
	EXPECT_TRUE(page_zone(pfn_to_page(0x5000)) ==
		    &NODE_DATA(1)->node_zones[ZONE_DMA32]);
	EXPECT_EQ_INT(1, memblock.memory.regions[1].nid);
	EXPECT_EQ_INT(21, node_distance(0, 1));
	EXPECT_EQ_INT(1, cpu_to_node(3));
	EXPECT_EQ_INT(NUMA_NO_NODE, cpu_to_node(4));
	EXPECT_TRUE(log_has("ACPI: SRAT: Node 1 PXM 1 [mem 0x04000000-0x07ffffff]\n"));
	EXPECT_TRUE(log_has("SRAT: PXM 1 -> APIC 0x03 -> Node 1\n"));
	EXPECT_TRUE(log_has("Initmem setup node 1 [mem 0x0000000004000000-0x0000000007ffffff]\n"));
	CHECK();
}

TEST(asymmetric_and_memoryless, 0)
{
	BOOT("numa4");
	EXPECT_EQ_INT(28, node_distance(3, 0));
	EXPECT_EQ_INT(22, node_distance(0, 3));
	machine_shutdown();
	BOOT("numa-memless");
	EXPECT_EQ_INT(3, num_online_nodes());
	EXPECT_EQ_INT(2, num_node_state(N_MEMORY));
	EXPECT_TRUE(node_state(2, N_CPU) && !node_state(2, N_MEMORY));
	EXPECT_EQ_U64(0, NODE_DATA(2)->node_present_pages);
	EXPECT_TRUE(log_has("Initmem setup node 2 as memoryless\n"));
	ASSERT_EQ_INT(0, sim_set_cpu(5));
	EXPECT_EQ_INT(2, numa_node_id());
	EXPECT_TRUE(alloc_page(GFP_KERNEL) != NULL);
	EXPECT_TRUE(__alloc_pages(GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, 0,
				  2) == NULL);
	EXPECT_EQ_INT(-EINVAL, sim_set_cpu(6));
	EXPECT_EQ_INT(2, numa_node_id());
}

TEST(distance_table_checks_its_input, 0)
{
	BOOT("numa2");
	log_buf_clear();
	numa_set_distance(0, 0, 12);
	EXPECT_TRUE(log_has("invalid distance parameter, from=0 to=0 distance=12"));
	numa_set_distance(0, 1, 300);
	EXPECT_EQ_INT(21, node_distance(0, 1));
	numa_set_distance(0, 5, 30);
	EXPECT_TRUE(log_has("distance out of bound"));
	numa_set_distance(1, 0, 31);
	EXPECT_EQ_INT(31, node_distance(1, 0));
	EXPECT_EQ_INT(0, numa_add_memblk(0, 0x1000, 0x1000));
	EXPECT_EQ_INT(0, numa_add_memblk(99, 0, 0x1000));
	EXPECT_TRUE(log_has("invalid memblk node 99"));
}

TEST(node_lists_print_and_parse, 0)
{
	nodemask_t m = NODE_MASK_NONE;
	char buf[64];

	EXPECT_EQ_INT(0, nodelist_parse("0-2,5,7-8", &m));
	nodelist_scnprintf(buf, sizeof(buf), &m);
	EXPECT_EQ_STR("0-2,5,7-8", buf);
	EXPECT_EQ_INT(6, nodes_weight(m));
	EXPECT_EQ_INT(5, next_node(2, m));
	EXPECT_EQ_INT(0, next_node_in(8, m));
	EXPECT_EQ_INT(-EINVAL, nodelist_parse("3-1", &m));
	EXPECT_EQ_INT(-EINVAL, nodelist_parse("1,,2", &m));
	EXPECT_EQ_INT(-EINVAL, nodelist_parse("x", &m));
	EXPECT_EQ_INT(-ERANGE, nodelist_parse("64", &m));
	EXPECT_EQ_INT(6, nodes_weight(m));
	EXPECT_EQ_INT(0, nodelist_parse("", &m));
	EXPECT_TRUE(nodes_empty(m));
	EXPECT_EQ_INT(MAX_NUMNODES, first_node(m));
}

TEST(mpol_new_checks_as_linux_does, 0)
{
	nodemask_t none = NODE_MASK_NONE, n1 = mask_of("1"), n9 = mask_of("9");
	nodemask_t n01 = mask_of("0-1");
	struct mempolicy *pol = (struct mempolicy *)1;
	char buf[64];

	BOOT("numa2");
	EXPECT_EQ_INT(0, mpol_new(MPOL_DEFAULT, 0, &none, &pol));
	EXPECT_TRUE(pol == NULL);
	EXPECT_EQ_INT(-EINVAL, mpol_new(MPOL_DEFAULT, 0, &n1, &pol));
	EXPECT_EQ_INT(-EINVAL, mpol_new(MPOL_BIND, 0, &none, &pol));
	EXPECT_EQ_INT(-EINVAL, mpol_new(MPOL_INTERLEAVE, 0, &n9, &pol));
	EXPECT_EQ_INT(-EINVAL, mpol_new(MPOL_LOCAL, 0, &n1, &pol));
	EXPECT_EQ_INT(-EINVAL, mpol_new(MPOL_MAX, 0, &n1, &pol));
	EXPECT_EQ_INT(-EINVAL, mpol_new(MPOL_PREFERRED, MPOL_F_STATIC_NODES,
					&none, &pol));
	EXPECT_EQ_INT(-EINVAL, mpol_new(MPOL_BIND, MPOL_F_STATIC_NODES |
						     MPOL_F_RELATIVE_NODES,
					&n1, &pol));
	EXPECT_TRUE(pol == NULL);
	EXPECT_EQ_INT(0, mpol_new(MPOL_PREFERRED, 0, &none, &pol));
	EXPECT_EQ_INT(MPOL_LOCAL, pol->mode);
	mpol_put(pol);
	EXPECT_EQ_INT(0, mpol_new(MPOL_PREFERRED, 0, &n01, &pol));
	mpol_to_str(buf, sizeof(buf), pol);
	EXPECT_EQ_STR("prefer:0", buf);
	mpol_put(pol);
	EXPECT_EQ_INT(0, mpol_new(MPOL_INTERLEAVE, MPOL_F_RELATIVE_NODES,
				  &n1, &pol));
	mpol_to_str(buf, sizeof(buf), pol);
	EXPECT_EQ_STR("interleave=relative:1", buf);
	mpol_put(pol);
	EXPECT_EQ_INT(0, mpol_live_count());
}

TEST(sanitize_mpol_flags_splits_the_mode, 0)
{
	unsigned short flags;
	int mode;

	mode = MPOL_BIND | MPOL_F_STATIC_NODES;
	EXPECT_EQ_INT(0, sanitize_mpol_flags(&mode, &flags));
	EXPECT_EQ_INT(MPOL_BIND, mode);
	EXPECT_EQ_INT(MPOL_F_STATIC_NODES, flags);
	mode = MPOL_INTERLEAVE | MPOL_F_NUMA_BALANCING;
	EXPECT_EQ_INT(-EINVAL, sanitize_mpol_flags(&mode, &flags));
	mode = MPOL_BIND | MPOL_F_NUMA_BALANCING;
	EXPECT_EQ_INT(0, sanitize_mpol_flags(&mode, &flags));
	EXPECT_TRUE(flags & MPOL_F_MOF);
	mode = 7;
	EXPECT_EQ_INT(-EINVAL, sanitize_mpol_flags(&mode, &flags));
	EXPECT_EQ_INT(6, MPOL_WEIGHTED_INTERLEAVE);
	EXPECT_EQ_INT(0x8000, MPOL_F_STATIC_NODES);
}

TEST(cost_model_charges_by_distance, 0)
{
	BOOT("numa2");
	EXPECT_EQ_INT(80, (int)numa_access_ns(0, 0));
	EXPECT_EQ_INT(168, (int)numa_access_ns(0, 1));
	machine_shutdown();
	BOOT("small");
	{
		struct numa_cost c[NUMA_COST_CASES];

		EXPECT_EQ_INT(-ENODEV, numa_cost_run(c));
	}
}

/* Tables that do not cover the RAM are refused: one fake node, as before. */
TEST(wrong_tables_fall_back_to_one_node, 0)
{
	static const struct boot_e820_entry map[] = {
		{ 0, 0x9000000, E820_TYPE_RAM },
	};

	ASSERT_EQ_INT(0, machine_boot_map("numa2", map, 1));
	EXPECT_TRUE(log_has("NUMA: nodes only cover 128MB of your 144MB e820 RAM. Not used.\n"));
	EXPECT_TRUE(log_has("No NUMA configuration found\n"));
	EXPECT_EQ_INT(1, num_online_nodes());
	EXPECT_TRUE(NODE_DATA(1) == NULL);
	EXPECT_EQ_INT(MAX_NUMNODES, memblock.memory.regions[0].nid);
	EXPECT_EQ_INT(1, (int)nr_cpu_ids);
	EXPECT_TRUE(alloc_page(GFP_KERNEL) != NULL);
	CHECK();
}

TEST(cost_model_with_tasks_agrees_with_the_direct_run, 0)
{
	struct numa_cost a[NUMA_COST_CASES], b[NUMA_COST_CASES];
	unsigned long free0, free1;
	int i;

	BOOT("numa2");
	free0 = free_on(0);
	free1 = free_on(1);
	ASSERT_EQ_INT(0, numa_cost_run(a));
	ASSERT_EQ_INT(0, numa_cost_run_tasks(b));
	for (i = 0; i < NUMA_COST_CASES; i++) {
		EXPECT_EQ_U64(a[i].pages[0], b[i].pages[0]);
		EXPECT_EQ_U64(a[i].pages[1], b[i].pages[1]);
		EXPECT_EQ_U64(a[i].remote, b[i].remote);
		EXPECT_EQ_U64(a[i].total_ns, b[i].total_ns);
		EXPECT_EQ_U64(a[i].one_ns, b[i].one_ns);
	}
	EXPECT_EQ_INT(0, (int)mpol_live_count());
	EXPECT_TRUE(list_empty(&task_list));
	EXPECT_EQ_U64(free0, free_on(0));
	EXPECT_EQ_U64(free1, free_on(1));
	CHECK();
}
