#!/usr/bin/env python3
"""weave: turn the chapters (book/*.nw, and answers/*.nw for the instructor edition) into the book.

Steps (tangle/weave.mk calls them; each is small so make can rebuild only what changed):

  weave.py index --edition E --out DIR        cross-reference index of the edition (DIR/index.json,
                                              rewritten only when it changes)
  weave.py run --chapter book/NN-x.nw --out F run the chapter's mmsim blocks, store output in F
  weave.py html --edition E --chapter book/NN-x.nw --index F --runs F --out SITE/NN-x.html
  weave.py pages --edition E --index F --out SITE   title + contents page, indexes, style sheet
  weave.py pdf --edition E --index F --runs-dir D --out book.pdf --work DIR

Run it from the top of the repository.  The formats are described in tangle/WEAVE.md.
"""

import argparse
import html
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import weave_md  # noqa: E402
import weave_nw  # noqa: E402
import weave_pages  # noqa: E402
import weave_pdf  # noqa: E402
import weave_run  # noqa: E402
from weave_nw import die  # noqa: E402

HERE = os.path.relpath(os.path.dirname(os.path.abspath(__file__)))
FILTER = os.path.join(HERE, "filters", "book.lua")
TEMPLATE = os.path.join(HERE, "book", "template.html")
META = os.path.join("book", "book.yaml")
FIGREF = re.compile(r"\]\((?:\./)?figures/([^)\s]+)\.mmd\)")


def progress(msg):
    print(msg, flush=True)


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        die("cannot read %s: %s" % (path, e))


def chapter_of(path, edition):
    if not os.path.exists(path):
        die("no such chapter: " + path)
    ans = weave_nw.answers_for(path) if edition == "instructor" else None
    return weave_nw.Chapter(path, ans)


def pandoc(args, text, what):
    cmd = ["pandoc"] + args
    try:
        p = subprocess.run(cmd, input=text, capture_output=True, text=True)
    except FileNotFoundError:
        die("pandoc not found: install Debian's pandoc (see tangle/deps/weave.txt)")
    if p.returncode != 0:
        die("pandoc failed on %s:\n%s" % (what, p.stderr))
    if p.stderr.strip():
        sys.stderr.write("%s: %s" % (what, p.stderr))
    return p.stdout


def meta_args():
    return ["--metadata-file", META] if os.path.exists(META) else ["-M", "title=The Book"]


def plain(title):
    """A Markdown title as plain text (for <title>)."""
    return re.sub(r"[`*_]", "", title)


def nav_text(title):
    """A title for the navigation links: pandoc inserts -V values into the page as they are."""
    return html.escape(plain(title))


# ------------------------------------------------------------------ steps

def cmd_index(a):
    chapters = weave_nw.find_chapters(".", a.edition)
    ix, views = weave_nw.build_index(chapters, a.edition)
    if weave_nw.write_if_changed(os.path.join(a.out, "index.json"), weave_nw.dump_json(ix)):
        progress("weave index (%s): %d chapters, %d chunks, %d identifiers"
                 % (a.edition, len(chapters), len(ix["chunks"]), len(ix["idents"])))
    for slug, view in views.items():
        weave_nw.write_if_changed(os.path.join(a.out, "view", slug + ".json"), weave_nw.dump_json(view))


def cmd_run(a):
    ch = chapter_of(a.chapter, "instructor")
    chunks = weave_nw.load_chapter(ch)
    cmds = weave_md.doc_commands(chunks)
    if cmds:
        progress("weave run %s: %d mmsim command%s" % (ch.slug, len(cmds), "" if len(cmds) == 1 else "s"))
    results = weave_run.run_commands(cmds, a.mmsim, ch.path)
    weave_nw.write_if_changed(a.out, weave_nw.dump_json(results))


def copy_figures(markdown, figdir, outdir, where):
    for name in sorted(set(FIGREF.findall(markdown))):
        src = os.path.join(figdir, name + ".svg")
        if not os.path.exists(src):
            die("%s: figure figures/%s.mmd: %s not found (is the figure's .mmd in figures/? "
                "`make figures-book` renders it)" % (where, name, src))
        dst = os.path.join(outdir, "figures", name + ".svg")
        with open(src, "rb") as f:
            data = f.read()
        try:
            with open(dst, "rb") as f:
                if f.read() == data:
                    continue
        except FileNotFoundError:
            os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(dst, "wb") as f:
            f.write(data)


