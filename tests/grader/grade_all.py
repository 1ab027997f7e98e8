#!/usr/bin/env python3
"""Grade a whole class: `make grade-all LAB=x SUBMISSIONS=dir`.

Every subfolder of dir is one student's submission (the folder's name is
the student). A pristine student tree of the lab is staged and built once
(build/grades/.kit/LAB); then each submission is graded in parallel in its
own copy of it, into which only the lab's editable files are taken from the
submission (matched by relative path, else by file name: the autograder's
rule, tests/grader/kit_submit.py). Only those files are recompiled.

Writes build/grades/LAB.csv (student, total, one column per test with its
points), build/grades/LAB/STUDENT.log and build/grades/LAB/STUDENT.json
(Gradescope's results.json). A submission that does not compile, crashes or
loops costs only its own row; each has an overall time limit (--timeout).

    grade_all.py --lab LAB --submissions DIR [--jobs N] [--timeout S]
                 [--stub-earlier] [--out DIR] [--keep]
"""
import argparse
import concurrent.futures
import csv
import os
import re
import shutil
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in tests/grader
sys.path.insert(0, HERE)
import handout  # noqa: E402
import kit_submit  # noqa: E402


def safe(name):
    """A file name for a student's folder name."""
    s = re.sub(r"[^\w.@+-]", "_", name).strip(".")
    return s or "_"


def main(argv=None):
    ap = argparse.ArgumentParser(description="Grade every submission.")
    ap.add_argument("--lab", required=True)
    ap.add_argument("--submissions", required=True)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=float, default=300.0,
                    help="seconds per submission, build and grading")
    ap.add_argument("--stub-earlier", action="store_true")
    ap.add_argument("--out", default=os.path.join(handout.BUILD, "grades"))
    ap.add_argument("--keep", action="store_true",
                    help="keep each submission's work tree")
    a = ap.parse_args(argv)
    t0 = time.time()
    lab = a.lab
    if not os.path.isdir(a.submissions):
        sys.exit(f"grade-all: SUBMISSIONS={a.submissions} is not a folder")
    students = sorted(d for d in os.listdir(a.submissions)
                      if os.path.isdir(os.path.join(a.submissions, d))
                      and not d.startswith("."))
    if not students:
        sys.exit(f"grade-all: no submission folders in {a.submissions}")
    try:
        edit = handout.edit_files(lab, a.stub_earlier)
    except (handout.KitError, handout.tangle.TangleError) as e:
        sys.exit(f"grade-all: {e}")

    # The pristine tree, built once.
    kit = os.path.join(a.out, ".kit", lab)
    print(f"grade-all: {lab}: staging and building the pristine student "
          f"tree in {os.path.relpath(kit, handout.TOP)}", flush=True)
    try:
        handout.stage(lab, kit, a.stub_earlier)
    except (handout.KitError, handout.tangle.TangleError) as e:
        sys.exit(f"grade-all: {e}")
    template = kit_submit.prepare(kit, lab)
    names = [t.get("name") for t in template.get("tests", [])]
    most = sum(t.get("max_score", 0) for t in template.get("tests", []))
    prep = time.time() - t0

    logs = os.path.join(a.out, lab)
    if os.path.exists(logs):
        shutil.rmtree(logs)
    os.makedirs(logs)
    work_root = os.path.join(a.out, ".work", lab)
    if os.path.exists(work_root):
        shutil.rmtree(work_root)
    os.makedirs(work_root)
    jobs = max(1, min(a.jobs, len(students)))
    print(f"grade-all: {lab}: {len(students)} submissions, {jobs} at a time, "
          f"{len(names)} tests, {most} points, at most {a.timeout:.0f} s "
          "each", flush=True)

    lock = threading.Lock()
    done = [0]
    files = {}
    used = set()
    for s in students:
        f = safe(s)
        while f in used:
            f += "_"
        used.add(f)
        files[s] = f

    def one(student):
        f = files[student]
        work = os.path.join(work_root, f)
        summary = kit_submit.grade(
            kit, lab, edit, os.path.join(a.submissions, student), work,
            os.path.join(logs, f + ".json"), os.path.join(logs, f + ".log"),
            a.timeout)
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
        with lock:
            done[0] += 1
            note = "" if summary["status"] == "graded" else \
                f" ({summary['status']})"
            print(f"grade-all: {done[0]}/{len(students)} {student} "
                  f"{summary['score']}/{most}{note} "
                  f"[{summary['seconds']:.1f} s]", flush=True)
        return summary

    t1 = time.time()
    results = {}
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = {pool.submit(one, s): s for s in students}
        for fut in concurrent.futures.as_completed(futures):
            s = futures[fut]
            try:
                results[s] = fut.result()
            except Exception as e:  # kit_submit.grade does not raise
                results[s] = {"score": 0, "status": f"error {e!r}",
                              "tests": {}}
    wall = time.time() - t1
    if not a.keep:
        shutil.rmtree(work_root, ignore_errors=True)

    out = os.path.join(a.out, lab + ".csv")
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student", "total"] + names)
        for s in students:
            r = results[s]
            w.writerow([s, r["score"]] +
                       [r["tests"].get(n, 0) for n in names])
    statuses = {}
    for r in results.values():
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    full = sum(1 for r in results.values() if r["score"] == most)
    print(f"grade-all: {lab}: {len(students)} graded in {wall:.1f} s "
          f"({wall / len(students):.2f} s each, {jobs} jobs; pristine tree "
          f"{prep:.1f} s); {full} full marks; "
          + ", ".join(f"{n} {k}" for k, n in sorted(statuses.items())))
    print(f"grade-all: wrote {os.path.relpath(out, handout.TOP)} and "
          f"{os.path.relpath(logs, handout.TOP)}/STUDENT.log, .json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
