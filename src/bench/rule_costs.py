#!/usr/bin/env python3
"""Measures what each set of connected DRL files of kb/ costs to fire on the benchmark corpus and
prints kb/costs.yaml: the weights that balance the rule groups (kb/RuleGroups.java).

Usage:  python3 src/bench/rule_costs.py [--runs 3] [--shared ../shared] [--kb kb] > kb/costs.yaml

The sets are the ones `kb lint` prints with one group per set (-Dasyncdoctor.groups=1000): files
whose rules read what another's insert, which must fire in the same session. Each set fires alone
(every other DRL file emptied, in a copy of the KB) in one session on the corpus, lint mode, and the
median "fire" time of --runs runs (after one run that compiles the copy) is shared among the set's
files by their numbers of rules. Only the balance of the groups depends on these numbers, never a
finding. Measure again after adding or rewriting rules; `kb lint` warns about files that are gone.
"""
import argparse, datetime, os, re, shutil, statistics, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "asyncdoctor")
RULE = re.compile(r"(?m)^\s*rule\b")
FIRE = re.compile(r"timing:\s+fire\s+(\d+) ms")
GROUP = re.compile(r"^rule group \d+ of \d+: (.*)$")


def run(args, env):
    return subprocess.run([TOOL] + args, env=env, capture_output=True, text=True)


def components(kb, env):
    """The sets of DRL files that must fire together, as `kb lint` prints them with one group per set."""
    p = run(["kb", "lint", kb], dict(env, ASYNCDOCTOR_JAVA_OPTS="-Dasyncdoctor.groups=1000"))
    sets = [m.group(1).split(", ") for m in map(GROUP.match, p.stdout.splitlines()) if m]
    if not sets:
        sys.exit(f"kb lint printed no rule groups:\n{p.stdout}{p.stderr}")
    return sets


def fire_ms(kb_copy, files_list, env):
    """The fire time of one run, or None (with the reason on stderr) when the set cannot run alone."""
    opts = f"-Dasyncdoctor.kb={kb_copy} -Dasyncdoctor.groups=1 -Dasyncdoctor.timings=true"
    p = run(["check", "--no-cache", "--format", "json", "--files-from", files_list], dict(env, ASYNCDOCTOR_JAVA_OPTS=opts))
    m = FIRE.search(p.stderr)
    if p.returncode not in (0, 1) or not m:
        print(f"check failed ({p.returncode}):\n{p.stderr[-1000:]}", file=sys.stderr)
        return None
    return int(m.group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared"))
    ap.add_argument("--kb", default=os.path.join(ROOT, "kb"))
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="asyncdoctor-costs-")
    try:
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "cache"))
        files_list = os.path.join(work, "files.txt")
        subprocess.run(["bash", os.path.join(a.shared, "bench", "corpus.sh"), "--list", files_list],
                       check=True, capture_output=True, text=True)
        n_files = sum(1 for line in open(files_list) if line.strip())
        costs = {}
        for files in components(a.kb, env):
            copy = os.path.join(work, "kb")
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(a.kb, copy)
            for d, _, names in os.walk(copy):
                for n in names:
                    path = os.path.join(d, n)
                    rel = os.path.relpath(path, copy).replace(os.sep, "/")
                    # Files without rules (functions, declared types) stay: the set's rules may use them.
                    if rel == "costs.yaml" or (n.endswith(".drl") and rel not in files and RULE.search(open(path, encoding="utf-8").read())):
                        open(path, "w").close()
            if fire_ms(copy, files_list, env) is None:  # (also compiles the copy into the scratch cache)
                print(f"  not measured (left to the rule-count weight): {', '.join(files)}", file=sys.stderr)
                continue
            ms = statistics.median(fire_ms(copy, files_list, env) or 0 for _ in range(a.runs))
            rules = {f: len(RULE.findall(open(os.path.join(a.kb, f), encoding="utf-8").read())) for f in files}
            total = sum(rules.values())
            for f in files:
                costs[f] = round(ms * rules[f] / total) if total else round(ms / len(files))
            print(f"{ms:6.0f} ms  {', '.join(files)}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("# What each DRL file's rules take to fire on a large tree (ms), used only to balance the rule")
    print("# groups that fire side by side (kb/RuleGroups.java): never a finding. A file not listed weighs")
    print("# 20 ms per rule (60 per rule that derives facts). Measured by src/bench/rule_costs.py")
    print(f"# ({datetime.date.today()}, {n_files} files of ../shared/bench/corpus.sh, median of {a.runs} runs, each set of")
    print("# connected files alone, its time shared among its files by their numbers of rules).")
    print("costs:")
    for f in sorted(costs):
        print(f"  {f}: {costs[f]}")


if __name__ == "__main__":
    main()
