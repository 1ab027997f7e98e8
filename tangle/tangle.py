#!/usr/bin/env python3
"""Tangle the chapters into C trees.

noweb's own `markup` parses the .nw files; this script is the back end that
noweb's `nt` would be, with three differences we need: it keeps tabs and
indentation when it emits #line directives, it writes every root chunk named
like a file path in one pass (only when its text changed), and it knows
about exercises: a chunk the book uses but does not define, answered in
answers/ and stubbed in the student's copy.

    tangle.py full OUT            every chapter and every answer (#line on)
    tangle.py prefix NN OUT       chapters 00..NN with their answers
    tangle.py lab LAB OUT [--stub-earlier]
                                  the student tree of a lab: earlier chapters
                                  solved, this chapter's exercises stubbed
    tangle.py check               consistency of every chapter
    tangle.py labs                the labs, in chapter order
    tangle.py lab-get LAB KEY     one manifest value (lists space-separated)
    tangle.py exercises [LAB]     the exercises, one per line
"""
import os
import re
import subprocess
import sys
import tomllib

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKUP = "/usr/lib/noweb/markup"
STUB = " (stub)"
LINE_FMT = '#line {line} "{file}"'
# A root chunk is written out when its name looks like a path: no spaces,
# and a folder or a file extension.
PATHLIKE = re.compile(r"^(?=.*(/|\.\w+$))[A-Za-z0-9_.+-]+(/[A-Za-z0-9_.+-]+)*$")
EXERCISE_DIV = re.compile(r"^:::+\s*\{(?P<attrs>[^}]*\.exercise\b[^}]*)\}")


class TangleError(Exception):
    pass


# ---------------------------------------------------------------- sources

def rel(path):
    return os.path.relpath(path, TOP)


def chapters():
    """Numbered chapters in order: [(number, path)]."""
    out = []
    for name in sorted(os.listdir(os.path.join(TOP, "book"))):
        m = re.match(r"^(\d\d)-.*\.nw$", name)
        if m:
            out.append((m.group(1), os.path.join("book", name)))
    return out


def appendices():
    names = sorted(os.listdir(os.path.join(TOP, "book")))
    return [os.path.join("book", n) for n in names
            if re.match(r"^[A-Z]-.*\.nw$", n)]


def answers_of(chapter_file):
    path = os.path.join("answers", os.path.basename(chapter_file))
    return path if os.path.exists(os.path.join(TOP, path)) else None


class Piece:
    """One definition (or continuation) of a chunk."""

    def __init__(self, name, file, line):
        self.name, self.file, self.line = name, file, line
        self.lines = []  # each a list of ("text", s) / ("use", name)


class Web:
    """Chunks defined and used across a list of .nw files."""

    def __init__(self, files):
        self.files = files
        self.defs = {}   # name -> [Piece]
        self.uses = {}   # name -> [(file, line)]
        if files:
            self._parse(files)

    def _parse(self, files):
        try:
            out = subprocess.run([MARKUP, "-t"] + files, cwd=TOP,
                                 capture_output=True, text=True, check=True)
        except FileNotFoundError:
            raise TangleError(f"{MARKUP} not found: install noweb "
                              "(make setup)")
        except subprocess.CalledProcessError as e:
            raise TangleError(e.stderr.strip() or "noweb markup failed")
        file, line, piece, cur = None, 1, None, None
        for raw in out.stdout.split("\n"):
            key, _, arg = raw.partition(" ")
            if key == "@file":
                file, line = arg, 1
            elif key == "@index" and arg == "nl":
                line += 1  # an "@ %def" line
            elif key == "@nl":
                line += 1
                if piece is not None:
                    cur = []
                    piece.lines.append(cur)
            elif key == "@defn":
                piece = Piece(arg, file, line + 1)
                self.defs.setdefault(arg, []).append(piece)
                cur = None
            elif key == "@end" and arg.startswith("code"):
                if piece is not None and piece.lines and not piece.lines[-1]:
                    piece.lines.pop()  # the chunk's closing newline
                piece = cur = None
            elif piece is not None and key == "@text":
                cur.append(("text", arg))
            elif piece is not None and key == "@use":
                cur.append(("use", arg))
                self.uses.setdefault(arg, []).append((file, line))

    # ------------------------------------------------------------ tangling

    def expand(self, name, lines_on, stack=()):
        """The lines of chunk `name`, all pieces, uses expanded."""
        if name in stack:
            raise TangleError("chunk <<%s>> uses itself (via %s)"
                              % (name, " -> ".join(stack)))
        if name not in self.defs:
            f, ln = self.uses[name][0]
            raise TangleError(f"{f}:{ln}: chunk <<{name}>> is used but "
                              "never defined")
        out = []
        for p in self.defs[name]:
            if lines_on:
                out.append(LINE_FMT.format(line=p.line, file=p.file))
            for i, parts in enumerate(p.lines):
                out.extend(self._expand_line(parts, p, i, lines_on,
                                             stack + (name,)))
        return out

    def _expand_line(self, parts, piece, i, lines_on, stack):
        """One line of a piece. A use alone on its line is indented like
        the use; a use inside a line continues that line."""
        out, cur, block_use = [], "", False
        for kind, val in parts:
            if kind == "text":
                cur += val
                continue
            if cur.strip() == "":
                body = self.expand(val, lines_on, stack)
                out.extend(cur + b if b and not b.startswith("#line ")
                           else b for b in body)
                block_use = True
                continue
            pad = re.sub(r"[^\t]", " ", cur)
            body = self.expand(val, False, stack)
            if body:
                cur += body[0]
                for b in body[1:]:
                    out.append(cur)
                    cur = pad + b if b else ""
        if not block_use or cur.strip():
            out.append(cur)
        if block_use and lines_on:
            out.append(LINE_FMT.format(line=piece.line + i + 1,
                                       file=piece.file))
        return out

    def roots(self):
        return [n for n in self.defs if n not in self.uses
                and not n.endswith(STUB)]


