"""Read noweb files through noweb's own front end and build the book's cross-reference index.

A chapter is parsed from the output of noweb's `markup` (see `man nowebfilters`) into a list of
Doc and Code chunks.  Code chunks are numbered per chapter ("1.3" is the third code chunk of
chapter 1); the index maps every chunk name to the labels of its definitions and uses, and every
identifier declared with `@ %def` to the chunks that define and use it.
"""

import glob
import json
import os
import re
import subprocess
import sys

NOWEB_LIB = os.environ.get("WEAVE_NOWEB_LIB", "/usr/lib/noweb")
STUB_SUFFIX = " (stub)"


def die(msg):
    sys.stderr.write("weave: %s\n" % msg)
    sys.exit(1)


# ---------------------------------------------------------------- chapters

class Chapter:
    """One book/NN-slug.nw (or book/A-slug.nw) file and its answers file, if any."""

    def __init__(self, path, answers=None):
        self.path = path
        self.answers = answers
        self.slug = os.path.splitext(os.path.basename(path))[0]
        key = self.slug.split("-", 1)[0]
        self.key = key
        self.appendix = key.isalpha()
        self.label = key if self.appendix else str(int(key))
        self.page = self.slug + ".html"
        self.title = self.slug


def find_chapters(top=".", edition="student"):
    """The book's chapters in reading order: NN-*.nw sorted, then appendices A-*.nw sorted."""
    book = os.path.join(top, "book")
    paths = sorted(glob.glob(os.path.join(book, "[0-9][0-9]-*.nw")))
    paths += sorted(glob.glob(os.path.join(book, "[A-Z]-*.nw")))
    chapters = []
    for p in paths:
        rel = os.path.relpath(p, top)
        ans = None
        if edition == "instructor":
            ans = answers_for(rel, top)
        chapters.append(Chapter(rel, ans))
    return chapters


def answers_for(chapter_path, top="."):
    key = os.path.basename(chapter_path).split("-", 1)[0]
    found = sorted(glob.glob(os.path.join(top, "answers", key + "-*.nw")))
    return os.path.relpath(found[0], top) if found else None


# ---------------------------------------------------------------- parsing

class Doc:
    kind = "docs"

    def __init__(self):
        self.lines = []          # each line: list of str | ("quote", text)


class Code:
    kind = "code"

    def __init__(self):
        self.name = None
        self.lines = []          # each line: list of str | ("use", name)
        self.defs = []           # identifiers from @ %def
        self.ident_uses = set()  # identifiers found by finduses
        self.label = None        # "1.3"
        self.part = "book"       # or "answers"


def run_markup(paths, finduses=False):
    cmd = [os.path.join(NOWEB_LIB, "markup")] + list(paths)
    try:
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            die("markup %s failed:\n%s" % (" ".join(paths), p.stderr))
        out = p.stdout
        if finduses:
            p = subprocess.run([os.path.join(NOWEB_LIB, "finduses"), "-noquote"], input=out,
                               capture_output=True, text=True)
            if p.returncode != 0:
                die("finduses failed:\n%s" % p.stderr)
            out = p.stdout
    except FileNotFoundError as e:
        die("cannot run noweb (%s); install Debian's noweb" % e)
    return out


