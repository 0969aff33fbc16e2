#!/usr/bin/env python3
"""Benchmark asyncdoctor against the ruff speed anchor on the corpus of ../shared/bench/corpus.sh.

Usage:  python3 src/bench/bench.py [--runs 3] [--shared ../shared] [--out bench.json]

For every run it measures, with GNU time: asyncdoctor's first run (compiles the KB), asyncdoctor
cold (lint mode, every rule, --no-cache: no cached facts or results, the compiled KB is reused),
ruff's anchor (ruff-anchor.sh, WebAssembly build, one thread) on the same file list, asyncdoctor
with one thread (--threads 1), and again pinned to one core with taskset (the JVM's collector and
compiler threads otherwise use the other core), a rerun with nothing changed and three runs after
changing one file (all with the cache): a comment appended (the file's facts stay as they were: the
last report is reused), then a new function that calls another (the analysis plans its files again;
the facts the rules receive stay as they were: the last firing is reused), then a comment inserted at
the top (it moves the lines of the file's async code: the rules fire again), and one small file from
JVM start to exit. It prints wall time, CPU time, peak RSS, files and lines per second as medians
over the runs, and the ratios twice: of those medians, and as the median of each run's own ratio
(paired: the runs of one round follow each other, so a drift of the shared machine's speed cancels
out).
The corpus is copied once to a temporary folder so that one file can be changed safely.
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def timed(cmd, cwd=None, env=None):
    """Runs cmd under GNU time; returns wall s, cpu s, peak RSS MB, stdout."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", tf.name] + cmd
        p = subprocess.run(full, cwd=cwd, env=env, capture_output=True, text=True)
        # Exit 1 means findings; a crash also exits 1, so require the report (or the anchor's line) too.
        if p.returncode not in (0, 1) or "Exception" in p.stderr or "Error:" in p.stderr or not p.stdout.strip():
            sys.exit(f"command failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
        wall, user, sys_, rss = tf.read().split()[-4:]
        return {"wall": float(wall), "cpu": float(user) + float(sys_), "rss_mb": int(rss) / 1024.0, "out": p.stdout}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared"))
    ap.add_argument("--out")
    a = ap.parse_args()
    bench = os.path.join(a.shared, "bench")
    work = tempfile.mkdtemp(prefix="asyncdoctor-bench-")
    listfile = os.path.join(work, "files.txt")
    corpus_root = subprocess.run(["bash", os.path.join(bench, "corpus.sh"), "--list", listfile],
                                 capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    files = [l for l in open(listfile).read().splitlines() if l]
    lines = 0
    for f in files:
        try:
            with open(f, "rb") as fh:
                lines += fh.read().count(b"\n")
        except OSError:
            pass
    # A private copy of the corpus, so one file can be changed for the incremental run.
    copy = os.path.join(work, "corpus")
    copy_list = os.path.join(work, "copy-files.txt")
    with open(copy_list, "w") as out:
        for f in files:
            rel = os.path.relpath(f, corpus_root)
            dst = os.path.join(copy, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            try:
                shutil.copyfile(f, dst)
            except OSError:
                continue
            out.write(dst + "\n")
    tool = os.path.join(ROOT, "asyncdoctor")
    subprocess.run([tool, "--version"], check=True, capture_output=True)  # builds the jar and AOT cache
    cache = os.path.join(work, "cache")
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    small = os.path.join(work, "small.py")
    with open(small, "w") as fh:
        fh.write("import time\n\nasync def handler():\n    time.sleep(1)\n")
    changed = os.path.join(copy, "aiohttp", "web_app.py")
    if not os.path.exists(changed):
        changed = open(copy_list).readline().strip()

    taskset = shutil.which("taskset")
    results = {k: [] for k in ["first", "cold", "anchor", "one_thread", "one_core", "unchanged", "one_changed", "one_new_call", "one_moved", "small"]}
    for run in range(a.runs):
        shutil.rmtree(cache, ignore_errors=True)
        base = [tool, "check", "--format", "json", "--files-from", copy_list]
        # The first run after installing (or editing the KB) also compiles the rules; later ones read
        # the compiled KB from the cache, which --no-cache keeps (it skips cached facts and results).
        results["first"].append(timed(base + ["--no-cache"], env=env))
        results["cold"].append(timed(base + ["--no-cache"], env=env))
        anchor = timed(["bash", os.path.join(bench, "ruff-anchor.sh"), listfile])
        results["anchor"].append(anchor)
        results["one_thread"].append(timed(base + ["--no-cache", "--threads", "1"], env=env))
        # --threads 1 bounds asyncdoctor's own threads; the JVM's garbage collector and JIT compiler
        # threads still run on the other core. Pinned to one core, the run has one core in all.
        if taskset:
            results["one_core"].append(timed([taskset, "-c", "0"] + base + ["--no-cache", "--threads", "1"], env=env))
        timed(base, env=env)  # fills the cache
        results["unchanged"].append(timed(base, env=env))
        with open(changed, "a") as fh:
            fh.write(f"\n# bench edit {run} {time.time()}\n")
        results["one_changed"].append(timed(base, env=env))
        with open(changed, "a") as fh:
            fh.write(f"\n\ndef _bench_edit_{run}():\n    return _bench_helper_{run}()\n")
        results["one_new_call"].append(timed(base, env=env))
        # The comment left the file's facts as they were (the last report is reused), the new function
        # the facts the rules receive (the last firing is reused). A comment at the top moves every
        # line of the file's async code: the rules fire again.
        with open(changed) as fh:
            text = fh.read()
        with open(changed, "w") as fh:
            fh.write(f"# bench edit {run}, moves the lines below\n" + text)
        results["one_moved"].append(timed(base, env=env))
        results["small"].append(timed([tool, "check", "--no-cache", small], env=env))
        print(f"run {run + 1}/{a.runs}: cold {results['cold'][-1]['wall']:.2f}s, anchor {anchor['wall']:.2f}s", file=sys.stderr)

    def med(key, field):
        return statistics.median(r[field] for r in results[key])

    rows = []
    for key, label in [("first", "asyncdoctor, first run (KB compile)"), ("cold", "asyncdoctor, cold, 2 threads"), ("anchor", "ruff anchor (wasm, 1 thread)"),
                       ("one_thread", "asyncdoctor, cold, 1 thread"), ("one_core", "asyncdoctor, cold, 1 thread, 1 core"),
                       ("unchanged", "asyncdoctor, nothing changed"),
                       ("one_changed", "asyncdoctor, one file changed"), ("one_new_call", "asyncdoctor, one file, new call"),
                       ("one_moved", "asyncdoctor, one file, lines moved"),
                       ("small", "asyncdoctor, one small file")]:
        if not results[key]:
            continue
        w, c, m = med(key, "wall"), med(key, "cpu"), med(key, "rss_mb")
        n_files = 1 if key == "small" else len(files)
        n_lines = 4 if key == "small" else lines
        rows.append({"run": label, "wall_s": round(w, 2), "cpu_s": round(c, 2), "peak_rss_mb": round(m),
                     "files_per_s": round(n_files / w), "lines_per_s": round(n_lines / w)})
    # Each ratio twice: of the medians, and within each run (its runs follow each other within a
    # minute), then their median: the machine's speed drifts by tens of percent over minutes, and a
    # ratio of neighbours cancels most of that drift where a ratio of medians across runs does not.
    def paired(a, b):
        return statistics.median(x["wall"] / y["wall"] for x, y in zip(results[a], results[b]))

    ratio_defs = [("cold wall / anchor wall", "cold", "anchor", 2), ("1 thread wall / 2 threads wall", "one_thread", "cold", 2),
                  ("1 thread on 1 core / 2 threads", "one_core", "cold", 2),
                  ("nothing changed / cold", "unchanged", "cold", 3), ("one file changed / cold", "one_changed", "cold", 3),
                  ("one file, new call / cold", "one_new_call", "cold", 3),
                  ("one file, lines moved / cold", "one_moved", "cold", 3)]
    ratio_defs = [r for r in ratio_defs if results[r[1]]]
    ratios = {k: round(med(x, "wall") / med(y, "wall"), d) for k, x, y, d in ratio_defs}
    paired_ratios = {k: round(paired(x, y), d) for k, x, y, d in ratio_defs}
    print(f"\ncorpus: {len(files)} files, {lines} lines; medians of {a.runs} runs\n")
    print(f"{'run':34s} {'wall s':>8s} {'cpu s':>8s} {'RSS MB':>8s} {'files/s':>9s} {'lines/s':>10s}")
    for r in rows:
        print(f"{r['run']:34s} {r['wall_s']:8.2f} {r['cpu_s']:8.2f} {r['peak_rss_mb']:8d} {r['files_per_s']:9d} {r['lines_per_s']:10d}")
    print()
    print(f"{'ratio':34s} {'of medians':>10s} {'paired':>8s}")
    for k, v in ratios.items():
        print(f"{k:34s} {v:10} {paired_ratios[k]:8}")
    print("\nwall s per run:")
    for key in results:
        print(f"  {key:12s} " + " ".join(f"{r['wall']:6.2f}" for r in results[key]))
    try:
        print("findings (cold run):", len(json.loads(results["cold"][0]["out"])["findings"]))
    except (ValueError, KeyError):
        pass
    if a.out:
        with open(a.out, "w") as fh:
            json.dump({"files": len(files), "lines": lines, "runs": a.runs, "rows": rows, "ratios": ratios,
                       "paired_ratios": paired_ratios,
                       "walls": {k: [r["wall"] for r in v] for k, v in results.items()}}, fh, indent=2)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
