"""Render one parsed chapter as pandoc Markdown, for HTML (one page a chapter) or LaTeX (whole book).

Code chunks become fenced C blocks framed by raw HTML/LaTeX headers and footers.  A chunk use inside
code becomes a placeholder identifier (NWREF00001) so that pandoc still highlights the block; after
pandoc has run, `Refs.fill` swaps each placeholder for a link to the used chunk.
"""

import html
import re

from weave_nw import STUB_SUFFIX, is_file_chunk, doc_line_text
import weave_run

PLACEHOLDER = re.compile(r"NWREF(\d{5})")


def anchor(label):
    return "c" + label.replace(".", "-")


def ident_anchor(name):
    return "id-" + "".join(c if c.isalnum() else ("-" if c == "_" else ".%02x" % ord(c)) for c in name)


def split_quotes(name):
    """'Split [[page]] down' -> [(False, 'Split '), (True, 'page'), (False, ' down')]"""
    out = []
    for i, piece in enumerate(re.split(r"\[\[(.*?)\]\]", name)):
        if piece:
            out.append((i % 2 == 1, piece))
    return out


def tex_escape(s):
    repl = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
            "^": r"\^{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}"}
    return "".join(repl.get(c, c) for c in s)


def verb_escape(s):
    """Escape for text inside pandoc's Highlighting (fancyvrb, commandchars=\\\\\\{\\})."""
    repl = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}"}
    return "".join(repl.get(c, c) for c in s)


class Book:
    """Edition-wide lookups over the index JSON."""

    def __init__(self, index):
        self.index = index
        self.chunks = index["chunks"]
        self.idents = index["idents"]
        self.exercises = index.get("exercises", {})
        self.instructor = index["edition"] == "instructor"
        self.pages = {c["label"]: c["page"] for c in index["chapters"]}

    def page_of(self, label):
        return self.pages[label.rsplit(".", 1)[0]]

    def defs(self, name):
        return self.chunks.get(name, {}).get("defs", [])

    def uses(self, name):
        return self.chunks.get(name, {}).get("uses", [])

    def target(self, name):
        """(label, how) of what a use of `name` should link to; how is 'def', 'stub' or None."""
        d = self.defs(name)
        if d:
            return d[0], "def"
        s = self.defs(name + STUB_SUFFIX)
        if s:
            return s[0], "stub"
        return None, None


