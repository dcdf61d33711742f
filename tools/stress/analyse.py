#!/usr/bin/env python3
"""Summarises campaign results: re-derives check's estimate (the campaign's parser missed
notes wrapped inside "per trial"), counts, flags and actual/estimate ratios per model."""
import json, os, re, subprocess, sys, tempfile, collections, statistics
import gen

ZOPA = os.environ.get("ZOPA", "target/release/zopa")
tmp = tempfile.mkdtemp()


def estimate(cfg):
    p = f"{tmp}/a.ron"
    open(p, "w").write(gen.scenario(cfg))
    r = subprocess.run([ZOPA, "check", p], capture_output=True, text=True)
    out = re.sub(r"\s+", " ", r.stdout + r.stderr)
    m = re.search(r"may cost about ([\d.]+) (s|min|h|days) per trial", out)
    if not m:
        return None
    return float(m.group(1)) * {"s": 1, "min": 60, "h": 3600, "days": 86400}[m.group(2)]


recs = []
for f in sys.argv[1:]:
    recs += [json.loads(l) for l in open(f)]
cases = {}
for r in recs:
    cases.setdefault(r["idx"], r)
est = {i: estimate(r["cfg"]) for i, r in cases.items() if r.get("check_rc") == 0}
cmds = [r for r in recs if r["event"] == "cmd"]
print("scenarios generated", len(cases), "accepted", sum(1 for r in cases.values() if r.get("check_rc") == 0),
      "refused", sum(1 for r in cases.values() if r.get("check_rc") != 0))
print("commands run", len(cmds), collections.Counter(r["cmd"] for r in cmds))
print("exit codes", collections.Counter(r["rc"] for r in cmds))
ratios = collections.defaultdict(list)
rows = []
for r in cmds:
    e = est.get(r["idx"])
    per = e if e is not None else 0.05
    trials = {"solve": 1, "explain": 1, "run1": 1, "run20": 20, "sweep": 2}.get(r["cmd"])
    if r["cmd"] == "sens":
        trials = 1 + 2 * r["uncertain"]
    implied = per * trials if trials else r["implied"]
    killed = r["rc"] == 137 and r["wall"] >= 59
    cpu = r["cpu"] if not killed else max(60.0, r["wall"])  # at least the wall time
    if r["cmd"] in ("solve", "run1", "explain") and r["rc"] == 0 or killed and r["cmd"] != "compare1":
        ratios[(r["model"], r["cmd"])].append(cpu / per)
    flag = []
    if killed:
        flag.append("killed at 60 s wall")
    elif r["rc"] not in (0, 1, 2, 130):
        flag.append(f"exit {r['rc']}")
    if r["rss_mb"] > 2048:
        flag.append("RSS>2GB")
    if cpu > 30 and implied < 10:
        flag.append("CPU>30s")
    if cpu > 3 * implied + 3:
        flag.append(">3x estimate")
    if killed and implied >= 20:
        flag = ["(killed, but the estimate implied >= 20 s: user asked for it)"]
    if flag:
        c = r["cfg"]
        rows.append((cpu / max(implied, 1e-9), r["idx"], r["cmd"], r["rc"], round(cpu, 1), int(r["rss_mb"]),
                     e, f'A{c["actors"]} V{c["veto"]} C{c["cont"]} D{c["disc"]}{c["opts"]} {c["shape"]} red{c["red"]} res:{c["res"]}',
                     c["model"][:95], ";".join(flag)))
rows.sort(reverse=True)
for row in rows:
    print("FLAG ratio=%.0f case%d %s rc=%d cpu=%s rss=%d est=%s | %s | %s | %s" % row)
print("\nactual CPU / check's per-trial estimate (no note: 0.05 s), per model and command (rc 0 or killed):")
for k in sorted(ratios):
    v = sorted(ratios[k])
    q = lambda p: v[min(len(v) - 1, int(p * len(v)))]
    print(f"  {k[0]:20s} {k[1]:8s} n={len(v):3d} median={statistics.median(v):8.3f} p90={q(0.9):9.2f} max={v[-1]:9.1f}")
