#!/usr/bin/env python3
"""`make test`: prove the code, the labs and the kit.

For the reference tree (every exercise solved) every lab's grader must give
full marks. For each lab's student tree: it compiles, scores below full
marks on its own lab and full marks on the earlier labs it contains, and
nothing that only the answers of its chapter (or a later one) contain shows
up in it or in the student edition of the book. Every prefix of the book
tangles and compiles. The grader proves itself on its sabotage fixtures.

The last line is "N passed, N failed": every graded test of the reference
run and every kit check counts once.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "tangle"))
sys.path.insert(0, os.path.join(TOP, "tests", "grader"))
import tangle  # noqa: E402
import handout  # noqa: E402

BUILD = os.path.join(TOP, "build")
passed = failed = 0
failures = []


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=TOP, capture_output=True, text=True, **kw)


def make(*args):
    return run(["make", "--no-print-directory"] + list(args))


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"  ok    {name}")
    else:
        failed += 1
        failures.append(name)
        print(f"  FAIL  {name}")
        if detail:
            print("        " + detail.strip().replace("\n", "\n        "))
    sys.stdout.flush()
    return ok


def tail(r, n=25):
    text = (r.stdout + r.stderr).strip().split("\n")
    return "\n".join(text[-n:])


def grade(lab, tree):
    """Build and run lab's grader against tree; return (json, result)."""
    r = make("grader", f"LAB={lab}", f"TREE={tree}")
    if r.returncode != 0:
        return None, r
    binary = os.path.join(tree, "san", "grade", lab)
    out = os.path.join(tree, "san", "grade", lab + ".json")
    env = dict(os.environ, MMSIM=os.path.join(TOP, tree, "bin", "mmsim"))
    r = run([binary, "--lab", lab, "--json", out], env=env)
    try:
        with open(os.path.join(TOP, out)) as f:
            return json.load(f), r
    except (OSError, ValueError):
        return None, r


def score(results):
    got = sum(t.get("score", 0) for t in results["tests"])
    most = sum(t.get("max_score", 0) for t in results["tests"])
    return got, most


# ------------------------------------------------------------------ checks

def check_tangle():
    r = run([sys.executable, "tangle/tangle.py", "check"])
    check("every exercise has a statement, a stub and an answer",
          r.returncode == 0, tail(r))
    r = run([sys.executable, "tangle/test_tangle.py"])
    check("the tangler passes its self-tests (" +
          (r.stdout.strip().split("\n") or [""])[-1] + ")",
          r.returncode == 0, tail(r))


def check_prefixes():
    for num, path in tangle.chapters():
        out = os.path.join("build", "prefix", num)
        r = run([sys.executable, "tangle/tangle.py", "prefix", num, out])
        ok = r.returncode == 0
        if ok and os.path.exists(os.path.join(TOP, out, "Makefile")):
            r = make("-C", out)
            ok = r.returncode == 0
        check(f"chapters 00..{num} alone tangle and compile", ok, tail(r))


def check_format():
    r = run([sys.executable, "tangle/format_check.py"])
    check("the tangled C is formatted in the project's style "
          "(clang-format)", r.returncode == 0, tail(r, 40))


def check_grader():
    r = make("-n", "grader-selftest")
    if r.returncode != 0:
        check("grader self-test exists", False, tail(r))
        return
    r = make("grader-selftest")
    check("grader reports every sabotage by name (self-test)",
          r.returncode == 0, tail(r, 40))


def check_reference(lab):
    global passed, failed
    results, r = grade(lab, "build/src")
    if results is None:
        check(f"{lab}: reference tree grades", False, tail(r))
        return None
    for t in results["tests"]:
        if t.get("score", 0) >= t.get("max_score", 0) and \
                "pass" in t.get("status", "passed"):
            passed += 1
        else:
            failed += 1
            failures.append(f"{lab}: {t['name']}")
            print(f"  FAIL  {lab}: {t['name']}: {t.get('output', '')[:400]}")
    got, most = score(results)
    print(f"  {'ok  ' if got == most else 'FAIL'}  {lab}: reference tree "
          f"scores {got}/{most} ({len(results['tests'])} tests)")
    return most


def check_points(lab, most):
    man = tangle.manifest(lab)
    declared = sum(e.get("points", 0) for e in man.get("exercise", []))
    stated = 0
    ids = set()
    for e in tangle.all_exercises(tangle.lab_chapter(lab)):
        if e.chapter == tangle.lab_chapter(lab):
            ids.add(e.id)
            stated += int(e.points) if str(e.points).isdigit() else 0
    man_ids = {str(e.get("id")) for e in man.get("exercise", [])}
    check(f"{lab}: points agree (manifest {declared}, exercise boxes "
          f"{stated}, tests {most}) and the manifest lists the exercises",
          declared == stated == most and ids == man_ids,
          f"exercises in chapter: {sorted(ids)}; in manifest: "
          f"{sorted(man_ids)}")


def check_student(lab, earlier):
    tree = os.path.join("build", "labs", lab)
    r = make("lab", f"LAB={lab}")
    if not check(f"{lab}: student tree tangles and compiles",
                 r.returncode == 0, tail(r)):
        return
    results, r = grade(lab, tree)
    if results is None:
        check(f"{lab}: student tree's grader builds and runs", False,
              tail(r))
    else:
        got, most = score(results)
        check(f"{lab}: stubs score below full marks ({got}/{most})",
              got < most)
    for e in earlier:
        results, r = grade(e, tree)
        ok = results is not None and score(results)[0] == score(results)[1]
        check(f"{lab}: earlier lab {e} scores full marks in it", ok,
              tail(r))
    check_leaks(lab, tree)