# -------------------------------------------------------------- exercises

def exercise_divs(path):
    """[(line, attrs)] of the ::: {.exercise ...} divs in a file."""
    out = []
    with open(os.path.join(TOP, path), encoding="utf-8") as f:
        for n, text in enumerate(f, 1):
            m = EXERCISE_DIV.match(text)
            if m:
                out.append((n, parse_attrs(m.group("attrs"))))
    return out


def parse_attrs(s):
    attrs = {}
    for m in re.finditer(r'#([\w.-]+)|(\w+)=("([^"]*)"|\S+)', s):
        if m.group(1):
            attrs["id"] = m.group(1)
        else:
            attrs[m.group(2)] = m.group(4) if m.group(4) is not None \
                else m.group(3)
    return attrs


class Exercise:
    def __init__(self, chunk, chapter, stub_piece, attrs):
        self.chunk, self.chapter = chunk, chapter
        self.file, self.line = stub_piece.file, stub_piece.line
        ident = attrs.get("id", "")
        self.id = ident[3:] if ident.startswith("ex-") else ident
        self.title = attrs.get("title", chunk)
        self.points = attrs.get("points", "?")


def chapter_exercises(num, path):
    """Check one chapter against its answers; return its exercises."""
    book = Web([path])
    ans_path = answers_of(path)
    answers = Web([ans_path]) if ans_path else Web([])
    errors, exercises = [], []
    divs = exercise_divs(path)
    for name, uses in book.uses.items():
        if name in book.defs or name.endswith(STUB):
            continue
        stub = book.defs.get(name + STUB)
        f, ln = uses[0]
        if not stub:
            # Defined by an earlier chapter: not an exercise of this one.
            continue
        before = [a for (n, a) in divs if n < stub[0].line]
        attrs = before[-1] if before else {}
        if not before:
            errors.append(f"{f}:{stub[0].line}: stub <<{name}{STUB}>> has "
                          "no ::: {.exercise} statement before it")
        if name not in answers.defs:
            errors.append(f"{f}:{ln}: exercise <<{name}>> has no answer "
                          f"in answers/{os.path.basename(path)}")
        exercises.append(Exercise(name, num, stub[0], attrs))
    for name, pieces in book.defs.items():
        if name.endswith(STUB):
            base = name[:-len(STUB)]
            if base not in book.uses or base in book.defs:
                errors.append(f"{pieces[0].file}:{pieces[0].line}: stub "
                              f"<<{name}>> has no exercise: <<{base}>> "
                              "must be used and left undefined in "
                              f"{path}")
    names = {e.chunk for e in exercises}
    for name, pieces in answers.defs.items():
        if name not in names:
            errors.append(f"{pieces[0].file}:{pieces[0].line}: "
                          f"<<{name}>> is not an exercise of {path} "
                          f"(no <<{name}{STUB}>> there)")
    if errors:
        raise TangleError("\n".join(errors))
    return exercises


def undefined_without_stub(web):
    for name, uses in web.uses.items():
        if name not in web.defs:
            f, ln = uses[0]
            raise TangleError(f"{f}:{ln}: chunk <<{name}>> is used but "
                              f"defined nowhere, and no <<{name}{STUB}>> "
                              "makes it an exercise")


# ------------------------------------------------------------------- trees

def stub_file(exercises, out_dir):
    """A .nw file that defines each exercise chunk as its stub."""
    path = os.path.normpath(out_dir) + ".stubs.nw"  # beside the tree
    with open(path, "w", encoding="utf-8") as f:
        for e in exercises:
            f.write(f"<<{e.chunk}>>=\n"
                    f"/* EXERCISE {e.id} ({e.points} points): {e.title}. */\n"
                    f"<<{e.chunk}{STUB}>>\n"
                    f"/* END OF EXERCISE {e.id} */\n@\n")
    return path


