#!/usr/bin/env python3
"""Self-tests of the tangler, on small books written into a temporary
folder: exercises and their errors, indentation, #line directives,
prefixes and pruning. Run by `make test`; ends with "N passed, N failed"."""
import os
import re
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tangle  # noqa: E402

CH1 = """\
# One {#ch-one}

<<include/one.h>>=
int add(int a, int b);
@ %def add

<<lib/one.c>>=
#include "one.h"
int add(int a, int b)
{
	if (a)
		<<Add [[a]] and [[b]]>>
	return b;
}
@

::: {.exercise #ex-1.1 title="Add" points=3}
Add them.
:::

<<Add [[a]] and [[b]] (stub)>>=
return 0;
@
"""

ANS1 = """\
# Answers

<<Add [[a]] and [[b]]>>=
{
	int sum = a + b;
	return sum;
}
@
"""

CH2 = """\
# Two

<<lib/one.c>>=
int twice(int a)
{
	return add(a, a);
}
@
"""

LAB = """\
title = "One"
chapter = "01-one"
suites = ["one"]
edit = ["lib/one.c"]
"""


class Book:
    """A throwaway repository the tangler is pointed at."""

    def __init__(self, files):
        self.dir = tempfile.TemporaryDirectory()
        self.top = self.dir.name
        for path, text in files.items():
            full = os.path.join(self.top, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as f:
                f.write(text)
        os.makedirs(os.path.join(self.top, "tangle"), exist_ok=True)
        with open(os.path.join(self.top, "tangle", "tree.mk"), "w") as f:
            f.write("all:\n")
        self.saved, tangle.TOP = tangle.TOP, self.top

    def read(self, path):
        with open(os.path.join(self.top, path)) as f:
            return f.read()

    def close(self):
        tangle.TOP = self.saved
        self.dir.cleanup()


def book(extra=None):
    files = {"book/01-one.nw": CH1, "answers/01-one.nw": ANS1,
             "labs/one/lab.toml": LAB}
    files.update(extra or {})
    return Book(files)


class TangleTest(unittest.TestCase):
    def setUp(self):
        self.b = None

    def tearDown(self):
        if self.b:
            self.b.close()

    def tree(self, cmd, *args):
        """Run a tangle.py command; the last argument is a folder of the
        temporary repository."""
        if cmd in ("full", "prefix", "lab"):
            args = args[:-1] + (os.path.join(self.b.top, args[-1]),)
        return tangle.main(["tangle.py", cmd] + list(args))

    def error(self, files):
        self.b = book(files)
        with self.assertRaises(SystemExit) as cm:
            self.tree("check")
        return str(cm.exception.code)

    def test_full_tree_has_the_answer_indented(self):
        self.b = book()
        self.tree("full", "out")
        c = self.b.read("out/lib/one.c")
        self.assertIn("\t\t{\n\t\t\tint sum = a + b;\n\t\t\treturn sum;\n", c)
        self.assertIn('#line 4 "answers/01-one.nw"', c)

    def test_line_directives_point_at_their_lines(self):
        self.b = book()
        self.tree("full", "out")
        lines = self.b.read("out/lib/one.c").split("\n")
        for k, line in enumerate(lines[:-1]):
            m = re.match(r'#line (\d+) "(.*)"', line)
            nxt = lines[k + 1]
            if m and not nxt.startswith("#line"):
                src = self.b.read(m.group(2)).split("\n")
                self.assertEqual(src[int(m.group(1)) - 1].strip(),
                                 nxt.strip(), line)

    def test_student_tree_has_the_stub_and_no_lines(self):
        self.b = book()
        self.tree("lab", "one", "lab")
        c = self.b.read("lab/lib/one.c")
        self.assertIn("\t\t/* EXERCISE 1.1 (3 points): Add. */\n"
                      "\t\treturn 0;\n\t\t/* END OF EXERCISE 1.1 */", c)
        self.assertNotIn("#line", c)
        self.assertNotIn("sum", c)
        self.assertFalse(os.path.exists(os.path.join(self.b.top,
                                                     "lab/.stubs.nw")))

    def test_exercise_without_answer(self):
        msg = self.error({"answers/01-one.nw": "# Answers\n"})
        self.assertIn("book/01-one.nw", msg)
        self.assertIn("<<Add [[a]] and [[b]]>> has no answer", msg)

    def test_stub_without_exercise(self):
        msg = self.error({"book/01-one.nw": CH1 + "<<Spare (stub)>>=\nx\n@\n"})
        self.assertIn("stub <<Spare (stub)>> has no exercise", msg)

    def test_exercise_without_stub(self):
        msg = self.error({"book/01-one.nw": CH1.replace(" (stub)>>=",
                                                        " (draft)>>="),
                          "answers/01-one.nw": "# Answers\n"})
        self.assertIn("is used but defined nowhere", msg)

    def test_answer_that_is_no_exercise(self):
        msg = self.error({"answers/01-one.nw": ANS1 + "<<Other>>=\ny\n@\n"})
        self.assertIn("<<Other>> is not an exercise", msg)

    def test_unused_chunk_that_is_no_file(self):
        msg = self.error({"book/01-one.nw": CH1 + "<<Loose end>>=\nz\n@\n"})
        self.assertIn("<<Loose end>> is defined but never used", msg)

    def test_a_prefix_leaves_later_chapters_out(self):
        self.b = book({"book/02-two.nw": CH2})
        self.tree("prefix", "01", "p1")
        self.tree("full", "full")
        self.assertNotIn("twice", self.b.read("p1/lib/one.c"))
        self.assertIn("twice", self.b.read("full/lib/one.c"))

    def test_stale_files_are_pruned(self):
        self.b = book()
        self.tree("full", "out")
        with open(os.path.join(self.b.top, "book/01-one.nw"), "w") as f:
            f.write(CH1.replace("<<include/one.h>>=", "<<include/two.h>>="))
        self.tree("full", "out")
        self.assertFalse(os.path.exists(os.path.join(self.b.top,
                                                     "out/include/one.h")))
        self.assertIn("int add", self.b.read("out/include/two.h"))

    def test_unknown_lab(self):
        self.b = book()
        with self.assertRaises(SystemExit) as cm:
            self.tree("lab", "nope", "x")
        self.assertIn("no lab 'nope' (known: one)", str(cm.exception.code))


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    bad = len(result.failures) + len(result.errors)
    print(textwrap.dedent(f"""\
        {result.testsRun - bad} passed, {bad} failed"""))
    sys.exit(1 if bad else 0)
