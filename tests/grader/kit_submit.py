#!/usr/bin/env python3
"""Grade one submission in a fresh copy of a lab kit (shared by the
Gradescope autograder and `make grade-all`).

A *kit* is a handout folder without the book: its Makefile, the student
tree src/, tests/ and the grader. Grading a submission:

  1. copy the pristine kit (already built: its objects are reused) to a
     work folder;
  2. take from the submission only the lab's student-editable files, each
     matched by relative path (the student handed in the tree, or part of
     it) or else by file name (a flat folder), and put them in the copy,
     removing their stale objects;
  3. `make build` (only the replaced files are recompiled) and run the
     grader with --json; a compile error, a crash of the grader or the
     overall time limit gives a results.json with score 0 and the reason,
     never an exception.

    kit_submit.py prepare --kit DIR --lab LAB
    kit_submit.py grade --kit DIR --lab LAB --edit PATH... --submission DIR
                        --work DIR --results FILE [--log FILE] [--timeout S]
    kit_submit.py autograder [--root /autograder]

Python 3.8 or later, standard library only (it runs on Gradescope's image).
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile

TEMPLATE = ".kit-template.json"   # the stubs' results: the list of tests
STATE = ".kit-state.json"         # what prepare learned (sanitizer options)
OUTPUT_KEEP = 12000               # characters of a log kept in results.json
TEST_OUTPUT_KEEP = 8000           # characters of one test's output kept
MAX_FILE = 4 << 20                # a submitted file larger is refused
FSIZE_BLOCKS = 1 << 20            # ulimit -f for builds and the grader
SKIP_DIRS = {"__MACOSX", ".git", ".svn", "__pycache__", "san", "obj"}


# ----------------------------------------------------------- processes

def run_logged(cmd, cwd, log, timeout, env=None):
    """Run cmd with its output appended to the file log; (rc, timed_out).

    The command runs in its own session under `ulimit -f`, so a flood
    cannot fill the disk, and the whole session is killed at timeout."""
    wrapped = ["sh", "-c", 'ulimit -f %d 2>/dev/null; exec "$@"'
               % FSIZE_BLOCKS, "sh"] + list(cmd)
    with open(log, "ab") as out:
        out.write(("$ %s\n" % " ".join(cmd)).encode())
        out.flush()
        proc = subprocess.Popen(wrapped, cwd=cwd, stdout=out,
                                stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env,
                                start_new_session=True)
        try:
            return proc.wait(timeout=max(timeout, 1)), False
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
            return -signal.SIGKILL, True


def read_log(log, keep=OUTPUT_KEEP):
    """The log's text, its middle cut out when it is long."""
    try:
        with open(log, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(0)
            if size <= keep:
                data = f.read()
            else:
                head = f.read(keep // 3)
                f.seek(size - 2 * keep // 3)
                data = head + (b"\n[... %d bytes cut ...]\n"
                               % (size - keep)) + f.read()
    except OSError:
        return ""
    return data.decode("utf-8", "replace")


def compiler_errors(text, limit=60):
    """The lines of a build log that say what went wrong."""
    keys = ("error", "Error", "undefined reference", "note:", "warning:")
    lines = [ln for ln in text.split("\n") if any(k in ln for k in keys)]
    return "\n".join(lines[:limit])


# ------------------------------------------------------------- matching

def unpack_archives(sub, tmp):
    """If a submission is one archive and nothing else, unpack it."""
    files = [f for f in os.listdir(sub) if not f.startswith(".")]
    if len(files) != 1:
        return sub
    path = os.path.join(sub, files[0])
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                z.extractall(tmp)
            return tmp
        if tarfile.is_tarfile(path):
            with tarfile.open(path) as t:
                members = [m for m in t.getmembers()
                           if (m.isfile() or m.isdir())
                           and not m.name.startswith("/")
                           and ".." not in m.name.split("/")]
                t.extractall(tmp, members=members)
            return tmp
    except (OSError, zipfile.BadZipFile, tarfile.TarError):
        pass
    return sub


def submitted_files(sub):
    out = []
    for root, dirs, files in os.walk(sub):
        dirs[:] = sorted(d for d in dirs
                         if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(files):
            if name.startswith("."):
                continue
            p = os.path.join(root, name)
            if os.path.isfile(p) and not os.path.islink(p):
                out.append(os.path.relpath(p, sub).replace(os.sep, "/"))
    return out


def match_submission(sub, edit):
    """{edit path: (file in sub or None, how)}.

    By relative path first: a submitted file whose path is the edit path
    or ends with /<edit path> (the shortest wins; longer edit paths choose
    first). Else by file name, when
    the name is unique among the edit paths (a flat submission)."""
    files = submitted_files(sub)
    found, taken = {}, set()
    # Longest paths first: src/arch/x86/mm/init.c is arch/x86/mm/init.c's,
    # not mm/init.c's.
    for e in sorted(edit, key=lambda p: (-p.count("/"), p)):
        hits = [f for f in files if (f == e or f.endswith("/" + e))
                and f not in taken]
        if hits:
            best = min(hits, key=lambda f: (f.count("/"), f))
            found[e] = (best, "path")
            taken.add(best)
    names = [os.path.basename(e) for e in edit]
    for e in edit:
        if e in found:
            continue
        name = os.path.basename(e)
        if names.count(name) > 1:
            found[e] = (None, "ambiguous: several edited files are named "
                        + name + "; hand in the tree's paths")
            continue
        hits = [f for f in files
                if os.path.basename(f) == name and f not in taken]
        if hits:
            best = min(hits, key=lambda f: (f.count("/"), f))
            found[e] = (best, "name")
            taken.add(best)
        else:
            found[e] = (None, "missing")
    return found


# -------------------------------------------------------------- grading

def template_tests(kit):
    try:
        with open(os.path.join(kit, TEMPLATE)) as f:
            return json.load(f).get("tests", [])
    except (OSError, ValueError):
        return []


def zero_results(kit, why, output):
    tests = []
    for t in template_tests(kit):
        tests.append({"name": t.get("name", "?"), "score": 0,
                      "max_score": t.get("max_score", 0),
                      "status": "failed",
                      "output": why.split("\n")[0] + " (details at the top)",
                      "visibility": t.get("visibility", "visible")})
    if not tests:
        tests = [{"name": "build", "score": 0, "max_score": 0,
                  "status": "failed", "output": why}]
    return {"score": 0, "output": why + "\n\n" + output, "tests": tests}


def grader_env(kit, work):
    env = dict(os.environ)
    env["MMSIM"] = os.path.join(os.path.abspath(work), "src", "bin", "mmsim")
    try:
        with open(os.path.join(kit, STATE)) as f:
            state = json.load(f)
        if state.get("asan_options") and "ASAN_OPTIONS" not in os.environ:
            env["ASAN_OPTIONS"] = state["asan_options"]
    except (OSError, ValueError):
        pass
    return env


def copy_kit(kit, work):
    if os.path.exists(work):
        shutil.rmtree(work)
    shutil.copytree(kit, work, symlinks=True)


def place(work, rel, src):
    """Put one submitted file into the tree and drop its stale objects."""
    dest = os.path.join(work, "src", rel)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    shutil.copyfile(src, dest)
    now = time.time()
    os.utime(dest, (now, now))
    stem = os.path.splitext(rel)[0]
    for o in ("obj", os.path.join("san", "obj")):
        for ext in (".o", ".d"):
            p = os.path.join(work, "src", o, stem + ext)
            if os.path.exists(p):
                os.remove(p)


def grade(kit, lab, edit, submission, work, results, log, timeout=600.0):
    """Grade one submission; always writes results. Returns a summary:
    {"score", "max", "status", "tests": {name: score}, "seconds"}."""
    start = time.time()
    deadline = start + timeout
    most = sum(t.get("max_score", 0) for t in template_tests(kit))
    os.makedirs(os.path.dirname(os.path.abspath(results)), exist_ok=True)
    os.makedirs(os.path.dirname(os.path.abspath(log)), exist_ok=True)
    open(log, "w").close()

    def finish(res, status):
        res.setdefault("execution_time",
                       round(time.time() - start, 1))
        with open(results, "w") as f:
            json.dump(res, f, indent=1)
        tests = {t.get("name"): t.get("score", 0)
                 for t in res.get("tests", [])}
        score = res.get("score", sum(tests.values()))
        with open(log, "a") as f:
            f.write("\ngrade: %s %s/%s (%.1f s)\n"
                    % (status, score, most, time.time() - start))
        return {"score": score, "max": most, "status": status,
                "tests": tests, "seconds": time.time() - start}

    try:
        notes = []
        with tempfile.TemporaryDirectory() as tmp:
            sub = unpack_archives(submission, tmp)
            found = match_submission(sub, edit)
            copy_kit(kit, work)
            for rel in edit:
                src, how = found[rel]
                if src is None:
                    notes.append("%s: not in the submission (%s); the stub "
                                 "was graded" % (rel, how))
                elif os.path.getsize(os.path.join(sub, src)) > MAX_FILE:
                    notes.append("%s: %s is larger than %d bytes; the stub "
                                 "was graded" % (rel, src, MAX_FILE))
                else:
                    place(work, rel, os.path.join(sub, src))
                    notes.append("%s: taken from %s (matched by %s)"
                                 % (rel, src, how))
        header = "\n".join(notes) + "\n"
        with open(log, "a") as f:
            f.write(header + "\n")
        gdir = os.path.join(work, "src", "san", "grade")
        for stale in (lab, lab + ".json", lab + ".xml"):
            if os.path.exists(os.path.join(gdir, stale)):
                os.remove(os.path.join(gdir, stale))
        if not any(found[e][0] for e in edit):
            return finish(zero_results(
                kit, "No file of this lab was found in the submission "
                "(expected: %s)." % ", ".join(edit), header), "no files")

        build_log = log + ".build"
        open(build_log, "w").close()
        rc, late = run_logged(["make", "--no-print-directory", "LAB=" + lab,
                               "build"], work, build_log,
                              deadline - time.time())
        text = read_log(build_log)
        with open(log, "a") as f:
            f.write(text)
        os.remove(build_log)
        if late:
            return finish(zero_results(
                kit, "The build took longer than %.0f s." % timeout,
                header + text), "timeout")
        if rc != 0:
            return finish(zero_results(
                kit, "Your code does not compile: 0 points. The compiler "
                "said:\n" + compiler_errors(text), header + text), "compile")

        out = os.path.join(gdir, lab + ".json")
        glog = log + ".grade"
        open(glog, "w").close()
        rc, late = run_logged([os.path.join("src", "san", "grade", lab),
                               "--lab", lab, "--json", out], work, glog,
                              deadline - time.time(), grader_env(kit, work))
        text = read_log(glog)
        with open(log, "a") as f:
            f.write(text)
        os.remove(glog)
        try:
            with open(out) as f:
                res = json.load(f)
            if late or not isinstance(res.get("tests"), list):
                raise ValueError
        except (OSError, ValueError):
            why = ("Grading took longer than %.0f s." % timeout if late else
                   "The grader stopped without results (exit status %d)."
                   % rc)
            return finish(zero_results(kit, why, header + text),
                          "timeout" if late else "crash")
        for t in res["tests"]:
            out_t = t.get("output")
            if isinstance(out_t, str) and len(out_t) > TEST_OUTPUT_KEEP:
                t["output"] = (out_t[:TEST_OUTPUT_KEEP] + "\n[... %d more "
                               "characters cut ...]"
                               % (len(out_t) - TEST_OUTPUT_KEEP))
        res["output"] = (header + "\n" + res.get("output", "")).strip()
        if "score" not in res:
            res["score"] = sum(t.get("score", 0) for t in res["tests"])
        return finish(res, "graded")
    except Exception as e:  # never crash: a results.json is always written
        return finish(zero_results(kit, "The autograder failed: %r" % e,
                                   read_log(log)), "error")


# -------------------------------------------------------------- prepare

def prepare(kit, lab, quiet=False):
    """Build a pristine kit and record its stubs' results (the test list).
    Returns the template results."""
    log = os.path.join(kit, ".kit-prepare.log")
    open(log, "w").close()
    rc, _ = run_logged(["make", "--no-print-directory", "LAB=" + lab,
                        "build"], kit, log, 3600)
    if rc != 0:
        sys.stderr.write(read_log(log))
        raise SystemExit("kit: the pristine tree of lab %s does not build"
                         % lab)
    out = os.path.join(kit, TEMPLATE)
    state = {}
    for attempt in range(2):
        if os.path.exists(out):
            os.remove(out)
        open(log, "w").close()
        env = grader_env(kit, kit)
        if state.get("asan_options"):
            env["ASAN_OPTIONS"] = state["asan_options"]
        run_logged([os.path.join("src", "san", "grade", lab), "--lab", lab,
                    "--json", out], kit, log, 3600, env)
        text = read_log(log, 1 << 20)
        if "LeakSanitizer has encountered a fatal error" in text and \
                attempt == 0:
            # LSan cannot run here (ptrace denied in the container).
            state["asan_options"] = "detect_leaks=0"
            continue
        break
    with open(os.path.join(kit, STATE), "w") as f:
        json.dump(state, f)
    try:
        with open(out) as f:
            res = json.load(f)
    except (OSError, ValueError):
        sys.stderr.write(read_log(log))
        raise SystemExit("kit: the grader of lab %s gave no results on the "
                         "pristine tree" % lab)
    if not quiet:
        print("kit: pristine tree of lab %s built; %d tests, the stubs "
              "score %s/%s" % (lab, len(res.get("tests", [])),
                               sum(t.get("score", 0) for t in res["tests"]),
                               sum(t.get("max_score", 0)
                                   for t in res["tests"])))
    return res


# ----------------------------------------------------------- autograder

def autograder(root):
    """Gradescope: /autograder/source holds kit/ and kit.json."""
    source = os.path.join(root, "source")
    with open(os.path.join(source, "kit.json")) as f:
        conf = json.load(f)
    kit = os.path.join(source, "kit")
    results = os.path.join(root, "results", "results.json")
    if not os.path.exists(os.path.join(kit, TEMPLATE)):
        try:
            prepare(kit, conf["lab"])
        except SystemExit as e:
            os.makedirs(os.path.dirname(results), exist_ok=True)
            with open(results, "w") as f:
                json.dump(zero_results(kit, "The autograder is broken: %s"
                                       % e, ""), f)
            print(e)
            return 1
    work = os.path.join(tempfile.mkdtemp(prefix="kit-"), "kit")
    log = os.path.join(os.path.dirname(work), "grade.log")
    s = grade(kit, conf["lab"], conf["edit"],
              os.path.join(root, "submission"), work, results, log,
              float(os.environ.get("KIT_TIMEOUT", conf.get("timeout", 600))))
    sys.stdout.write(read_log(log, 200000))
    print("autograder: %s, %s/%s" % (s["status"], s["score"], s["max"]))
    shutil.rmtree(os.path.dirname(work), ignore_errors=True)
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cmd", choices=["prepare", "grade", "autograder"])
    ap.add_argument("--kit")
    ap.add_argument("--lab")
    ap.add_argument("--edit", nargs="*", default=[])
    ap.add_argument("--submission")
    ap.add_argument("--work")
    ap.add_argument("--results")
    ap.add_argument("--log")
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument("--root", default=os.environ.get("AUTOGRADER_ROOT",
                                                     "/autograder"))
    a = ap.parse_args(argv)
    if a.cmd == "autograder":
        return autograder(a.root)
    if a.cmd == "prepare":
        prepare(a.kit, a.lab)
        return 0
    s = grade(a.kit, a.lab, a.edit, a.submission, a.work, a.results,
              a.log or a.results + ".log", a.timeout)
    print("%s %s/%s" % (s["status"], s["score"], s["max"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