def plan_tree(files, lines_on):
    """{root file: its text} for a list of .nw files."""
    web = Web(files)
    undefined_without_stub(web)
    roots = web.roots()
    bad = [r for r in roots if not PATHLIKE.match(r)]
    if bad:
        raise TangleError("\n".join(
            "%s:%d: <<%s>> is defined but never used (and is not a file "
            "path)" % (web.defs[b][0].file, web.defs[b][0].line, b)
            for b in bad))
    tree = {}
    for root in sorted(roots):
        lines = web.expand(root, lines_on)
        lines = [ln for k, ln in enumerate(lines)
                 if not (ln.startswith("#line ") and k + 1 < len(lines)
                         and lines[k + 1].startswith("#line "))]
        tree[root] = "\n".join(lines) + "\n"
    return tree


def write_if_changed(path, text):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def write_tree(files, out_dir, lines_on):
    tree = plan_tree(files, lines_on)
    os.makedirs(out_dir, exist_ok=True)
    for root, text in tree.items():
        write_if_changed(os.path.join(out_dir, root), text)
    prune(out_dir, list(tree))
    with open(os.path.join(TOP, "tangle", "tree.mk")) as f:
        write_if_changed(os.path.join(out_dir, "Makefile"), f.read())
    return list(tree)


def prune(out_dir, written):
    """Remove files an earlier tangle wrote that are no roots any more."""
    index = os.path.join(out_dir, ".tangled")
    old = set()
    if os.path.exists(index):
        with open(index) as f:
            old = set(f.read().split("\n"))
    for stale in old - set(written) - {""}:
        p = os.path.join(out_dir, stale)
        if os.path.exists(p):
            os.remove(p)
    with open(index, "w") as f:
        f.write("\n".join(sorted(written)) + "\n")


def files_upto(num, with_answers_before, with_answers_at):
    files = []
    for n, path in chapters():
        if n > num:
            break
        files.append(path)
        ans = answers_of(path)
        if ans and ((n < num and with_answers_before) or
                    (n == num and with_answers_at)):
            files.append(ans)
    return files


def all_exercises(upto=None):
    out = []
    for n, path in chapters():
        if upto is None or n <= upto:
            out.extend(chapter_exercises(n, path))
    return out


def cmd_full(out_dir):
    all_exercises()
    files = files_upto("99", True, True) + appendices()
    return write_tree(files, out_dir, True)


def cmd_prefix(num, out_dir):
    all_exercises(num)
    return write_tree(files_upto(num, True, True), out_dir, True)


def cmd_lab(lab, out_dir, stub_earlier):
    num = lab_chapter(lab)
    exercises = [e for e in all_exercises(num)
                 if e.chapter == num or stub_earlier]
    os.makedirs(out_dir, exist_ok=True)
    files = files_upto(num, not stub_earlier, False)
    files.append(rel(stub_file(exercises, out_dir)))
    return write_tree(files, out_dir, False)


# -------------------------------------------------------------------- labs

def manifest(lab):
    path = os.path.join(TOP, "labs", lab, "lab.toml")
    if not os.path.exists(path):
        known = ", ".join(labs()) or "none"
        raise TangleError(f"no lab '{lab}' (known: {known})")
    with open(path, "rb") as f:
        try:
            return tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            raise TangleError(f"labs/{lab}/lab.toml: {e}")


def lab_chapter(lab):
    chapter = manifest(lab).get("chapter", "")
    for n, path in chapters():
        if os.path.basename(path) == chapter + ".nw":
            return n
    raise TangleError(f"labs/{lab}/lab.toml: chapter '{chapter}' is not "
                      "a file book/<chapter>.nw")


def labs():
    root = os.path.join(TOP, "labs")
    names = [d for d in sorted(os.listdir(root))
             if os.path.exists(os.path.join(root, d, "lab.toml"))] \
        if os.path.isdir(root) else []
    return sorted(names, key=lambda d: (lab_chapter(d), d))


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    cmd, args = argv[1], argv[2:]
    try:
        if cmd == "full" and len(args) == 1:
            cmd_full(args[0])
        elif cmd == "prefix" and len(args) == 2:
            cmd_prefix(args[0], args[1])
        elif cmd == "lab" and len(args) in (2, 3):
            cmd_lab(args[0], args[1], "--stub-earlier" in args[2:])
        elif cmd == "check" and not args:
            all_exercises()
            plan_tree(files_upto("99", True, True) + appendices(), True)
        elif cmd == "labs" and not args:
            print(" ".join(labs()))
        elif cmd == "lab-get" and len(args) == 2:
            val = manifest(args[0]).get(args[1], "")
            if args[1] == "chapter-number":
                val = lab_chapter(args[0])
            print(" ".join(map(str, val)) if isinstance(val, list) else val)
        elif cmd == "exercises" and len(args) <= 1:
            upto = lab_chapter(args[0]) if args else None
            for e in all_exercises(upto):
                if upto is None or e.chapter == upto:
                    print(f"{e.id}\t{e.points}\t{e.chunk}\t{e.file}")
        else:
            sys.exit(__doc__)
    except TangleError as e:
        sys.exit(f"tangle: {e}")


if __name__ == "__main__":
    main(sys.argv)
