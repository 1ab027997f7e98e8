"""The whole book as one PDF: every chapter's Markdown in one pandoc run, then xelatex.

CJK text: the main, sans and mono fonts are Noto CJK SC (their Latin letters come from Source
Serif/Sans/Code, so English reads well too) and XeTeX breaks Chinese lines with
\\XeTeXlinebreaklocale "zh" (tangle/book/latex-header.tex).  No xeCJK, so no texlive-lang-chinese.
"""

import json
import os
import re
import shutil
import subprocess

import weave_md
import weave_nw
import weave_pages
from weave_nw import die


def chapter_md(ch, chunks, renderer, runs, first_appendix):
    pre = []
    if ch.appendix:
        if first_appendix:
            pre.append("\\appendix")
        pre.append("\\setcounter{chapter}{%d}" % (ord(ch.label) - ord("A")))
    else:
        pre.append("\\setcounter{chapter}{%d}" % (int(ch.label) - 1))
    raw = "```{=latex}\n%s\n```\n\n" % "\n".join(pre)
    return raw + weave_md.chapter_markdown(ch, chunks, renderer, runs) + "\n\n"


def check_figures(md, figdir, where):
    for name in sorted(set(re.findall(r"\]\((?:\./)?figures/([^)\s]+)\.mmd\)", md))):
        if not os.path.exists(os.path.join(figdir, name + ".pdf")):
            die("%s: figure figures/%s.mmd: %s.pdf not found (`make figures-book` renders it)"
                % (where, name, os.path.join(figdir, name)))


def xelatex(work, progress, passes=2):
    n = 0
    while True:
        n += 1
        progress("pdf: xelatex pass %d/%d" % (n, max(passes, n)))
        p = subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", "book.tex"],
                           cwd=work, capture_output=True, text=True, errors="replace")
        log = p.stdout
        if p.returncode != 0:
            errs = [l for l in log.splitlines() if l.startswith("!") or l.startswith("l.")]
            die("xelatex failed (full log: %s/book.log):\n%s" % (work, "\n".join(errs[:20]) or log[-3000:]))
        if n >= passes and ("Rerun to get" not in log or n >= 4):
            return


def build(index, a, pandoc, meta, lua_filter, here, progress):
    book = weave_md.Book(index)
    r = weave_md.Renderer(book, "latex")
    parts, seen_appendix = [], False
    for c in index["chapters"]:
        ch = weave_nw.Chapter(os.path.join("book", c["slug"] + ".nw"))
        if a.edition == "instructor":
            ch.answers = weave_nw.answers_for(ch.path)
        chunks = weave_nw.load_chapter(ch)
        runs_file = os.path.join(a.runs_dir, ch.slug + ".json")
        runs = load_runs(runs_file)
        parts.append(chapter_md(ch, chunks, r, runs, ch.appendix and not seen_appendix))
        seen_appendix = seen_appendix or ch.appendix
    links = weave_pages.Links(index, single_document=True)
    parts.append("```{=latex}\n\\backmatter\n```\n\n")
    parts.append(weave_pages.chunks_md(index, links) + "\n\n")
    parts.append(weave_pages.identifiers_md(index, links) + "\n")
    md = "".join(parts)
    check_figures(md, a.figures, "book")

    work = a.work
    os.makedirs(work, exist_ok=True)
    instructor = a.edition == "instructor"
    with open(os.path.join(work, "edition.tex"), "w", encoding="utf-8") as f:
        f.write("\\newcommand\\weaveedition{%s}\n" % ("Instructor edition" if instructor else "Student edition"))
        f.write("\\weaveinstructor%s\n" % ("true" if instructor else "false"))
    header = os.path.abspath(os.path.join(here, "book", "latex-header.tex"))
    progress("pdf (%s): pandoc" % a.edition)
    args = ["-f", "markdown", "-t", "latex", "--standalone", "--lua-filter", lua_filter,
            "-H", header, "-H", os.path.join(work, "edition.tex"),
            "--top-level-division=chapter", "--number-sections", "-V", "secnumdepth=1",
            "--toc", "--toc-depth=2", "--highlight-style=pygments", "--tab-stop=8",
            "-V", "documentclass=book", "-V", "classoption=oneside,openany", "-V", "papersize=a4",
            "-V", "geometry=margin=2.3cm", "-V", "colorlinks=true", "-V", "linkcolor=Maroon",
            "-V", "urlcolor=NavyBlue", "-V", "toccolor=black", "-V", "fontfamily=fontspec",
            "-M", "weave-figdir=" + os.path.abspath(a.figures), "-M", "weave-figext=pdf"] + meta
    if instructor:
        args += ["-M", "instructor=true"]
    tex = r.fill(pandoc(args, md, "book (%s)" % a.edition))
    with open(os.path.join(work, "book.tex"), "w", encoding="utf-8") as f:
        f.write(tex)
    xelatex(work, progress)
    shutil.copyfile(os.path.join(work, "book.pdf"), a.out)
    progress("pdf: wrote %s" % a.out)


def load_runs(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return {}