def parse_stream(text):
    """Parse a markup stream into {file: [chunks]} (files in stream order)."""
    files = {}
    chunks = None
    cur = None
    line = []
    quote = None
    skip_nl = False
    for raw in text.split("\n"):
        if not raw.startswith("@"):
            continue
        kw, _, arg = raw[1:].partition(" ")
        if kw == "file":
            chunks = files.setdefault(arg, [])
        elif kw == "begin":
            cur = Doc() if arg.startswith("docs") else Code()
            line = []
        elif kw == "end":
            if line:
                cur.lines.append(line)
            chunks.append(cur)
            cur, line = None, []
        elif kw == "text":
            if quote is not None:
                quote.append(arg)
            else:
                line.append(arg)
        elif kw == "nl":
            if skip_nl:
                skip_nl = False
            elif quote is not None:
                quote.append(" ")
            else:
                cur.lines.append(line)
                line = []
        elif kw == "defn":
            cur.name = arg
            skip_nl = True
        elif kw == "use":
            line.append(("use", arg))
        elif kw == "quote":
            quote = []
        elif kw == "endquote":
            line.append(("quote", "".join(quote)))
            quote = None
        elif kw == "index":
            sub, _, name = arg.partition(" ")
            if sub == "defn" and isinstance(cur, Code):
                cur.defs.extend(name.split())
            elif sub == "use" and isinstance(cur, Code):
                cur.ident_uses.add(name)
        elif kw == "fatal":
            die("noweb: " + arg)
    return files


def load_chapter(ch, finduses_stream=None):
    """Parse one chapter (and its answers file); number its code chunks.  Returns chunks list."""
    paths = [ch.path] + ([ch.answers] if ch.answers else [])
    files = finduses_stream if finduses_stream is not None else parse_stream(run_markup(paths))
    chunks = []
    for part, p in zip(("book", "answers"), paths):
        for c in files.get(p, []):
            c.part = part
            chunks.append(c)
    n = 0
    for c in chunks:
        if c.kind == "code":
            n += 1
            c.label = "%s.%d" % (ch.label, n)
    ch.title = find_title(chunks) or ch.slug
    return chunks


HEADING = re.compile(r"^#\s+(.*?)\s*(\{[^}]*\})?\s*#*\s*$")


def doc_line_text(parts):
    out = []
    for p in parts:
        if isinstance(p, tuple):
            out.append(code_span(p[1]))
        else:
            out.append(p)
    return "".join(out)


def code_span(text):
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return fence + pad + text + pad + fence


def find_title(chunks):
    """The first Markdown level-1 heading outside fenced code."""
    fence = None
    for c in chunks:
        if c.kind != "docs" or c.part != "book":
            continue
        for parts in c.lines:
            s = doc_line_text(parts)
            m = re.match(r"^\s*(`{3,}|~{3,})", s)
            if m:
                if fence is None:
                    fence = m.group(1)
                elif m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                    fence = None
                continue
            if fence is None:
                h = HEADING.match(s)
                if h:
                    return h.group(1)
    return None


# ---------------------------------------------------------------- index

def is_file_chunk(name):
    return " " not in name and ("/" in name or name.endswith((".c", ".h")))


def build_index(chapters, edition):
    """Cross-reference data for a whole edition, as a JSON-ready dict."""
    paths = []
    for ch in chapters:
        paths.append(ch.path)
        if ch.answers:
            paths.append(ch.answers)
    files = parse_stream(run_markup(paths, finduses=True)) if paths else {}
    chunk_ix, ident_ix = {}, {}
    out_chapters, loaded = [], []
    for ch in chapters:
        chunks = load_chapter(ch, files)
        loaded.append(chunks)
        out_chapters.append({"slug": ch.slug, "label": ch.label, "title": ch.title,
                             "page": ch.page, "appendix": ch.appendix})
        for c in chunks:
            if c.kind != "code":
                continue
            e = chunk_ix.setdefault(c.name, {"defs": [], "uses": []})
            e["defs"].append(c.label)
            for line in c.lines:
                for p in line:
                    if isinstance(p, tuple):
                        u = chunk_ix.setdefault(p[1], {"defs": [], "uses": []})
                        if c.label not in u["uses"]:
                            u["uses"].append(c.label)
            for d in c.defs:
                ident_ix.setdefault(d, {"defs": [], "uses": []})["defs"].append(c.label)
    exercises, anchors = {}, {}
    for ch, chunks in zip(chapters, loaded):
        find_exercises(ch, chunks, exercises)
        for a in find_anchors(chunks):
            anchors.setdefault(a, ch.page)
    for chunks in loaded:
        for c in chunks:
            if c.kind != "code":
                continue
            for u in sorted(c.ident_uses):
                e = ident_ix.get(u)
                if e and c.label not in e["defs"] and c.label not in e["uses"]:
                    e["uses"].append(c.label)
    ix = {"edition": edition, "chapters": out_chapters, "chunks": chunk_ix, "idents": ident_ix,
          "exercises": exercises}
    views = {ch.slug: chapter_view(ix, chunks, anchors) for ch, chunks in zip(chapters, loaded)}
    return ix, views


