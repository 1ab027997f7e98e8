"""Run blocks: ```{.mmsim} fenced blocks in prose, replaced by the real output of mmsim.

The `run` step executes every command of a chapter once (at build time, with the freshly built
binary) and stores the results in a JSON file, written only when it changes; the weave steps
read that file, so rebuilding mmsim rebuilds only the pages whose output really changed.
"""

import os
import re
import shlex
import subprocess

from weave_nw import die

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*(\{[^}]*\}|mmsim)\s*$")


def block_attrs(spec):
    """({.mmsim expect-fail=true}) -> (is_mmsim, expect_fail)."""
    if spec == "mmsim":
        return True, False
    classes = re.findall(r"(?:^|\s|\{)\.([\w-]+)", spec)
    expect = re.search(r"expect-fail\s*=\s*\"?(true|yes|1)\"?", spec) is not None
    return "mmsim" in classes, expect


def find_blocks(lines):
    """Yield (start, end, commands, expect_fail) for each mmsim block in a list of text lines.
    lines[start] is the opening fence, lines[end] the closing one."""
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m and block_attrs(m.group(3))[0]:
            fence = m.group(2)
            j = i + 1
            while j < len(lines):
                s = lines[j].strip()
                if s.startswith(fence[0] * len(fence)) and set(s) == {fence[0]}:
                    break
                j += 1
            cmds = [l.strip() for l in lines[i + 1:j] if l.strip()]
            cmds = [c[2:].strip() if c.startswith("$ ") else c for c in cmds]
            yield i, j, cmds, block_attrs(m.group(3))[1]
            i = j + 1
        else:
            i += 1


def argv_of(cmd, where):
    try:
        argv = shlex.split(cmd)
    except ValueError as e:
        die("%s: bad mmsim command %r: %s" % (where, cmd, e))
    if not argv or argv[0] != "mmsim":
        die("%s: a run block line must start with 'mmsim': %r" % (where, cmd))
    return argv


def run_commands(commands, mmsim, where):
    """commands: list of (cmd, expect_fail).  Returns {cmd: {"output", "status"}}."""
    results = {}
    if commands and not os.access(mmsim, os.X_OK):
        die("%s: run blocks need the mmsim binary, but %s is missing (build it, or set MMSIM=)"
            % (where, mmsim))
    for cmd, expect_fail in commands:
        if cmd in results:
            continue
        argv = argv_of(cmd, where)
        env = dict(os.environ, LC_ALL="C.UTF-8", COLUMNS="80")
        try:
            p = subprocess.run([mmsim] + argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, env=env, timeout=120)
        except subprocess.TimeoutExpired:
            die("%s: `%s` did not finish within 120 s" % (where, cmd))
        out = p.stdout.decode("utf-8", "replace")
        if p.returncode != 0 and not expect_fail:
            die("%s: run block `%s` failed (exit status %d); its output:\n%s\n"
                "(fix the command, or mark the block {.mmsim expect-fail=true} if the failure "
                "is the point)" % (where, cmd, p.returncode, out.rstrip()))
        if p.returncode == 0 and expect_fail:
            die("%s: run block `%s` is marked expect-fail=true but succeeded" % (where, cmd))
        results[cmd] = {"output": out, "status": p.returncode}
    return results


def render_block(cmds, results, where):
    """The console text that replaces a run block."""
    out = []
    for cmd in cmds:
        r = results.get(cmd)
        if r is None:
            die("%s: no recorded output for `%s` (the run step is out of date)" % (where, cmd))
        out.append("$ " + cmd)
        text = r["output"].rstrip("\n")
        if text:
            out.append(text.expandtabs(8))
    return "\n".join(out)
