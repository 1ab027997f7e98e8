#!/usr/bin/env python3
"""Build what a lab ships: a student handout and a Gradescope autograder.

    handout.py handout LAB [--stub-earlier] [--no-book]
        build/handouts/LAB.tar.gz, unpacking to LAB/: the student tree src/,
        the student book (book/, book.pdf), tests/ (this lab's suites and
        the earlier labs'), the grader's sources, labs/*/lab.toml, a
        Makefile (`make`, `make grade`) and a README.
    handout.py handouts [--stub-earlier] [--no-book]
        every lab's handout.
    handout.py autograder LAB [--stub-earlier]
        build/autograder/LAB.zip: setup.sh, run_autograder, kit_submit.py,
        kit.json and kit/ (the handout without the book).
    handout.py kit LAB DEST [--stub-earlier]
        the handout without the book, in DEST (used by grade_all.py).
    handout.py leaks LAB DIR [--stub-earlier]
        check a folder for lines only the answers of LAB's chapter (or a
        later one) contain.

Every folder shipped is checked before it is packed: no #line directive, no
.nw file, nothing from answers/ of the lab's chapter or later (of every
chapter with --stub-earlier).
"""
import argparse
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in tangle/
sys.path.insert(0, os.path.join(TOP, "tangle"))
import tangle  # noqa: E402

BUILD = os.path.join(TOP, "build")
# The flags the top Makefile's `make grade` compiles the tests and the
# grader with (grader.mk's GRADER_LINK: $(GRADER_CFLAGS) $(TEST_CFLAGS)),
# with TREE=src. kit.mk passes the Makefile's own values in KIT_TEST_CFLAGS
# and KIT_LIBS; these are the fallbacks.
DEFAULT_TEST_CFLAGS = (
    "-std=c11 -Wall -Wextra -Werror -Itests/grader "
    "-fsanitize=address,undefined -fno-omit-frame-pointer -g "
    "-fno-sanitize-recover=undefined -O1 -D_GNU_SOURCE "
    "-iquote $(TREE)/include -iquote $(TREE)/arch/x86/include")
DEFAULT_LIBS = "-lcunit"


class KitError(Exception):
    pass


def say(msg):
    print(msg, flush=True)


# ----------------------------------------------------------------- labs

def lab_info(lab):
    """Manifest, chapter number, and the labs up to this one (in order)."""
    try:
        man = tangle.manifest(lab)
        num = tangle.lab_chapter(lab)
        labs = tangle.labs()
    except tangle.TangleError as e:
        raise KitError(str(e))
    upto = [x for x in labs if tangle.lab_chapter(x) < num] + [lab]
    for key in ("suites", "edit"):
        if not man.get(key):
            raise KitError(f"labs/{lab}/lab.toml: '{key}' is empty")
    return man, num, upto


def edit_files(lab, stub_earlier=False):
    """The files a submission supplies: the lab's `edit`, and with
    --stub-earlier the earlier labs' as well (their exercises are stubbed
    too)."""
    man, _, upto = lab_info(lab)
    if not stub_earlier:
        return list(man["edit"])
    out = []
    for x in upto:
        for e in tangle.manifest(x).get("edit", []):
            if e not in out:
                out.append(e)
    return out


def test_cflags():
    flags = os.environ.get("KIT_TEST_CFLAGS", "").strip()
    tree = os.environ.get("KIT_TREE", "").strip().rstrip("/")
    if not flags:
        return DEFAULT_TEST_CFLAGS
    if tree:
        flags = flags.replace(tree + "/", "$(TREE)/")
    return flags


# ------------------------------------------------------------- staging