def cmd_html(a):
    index = load_json(a.index)
    book = weave_md.Book(index)
    ch = chapter_of(a.chapter, a.edition)
    progress("weave %s (%s)" % (ch.slug, a.edition))
    chunks = weave_nw.load_chapter(ch)
    runs = load_json(a.runs) if a.runs else {}
    page = ch.page
    r = weave_md.Renderer(book, "html", page)
    md = weave_md.chapter_markdown(ch, chunks, r, runs)
    outdir = os.path.dirname(a.out) or "."
    copy_figures(md, a.figures, outdir, ch.path)
    order = index["chapters"]
    pos = next(i for i, c in enumerate(order) if c["slug"] == ch.slug)
    args = ["-f", "markdown", "-t", "html5", "--standalone", "--template", TEMPLATE,
            "--lua-filter", FILTER, "--toc", "--toc-depth=2", "--highlight-style=pygments", "--tab-stop=8",
            "-M", "weave-chapter=" + ch.label, "-M", "weave-appendix=%s" % str(ch.appendix).lower(),
            "-M", "weave-figdir=figures", "-M", "weave-figext=svg",
            "-M", "pagetitle=" + plain(ch.title), "-V", "chapter-page=true"] + meta_args()
    for name, other in (("prev", pos - 1), ("next", pos + 1)):
        if 0 <= other < len(order):
            args += ["-V", "%s-href=%s" % (name, order[other]["page"]),
                     "-V", "%s-title=%s" % (name, nav_text(order[other]["title"]))]
    if a.edition == "instructor":
        args += ["-V", "instructor=true"]
    out = pandoc(args, md, ch.path)
    if a.keep_md:
        weave_nw.write_if_changed(a.out + ".md", md)
    out = cross_page_links(r.fill(out), index.get("anchors", {}))
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(out)


def cross_page_links(text, anchors):
    """href="#id" where id lives on another chapter's page -> that page."""
    here = set(re.findall(r'\sid="([^"]+)"', text))

    def fix(m):
        target = m.group(1)
        if target in here or target not in anchors:
            return m.group(0)
        return 'href="%s#%s"' % (anchors[target], target)
    return re.sub(r'href="#([^"]+)"', fix, text)


def cmd_pages(a):
    index = load_json(a.index)
    weave_pages.write_pages(index, a.out, a.edition, pandoc, TEMPLATE, FILTER, meta_args(),
                            os.path.join(HERE, "book", "style.css"))


def cmd_pdf(a):
    index = load_json(a.index)
    weave_pdf.build(index, a, pandoc, meta_args(), FILTER, HERE, progress)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="step", required=True)
    p = sub.add_parser("index")
    p.add_argument("--edition", choices=["student", "instructor"], required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(fn=cmd_index)
    p = sub.add_parser("run")
    p.add_argument("--chapter", required=True)
    p.add_argument("--mmsim", default=os.environ.get("MMSIM", "build/src/bin/mmsim"))
    p.add_argument("--out", required=True)
    p.set_defaults(fn=cmd_run)
    p = sub.add_parser("html")
    p.add_argument("--edition", choices=["student", "instructor"], required=True)
    p.add_argument("--chapter", required=True)
    p.add_argument("--index", required=True)
    p.add_argument("--runs")
    p.add_argument("--figures", default="build/figures")
    p.add_argument("--out", required=True)
    p.add_argument("--keep-md", action="store_true", help="also write OUT.md (for debugging)")
    p.set_defaults(fn=cmd_html)
    p = sub.add_parser("pages")
    p.add_argument("--edition", choices=["student", "instructor"], required=True)
    p.add_argument("--index", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(fn=cmd_pages)
    p = sub.add_parser("pdf")
    p.add_argument("--edition", choices=["student", "instructor"], required=True)
    p.add_argument("--index", required=True)
    p.add_argument("--runs-dir", required=True)
    p.add_argument("--figures", default="build/figures")
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(fn=cmd_pdf)
    a = ap.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
