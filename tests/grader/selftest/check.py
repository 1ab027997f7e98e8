#!/usr/bin/env python3
"""Self-test of the grader.

Runs the fixture grader (tests/grader/selftest/fixtures/*.c linked with the
grader) and checks that every fixture test, the sabotaging ones above all,
is reported as it must be: result, reason, score, results.json, JUnit XML,
the terminal's last line, --test, --list, the timeout environment variable.

usage: check.py FIXTURE [FIXTURE-ASAN]

Prints one line per check and, last, "N passed, N failed"; exits 1 on any
failed check.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

TIMEOUT = "0.5"   # the fixtures' default timeout, so hangs cost little

# test: (points, result, regular expression the reason must match)
EXPECT = {
    "pass_simple": (2, "passed", r"^passed$"),
    "fail_expect": (3, "failed",
                    r"basic\.c:\d+: four: expected 5, got 4 \(and 2 more\)$"),
    "fail_assert_stops": (1, "failed",
                          r'basic\.c:\d+: none: expected "x", got NULL$'),
    "fail_message": (1, "failed", r"basic\.c:\d+: wanted 8 pages, found 7$"),
    "fail_cunit_native": (1, "failed", r"CUnit: CU_ASSERT_EQUAL\(1,2\)"),
    "pass_prints": (1, "passed", r"^passed$"),
    "dep_on_pass": (1, "passed", r"^passed$"),
    "dep_on_fail": (2, "skipped", r"^needs fail_expect$"),
    "slow_but_allowed": (1, "passed", r"^passed$"),
    "short_timeout": (1, "error", r"^timeout after 0\.2 s$"),
    "run_command": (2, "passed", r"^passed$"),
    "hidden_test": (1, "passed", r"^passed$"),
    "exit_zero": (1, "error",
                  r"^exited with status 0 before the test finished$"),
    "underscore_exit_zero": (1, "error",
                             r"^exited with status 0 before the test finished$"),
    "exit_three": (1, "error",
                   r"^exited with status 3 before the test finished$"),
    "calls_abort": (1, "error", r"^SIGABRT \(abort\)$"),
    "raises_segv": (1, "error", r"^SIGSEGV \(segmentation fault"),
    "bad_pointer": (1, "error", r"^SIGSEGV \(segmentation fault\)"),
    "kills_itself": (1, "error", r"^SIGKILL \(killed\)$"),
    "infinite_loop": (1, "error", r"^timeout after 0\.5 s$"),
    "fork_continues": (1, "error",
                       r"^a process the test forked \(pid \d+\) also ran to "
                       r"the end of the test$"),
    # root: the grader's watchdog; other users: RLIMIT_NPROC, then a hang
    "fork_bomb": (1, "error",
                  r"^(process limit exceeded \(more than 64 processes\)|"
                  r"timeout after 0\.5 s)$"),
    "leaves_escapee": (1, "passed", r"^passed$"),
    "flood_after_end": (1, "passed", r"^passed$"),
    "flood_stdout": (1, "error",
                     r"^output limit exceeded \(more than 1024 KiB\)$"),
    "forge_stdout_then_fail": (1, "failed",
                               r"sabotage\.c:\d+: this test fails after "
                               r"printing a forged pass$"),
    "forge_stdout_then_exit": (1, "error",
                               r"^exited with status 0 before the test "
                               r"finished$"),
    "forge_all_fds": (1, "error",
                      r"^exited with status 0 before the test finished "
                      r"\(a forged result was ignored\)$"),
    "malloc_until_null": (1, "failed",
                          r"sabotage\.c:\d+: malloc returned NULL after "
                          r"\d+ MiB$"),
    "malloc_and_touch": (1, "error",
                         r"^memory limit exceeded \(more than 256 MiB "
                         r"resident\)$"),
    "big_noreserve_map": (1, "passed", r"^passed$"),
}
EXPECT_ASAN = {
    "heap_overflow": (1, "error", r"^AddressSanitizer: heap-buffer-overflow "
                      r".*sanitizers\.c:\d+ in heap_overflow$"),
    "signed_overflow": (1, "error",
                        r"^undefined behaviour: .*sanitizers\.c:\d+:\d+: "
                        r"runtime error: signed integer overflow"),
}
SUITES = {"basic", "sabotage", "sanitizers"}
LAST_LINE = re.compile(r"^(\d+) passed, (\d+) failed(, (\d+) skipped)?$")

passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok    {what}")
    else:
        failed += 1
        print(f"FAIL  {what}" + (f": {detail}" if detail else ""))
    return ok


def run(cmd, env=None, timeout=60):
    e = dict(os.environ)
    e.pop("GRADER_TIMEOUT", None)
    e.pop("GRADER_TIMEOUT_SCALE", None)
    e.pop("NO_COLOR", None)
    e.update(env or {})
    t = time.monotonic()
    p = subprocess.run(cmd, env=e, capture_output=True, text=True,
                       errors="replace", timeout=timeout)
    return p, time.monotonic() - t


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] not in "ZX"
    except (OSError, IndexError):
        return False


def full_run(binary, asan, tmp):
    tag = "asan" if asan else "plain"
    expect = dict(EXPECT, **(EXPECT_ASAN if asan else {}))
    extra = []
    if asan:
        # ASan spends ~0.1 ms per MiB malloc'd (shadow), so malloc until
        # NULL takes seconds within the default 32 GiB: use 8 here (and
        # see the 16 GiB mapping refused, as --vm must make it).
        extra = ["--vm", "8"]
        expect["big_noreserve_map"] = (1, "failed",
                                       r"expected p != MAP_FAILED to hold$")
    jpath = os.path.join(tmp, f"{tag}.json")
    xpath = os.path.join(tmp, f"{tag}.xml")
    p, secs = run([binary, "--timeout", TIMEOUT, "--mem", "256", "--lab",
                   "selftest", "--json", jpath, "--junit", xpath] + extra,
                  env={"GRADER_SELFTEST_TMP": tmp})
    print(f"# {tag}: full run took {secs:.1f} s")
    lines = p.stdout.rstrip("\n").split("\n")
    check(p.returncode == 1, f"{tag}: exit status 1 when tests fail",
          f"got {p.returncode}; stderr: {p.stderr[-500:]}")
    check(secs < 20, f"{tag}: full run under 20 s", f"{secs:.1f} s")

    try:
        with open(jpath) as f:
            res = json.load(f)
    except (OSError, ValueError) as e:
        check(False, f"{tag}: results.json is valid JSON", str(e))
        return
    tests = {t["extra_data"]["test"]: t for t in res["tests"]}
    check(set(tests) == set(expect), f"{tag}: results.json lists every test",
          f"missing {set(expect) - set(tests)}, extra {set(tests) - set(expect)}")
    for name, (points, result, reason) in expect.items():
        t = tests.get(name)
        if not t:
            continue
        x = t["extra_data"]
        want_score = points if result == "passed" else 0
        ok = (x["result"] == result and re.search(reason, x["reason"])
              and t["score"] == want_score and t["max_score"] == points
              and t["status"] == ("passed" if result == "passed"
                                  else "failed"))
        check(ok, f"{tag}: {name}: {result}: {x['reason'] if ok else reason}",
              f"got {x['result']} / {x['reason']!r} / {t['score']}"
              f"/{t['max_score']}")
    score = sum(t["score"] for t in res["tests"])
    want = sum(pt for pt, r, _ in expect.values() if r == "passed")
    check(all(t["extra_data"]["seconds"] < 8 for t in tests.values()),
          f"{tag}: every test ended within 8 s",
          str([(n, t["extra_data"]["seconds"]) for n, t in tests.items()
               if t["extra_data"]["seconds"] >= 8]))
    total = sum(pt for pt, _, _ in expect.values())
    check(res["score"] == score == want,
          f"{tag}: results.json score {res['score']} = sum of tests = {want}",
          f"score {res['score']}, sum {score}, expected {want}")
    check(sum(t["max_score"] for t in res["tests"]) == total,
          f"{tag}: results.json max scores add up to {total}")
    check(tests.get("hidden_test", {}).get("visibility") == "after_published",
          f"{tag}: visibility is passed through")
    check(all(t["visibility"] == "visible" for n, t in tests.items()
              if n != "hidden_test"), f"{tag}: default visibility is visible")
    check("hello from a passing test" in
          tests.get("pass_prints", {}).get("output", ""),
          f"{tag}: a test's output is in results.json")
    names = [t["extra_data"]["test"] for t in res["tests"]]
    check(names[:3] == ["pass_simple", "fail_expect", "fail_assert_stops"]
          and names.index("exit_zero") > names.index("hidden_test"),
          f"{tag}: tests in file order, then declaration order")
    check("not reached" not in tests.get("fail_assert_stops", {})
          .get("output", "x"), f"{tag}: ASSERT_* ends the test")
    check(tests.get("fail_expect", {}).get("extra_data", {})
          .get("failures") == 3, f"{tag}: EXPECT_* goes on (3 failures)")
    flood = tests.get("flood_stdout", {}).get("output", "")
    check("output truncated" in flood and len(flood) < 70000,
          f"{tag}: a flood is cut to 64 KiB and says so",
          f"{len(flood)} bytes")

    m = LAST_LINE.match(lines[-1])
    npass = sum(1 for _, r, _ in expect.values() if r == "passed")
    nskip = sum(1 for _, r, _ in expect.values() if r == "skipped")
    nfail = len(expect) - npass - nskip
    check(m and int(m.group(1)) == npass and int(m.group(2)) == nfail
          and int(m.group(4) or 0) == nskip,
          f"{tag}: last line is '{npass} passed, {nfail} failed, "
          f"{nskip} skipped'", f"got {lines[-1]!r}")
    check(f"Score: {want}/{total}" in lines,
          f"{tag}: terminal shows Score: {want}/{total}")
    check("\033[" not in p.stdout, f"{tag}: no colours when not a terminal")

    try:
        root = ET.parse(xpath).getroot()
    except (OSError, ET.ParseError) as e:
        check(False, f"{tag}: JUnit XML parses", str(e))
    else:
        cases = root.findall("./testsuite/testcase")
        suites = {s.get("name") for s in root.findall("./testsuite")}
        kinds = {c.get("name"): [k.tag for k in c
                                 if k.tag in ("failure", "error", "skipped")]
                 for c in cases}
        want_kind = {"passed": [], "failed": ["failure"], "error": ["error"],
                     "skipped": ["skipped"]}
        bad = [n for n, (_, r, _) in expect.items()
               if kinds.get(n) != want_kind[r]]
        check(len(cases) == len(expect) and not bad
              and suites <= SUITES
              and int(root.get("tests")) == len(expect),
              f"{tag}: JUnit XML: {len(cases)} testcases, "
              "failure/error/skipped elements right", f"wrong: {bad}")

    pidfile = os.path.join(tmp, "escapee.pid")
    try:
        with open(pidfile) as f:
            pid = int(f.read())
        os.unlink(pidfile)
        check(not alive(pid), f"{tag}: the escaped process (setsid) is gone")
    except (OSError, ValueError) as e:
        check(False, f"{tag}: the escapee wrote its pid", str(e))


def small_runs(binary):
    p, _ = run([binary, "--test", "big_noreserve_map"])
    check(p.returncode == 0, f"{os.path.basename(binary)}: a 16 GiB "
          "MAP_NORESERVE mapping fits the default limits", p.stdout[-300:])


def option_runs(binary):
    p, _ = run([binary, "--test", "pass_simple"])
    check(p.returncode == 0 and p.stdout.rstrip().split("\n")[-1]
          == "1 passed, 0 failed", "--test runs one test, exit 0",
          p.stdout[-300:])
    p, _ = run([binary, "--test", "dep_on_fail"])
    check(p.returncode == 0, "--test runs a test whatever its dependency")
    p, _ = run([binary, "--test", "pass_simpel"])
    check(p.returncode == 2 and "no test named 'pass_simpel'" in p.stderr
          and "did you mean pass_simple" in p.stderr,
          "--test with a wrong name: exit 2, close names", p.stderr)
    p, _ = run([binary, "--list"])
    check(p.returncode == 0 and all(re.search(rf"\t{n}\t", p.stdout)
                                    for n in EXPECT), "--list lists tests")
    p, _ = run([binary, "--test", "infinite_loop"],
               env={"GRADER_TIMEOUT": "0.3"})
    check("timeout after 0.3 s" in p.stdout, "GRADER_TIMEOUT sets the default")
    p, _ = run([binary, "--test", "infinite_loop", "--timeout", "0.2"],
               env={"GRADER_TIMEOUT": "0.3"})
    check("timeout after 0.2 s" in p.stdout, "--timeout beats GRADER_TIMEOUT")
    p, _ = run([binary, "--test", "short_timeout", "--timeout-scale", "2"])
    check("timeout after 0.4 s" in p.stdout, "--timeout-scale scales .timeout")
    p, _ = run([binary, "--expect-total", "1"])
    check(p.returncode == 2 and "add up to" in p.stderr,
          "--expect-total checks the point total", p.stderr)
    p, _ = run([binary, "--bogus"])
    check(p.returncode == 2 and "unknown option" in p.stderr,
          "an unknown option is an error")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="grader-selftest.") as tmp:
        full_run(sys.argv[1], False, tmp)
        option_runs(sys.argv[1])
        small_runs(sys.argv[1])
        if len(sys.argv) > 2:
            full_run(sys.argv[2], True, tmp)
            small_runs(sys.argv[2])
    print(f"# self-test took {time.monotonic() - start:.1f} s")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
