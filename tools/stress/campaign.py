#!/usr/bin/env python3
"""Random reliability campaign for zopa (issue 16).

Generates scenarios (gen.py), biased to the largest size `zopa check` accepts, runs a
selection of commands on each accepted one under `timeout -s KILL 90`, `ulimit -v` 3 GB and
`/usr/bin/time`, and records exit status, CPU and peak RSS against check's estimate.

usage: campaign.py OUTDIR [SEED] [SECONDS]
"""
import json, os, random, re, shutil, subprocess, sys, tempfile, time
import gen

ZOPA = os.environ.get("ZOPA", "target/release/zopa")
OUT = sys.argv[1]
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 1
BUDGET = float(sys.argv[3]) if len(sys.argv) > 3 else 2600
os.makedirs(OUT, exist_ok=True)
os.makedirs(f"{OUT}/flagged", exist_ok=True)
LOG = open(f"{OUT}/results.jsonl", "a")
T0 = time.time()
WORK = tempfile.mkdtemp(prefix="zopa-camp-")

DEFAULT_MODELS = {
    "compromise": "Compromise",
    "discrete-compromise": "DiscreteCompromise(threshold: 0.15)",
    "nash": "Nash",
    "kalai-smorodinsky": "KalaiSmorodinsky",
    "alternating-offers": "AlternatingOffers(proposer: Rotating, behaviour: Equilibrium, breakdown: 0.0, max_rounds: 100)",
    "expected-utility": "ExpectedUtility(rounds: 10, rules: Paper)",
}


def kind_of(model):
    for k, name in [("Compromise", "compromise"), ("DiscreteCompromise", "discrete-compromise"),
                    ("Nash", "nash"), ("KalaiSmorodinsky", "kalai-smorodinsky"),
                    ("AlternatingOffers", "alternating-offers"), ("ExpectedUtility", "expected-utility")]:
        if model.startswith(k) and (k != "Compromise" or model == "Compromise"):
            return name
    return "?"


def seconds_of(text):
    if "over a year" in text:
        return 1e9
    m = re.match(r"about ([\d.]+) (s|min|h|days)", text)
    if not m:
        return None
    x = float(m.group(1))
    return x * {"s": 1, "min": 60, "h": 3600, "days": 86400}[m.group(2)]


def check(path):
    p = subprocess.run([ZOPA, "check", path], capture_output=True, text=True, timeout=60)
    out = p.stdout + p.stderr
    est = None
    # The note wraps at 100 columns with an indent: any run of white space is one space.
    m = re.search(r"may cost (about [\d.]+ \w+|over a year) per trial", re.sub(r"\s+", " ", out))
    if m:
        est = seconds_of(m.group(1))
    unc = re.search(r"(\d+) numbers? uncertain", out)
    return p.returncode, est, (int(unc.group(1)) if unc else 0), out


def write(cfg, name):
    path = f"{WORK}/{name}.ron"
    with open(path, "w") as f:
        f.write(gen.scenario(cfg))
    return path


def accepted(cfg):
    path = write(cfg, "probe")
    rc, est, _, out = check(path)
    return rc == 0, est, out


KNOBS = ["cont", "actors", "rounds", "opt", "disc"]


def set_knob(cfg, knob, x):
    c = dict(cfg)
    if knob == "cont":
        c["cont"] = x
    elif knob == "actors":
        c["actors"] = x
        c["veto"] = min(cfg["veto"], x) if cfg["veto"] < cfg["actors"] else x
    elif knob == "rounds":
        c["model"] = re.sub(r"(max_rounds|rounds): \d+", lambda m: f"{m.group(1)}: {x}", cfg["model"])
    elif knob == "opt":
        c["opts"] = [x] * cfg["disc"]
    elif knob == "disc":
        c["disc"] = x
        c["opts"] = (cfg["opts"] + [cfg["opts"][-1] if cfg["opts"] else 10] * 8)[:x]
    return c


def knob_range(cfg, knob):
    if knob == "cont":
        return 0 if cfg["disc"] else 1, 100 - cfg["disc"]
    if knob == "actors":
        return 1, 60
    if knob == "rounds":
        if "ExpectedUtility" in cfg["model"]:
            return 1, 100000
        if "AlternatingOffers" in cfg["model"]:
            return 1, 10000
        return None
    if knob == "opt":
        return (2, 300) if cfg["disc"] else None
    if knob == "disc":
        return 0 if cfg["cont"] else 1, min(8, 100 - cfg["cont"])


def largest_accepted(cfg, knob):
    r = knob_range(cfg, knob)
    if not r:
        return None
    lo, hi = r
    ok, _, _ = accepted(set_knob(cfg, knob, lo))
    if not ok:
        return None
    ok, _, _ = accepted(set_knob(cfg, knob, hi))
    if ok:
        return hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if accepted(set_knob(cfg, knob, mid))[0]:
            lo = mid
        else:
            hi = mid
    return lo


def timed(args, limit=60):
    """Runs zopa ARGS under ulimit -v 3 GB, timeout -s KILL and /usr/bin/time."""
    tf = f"{WORK}/time.txt"
    cmd = (f"ulimit -v 3000000; exec /usr/bin/time -o {tf} -f '%U %S %M %e' "
           f"timeout -s KILL {limit} {ZOPA} " + " ".join(f"'{a}'" for a in args))
    p = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True)
    try:
        last = open(tf).read().strip().splitlines()[-1].split()
        u, s, m, e = float(last[0]), float(last[1]), int(last[2]), float(last[3])
    except Exception:
        u = s = e = -1.0
        m = -1
    tail = (p.stdout[-400:] + " | " + p.stderr[-800:])
    return p.returncode, u + s, m / 1024.0, e, tail