def check_handout(lab):
    """The handout builds (its own leak check included), and unpacked
    elsewhere it builds and grades the stubs below full marks."""
    r = make("handout", f"LAB={lab}")
    if not check(f"{lab}: handout builds, with no #line and no answer of "
                 "its chapter or later in it", r.returncode == 0, tail(r)):
        return
    where = os.path.join(BUILD, "kit", lab)
    subprocess.run(["rm", "-rf", where])
    os.makedirs(where)
    archive = os.path.join(BUILD, "handouts", lab + ".tar.gz")
    r = run(["tar", "-xzf", archive, "-C", where])
    results = None
    if r.returncode == 0:
        r = run(["make", "--no-print-directory", "-C",
                 os.path.join(where, lab), "grade"])
        out = os.path.join(where, lab, "src", "san", "grade", lab + ".json")
        if os.path.exists(out):
            with open(out) as f:
                results = json.load(f)
    got, most = score(results) if results else (None, None)
    check(f"{lab}: the unpacked handout builds and grades its stubs "
          f"({got}/{most})", results is not None and got < most, tail(r))


def check_class(lab):
    """grade-all and the autograder on two submissions: the reference
    answer (full marks) and the stubs (fewer)."""
    man = tangle.manifest(lab)
    subs = os.path.join(BUILD, "kit", lab + "-submissions")
    subprocess.run(["rm", "-rf", subs])
    for who, tree in (("reference", "src"), ("stubs", "labs/" + lab)):
        os.makedirs(os.path.join(subs, who))
        for f in man.get("edit", []):
            subprocess.run(["cp", os.path.join(BUILD, tree, f),
                            os.path.join(subs, who)])
    r = make("grade-all", f"LAB={lab}", f"SUBMISSIONS={subs}")
    rows = {}
    csv = os.path.join(BUILD, "grades", lab + ".csv")
    if r.returncode == 0 and os.path.exists(csv):
        for line in open(csv).read().split("\n")[1:]:
            if line:
                cells = line.split(",")
                rows[cells[0]] = float(cells[1])
    most = sum(e.get("points", 0) for e in man.get("exercise", []))
    check(f"{lab}: grade-all gives the reference {rows.get('reference')}"
          f"/{most} and the stubs {rows.get('stubs')}",
          rows.get("reference") == most and
          rows.get("stubs", most) < most, tail(r))

    r = make("autograder", f"LAB={lab}")
    root = os.path.join(BUILD, "kit", lab + "-autograder")
    subprocess.run(["rm", "-rf", root])
    os.makedirs(os.path.join(root, "source"))
    shutil.copytree(os.path.join(subs, "reference"),
                    os.path.join(root, "submission"))
    got = None
    if r.returncode == 0:
        with zipfile.ZipFile(os.path.join(BUILD, "autograder",
                                          lab + ".zip")) as z:
            z.extractall(os.path.join(root, "source"))
        env = dict(os.environ, AUTOGRADER_ROOT=root)
        src = os.path.join(root, "source")
        for script in ("setup.sh", "run_autograder"):
            r = subprocess.run(["bash", os.path.join(src, script)], cwd=src,
                               env=env, capture_output=True, text=True)
            if r.returncode != 0:
                break
        out = os.path.join(root, "results", "results.json")
        if os.path.exists(out):
            got = json.load(open(out)).get("score")
    check(f"{lab}: the autograder gives the reference {got}/{most}",
          got == most, tail(r))


def check_leaks(lab, tree):
    """The student tree and the student book hold no line that only the
    answers of this chapter or a later one have (the handout's own rule)."""
    problems, lines = [], 0
    for place in (tree, os.path.join("build", "book")):
        try:
            lines = handout.check(lab, os.path.join(TOP, place))
        except handout.KitError as e:
            problems.append(str(e))
    check(f"{lab}: no answer of its chapter or later leaks into the "
          f"student tree or the student book ({lines} lines checked)",
          not problems, "\n".join(problems))


def check_book():
    want = ["build/book/index.html", "build/book-instructor/index.html",
            "build/book.pdf", "build/book-instructor.pdf"]
    missing = [w for w in want
               if not os.path.getsize(os.path.join(TOP, w))] \
        if all(os.path.exists(os.path.join(TOP, w)) for w in want) else want
    check("the book is built: both editions, HTML and PDF", not missing,
          "missing: " + " ".join(missing))


def main():
    """KIT_LABS=a,b checks only those labs; KIT_QUICK=1 skips the prefixes,
    the book and the grader's self-test (for authors at work, not for CI)."""
    start = time.time()
    labs = tangle.labs()
    only = [x for x in os.environ.get("KIT_LABS", "").split(",") if x]
    quick = os.environ.get("KIT_QUICK") == "1"
    print(f"kit: checking {len(tangle.chapters())} chapters, "
          f"{len(labs)} labs ({', '.join(only or labs) or 'none'})")
    print("kit: the literate sources")
    check_tangle()
    if not quick:
        check_prefixes()
    check_format()
    if not quick:
        check_book()
        print("kit: the grader")
        check_grader()
    for i, lab in enumerate(labs):
        if only and lab not in only:
            continue
        print(f"kit: lab {lab} ({i + 1}/{len(labs)})")
        most = check_reference(lab)
        if most is not None:
            check_points(lab, most)
        check_student(lab, labs[:i])
        check_handout(lab)
        check_class(lab)
    print(f"kit: done in {time.time() - start:.0f} s")
    if failures:
        print("kit: failed: " + "; ".join(failures[:20]))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