def copy_file(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(src, dst)


def stage(lab, dest, stub_earlier=False, book=False):
    """Write the handout of lab into the (new) folder dest."""
    man, num, upto = lab_info(lab)
    if os.path.exists(dest):
        shutil.rmtree(dest)
    os.makedirs(dest)
    # The student tree.
    src = os.path.join(dest, "src")
    r = subprocess.run([sys.executable, os.path.join(TOP, "tangle",
                                                     "tangle.py"),
                        "lab", lab, src] +
                       (["--stub-earlier"] if stub_earlier else []),
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise KitError(f"tangling the student tree of {lab} failed:\n"
                       + r.stdout + r.stderr)
    for junk in (src + ".stubs.nw", os.path.join(src, ".tangled")):
        if os.path.exists(junk):
            os.remove(junk)
    edit = edit_files(lab, stub_earlier)
    for rel in edit:
        if not os.path.isfile(os.path.join(src, rel)):
            raise KitError(f"labs/{lab}/lab.toml: edit file {rel} is not in "
                           "the student tree")
    # Tests: every suite of this lab and of the earlier ones.
    suites_of = {}
    for x in upto:
        suites_of[x] = tangle.manifest(x).get("suites", [])
        for s in suites_of[x]:
            folder = os.path.join(TOP, "tests", s)
            if not os.path.isdir(folder):
                raise KitError(f"labs/{x}/lab.toml: no test folder tests/{s}")
            for root, dirs, files in os.walk(folder):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in files:
                    if name.startswith(".") or name.endswith((".o", ".d")):
                        continue
                    p = os.path.join(root, name)
                    copy_file(p, os.path.join(dest, os.path.relpath(p, TOP)))
        copy_file(os.path.join(TOP, "labs", x, "lab.toml"),
                  os.path.join(dest, "labs", x, "lab.toml"))
    # The grader: its C sources and headers (grader*.c, grader*.h, as in
    # grader.mk), none of the kit's tooling.
    gsrc = sorted(n for n in os.listdir(HERE)
                  if n.startswith("grader") and n.endswith((".c", ".h")))
    if "grader.h" not in gsrc:
        raise KitError("tests/grader/grader.h is missing")
    for n in gsrc:
        copy_file(os.path.join(HERE, n),
                  os.path.join(dest, "tests", "grader", n))
    # Makefile and README from the templates.
    titles = {e.chunk: e.title for e in tangle.all_exercises(num)}
    subst = {
        "LAB": lab, "TITLE": man.get("title", lab),
        "CHAPTER": man.get("chapter", ""),
        "LABS": " ".join(upto),
        "SUITES": "\n".join(f"SUITES_{x} := {' '.join(suites_of[x])}"
                            for x in upto),
        "TEST_CFLAGS": test_cflags(),
        "LIBS": os.environ.get("KIT_LIBS", "").strip() or DEFAULT_LIBS,
        "EARLIER_STATE": (
            "the earlier chapters' exercises stubbed as well"
            if stub_earlier else
            "earlier chapters' code complete (their exercises solved)"),
        "BOOK": "book/index.html`, `book.pdf" if book else "(no book)",
        "EXERCISES": "\n".join(
            f"- Exercise {e.get('id')}: "
            f"{titles.get(e.get('chunk'), e.get('chunk'))} "
            f"({e.get('points')} points)"
            for e in man.get("exercise", [])),
        "EDIT": "\n".join(f"- `src/{e}`" for e in edit),
    }
    for name in ("Makefile", "README.md"):
        with open(os.path.join(HERE, "handout", name)) as f:
            text = f.read()
        text = re.sub(r"@([A-Z_]+)@",
                      lambda m: subst.get(m.group(1), m.group(0)), text)
        with open(os.path.join(dest, name), "w") as f:
            f.write(text)
    # The student edition of the book.
    if book:
        site = os.path.join(BUILD, "book")
        pdf = os.path.join(BUILD, "book.pdf")
        if not os.path.exists(os.path.join(site, "index.html")) or \
                not os.path.exists(pdf):
            raise KitError("the student book (build/book/index.html, "
                           "build/book.pdf) is missing: run `make book-html "
                           "book-pdf` (or KIT_BOOK=0 for a handout without "
                           "the book)")
        shutil.copytree(site, os.path.join(dest, "book"))
        shutil.copyfile(pdf, os.path.join(dest, "book.pdf"))
    check(lab, dest, stub_earlier)
    return man, upto


# ---------------------------------------------------------------- checks

def nw_lines(path):
    """(code lines, prose lines) of a .nw file, whitespace-normalized."""
    code, prose, in_code = set(), set(), False
    with open(os.path.join(TOP, path), encoding="utf-8") as f:
        for line in f:
            if re.match(r"^<<.*>>=\s*$", line):
                in_code = True
                continue
            if re.match(r"^@( |$)", line):
                in_code = False
                line = line[1:]
            norm = " ".join(line.split())
            (code if in_code else prose).add(norm)
    return code, prose


def secret_lines(from_chapter):
    """Lines of answers/ of chapters >= from_chapter found nowhere else in
    the book (same rule as tests/kit.py)."""
    elsewhere, secret = set(), set()
    for num, path in tangle.chapters():
        code, prose = nw_lines(path)
        elsewhere |= code | prose
        ans = tangle.answers_of(path)
        if ans:
            code, prose = nw_lines(ans)
            if num < from_chapter:
                elsewhere |= code | prose
            else:
                secret |= {c for c in code if len(c) >= 12}
                secret |= {p for p in prose if len(p) >= 40}
    for path in tangle.appendices():
        code, prose = nw_lines(path)
        elsewhere |= code | prose
    return secret - elsewhere


TEXT = (".c", ".h", ".html", ".htm", ".md", ".txt", ".toml", ".js", ".css",
        ".json", ".svg", "Makefile")


def check(lab, folder, stub_earlier=False):
    """Fail if folder holds a .nw file, a #line or an answer-only line."""
    num = "00" if stub_earlier else tangle.lab_chapter(lab)
    secret = secret_lines(num)
    problems = []
    for root, dirs, files in os.walk(folder):
        for name in files:
            p = os.path.join(root, name)
            rel = os.path.relpath(p, folder)
            if name.endswith(".nw"):
                problems.append(f"{rel}: a noweb file")
                continue
            if not name.endswith(TEXT) or rel.startswith(("src/san/",
                                                           "src/obj/")):
                continue
            with open(p, encoding="utf-8", errors="replace") as f:
                text = f.read()
            if name.endswith((".c", ".h")) and \
                    re.search(r"^\s*#\s*line\b", text, re.M):
                problems.append(f"{rel}: a #line directive")
            if name.endswith((".html", ".htm", ".svg")):
                text = html.unescape(re.sub(r"<[^>]+>", "", text))
            for line in {" ".join(x.split()) for x in text.split("\n")} \
                    & secret:
                problems.append(f"{rel}: answer line: {line[:70]}")
    if problems:
        raise KitError(f"lab {lab}: the handout would leak or is not plain "
                       "C:\n  " + "\n  ".join(problems[:20]))
    return len(secret)


# --------------------------------------------------------------- packing

def tar_folder(folder, top, out):
    """A reproducible .tar.gz of folder, its members under top/."""
    tmp = out + ".tmp"
    entries = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in dirs + sorted(files):
            entries.append(os.path.join(root, name))
    entries.sort(key=lambda p: os.path.relpath(p, folder).split(os.sep))
    with open(tmp, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                           mtime=0) as gz:
            with tarfile.open(fileobj=gz, mode="w",
                              format=tarfile.PAX_FORMAT) as t:
                def add(path, arc):
                    info = t.gettarinfo(path, arc)
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    exe = os.access(path, os.X_OK) or info.isdir()
                    info.mode = 0o755 if exe else 0o644
                    if info.isfile():
                        with open(path, "rb") as f:
                            t.addfile(info, f)
                    else:
                        t.addfile(info)
                add(folder, top)
                for p in entries:
                    add(p, top + "/" + os.path.relpath(p, folder)
                        .replace(os.sep, "/"))
    os.replace(tmp, out)


def zip_folder(folder, out):
    tmp = out + ".tmp.zip"
    if os.path.exists(tmp):
        os.remove(tmp)
    if shutil.which("zip"):
        subprocess.run(["zip", "-q", "-r", "-X", os.path.abspath(tmp), "."],
                       cwd=folder, check=True)
    else:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for root, dirs, files in os.walk(folder):
                dirs.sort()
                for name in sorted(files):
                    p = os.path.join(root, name)
                    info = zipfile.ZipInfo(os.path.relpath(p, folder))
                    info.external_attr = (0o755 if os.access(p, os.X_OK)
                                          else 0o644) << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    with open(p, "rb") as f:
                        z.writestr(info, f.read())
    os.replace(tmp, out)


def drop_stage(stage_root):
    shutil.rmtree(stage_root)
    try:
        os.rmdir(os.path.dirname(stage_root))  # .stage/, when empty
    except OSError:
        pass


def size(path):
    n = os.path.getsize(path)
    return f"{n / 1024:.0f} KB" if n < 1 << 20 else f"{n / (1 << 20):.1f} MB"


# -------------------------------------------------------------- commands

def cmd_handout(lab, stub_earlier, book):
    t0 = time.time()
    lab_info(lab)
    out_dir = os.path.join(BUILD, "handouts")
    stage_root = os.path.join(out_dir, ".stage", lab)
    folder = os.path.join(stage_root, lab)
    say(f"handout: {lab}: staging "
        f"{'(earlier labs stubbed too) ' if stub_earlier else ''}"
        f"in {os.path.relpath(folder, TOP)}")
    man, upto = stage(lab, folder, stub_earlier, book)
    nfiles = sum(len(f) for _, _, f in os.walk(folder))
    say(f"handout: {lab}: tree, tests of {', '.join(upto)}, grader"
        f"{', book' if book else ' (no book)'}: {nfiles} files, checked "
        "(no #line, no answers of this chapter or later)")
    if not book:
        say(f"handout: {lab}: WARNING: no book in this handout (KIT_BOOK=0)")
    out = os.path.join(out_dir, lab + ".tar.gz")
    tar_folder(folder, lab, out)
    drop_stage(stage_root)
    say(f"handout: {lab}: wrote {os.path.relpath(out, TOP)} ({size(out)}, "
        f"{time.time() - t0:.1f} s)")


def cmd_autograder(lab, stub_earlier):
    t0 = time.time()
    lab_info(lab)
    out_dir = os.path.join(BUILD, "autograder")
    stage_root = os.path.join(out_dir, ".stage", lab)
    say(f"autograder: {lab}: staging in "
        f"{os.path.relpath(stage_root, TOP)}")
    if os.path.exists(stage_root):
        shutil.rmtree(stage_root)
    man, upto = stage(lab, os.path.join(stage_root, "kit"), stub_earlier)
    for name in ("setup.sh", "run_autograder"):
        shutil.copyfile(os.path.join(HERE, "autograder", name),
                        os.path.join(stage_root, name))
        os.chmod(os.path.join(stage_root, name), 0o755)
    shutil.copyfile(os.path.join(HERE, "kit_submit.py"),
                    os.path.join(stage_root, "kit_submit.py"))
    with open(os.path.join(stage_root, "kit.json"), "w") as f:
        json.dump({"lab": lab, "title": man.get("title", lab),
                   "edit": edit_files(lab, stub_earlier),
                   "timeout": float(os.environ.get("KIT_TIMEOUT") or 600)},
                  f, indent=1)
    out = os.path.join(out_dir, lab + ".zip")
    zip_folder(stage_root, out)
    drop_stage(stage_root)
    say(f"autograder: {lab}: wrote {os.path.relpath(out, TOP)} "
        f"({size(out)}, {time.time() - t0:.1f} s); upload it to Gradescope "
        "(Configure Autograder, zip file)")


def main(argv=None):
    ap = argparse.ArgumentParser(description="Handouts and autograders.")
    ap.add_argument("cmd", choices=["handout", "handouts", "autograder",
                                    "kit", "leaks"])
    ap.add_argument("lab", nargs="?")
    ap.add_argument("dest", nargs="?")
    ap.add_argument("--stub-earlier", action="store_true")
    ap.add_argument("--no-book", action="store_true")
    a = ap.parse_args(argv)
    try:
        if a.cmd in ("handout", "autograder", "kit", "leaks") and not a.lab:
            raise KitError(f"make {a.cmd}: say which lab, e.g. LAB=machine "
                           f"(labs: {' '.join(tangle.labs()) or 'none'})")
        if a.cmd == "handout":
            cmd_handout(a.lab, a.stub_earlier, not a.no_book)
        elif a.cmd == "handouts":
            labs = tangle.labs()
            if not labs:
                raise KitError("no labs (labs/*/lab.toml)")
            for i, lab in enumerate(labs):
                say(f"handouts: {i + 1}/{len(labs)} {lab}")
                cmd_handout(lab, a.stub_earlier, not a.no_book)
        elif a.cmd == "autograder":
            cmd_autograder(a.lab, a.stub_earlier)
        elif a.cmd == "kit":
            stage(a.lab, a.dest, a.stub_earlier)
        elif a.cmd == "leaks":
            n = check(a.lab, a.dest, a.stub_earlier)
            say(f"leaks: {a.dest}: clean ({n} answer lines checked)")
    except (KitError, tangle.TangleError) as e:
        sys.exit(f"{a.cmd}: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