def estimates_per_model(cfg):
    est = {}
    for name, ron in DEFAULT_MODELS.items():
        c = dict(cfg, model=ron)
        rc, e, _, _ = check(write(c, "variant"))
        est[name] = (rc, e)
    return est


def flag_of(rec):
    f = []
    if rec["rc"] == 137 and rec["wall"] >= 59:
        f.append("killed at the 60 s wall-clock timeout")
    elif rec["rc"] not in (0, 1, 2, 130):
        f.append(f"exit {rec['rc']}")
    if rec["rss_mb"] > 2048:
        f.append("RSS>2GB")
    if rec["cpu"] > 30 and rec["trials_total"] <= 12:
        f.append("CPU>30s")
    implied = rec["implied"]
    if rec["rc"] == 0 and rec["cpu"] > 3 * implied + 3.0:
        f.append(f"CPU {rec['cpu']:.1f}s > 3x implied {implied:.2f}s")
    return f


def run_case(idx, cfg, mode):
    path = write(cfg, f"case{idx}")
    rc, est, nunc, out = check(path)
    base = dict(idx=idx, mode=mode, cfg=cfg, check_rc=rc, est=est, uncertain=nunc)
    if rc != 0:
        LOG.write(json.dumps(dict(base, event="refused", msg=out[:300])) + "\n"); LOG.flush()
        return 0
    own = kind_of(cfg["model"])
    per = est if est is not None else 0.05  # no note: under 0.05 s per trial
    cmds = [("solve", ["solve", path], 1, per),
            ("explain", ["explain", path], 1, per),
            ("run1", ["run", path, "--trials", "1", "--format", "svg"], 1, per),
            ("run20", ["run", path, "--trials", "20", "--format", "svg"], 20, per * 20)]
    rng = random.Random(idx)
    if rng.random() < 0.5:
        models = estimates_per_model(cfg)
        if all(r == 0 for r, _ in models.values()):
            tot = per + sum((e if e is not None else 0.05) for k, (r, e) in models.items() if k != own)
            cmds.append(("compare1", ["compare", path, "--trials", "1", "--format", "svg"], 6, tot))
            base["model_est"] = {k: e for k, (r, e) in models.items()}
        else:
            base["compare_refused"] = [k for k, (r, e) in models.items() if r != 0]
    if rng.random() < 0.4:
        cmds.append(("sweep", ["sweep", path, "--param", "actors.a0.reservation", "--values",
                               "0.1,0.9", "--trials", "1"], 2, 2 * per))
    if nunc and rng.random() < 0.5:
        cmds.append(("sens", ["sensitivity", path, "--trials", "1"],
                     1 + 2 * nunc, (1 + 2 * nunc) * per))
    n = 0
    killed = False
    for name, args, trials, implied in cmds:
        if time.time() - T0 > BUDGET:
            break
        if killed and name == "run20":
            continue
        od = f"{WORK}/out"
        shutil.rmtree(od, ignore_errors=True)
        if args[0] in ("run", "compare", "sweep", "sensitivity"):
            args = args + ["--out", od]
            if args[0] == "run":
                args += ["--quiet"]
        crc, cpu, rss, wall, tail = timed(args)
        n += 1
        rec = dict(base, event="cmd", cmd=name, args=args, rc=crc, cpu=cpu, rss_mb=rss, wall=wall,
                   trials_total=trials, implied=implied, model=own)
        rec["flags"] = flag_of(rec)
        if crc == 137 and wall >= 59:
            killed = True
        if crc not in (0,):
            rec["tail"] = tail
        LOG.write(json.dumps(rec) + "\n"); LOG.flush()
        if rec["flags"]:
            keep = f"{OUT}/flagged/case{idx}.ron"
            shutil.copy(path, keep)
            print(f"FLAG case{idx} {name} {rec['flags']} cpu={cpu:.1f} rss={rss:.0f} est={est}", flush=True)
        shutil.rmtree(od, ignore_errors=True)
    return n


def main():
    rng = random.Random(SEED)
    idx = SEED * 100000
    stats = dict(generated=0, accepted=0, commands=0)
    while time.time() - T0 < BUDGET:
        idx += 1
        cfg = gen.random_cfg(rng, idx)
        stats["generated"] += 1
        mode = "random"
        if rng.random() < 0.75:
            knob = rng.choice([k for k in KNOBS if knob_range(cfg, k)])
            x = largest_accepted(cfg, knob)
            if x is not None:
                cfg = set_knob(cfg, knob, x)
                mode = f"edge:{knob}={x}"
        ok = accepted(cfg)[0]
        if ok:
            stats["accepted"] += 1
        stats["commands"] += run_case(idx, cfg, mode)
        if stats["generated"] % 10 == 0:
            print(json.dumps(dict(stats, elapsed=round(time.time() - T0))), flush=True)
    print("DONE", json.dumps(stats), flush=True)
    json.dump(stats, open(f"{OUT}/stats.json", "w"))


main()