def chapter_view(ix, chunks, anchors):
    """The part of the index one chapter's page reads.  Written per chapter (only when it changes),
    so a change elsewhere rebuilds only the pages it shows up on."""
    names = set()
    for c in chunks:
        if c.kind == "code":
            names.add(c.name)
            names.update(p[1] for line in c.lines for p in line if isinstance(p, tuple))
    for n in list(names):
        names.add(n + STUB_SUFFIX)
        if n.endswith(STUB_SUFFIX):
            names.add(n[:-len(STUB_SUFFIX)])
    links = set()
    for c in chunks:
        if c.kind == "docs":
            for parts in c.lines:
                for groups in LINK_TARGET.findall(doc_line_text(parts)):
                    links.update(g for g in groups if g)
    return {"edition": ix["edition"], "chapters": ix["chapters"], "idents": {},
            "chunks": {n: ix["chunks"][n] for n in sorted(names) if n in ix["chunks"]},
            "exercises": {n: ix["exercises"][n] for n in sorted(names) if n in ix["exercises"]},
            "anchors": {a: anchors[a] for a in sorted(links) if a in anchors}}


LINK_TARGET = re.compile(r"\]\(#([^)\s]+)\)|^\s*\[[^\]]+\]:\s*#(\S+)")


EXPLICIT_ID = re.compile(r"\{[^}]*?#([A-Za-z][\w:.-]*)")
ATX = re.compile(r"^#{1,6}\s+(.*?)\s*(\{[^}]*\})?\s*#*\s*$")


def auto_id(text):
    """pandoc's auto_identifiers, near enough for headings written in plain words."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[`*]", "", text)
    text = "".join(c for c in text if c.isalnum() or c in "_-. \n")
    text = re.sub(r"\s+", "-", text.strip()).lower()
    m = re.search(r"[^\W\d_]", text)
    return text[m.start():] if m else ""


def find_anchors(chunks):
    """Ids a link can point to: explicit {#id} attributes and headings' automatic ids."""
    found = []
    for c in chunks:
        if c.kind != "docs":
            continue
        for parts in c.lines:
            s = doc_line_text(parts)
            found += EXPLICIT_ID.findall(s)
            h = ATX.match(s)
            if h and not (h.group(2) and "#" in h.group(2)):
                a = auto_id(h.group(1))
                if a:
                    found.append(a)
    return found


EXERCISE_DIV = re.compile(r"^\s*:{3,}\s*\{[^}]*\.exercise\b[^}]*#([^\s}]+)")
EXERCISE_DIV2 = re.compile(r"^\s*:{3,}\s*\{[^}]*#([^\s}]+)[^}]*\.exercise\b")


def find_exercises(ch, chunks, found):
    """Map each exercise chunk to the exercise div stated just before its stub."""
    last = None
    for c in chunks:
        if c.kind == "docs":
            for parts in c.lines:
                s = doc_line_text(parts)
                m = EXERCISE_DIV.match(s) or EXERCISE_DIV2.match(s)
                if m:
                    last = m.group(1)
        elif c.name.endswith(STUB_SUFFIX) and last:
            found.setdefault(c.name[:-len(STUB_SUFFIX)], {"id": last, "chapter": ch.label})


def write_if_changed(path, text):
    """Write text to path unless it already holds exactly that; return True when written."""
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return False
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
    return True


def dump_json(obj):
    return json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
