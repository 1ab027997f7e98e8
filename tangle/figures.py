#!/usr/bin/env python3
"""Render the book's Mermaid figures, cached by content hash.

    python3 tangle/figures.py [--src figures] [--out build/figures] [--formats svg,pdf]

For every SRC/NAME.mmd this leaves OUT/NAME.svg, OUT/NAME.pdf (and OUT/NAME.png
with --formats ...,png).  A figure's hash covers its name and source, tangle/mermaid's
configs and renderer, the pinned mermaid-cli/mermaid/puppeteer versions and the PNG
scale; renders are kept as CACHE/<hash>.<ext> and copied to OUT, so an unchanged
figure is never rendered again.  Figures that need rendering are rendered together
by tangle/mermaid/render.mjs in one browser session.  See tangle/FIGURES.md.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CONF = os.path.join(HERE, "mermaid")
BUILD = os.path.join(os.path.dirname(HERE), "build")
FORMATS = ("svg", "pdf", "png")


def die(msg):
    print(f"figures: {msg}", file=sys.stderr)
    sys.exit(1)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def pinned_versions():
    """Versions of the rendering stack, from the committed lockfile."""
    lock = json.loads(read(os.path.join(CONF, "package-lock.json")))["packages"]
    names = ("@mermaid-js/mermaid-cli", "mermaid", "puppeteer")
    return {n: lock.get("node_modules/" + n, {}).get("version", "?") for n in names}


def stack_digest(scale):
    """Everything besides the .mmd text that changes what a render looks like."""
    h = hashlib.sha256()
    h.update(json.dumps([pinned_versions(), scale], sort_keys=True).encode())
    for name in ("mermaid.json", "puppeteer.json", "render.mjs"):
        h.update(name.encode() + b"\0" + read(os.path.join(CONF, name)) + b"\0")
    return h.digest()


def install(src, dst):
    """Copy a cached render to dst unless dst already has its content.
    Returns True when dst changed (an unchanged dst keeps its mtime for make)."""
    if os.path.exists(dst) and read(dst) == read(src):
        return False
    tmp = f"{dst}.{os.getpid()}.tmp"
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)
    return True


def render(todo, tools, jobs, scale, timeout):
    """Render todo = [(name, src, {fmt: final cache path})] in one browser.
    Yields (name, error-or-None) as figures finish; a render reaches the cache
    only when every format of its figure succeeded."""
    driver = os.path.join(CONF, "render.mjs")
    if not os.path.exists(os.path.join(tools, "node_modules", "@mermaid-js", "mermaid-cli", "package.json")):
        die(f"mermaid-cli is not installed in {tools}: run tangle/setup-mermaid.sh (make figures-setup)")
    cache = os.path.dirname(next(iter(todo[0][2].values())))
    with tempfile.TemporaryDirectory(prefix="render-", dir=cache) as tmp:
        figures = [{"name": n, "src": os.path.abspath(s),
                    "out": {f: os.path.join(tmp, f"{n}.{f}") for f in outs}}
                   for n, s, outs in todo]
        job = os.path.join(tmp, "job.json")
        with open(job, "w") as f:
            json.dump({"mermaidConfig": os.path.join(CONF, "mermaid.json"),
                       "puppeteerConfig": os.path.join(CONF, "puppeteer.json"),
                       "scale": scale, "jobs": jobs, "figures": figures}, f)
        log = open(os.path.join(tmp, "stderr.log"), "w+")
        proc = subprocess.Popen(["node", driver, tools, job], stdout=subprocess.PIPE,
                                stderr=log, text=True)
        timed_out = threading.Event()

        def stop():  # SIGTERM first: puppeteer then closes the browser it started
            timed_out.set()
            proc.terminate()
            threading.Timer(5, proc.kill).start()
        watchdog = threading.Timer(timeout, stop)
        watchdog.start()
        pending = {n: outs for n, _, outs in todo}
        try:
            for line in proc.stdout:
                try:
                    msg = json.loads(line)
                except ValueError:
                    continue
                name = msg.get("name")
                if name not in pending or timed_out.is_set():
                    continue  # after a time-out, failures are the browser closing
                outs = pending.pop(name)
                if msg.get("ok"):
                    for fmt, final in outs.items():
                        os.replace(os.path.join(tmp, f"{name}.{fmt}"), final)
                    yield name, None
                else:
                    yield name, msg.get("error", "unknown error")
            proc.wait()
        finally:
            watchdog.cancel()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if pending:  # the driver died before reporting these
            log.seek(0)
            left = ", ".join(pending)
            if timed_out.is_set():
                die(f"rendering took over {timeout} s (see --timeout) and was stopped; "
                    f"not rendered: {left}")
            why = "\n".join(log.read().strip().splitlines()[-30:])
            die(f"the renderer (node {driver}) stopped with status {proc.returncode} before "
                f"rendering {left}; nothing is cached for them.\n{why}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", action="append",
                    help="folder of NAME.mmd files, may be given again (default: figures)")
    ap.add_argument("--out", default="build/figures", help="output folder (default: build/figures)")
    ap.add_argument("--cache", default=os.path.join(BUILD, "figcache"),
                    help="render cache (default: build/figcache of this repo)")
    ap.add_argument("--tools", default=os.path.join(BUILD, "tools", "mermaid"),
                    help="mermaid-cli install (default: build/tools/mermaid of this repo)")
    ap.add_argument("--formats", default="svg,pdf", help="comma list of svg,pdf,png (default: svg,pdf)")
    ap.add_argument("--scale", type=float, default=2, help="PNG pixels per CSS pixel (default: 2)")
    ap.add_argument("--jobs", type=int, default=2, help="browser pages rendering at once (default: 2)")
    ap.add_argument("--timeout", type=int, default=0, help="seconds for all renders (default: 60 + 20 a figure)")
    ap.add_argument("--stamp", help="touch this file whenever an output changed (for make)")
    ap.add_argument("names", nargs="*", help="render only these figures (default: all)")
    a = ap.parse_args()

    formats = [f for f in a.formats.split(",") if f]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        die(f"unknown format {','.join(bad) or '(none)'}: use some of {','.join(FORMATS)}")
    cache, tools = a.cache, os.path.abspath(a.tools)
    folder_of = {}
    for src in a.src or ["figures"]:
        if not os.path.isdir(src):
            die(f"no figure folder {src}")
        for f in os.listdir(src):
            if f.endswith(".mmd"):
                folder_of.setdefault(f[:-4], src)
    names = sorted(folder_of)
    if a.names:
        missing = [n for n in a.names if n not in names]
        if missing:
            die(f"no such figure: {', '.join(n + '.mmd' for n in missing)}")
        names = a.names
    os.makedirs(a.out, exist_ok=True)
    os.makedirs(cache, exist_ok=True)

    stack = stack_digest(a.scale)
    plan = []  # (name, src, {fmt: cache path}) for every figure
    todo = []  # the same, only formats missing from the cache
    for n in names:
        src = os.path.join(folder_of[n], n + ".mmd")
        key = hashlib.sha256(stack + n.encode() + b"\0" + read(src)).hexdigest()  # name: SVG id
        outs = {f: os.path.join(cache, f"{key}.{f}") for f in formats}
        plan.append((n, src, outs))
        missing = {f: p for f, p in outs.items() if not os.path.exists(p)}
        if missing:
            todo.append((n, src, missing))

    failed = []
    start = time.monotonic()
    if todo:
        timeout = a.timeout or 60 + 20 * len(todo)
        by_name = {n: outs for n, _, outs in todo}
        for i, (name, err) in enumerate(render(todo, tools, a.jobs, a.scale, timeout), 1):
            if err:
                failed.append((name, err))
                print(f"figure {i}/{len(todo)}: {name} FAILED", flush=True)
            else:
                print(f"figure {i}/{len(todo)}: {name} ({', '.join(by_name[name])})", flush=True)

    changed = False
    bad_names = {n for n, _ in failed}
    for n, src, outs in plan:
        if n in bad_names:
            continue
        for f, cached in outs.items():
            changed |= install(cached, os.path.join(a.out, f"{n}.{f}"))
    if a.stamp and (changed or not os.path.exists(a.stamp)):
        with open(a.stamp, "w") as f:
            f.write(" ".join(names) + "\n")

    for name, err in failed:
        lines = [l for l in err.strip().splitlines() if "mermaid-cli-intercept.invalid" not in l]
        print(f"\n{os.path.join(a.src, name + '.mmd')}: Mermaid could not render this figure:\n"
              + "\n".join("    " + l for l in lines), file=sys.stderr)
    if failed:
        die(f"{len(failed)} of {len(names)} figures failed (nothing cached for them)")
    if todo:
        took = time.monotonic() - start
        print(f"figures: rendered {len(todo)} in {took:.1f} s, {len(names) - len(todo)} up to date")
    else:
        print(f"figures: {len(names)} up to date")


if __name__ == "__main__":
    main()
