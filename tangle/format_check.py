#!/usr/bin/env python3
"""Check that the C the book tangles is formatted as .clang-format says.

    format_check.py [--clang-format PROGRAM]

Tangles the full tree (every chapter, answer and appendix) without #line
directives, runs clang-format on each .c and .h file and prints, for each
file that would change, a short unified diff whose first line names the
.nw file and line to edit. Exits 1 when any file needs formatting.
"""
import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tangle  # noqa: E402

STYLE = os.path.join(tangle.TOP, ".clang-format")
LINE_DIRECTIVE = re.compile(r'^#line (\d+) "([^"]*)"$')
MAX_DIFF_LINES = 40


def origins(text_with_lines):
    """For each line of the tree's text without #line directives, the
    (.nw file, line) it came from, following the nearest #line above."""
    out, where = [], None
    for ln in text_with_lines.split("\n"):
        m = LINE_DIRECTIVE.match(ln)
        if m:
            where = (m.group(2), int(m.group(1)))
            continue
        out.append(where)
        if where:
            where = (where[0], where[1] + 1)
    return out


def first_change(old, new):
    """Index (0-based) of the first line of `old` that clang-format
    changes."""
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, _, _, _ in sm.get_opcodes():
        if tag != "equal":
            return min(i1, max(len(old) - 1, 0))
    return 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clang-format", default="clang-format")
    args = ap.parse_args(argv)
    if not shutil.which(args.clang_format):
        sys.exit(f"format: {args.clang_format} not found (make setup)")

    files = tangle.files_upto("99", True, True) + tangle.appendices()
    try:
        plain = tangle.plan_tree(files, lines_on=False)
        lined = tangle.plan_tree(files, lines_on=True)
    except tangle.TangleError as e:
        sys.exit(f"tangle: {e}")

    sources = sorted(p for p in plain if p.endswith((".c", ".h")))
    dirty = 0
    with tempfile.TemporaryDirectory(prefix="format-check.") as tmp:
        for path in sources:
            # Written out so clang-format sees the real name and suffix.
            full = os.path.join(tmp, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(plain[path])
            run = subprocess.run([args.clang_format, f"--style=file:{STYLE}",
                                  full], capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(f"format: clang-format failed on {path}:\n"
                         + run.stderr)
            if run.stdout == plain[path]:
                continue
            dirty += 1
            old = plain[path].splitlines()
            new = run.stdout.splitlines()
            where = origins(lined[path])
            i = first_change(old, new)
            src = where[i] if i < len(where) and where[i] else None
            at = f"{src[0]}:{src[1]}" if src else "?"
            print(f"{at}: {path} needs formatting (tree line {i + 1})")
            diff = list(difflib.unified_diff(
                old, new, f"a/{path}", f"b/{path}", n=1, lineterm=""))
            for ln in diff[:MAX_DIFF_LINES]:
                print("    " + ln.expandtabs(8))
            if len(diff) > MAX_DIFF_LINES:
                print(f"    ... ({len(diff) - MAX_DIFF_LINES} more diff "
                      "lines)")
    if dirty:
        print(f"format: {dirty} files need formatting "
              f"(of {len(sources)}; style {tangle.rel(STYLE)})")
        return 1
    print(f"format: {len(sources)} files clean")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
