"""The book's global pages: title and contents, index of identifiers, index of chunks.

The two indexes are written as Markdown once and used by both the HTML site and the PDF.
"""

import os
import re

from weave_md import anchor, ident_anchor, split_quotes
from weave_nw import STUB_SUFFIX, code_span as md_code, write_if_changed


def md_escape(s):
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~^$&\"'])", r"\\\1", s)


def md_chunk_name(name):
    return "".join(md_code(t) if q else md_escape(t) for q, t in split_quotes(name))


def sort_key(name):
    return (name.lstrip("_").lower(), name)


def chapter_heading(c):
    return ("Appendix " if c["appendix"] else "Chapter ") + c["label"]


class Links:
    """Markdown links to chunk labels: to pages (HTML) or to anchors in one document (PDF)."""

    def __init__(self, index, single_document):
        self.pages = {c["label"]: c["page"] for c in index["chapters"]}
        self.single = single_document

    def chunk(self, label):
        page = "" if self.single else self.pages[label.rsplit(".", 1)[0]]
        return "[%s](%s#%s)" % (label, page, anchor(label))

    def many(self, labels):
        return ", ".join(self.chunk(l) for l in labels)


def identifiers_md(index, links, heading="# Index of identifiers {.unnumbered #identifiers}"):
    idents = index["idents"]
    out = [heading, "",
           "Each identifier that a chunk declares with `@ %def`, with the chunk that defines it "
           "and the chunks that use it.", "", "::: {.ident-index}"]
    letter = None
    for name in sorted(idents, key=sort_key):
        e = idents[name]
        first = name.lstrip("_")[:1].upper() or "_"
        if first != letter:
            letter = first
            out += ["", "[%s]{.index-letter}" % md_escape(letter), ""]
        line = "- [%s]{#%s}: %s" % (md_code(name), ident_anchor(name), links.many(e["defs"]))
        if e["uses"]:
            line += "; used in " + links.many(e["uses"])
        out.append(line)
    if not idents:
        out.append("No identifiers are declared yet.")
    out += ["", ":::", ""]
    return "\n".join(out)


def chunks_md(index, links, heading="# Index of chunks {.unnumbered #chunks}"):
    chunks = index["chunks"]
    out = [heading, "", "Every chunk, where it is defined (first, then continued) and where it is used. "
           "Exercise chunks without an answer in this edition point to their stubs.", "",
           "::: {.chunk-index}", ""]
    for name in sorted(chunks, key=lambda n: n.lower()):
        e = chunks[name]
        defs = e["defs"]
        line = "- \u27e8%s\u27e9 " % md_chunk_name(name)
        if defs:
            line += links.many(defs)
        elif name + STUB_SUFFIX in chunks and chunks[name + STUB_SUFFIX]["defs"]:
            line += "exercise; stub " + links.many(chunks[name + STUB_SUFFIX]["defs"][:1])
        else:
            line += "(not defined)"
        if e["uses"]:
            line += "; used in " + links.many(e["uses"])
        out.append(line)
    out += ["", ":::", ""]
    return "\n".join(out)


def toc_md(index):
    out = ["::: {.book-toc}", ""]
    for c in index["chapters"]:
        out.append("- [%s]{.toc-num} [%s](%s)" % (chapter_heading(c), c["title"], c["page"]))
    out += ["- [Index]{.toc-num} [Index of identifiers](identifiers.html)",
            "- [Index]{.toc-num} [Index of chunks](chunks.html)", "", ":::", ""]
    return "\n".join(out)


def write_pages(index, outdir, edition, pandoc, template, lua_filter, meta, css):
    os.makedirs(outdir, exist_ok=True)
    links = Links(index, single_document=False)
    base = ["-f", "markdown", "-t", "html5", "--standalone", "--template", template,
            "--lua-filter", lua_filter] + meta
    if edition == "instructor":
        base += ["-V", "instructor=true"]
    pages = [("index.html", toc_md(index), ["-V", "home=true", "-M", "pagetitle=Contents"]),
             ("identifiers.html", identifiers_md(index, links),
              ["-V", "chapter-page=true", "-M", "pagetitle=Index of identifiers",
               "-V", "prev-href=chunks.html", "-V", "prev-title=Index of chunks"]),
             ("chunks.html", chunks_md(index, links),
              ["-V", "chapter-page=true", "-M", "pagetitle=Index of chunks",
               "-V", "next-href=identifiers.html", "-V", "next-title=Index of identifiers"])]
    print("weave pages (%s): contents and indexes" % edition, flush=True)
    for name, md, extra in pages:
        html = pandoc(base + extra, md, name)
        with open(os.path.join(outdir, name), "w", encoding="utf-8") as f:
            f.write(html)
    with open(css, encoding="utf-8") as f:
        write_if_changed(os.path.join(outdir, "style.css"), f.read())