class Renderer:
    def __init__(self, book, target, page=None):
        self.book = book
        self.target = target          # "html" or "latex"
        self.page = page              # the HTML page being written (None for LaTeX)
        self.refs = {}                # placeholder number -> replacement text

    # ------------------------------------------------------------ links

    def href(self, label):
        p = self.book.page_of(label)
        return ("" if p == self.page else p) + "#" + anchor(label)

    def link(self, label, text=None):
        text = text or label
        if self.target == "html":
            return '<a href="%s">%s</a>' % (self.href(label), text)
        return r"\hyperlink{%s}{%s}" % (anchor(label), text)

    def links(self, labels):
        return ", ".join(self.link(l) for l in labels)

    def ident_link(self, name):
        if self.target == "html":
            return '<a href="identifiers.html#%s"><code>%s</code></a>' % (
                ident_anchor(name), html.escape(name))
        return r"\hyperlink{%s}{\texttt{%s}}" % (ident_anchor(name), tex_escape(name))

    def name_html(self, name):
        return "".join("<code>%s</code>" % html.escape(t) if q else html.escape(t)
                       for q, t in split_quotes(name))

    def name_tex(self, name, verbatim=False):
        esc = verb_escape if verbatim else tex_escape
        return "".join(r"\texttt{%s}" % esc(t) if q else esc(t) for q, t in split_quotes(name))

    # ------------------------------------------------------------ chunk uses inside code

    def use(self, name):
        label, how = self.book.target(name)
        n = len(self.refs) + 1
        cls = "chunkref" + (" exercise" if how == "stub" else "")
        if self.target == "html":
            inner = '&#x27E8;<span class="chunkname">%s</span> <span class="chunknum">%s</span>&#x27E9;' % (
                self.name_html(name), label or "?")
            self.refs[n] = ('<a class="%s" href="%s">%s</a>' % (cls, self.href(label), inner)
                            if label else '<span class="%s undefined">%s</span>' % (cls, inner))
        else:
            inner = r"\nwuse{%s}{%s}" % (self.name_tex(name, verbatim=True), label or "?")
            self.refs[n] = r"\hyperlink{%s}{%s}" % (anchor(label), inner) if label else inner
        return "NWREF%05d" % n

    def fill(self, text):
        """Replace placeholders in pandoc's output."""
        return PLACEHOLDER.sub(lambda m: self.refs[int(m.group(1))], text)

    # ------------------------------------------------------------ chunks

    def code(self, c):
        b = self.book
        name, label = c.name, c.label
        defs = b.defs(name)
        first = defs[0] if defs else label
        cont = label != first
        stub = name.endswith(STUB_SUFFIX)
        base = name[:-len(STUB_SUFFIX)] if stub else name
        is_file = is_file_chunk(name)

        lines = []
        for parts in c.lines:
            s = "".join(self.use(p[1]) if isinstance(p, tuple) else p for p in parts)
            lines.append(s.expandtabs(8))
        body = "\n".join(lines)
        longest = max((len(m) for m in re.findall(r"`{3,}", body)), default=2)
        fence = "`" * (longest + 1)
        code_md = "%s{.c .chunk-code}\n%s\n%s" % (fence, body, fence)

        # footer facts: what this chunk is for, then where it continues and is used
        first_notes, notes = [], []
        if stub:
            first_notes.append(self.exercise_text(b.exercises.get(base), "Stub for"))
            if b.instructor and b.defs(base):
                notes.append(("The answer is", b.defs(base)[:1]))
        elif b.defs(name + STUB_SUFFIX):
            first_notes.append(self.exercise_text(b.exercises.get(name), "Answer to"))
            notes.append(("Students see the stub", b.defs(name + STUB_SUFFIX)[:1]))
        later = defs[defs.index(label) + 1:] if label in defs else []
        if cont:
            notes.append(("Continues", [defs[defs.index(label) - 1]]))
        if later:
            notes.append(("Continued in", later))
        uses = b.uses(base if stub else name)
        if uses:
            notes.append(("Used in", uses))
        extra = []
        if is_file and not cont:
            extra.append("Root chunk: tangled to the file " + self.filename(name) + ".")
        if c.defs:
            extra.append("Defines " + ", ".join(self.ident_link(d) for d in c.defs) + ".")
        foot = " ".join(first_notes + ["%s %s." % (k, self.links(v)) for k, v in notes] + extra)
        render = self.code_html if self.target == "html" else self.code_tex
        return render(c, first, cont, stub, is_file, code_md, foot)

    def filename(self, name):
        if self.target == "html":
            return "<code>%s</code>" % html.escape(name)
        return r"\texttt{%s}" % tex_escape(name)

    def exercise_text(self, ex, what):
        if not ex:
            return what + " an exercise."
        text = "Exercise " + ex["id"][3:] if ex["id"].startswith("ex-") else ex["id"]
        page = self.book.pages.get(ex["chapter"], "")
        if self.target == "html":
            href = ("" if page == self.page else page) + "#" + ex["id"]
            return '%s <a href="%s">%s</a>.' % (what, html.escape(href), text)
        return r"%s \hyperlink{%s}{%s}." % (what, ex["id"], text)

    def code_html(self, c, first, cont, stub, is_file, code_md, foot):
        cls = ["chunk"] + (["file"] if is_file else []) + (["stub"] if stub else []) \
            + (["answer"] if c.part == "answers" else [])
        nm = ('<span class="filename">%s</span>' % html.escape(c.name)) if is_file \
            else '<span class="chunkname">%s</span>' % self.name_html(c.name)
        badges = ""
        if is_file and not cont:
            badges += ' <span class="badge file-badge">file</span>'
        if stub:
            badges += ' <span class="badge stub-badge">stub</span>'
        if c.part == "answers":
            badges += ' <span class="badge answer-badge">answer</span>'
        head = ('<div class="%s" id="%s">\n<div class="chunk-head"><span class="chunk-tag">%s</span> '
                '<a class="chunkdef" href="%s">&#x27E8;%s <span class="chunknum">%s</span>&#x27E9;</a>'
                '<span class="defsym">%s</span>%s</div>'
                % (" ".join(cls), anchor(c.label), c.label, self.href(first), nm, first,
                   "+&#x2261;" if cont else "&#x2261;", badges))
        return "\n```{=html}\n%s\n```\n\n%s\n\n```{=html}\n<div class=\"chunk-foot\">%s</div>\n</div>\n```\n\n" \
            % (head, code_md, foot)

    def code_tex(self, c, first, cont, stub, is_file, code_md, foot):
        nm = r"\nwfile{%s}" % tex_escape(c.name) if is_file else self.name_tex(c.name)
        badges = ""
        if is_file and not cont:
            badges += r"\nwbadge{file}"
        if stub:
            badges += r"\nwbadge{stub}"
        if c.part == "answers":
            badges += r"\nwbadge{answer}"
        head = r"\nwchunkhead{%s}{%s}{\hyperlink{%s}{\nwdefname{%s}{%s}}}{%s}{%s}" % (
            anchor(c.label), c.label, anchor(first), nm, first,
            r"\nwpluseq" if cont else r"\nweq", badges)
        return "\n```{=latex}\n\\begin{nwchunk}%s\n```\n\n%s\n\n```{=latex}\n\\nwchunkfoot{%s}\n\\end{nwchunk}\n```\n\n" \
            % (head, code_md, foot)

    # ------------------------------------------------------------ documentation

    def docs(self, c, runs, where):
        lines = [doc_line_text(parts) for parts in c.lines]
        out, last = [], 0
        for start, end, cmds, _ in weave_run.find_blocks(lines):
            out.extend(lines[last:start])
            text = weave_run.render_block(cmds, runs, where)
            longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
            fence = "`" * (longest + 1)
            out += [fence + "{.console .mmsim}", text, fence]
            last = end + 1
        out.extend(lines[last:])
        return "\n".join(out) + "\n"


def doc_commands(chunks):
    """All (command, expect_fail) pairs of the run blocks in a chapter's documentation."""
    found = []
    for c in chunks:
        if c.kind == "docs":
            lines = [doc_line_text(parts) for parts in c.lines]
            for _, _, cmds, expect in weave_run.find_blocks(lines):
                found += [(cmd, expect) for cmd in cmds]
    return found


def chapter_markdown(ch, chunks, renderer, runs):
    """The whole chapter (answers wrapped in an 'Answers' division) as one Markdown string."""
    out, in_answers = [], False
    for c in chunks:
        if c.part == "answers" and not in_answers:
            in_answers = True
            out.append("\n\n::::: {.answers}\n\n## Answers {.answers-heading .unnumbered}\n\n")
        if c.kind == "docs":
            out.append(renderer.docs(c, runs, ch.answers if c.part == "answers" else ch.path))
        else:
            out.append(renderer.code(c))
    if in_answers:
        out.append("\n\n:::::\n")
    return "".join(out)
