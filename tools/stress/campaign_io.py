#!/usr/bin/env python3
"""Hostile-input campaign for `zopa backtest`, `zopa merge` and `zopa import` (issue 16).

campaign.py covers solve/explain/run/compare/sweep/sensitivity; this script covers the three
commands that read files other than scenarios: truth and calibration files and folders of cases
(backtest), shard files (merge), GENIUS XML and actor tables (import). Each command runs alone
under `ulimit -v` 3 GB, `timeout -k 5 60` (SIGTERM at 60 s, so an interrupted command must
clean up) and `/usr/bin/time`, in its own folder, and is flagged for:

  - an exit other than 0, 1, 2 or 130; over 30 s of CPU; over 2 GB of peak RSS;
  - "panicked" or "RUST_BACKTRACE" in its output;
  - an input-file error without the file's name and a line:column (backtest truth and
    calibration files, import inputs) or without the shard's name (merge);
  - raw control characters (ESC, BEL, C1, bidi overrides) or over 64 kB in its messages;
  - any file created or changed outside the output folder (-o file, --out folder), or left
    behind by a failed command (a partial output folder, a temporary file);
  - an import that succeeds but whose scenario `zopa check` (or `run --trials 20`) refuses;
  - a merge that succeeds on a shard with inconsistent counts (`zopa plot` of its summary
    then fails), or that differs from the unsharded run (timing fields aside).

usage: ZOPA=/path/to/zopa campaign_io.py OUTDIR [SEED] [SECONDS]
Writes OUTDIR/results.jsonl (one line per command), OUTDIR/repro/<case>/ for flagged cases
and prints a summary. stdlib only; gen.py (beside it) makes the random scenarios.
"""
import hashlib, json, os, random, re, shlex, shutil, stat, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402

ZOPA = os.path.abspath(os.environ.get("ZOPA", "target/release/zopa"))
OUT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "/tmp/campaign_io")
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 1
BUDGET = float(sys.argv[3]) if len(sys.argv) > 3 else 2100
T0 = time.time()
CASES = f"{OUT}/cases"
REPRO = f"{OUT}/repro"
for d in (OUT, CASES, REPRO):
    os.makedirs(d, exist_ok=True)
LOG = open(f"{OUT}/results.jsonl", "a")
RNG = random.Random(SEED)
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "deu-eu15")
STATS = {"commands": 0, "exits": {}, "flagged": 0, "flags": {}}
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]")
LOCATED = re.compile(r":\d+:\d+")


def left():
    return BUDGET - (time.time() - T0)


# --------------------------------------------------------------------------- running

def tree(root):
    """Every path under root (links not followed) -> (kind, size, mtime_ns)."""
    out = {}
    if not os.path.lexists(root):
        return out
    for base, dirs, files in os.walk(root):
        for name in dirs + files:
            p = os.path.join(base, name)
            try:
                st = os.lstat(p)
            except OSError:
                continue
            kind = "l" if stat.S_ISLNK(st.st_mode) else "d" if stat.S_ISDIR(st.st_mode) else "f"
            out[os.path.relpath(p, root)] = (kind, st.st_size if kind == "f" else 0,
                                             st.st_mtime_ns if kind == "f" else 0)
    return out


def tmp_names():
    try:
        return set(os.listdir("/tmp"))
    except OSError:
        return set()


def under(rel, prefix):
    if isinstance(prefix, (list, tuple)):
        return any(under(rel, p) for p in prefix)
    return prefix is not None and (rel == prefix or rel.startswith(prefix.rstrip("/") + "/"))


def timed(args, cwd, limit=60):
    tf = f"{OUT}/.time.txt"
    if os.path.exists(tf):
        os.remove(tf)
    cmd = (f"ulimit -v 3000000; exec /usr/bin/time -o {tf} -f '%e %U %S %M' "
           f"timeout --preserve-status -k 5 {limit} {shlex.quote(ZOPA)} " + " ".join(shlex.quote(a) for a in args))
    p = subprocess.run(["bash", "-c", cmd], cwd=cwd, capture_output=True)
    try:
        last = open(tf).read().strip().splitlines()[-1].split()
        wall, u, s, m = float(last[0]), float(last[1]), float(last[2]), int(last[3])
    except Exception:
        wall = u = s = -1.0
        m = -1
    return p.returncode, u, s, m / 1024.0, wall, p.stdout, p.stderr


def command(surface, case, args, cwd, out=None, loc=None, expect=None, note=None, keep=(),
            limit=60):
    """Runs zopa ARGS in cwd; out is the output (folder or file) relative to cwd; loc is a
    regex the error must match ("LOC" = file:line:col form) when the command fails with 1."""
    before = tree(cwd)
    out_before = {k: v for k, v in before.items() if under(k, out)}
    tmp_before = tmp_names()
    rc, u, s, rss, wall, so, se = timed(args, cwd, limit)
    after = tree(cwd)
    tmp_after = tmp_names()
    err = se.decode("utf-8", "replace")
    outp = so.decode("utf-8", "replace")
    flags = []
    if wall >= limit - 1:
        flags.append(f"timeout ({limit} s wall, exit {rc})")
    elif rc not in (0, 1, 2, 130):
        flags.append(f"exit {rc}")
    if u + s > 30:
        flags.append("CPU>30s")
    if rss > 2048:
        flags.append("RSS>2GB")
    if "panicked" in err or "RUST_BACKTRACE" in err or "panicked" in outp:
        flags.append("panic")
    if len(se) > 65536 or len(so) > 1 << 20:
        flags.append(f"huge message ({len(se)} B stderr)")
    bad = CONTROL.findall(err)
    if bad:
        flags.append("raw control chars in stderr: " + ",".join(sorted({f"U+{ord(c):04X}" for c in bad}))[:80])
    if rc == 1 and loc is not None:
        pattern = loc.replace("LOC", r"[^\n]*:\d+:\d+")
        if not re.search(pattern, err):
            flags.append("error without location")
    # Files written outside the output, partial output, stray temporary files.
    changed = [k for k, v in after.items() if before.get(k) != v and not under(k, out)
               and not (v[0] == "d" and out is not None and
                        any(under(o, k) for o in (out if isinstance(out, (list, tuple)) else [out])))]
    removed = [k for k in before if k not in after and not under(k, out)]
    if changed:
        flags.append("wrote outside output: " + ", ".join(sorted(changed)[:5]))
    if removed:
        flags.append("removed outside output: " + ", ".join(sorted(removed)[:5]))
    if rc != 0 and out is not None:
        out_after = {k: v for k, v in after.items() if under(k, out)}
        if out_after != out_before:
            diff = sorted(set(out_after.items()) ^ set(out_before.items()))
            if not (rc == 137 or rc == 124):
                flags.append("failed command changed its output: " +
                             ", ".join(k for k, _ in diff[:5]))
    stray = [k for k in after if k not in before and re.search(r"\.tmp(-|$)", os.path.basename(k))]
    if stray:
        flags.append("stray temporary files: " + ", ".join(stray[:5]))
    new_tmp = sorted(n for n in tmp_after - tmp_before if not n.startswith("zopa-camp-"))
    if new_tmp:
        flags.append("new entries in /tmp: " + ", ".join(new_tmp[:5]))
    if expect is not None and rc not in expect:
        flags.append(f"expected exit {sorted(expect)}, got {rc}")
    rec = dict(event="cmd", surface=surface, case=case, args=args, cwd=cwd, rc=rc, cpu=round(u + s, 2),
               user=u, rss_mb=round(rss, 1), wall=wall, flags=flags,
               stderr=err[-1500:] if len(err) <= 1500 else err[:700] + " ... " + err[-700:],
               stderr_bytes=len(se))
    if note:
        rec["note"] = note
    LOG.write(json.dumps(rec) + "\n")
    LOG.flush()
    STATS["commands"] += 1
    STATS["exits"][str(rc)] = STATS["exits"].get(str(rc), 0) + 1
    if flags:
        STATS["flagged"] += 1
        for f in flags:
            key = re.sub(r":.*", "", f)
            STATS["flags"][key] = STATS["flags"].get(key, 0) + 1
        keep_repro(case, cwd, keep, rec)
        print(f"FLAG {surface} {case}: {flags} rc={rc} cpu={u + s:.1f} rss={rss:.0f} | "
              f"{err.strip()[:200]!r}", flush=True)
    return rc, err, outp


def keep_repro(case, cwd, keep, rec):
    """Copies the case's small input files (and the record) to repro/<case>/."""
    dest = f"{REPRO}/{case}"
    os.makedirs(dest, exist_ok=True)
    with open(f"{dest}/record.jsonl", "a") as f:
        f.write(json.dumps(rec) + "\n")
    for name in keep:
        src = os.path.join(cwd, name)
        try:
            if os.path.isdir(src) and not os.path.islink(src):
                if sum(os.path.getsize(os.path.join(b, n)) for b, _, fs in os.walk(src) for n in fs) < 50e6:
                    shutil.copytree(src, f"{dest}/{name}", symlinks=True, dirs_exist_ok=True)
            elif os.path.islink(src) or os.path.getsize(src) < 50e6:
                os.makedirs(os.path.dirname(f"{dest}/{name}") or dest, exist_ok=True)
                shutil.copy(src, f"{dest}/{name}", follow_symlinks=False)
            else:
                open(f"{dest}/{name}.too-large-see-generator", "w").write(
                    f"{os.path.getsize(src)} bytes; regenerate with campaign_io.py case {case}\n")
        except OSError:
            pass


def fresh(name):
    d = f"{CASES}/{name}"
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)


def cleanup(d):
    """Removes a case folder unless something in it was flagged (the repro copy is kept)."""
    shutil.rmtree(d, ignore_errors=True)


# --------------------------------------------------------------------------- scenarios

def small_cfg(rng, seed, **kw):
    cfg = dict(actors=rng.choice([2, 3, 4, 6]), veto=rng.choice([1, 2]), cont=rng.choice([1, 1, 2, 3]),
               disc=rng.choice([0, 0, 1]), opts=[3], shape=rng.choice(["Linear", "Quadratic", "Mixed"]),
               red=rng.choice([0.0, 0.2]), res=rng.choice(["low", "edge", "mixed"]), unc=0.6,
               patience=rng.random() < 0.5, concession=False, proposals=rng.choice([0, 1, 2]),
               model=rng.choice(["Compromise", "Nash", "KalaiSmorodinsky",
                                 "ExpectedUtility(rounds: 10, rules: Paper)",
                                 "AlternatingOffers(proposer: Rotating, behaviour: TimeDependent(e: 0.5), breakdown: 0.0, max_rounds: 20)"]),
               seed=seed, trials=10)
    cfg["veto"] = min(cfg["veto"], cfg["actors"])
    cfg.update(kw)
    return cfg


def scenario_text(cfg):
    return gen.scenario(cfg)


def check_ok(path, cwd):
    p = subprocess.run(["bash", "-c", f"ulimit -v 3000000; timeout -k 5 60 {shlex.quote(ZOPA)} check {shlex.quote(path)}"],
                       cwd=cwd, capture_output=True, text=True)
    return p.returncode == 0, p.stdout + p.stderr


def table_csv(rng, actors, issues, name="Stress table", desc="generated", extra=""):
    head = ["Actor", "Description", "Power"]
    for i in range(issues):
        head += [f"I{i} Position", f"I{i} Salience"]
    lines = [f"{name},{desc}{extra}", ",".join(head)]
    for a in range(actors):
        row = [f"Actor {a}", "", f"{rng.uniform(0.01, 10):.3f}"]
        for i in range(issues):
            if rng.random() < 0.05:
                row += ["", ""]
            else:
                row += [f"{rng.uniform(0, 100):.2f}", f"{rng.uniform(1, 100):.2f}"]
        lines.append(",".join(row))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- backtest

def backtest_dir(d, rng, n_ron, n_csv, near_limit=False):
    """Writes cases/ with accepted scenarios and tables; returns {stem: (issue or None, lo, hi)}."""
    os.makedirs(f"{d}/cases", exist_ok=True)
    cases = {}
    k = 0
    tries = 0
    while sum(1 for v in cases.values() if v[3] == "ron") < n_ron and tries < 4 * n_ron + 4:
        tries += 1
        seed = rng.randrange(10**6)
        if near_limit:
            cfg = gen.random_cfg(rng, seed)
            cfg["cont"] = max(cfg["cont"], 1)
        else:
            cfg = small_cfg(rng, seed)
        path = f"{d}/cases/s{k}.ron"
        write(path, scenario_text(cfg))
        ok, _ = check_ok(path, d)
        if not ok:
            os.remove(path)
            continue
        cases[f"s{k}"] = ("c0" if cfg["cont"] > 1 or rng.random() < 0.3 else None, 0.0, 1.0, "ron")
        k += 1
    for j in range(n_csv):
        actors = rng.choice([3, 5, 10, 30]) if not near_limit else rng.choice([200, 1000, 3000])
        write(f"{d}/cases/t{j}.csv", table_csv(rng, actors, 1))
        cases[f"t{j}"] = (None, 0.0, 100.0, "csv")
    return cases


def truth_json(cases, rng):
    return json.dumps({k: dict(outcome=round(rng.uniform(lo, hi), 3), **({"issue": i} if i else {}))
                       for k, (i, lo, hi, _) in cases.items()}, indent=1)


def truth_csv(cases, rng):
    lines = ["id,outcome,issue"]
    for k, (i, lo, hi, _) in cases.items():
        lines.append(f"{k},{rng.uniform(lo, hi):.3f},{i or ''}")
    return "\n".join(lines) + "\n"


def bt_args(truth, models=None, trials=20, extra=()):
    a = ["backtest", "cases", "--truth", truth, "--trials", str(trials), "--out", "out",
         "--format", "svg", "--quiet"]
    if models:
        a += ["--models", models]
    return a + list(extra)


def backtest_random(idx, near_limit=False):
    rng = random.Random(SEED * 1000003 + idx)
    name = f"bt-rand-{idx}"
    d = fresh(name)
    cases = backtest_dir(d, rng, rng.randint(1, 4), rng.randint(0, 2), near_limit)
    if not cases:
        cleanup(d)
        return
    if rng.random() < 0.5:
        write(f"{d}/truth.json", truth_json(cases, rng))
        truth = "truth.json"
    else:
        write(f"{d}/truth.csv", truth_csv(cases, rng))
        truth = "truth.csv"
    models = None if rng.random() < 0.5 else ",".join(rng.sample(
        ["compromise", "discrete-compromise", "nash", "kalai-smorodinsky", "alternating-offers",
         "expected-utility"], rng.randint(1, 3)))
    trials = rng.choice([1, 10, 50, 200])
    extra = []
    if rng.random() < 0.3:
        extra += ["--seed", str(rng.randrange(2**64))]
    if rng.random() < 0.2:
        extra += ["--position-error", str(rng.choice([0, 5, 50, 100, 1e9]))]
    if rng.random() < 0.2:
        extra += ["--write-calibration", "cal.json"]
    rc, err, _ = command("backtest", name, bt_args(truth, models, trials, extra), d, out=("out", "cal.json"),
                         loc=None, keep=("cases", truth), note="near-limit" if near_limit else None)
    if rc == 0 and "--write-calibration" in extra:
        command("backtest", name + "-cal", bt_args(truth, models, 5, ["--calibration", "cal.json"]),
                d, out="out2" if False else "out", keep=("cases", truth, "cal.json"))
    cleanup(d)


def backtest_hostile():
    rng = random.Random(SEED * 7 + 1)
    base = fresh("bt-base")
    cases = backtest_dir(base, rng, 2, 1)
    good = json.loads(truth_json(cases, rng))
    stems = list(cases)

    def case(name, truth_bytes, args=None, truth="truth", loc="LOC", expect=(0, 1), setup=None,
             models="compromise,nash", trials=5, out="out"):
        if left() < 60:
            return
        d = fresh(f"bt-{name}")
        shutil.copytree(f"{base}/cases", f"{d}/cases", symlinks=True)
        if truth_bytes is not None:
            write(f"{d}/{truth}", truth_bytes)
        if setup:
            setup(d)
        command("backtest", f"bt-{name}", args or bt_args(truth, models, trials), d, out=out,
                loc=loc, expect=set(expect), keep=("cases", truth) if truth_bytes is not None and len(truth_bytes) < 50e6 else ("cases",))
        cleanup(d)

    j = json.dumps
    case("good-json", j(good), loc=None, expect=(0,))
    case("good-csv", truth_csv(cases, rng), truth="truth.csv", loc=None, expect=(0,))
    case("bom-crlf-csv", "\ufeff" + truth_csv(cases, rng).replace("\n", "\r\n"), truth="t.csv",
         loc=None, expect=(0,))
    case("cr-only-csv", truth_csv(cases, rng).replace("\n", "\r"), truth="t.csv", loc=None)
    case("quoted-csv-header", '"id","outcome","issue"\n' + "\n".join(
        f'"{k}","{v["outcome"]}","{v.get("issue", "")}"' for k, v in good.items()) + "\n",
        truth="t.csv", loc=None)
    for lit in ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e-400", "\"42\"", "null",
                "[]", "{}", "true", "99999999999999999999999999999999"]:
        t = dict(good)
        t[stems[0]] = {"outcome": "@@"}
        text = j(t, indent=1).replace('"@@"', lit)
        case(f"json-outcome-{re.sub(r'[^a-z0-9]', '_', lit.lower())}", text)
    for lit in ["NaN", "nan", "inf", "-inf", "infinity", "1e400", "-1e400", "0x10", "1_000",
                "=1+1", "\x1b[31m5", "5" * 5000]:
        lines = ["id,outcome"] + [f"{k},{lit if k == stems[0] else v['outcome']}" for k, v in good.items()]
        case(f"csv-outcome-{hashlib.md5(lit.encode()).hexdigest()[:6]}", "\n".join(lines) + "\n",
             truth="t.csv")
    # duplicate keys, missing outcome, wrong issue, outcome outside the range
    dup = "{\n" + ",\n".join(f'"{k}": {j(v)}' for k, v in good.items()) + f',\n"{stems[0]}": {{"outcome": 0.5}}\n}}'
    case("json-duplicate", dup)
    case("csv-duplicate", "id,outcome\n" + "\n".join(f"{stems[0]},0.5" for _ in range(3)) + "\n", truth="t.csv")
    t = dict(good); t[stems[0]] = {"rp": 1}
    case("json-no-outcome", j(t, indent=1))
    t = dict(good); t[stems[0]] = {"outcome": 0.5, "issue": "nope"}
    case("json-unknown-issue", j(t, indent=1))
    t = dict(good); t[stems[0]] = {"outcome": 0.5, "issue": "\x1b]0;pwn\x07" + "x" * 300}
    case("json-issue-control", j(t, indent=1))
    t = dict(good); t[stems[0]] = {"outcome": 1e300}
    case("json-outside-range", j(t, indent=1))
    t = dict(good); t[stems[0]] = {"outcome": -5e-324}
    case("json-tiny-negative", j(t, indent=1), loc=None)
    # hostile ids: control characters, ../, long, only unknown ids
    for nm, hid in [("ctrl", "\x1b[2J\x07evil\u202e"), ("dotdot", "../../etc/passwd"),
                    ("long", "L" * 100000), ("nul", "a\x00b"), ("slash", "/tmp/x")]:
        t = dict(good); t[hid] = {"outcome": 0.5}
        case(f"json-id-{nm}", j(t), loc=None)
        t = {hid: {"outcome": 0.5}}
        case(f"json-only-id-{nm}", j(t), loc=None)
        raw = hid.replace("\x00", "")
        case(f"csv-id-{nm}", "id,outcome\n" + "\n".join([f"{k},{v['outcome']}" for k, v in good.items()] + [f"{raw},0.5"]) + "\n",
             truth="t.csv", loc=None)
    # structure: empty, header only, wrong header, deep nesting, not an object
    case("empty", "", loc=None)
    case("header-only", "id,outcome\n", truth="t.csv", loc=None)
    case("wrong-header", "name,value\na,1\n", truth="t.csv")
    case("huge-header", "\x1b[31m" + "h," * 3_000_000 + "\n", truth="t.csv")
    case("json-deep", "{" + '"a":{' * 100000 + "}" * 100001)
    case("json-deep-array", '{"x":' + "[" * 100000 + "]" * 100000 + "}")
    case("json-array", "[1,2,3]")
    case("json-string-huge", j({stems[0]: {"outcome": "\x1b[31m" + "x" * 10_000_000}}))
    case("csv-cell-huge", "id,outcome\n" + stems[0] + "," + "\x1b[31m" + "y" * 10_000_000 + "\n", truth="t.csv")
    case("utf16", j(good).encode("utf-16"), truth="t.json")
    case("latin1", ("id,outcome\n" + stems[0] + ",0.5\n\xe9t\xe9,0.3\n").encode("latin-1"), truth="t.csv")
    # enormous numbers of rows, at and over the 16 MiB limit
    big = ["id,outcome"] + [f"x{k:07d},{k % 100}" for k in range(1_300_000)]
    text = "\n".join(big) + "\n"
    case("csv-1.3M-rows", text[:16 * 1024 * 1024 - 100].rsplit("\n", 1)[0] + "\n" + "\n".join(
        f"{k},{v['outcome']}" for k, v in good.items()) + "\n", truth="t.csv", loc=None)
    case("csv-over-16MiB", text + "x" * (16 * 1024 * 1024 - len(text) + 1), truth="t.csv")
    entries = ",".join(f'"y{k}":{{"outcome":{k % 7}}}' for k in range(600_000))
    case("json-600k", "{" + entries + "," + ",".join(f'"{k}":{j(v)}' for k, v in good.items()) + "}", loc=None)
    dupmany = "{" + ",".join(f'"z":{{"outcome":{k}}}' for k in range(500_000)) + "}"
    case("json-500k-same-key", dupmany)
    # the truth file as something else
    case("truth-dev-zero", None, args=bt_args("/dev/zero", "compromise", 5), loc=None)
    case("truth-dir", None, args=bt_args("cases", "compromise", 5), loc=None)
    case("truth-missing", None, args=bt_args("nope.json", "compromise", 5), loc=None)
    case("truth-fifo", None, args=bt_args("fifo", "compromise", 5), loc=None,
         setup=lambda d: os.mkfifo(f"{d}/fifo"))
    # the case folder: symlinks, FIFOs, 2 MiB+1 scenario, non-UTF-8 names, a dangling link
    def weird_dir(d):
        os.symlink("/etc/hostname", f"{d}/cases/link.ron")
        os.symlink(f"{d}/nowhere.ron", f"{d}/cases/dangling.ron")
        os.mkfifo(f"{d}/cases/pipe.ron")
        write(f"{d}/cases/big.ron", "// " + "x" * (2 * 1024 * 1024) + "\n")
        write(f"{d}/cases/bad\udcff.ron".encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape"), "x")
        os.mkdir(f"{d}/cases/dir.ron")
    t = dict(good); t.update({"link": {"outcome": 0.5}, "big": {"outcome": 0.5}, "pipe": {"outcome": 0.5},
                              "dangling": {"outcome": 0.5}, "dir": {"outcome": 0.5}})
    case("weird-case-dir", j(t), loc=None, setup=weird_dir)
    t = dict(good); t["big"] = {"outcome": 0.5}
    case("big-scenario", j(t), loc=None,
         setup=lambda d: write(f"{d}/cases/big.ron", "// " + "x" * (2 * 1024 * 1024) + "\n"))
    t = dict(good); t["same"] = {"outcome": 0.5}
    def same_stem(d):
        shutil.copy(f"{d}/cases/{stems[0]}.ron", f"{d}/cases/same.ron")
        write(f"{d}/cases/same.csv", table_csv(random.Random(1), 3, 1))
    case("same-stem", j(t), setup=same_stem, loc=None)
    t = dict(good); t["bad"] = {"outcome": 0.5}
    case("bad-scenario", j(t), setup=lambda d: write(f"{d}/cases/bad.ron", "Scenario(name: \"x\", issues: [],"),
         loc=r"bad\.ron:\d+:\d+")
    case("bad-table", j(dict(good, badt={"outcome": 50})),
         setup=lambda d: write(f"{d}/cases/badt.csv", "T,d\nActor,Description,Power,X Position,X Salience\nA,,1,50,\x1b[31m\n"),
         loc=r"badt\.csv:\d+:\d+")
    case("empty-dir", j(good), setup=lambda d: (shutil.rmtree(f"{d}/cases"), os.mkdir(f"{d}/cases")), loc=None)
    # --calibration and --write-calibration
    cal_ok = {"source": "x", "cases": {"compromise": 1}, "levels": [0.1] * 10,
              "margins": {"compromise": [0.1] * 10}}
    for nm, cal in [("neg", dict(cal_ok, margins={"compromise": [-1e308] * 10, "nash": [1e308] * 10})),
                    ("short", dict(cal_ok, margins={"compromise": [], "nash": [None]})),
                    ("long", dict(cal_ok, margins={"compromise": [0.5] * 2_000_000})),
                    ("nan", "@@NaN"), ("deep", "@@" + "[" * 50000), ("notjson", "@@id,outcome\n"),
                    ("unknown-model", dict(cal_ok, margins={"\x1b[2Jzzz": [0.1] * 10}))]:
        text = cal[2:] if isinstance(cal, str) else j(cal)
        case(f"calibration-{nm}", j(good), args=bt_args("truth", "compromise,nash", 5, ["--calibration", "cal.json"]),
             setup=lambda d, text=text: write(f"{d}/cal.json", text), loc=None if not isinstance(cal, str) else "LOC")
    for nm, target, setup in [("truth", "truth", None), ("devnull", "/dev/null", None), ("dir", "cases", None),
                              ("fifo", "fifo", lambda d: os.mkfifo(f"{d}/fifo")),
                              ("symlink", "link.json", lambda d: os.symlink(f"{d}/truth", f"{d}/link.json")),
                              ("dangling", "dang.json", lambda d: os.symlink(f"{d}/nowhere/x", f"{d}/dang.json")),
                              ("no-parent", "nodir/sub/cal.json", None),
                              ("inside-out", "out/cal.json", None)]:
        case(f"write-calibration-{nm}", j(good), args=bt_args("truth", "compromise", 5, ["--write-calibration", target]),
             setup=setup, loc=None)
    # --out hostile
    for nm, target, setup in [("file", "afile", lambda d: write(f"{d}/afile", "x")), ("devnull", "/dev/null", None),
                              ("cases", "cases", None), ("truth", "truth", None),
                              ("deep-new", "a/b/c/d/out", None)]:
        d_args = ["backtest", "cases", "--truth", "truth", "--trials", "5", "--out", target, "--format", "svg",
                  "--quiet", "--models", "compromise"]
        case(f"out-{nm}", j(good), args=d_args, setup=setup, loc=None, out=target)
    # trials and threads at the edges, position errors
    case("trials-max", j(good), args=bt_args("truth", "compromise", 10_000_000), loc=None, expect=(0, 1, 130))
    case("trials-over", j(good), args=bt_args("truth", "compromise", 10_000_001), loc=None, expect=(2,))
    case("threads-1024", j(good), args=bt_args("truth", "compromise", 5, ["--threads", "1024"]), loc=None)
    for e in ["NaN", "inf", "-1", "1e308", "100", "-0"]:
        case(f"position-error-{e}", j(good), args=bt_args("truth", "compromise", 5, [f"--position-error={e}",
                                                                                     f"--salience-error={e}"]),
             loc=None)
    case("eu-council-nondeu", j(good), args=bt_args("truth", "compromise", 5, ["--capabilities", "eu-council"]),
         loc=None)
    cleanup(base)


def backtest_slow():
    """Does backtest price and refuse slow cases as run does?"""
    rng = random.Random(SEED * 11)
    d = fresh("bt-slow")
    # Kalai-Smorodinsky with 5 veto actors on 100 quadratic issues: check refuses it (over 30 s).
    cfg = dict(actors=5, veto=5, cont=100, disc=0, opts=[], shape="Quadratic", red=0.0, res="low",
               unc=0.2, patience=False, concession=False, proposals=0, model="KalaiSmorodinsky",
               seed=3, trials=10)
    write(f"{d}/cases/slow.ron", scenario_text(cfg))
    # A case whose own model is cheap but expected utility over 3,000 actors is not.
    write(f"{d}/cases/wide.csv", table_csv(rng, 3000, 1))
    # Accepted with a note (a few s per trial): 3 veto actors KS, 30 quadratic issues.
    cfg2 = dict(cfg, cont=30, veto=3, actors=6, unc=0.3)
    write(f"{d}/cases/mid.ron", scenario_text(cfg2))
    write(f"{d}/truth.json", json.dumps({"slow": {"outcome": 0.5, "issue": "c0"},
                                         "wide": {"outcome": 50}, "mid": {"outcome": 0.5, "issue": "c0"}}))
    rc, err, _ = command("backtest-cost", "bt-check-slow", ["check", "cases/slow.ron"], d)
    rc, err, _ = command("backtest-cost", "bt-check-mid", ["check", "cases/mid.ron"], d)
    for models, trials in [("kalai-smorodinsky", 1), ("compromise", 1), ("expected-utility", 1),
                           (None, 1), ("kalai-smorodinsky", 1000)]:
        a = ["backtest", "cases", "--truth", "truth.json", "--trials", str(trials), "--out", "out",
             "--format", "svg", "--quiet"] + (["--models", models] if models else [])
        command("backtest-cost", f"bt-slow-{models}-{trials}", a, d, out="out", keep=("cases", "truth.json"),
                note="does backtest refuse/price slow cases like run?")
    os.remove(f"{d}/cases/slow.ron")
    os.remove(f"{d}/cases/wide.csv")
    for trials in [1, 1000]:
        a = ["backtest", "cases", "--truth", "truth.json", "--trials", str(trials), "--out", "out",
             "--format", "svg", "--models", "kalai-smorodinsky"]
        command("backtest-cost", f"bt-mid-ks-{trials}", a, d, out="out", keep=("cases", "truth.json"),
                note="accepted case with a cost note: does backtest print a note / price trials x cases?")
    command("backtest-cost", "bt-mid-run", ["run", "cases/mid.ron", "--model", "kalai-smorodinsky", "--trials",
                                            "1000", "--out", "runout", "--format", "svg", "--quiet"], d, out="runout")
    cleanup(d)


# --------------------------------------------------------------------------- merge

def make_shards(d, scen, kind, n, extra=(), tag=""):
    """Runs `zopa KIND scen --shard k/n --out shards{tag}/k`; returns the shard files."""
    files = []
    for k in range(n):
        out = f"shards{tag}/{k}"
        args = [kind, scen, "--shard", f"{k}/{n}", "--out", out, "--quiet"] + list(extra)
        rc, err, _ = command("merge-prep", os.path.basename(d), args, d, out=out)
        if rc != 0:
            return None
        name = {"run": "shard-run.json", "sweep": "shard-sweep.json", "sensitivity": "shard-sensitivity.json"}[kind]
        files.append(f"{out}/{name}")
    return files


def plain_copy(src_dir, files, dst_dir):
    """Copies shard files (following the store's links) into dst_dir/<k>/name."""
    out = []
    for k, f in enumerate(files):
        target = f"{dst_dir}/{k}/{os.path.basename(f)}"
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy(f"{src_dir}/{f}", target)
        out.append(target)
    return out


def summary_core(path):
    s = json.load(open(path))
    for k in ("elapsed_seconds", "trials_per_second", "threads", "load_average", "shards", "zopa_version",
              "timing", "run"):
        s.pop(k, None)
    return s


def merge_random(idx):
    """Random accepted scenarios run in shards, merged and compared with the unsharded run."""
    rng = random.Random(SEED * 2000003 + idx)
    name = f"mg-rand-{idx}"
    d = fresh(name)
    for _ in range(6):
        cfg = small_cfg(rng, rng.randrange(10**6)) if rng.random() < 0.6 else gen.random_cfg(rng, rng.randrange(10**6))
        write(f"{d}/s.ron", scenario_text(cfg))
        ok, out = check_ok("s.ron", d)
        m = re.search(r"may cost about ([\d.]+) (s|min)", re.sub(r"\s+", " ", out))
        if ok and not m:
            break
    else:
        cleanup(d)
        return
    kind = rng.choice(["run", "run", "sweep", "sensitivity"])
    n = rng.choice([2, 3, 5])
    trials = rng.choice([1, 7, 100, 1000])
    extra = ["--trials", str(trials)]
    if kind == "sweep":
        extra += ["--param", "actors.a0.reservation", "--values", ",".join(
            f"{rng.random():.3f}" for _ in range(rng.randint(1, 7)))]
    if rng.random() < 0.3:
        extra += ["--seed", str(rng.randrange(2**64))]
    files = make_shards(d, "s.ron", kind, n, extra)
    if files is None:
        cleanup(d)
        return
    rc, err, _ = command("merge", name, ["merge", "shards", "--out", "merged", "--format", "svg", "--quiet"], d,
                         out="merged", expect={0}, keep=("s.ron",))
    if rc == 0 and kind == "run":
        whole = ["run", "s.ron", "--out", "whole", "--quiet", "--format", "svg"] + extra
        rc2, _, _ = command("merge-prep", name, whole, d, out="whole")
        if rc2 == 0:
            a, b = summary_core(f"{d}/merged/summary.json"), summary_core(f"{d}/whole/summary.json")
            if a != b:
                keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
                rec = dict(event="finding", surface="merge", case=name, args=["compare merged vs whole"], rc=0, cpu=0, rss_mb=0,
                           flags=[f"merged summary differs from the unsharded run in {keys[:6]}"])
                LOG.write(json.dumps(rec) + "\n"); LOG.flush()
                keep_repro(name, d, ("s.ron",), rec)
                STATS["flagged"] += 1
                print("FLAG", rec, flush=True)
    cleanup(d)


def set_path(obj, path, value):
    cur = obj
    for p in path[:-1]:
        cur = cur[p]
    cur[path[-1]] = value


def merge_hostile():
    rng = random.Random(SEED * 13)
    base = fresh("mg-base")
    cfg = dict(actors=3, veto=2, cont=2, disc=1, opts=[3], shape="Mixed", red=0.2, res="low", unc=0.6,
               patience=False, concession=False, proposals=2, model="Nash", seed=5, trials=10)
    write(f"{base}/s.ron", scenario_text(cfg))
    write(f"{base}/t.ron", scenario_text(dict(cfg, seed=6)))
    cfg_ao = dict(cfg, model="AlternatingOffers(proposer: Rotating, behaviour: TimeDependent(e: 0.5), breakdown: 0.1, max_rounds: 20)")
    write(f"{base}/ao.ron", scenario_text(cfg_ao))
    run = make_shards(base, "s.ron", "run", 3, ["--trials", "60"], "-run")
    run_n2 = make_shards(base, "s.ron", "run", 2, ["--trials", "60"], "-run2")
    run_seed = make_shards(base, "s.ron", "run", 3, ["--trials", "60", "--seed", "9"], "-seed")
    run_t = make_shards(base, "t.ron", "run", 3, ["--trials", "60"], "-other")
    run_ao = make_shards(base, "ao.ron", "run", 2, ["--trials", "60"], "-ao")
    sweep = make_shards(base, "s.ron", "sweep", 2, ["--trials", "20", "--param", "actors.a0.reservation",
                                                    "--values", "0.1,0.5,0.9"], "-sweep")
    sens = make_shards(base, "s.ron", "sensitivity", 2, ["--trials", "10"], "-sens")
    if not (run and run_n2 and run_seed and run_t and sweep and sens and run_ao):
        print("merge_hostile: shard preparation failed", flush=True)
        return

    def case(name, files_from, mutate=None, args=None, expect=(1,), loc="SHARD", setup=None, limit=60, out="merged"):
        """Copies the shards, applies mutate(dir, [paths]) and merges them."""
        if left() < 60 or (os.environ.get("ONLY") == "merge_big" and not name.startswith("scenario-")):
            return
        d = fresh(f"mg-{name}")
        paths = plain_copy(base, files_from, f"{d}/shards") if files_from else []
        if setup:
            setup(d, paths)
        if mutate:
            mutate(d, paths)
        a = args or ["merge", "shards", "--out", "merged", "--format", "svg", "--quiet"]
        pattern = None
        if loc == "SHARD":
            pattern = r"shards/\d+/shard-\w+\.json|shards|merged"
        rc, err, _ = command("merge", f"mg-{name}", a, d, out=out, loc=pattern, expect=set(expect),
                             keep=("shards",), limit=limit)
        if rc == 0 and os.path.exists(f"{d}/merged/summary.json"):
            command("merge-plot", f"mg-{name}-plot", ["plot", "merged/summary.json", "--out", "replot",
                                                      "--format", "svg"], d, out="replot", expect={0},
                    keep=("shards",), note="a merged summary must read back")
        cleanup(d)

    def edit(fn, k=1):
        def mutate(d, paths):
            obj = json.load(open(paths[k]))
            fn(obj)
            write(paths[k], json.dumps(obj, indent=1))
        return mutate

    def resha(obj):
        obj["scenario_sha256"] = hashlib.sha256(obj["scenario_text"].encode()).hexdigest()

    case("good", run, expect=(0,))
    case("good-sweep", sweep, expect=(0,))
    case("good-sens", sens, expect=(0,))
    case("good-ao", run_ao, expect=(0,))
    # truncations and byte flips
    size = os.path.getsize(f"{base}/{run[1]}")
    for cut in sorted({0, 1, 10, size // 3, size // 2, size - 2, size - 1}):
        case(f"truncate-{cut}", run, mutate=lambda d, p, cut=cut: os.truncate(p[1], cut),
             expect=(1,) if cut < size - 2 else (0, 1))
    for k in range(12):
        def flip(d, p, k=k):
            b = bytearray(open(p[1], "rb").read())
            r = random.Random(k)
            for _ in range(1 + k % 4):
                i = r.randrange(len(b))
                b[i] = r.randrange(256) if k % 2 else ord(r.choice('0123456789-e.,[]{}"'))
            write(p[1], bytes(b))
        case(f"flip-{k}", run, mutate=flip, expect=(0, 1))
    # header fields
    for field, vals in [("trials", [10**18, -1, 1.5, "NaN", 2**64, 2**63, None, 0]),
                        ("items", [10**18, 0, 2**64 - 1]), ("seed", [2**64, -1]),
                        ("shard", ["0/1000000000000000000", "3/3", "-1/3", "0/0", "1/18446744073709551615",
                                   "1/18446744073709551616", " 1 / 3", "1/3\x1b[2J"]),
                        ("range", [[0, 10**19], [20, 0], [0]]),
                        ("format_version", [2, 0, -1, 2**40, "1"]),
                        ("kind", ["backtest", "\x1b]0;x\x07" + "k" * 1000, None]),
                        ("zopa_version", ["9.9.9", "\u202e" + "v" * 10000]),
                        ("model", ["nash2", "\x1b[31m"]), ("model_option", ["bogus", "compromise"]),
                        ("elapsed_seconds", [1e308, -1, "inf"]), ("threads", [2**70]),
                        ("load_average", [-1e308]), ("scenario_file", ["../../../../../../tmp/escape.ron",
                                                                      "/etc/passwd", "a\nb\x1b[2J.ron", "x" * 100000])]:
        for v in vals:
            tag = hashlib.md5(json.dumps(v).encode()).hexdigest()[:6]
            case(f"field-{field}-{tag}", run, mutate=edit(lambda o, f=field, v=v: o.__setitem__(f, v)),
                 expect=(0, 1) if field in ("elapsed_seconds", "load_average", "threads", "scenario_file",
                                            "model_option") else (1,))
            if field == "scenario_file":
                # the default output folder comes from the shard's scenario_file: where does it go?
                def all_edit(d, p, v=v):
                    for k in range(len(p)):
                        edit(lambda o: o.__setitem__("scenario_file", v), k)(d, p)
                case(f"default-out-{tag}", run, mutate=all_edit, out="output",
                     args=["merge", "shards", "--format", "svg", "--quiet"], expect=(0, 1))
    # counts in the tally
    for path, v in [(["work", "run", "agreements"], 10**18), (["work", "run", "trials"], 2**64 - 1),
                    (["work", "run", "zopa"], 21), (["work", "run", "breakdowns"], 10**18),
                    (["work", "run", "stopped_early"], 10**18),
                    (["work", "run", "actors", 0, "above_reservation"], 2**64 - 1),
                    (["work", "run", "actors", 1, "above_reservation"], 10**6),
                    (["work", "run", "proposals", 0, "accepted"], [2**64 - 1] * 3),
                    (["work", "run", "proposals", 0, "all_veto"], 10**15),
                    (["work", "run", "issues", 2, "discrete"], [2**64 - 1, 1, 0]),
                    (["work", "run", "rounds"], [0] * 31_000_000),
                    (["work", "run", "rounds"], [0, 5]),
                    (["work", "run", "cloud"], []),
                    (["work", "run", "zones"], [{"x": 0, "y": 1, "cells": [[5, 2**64 - 1]]}]),
                    (["work", "run", "zones", 0, "cells"], [[1599, 10**12]]),
                    (["work", "run", "zones", 0, "x"], 2**63),
                    (["work", "run", "issues", 0, "continuous", "min"], "NaN"),
                    (["work", "run", "issues", 0, "continuous", "atoms"], ["NaN"] * 6),
                    (["work", "run", "issues", 0, "continuous", "atoms"], ["0.5"] * 15_000_000),
                    (["work", "run", "issues", 0, "continuous", "sum"], "9" * 100),
                    (["work", "run", "issues", 0, "continuous", "sum"], "340282366920938463463374607431768211455"),
                    (["work", "run", "issues", 0, "continuous", "bins"], [[4096, 1]]),
                    (["work", "run", "cloud", 0, "utilities"], ["NaN", "inf"]),
                    (["work", "run", "cloud", 0, "utilities"], ["1e308", "-1e308"]),
                    (["work", "run", "cloud", 0, "trial"], 2**64 - 1),
                    (["work", "run", "actors"], [])]:
        tag = "_".join(str(x) for x in path[2:])[:40] + "-" + hashlib.md5(json.dumps(v).encode()).hexdigest()[:4]
        case(f"tally-{tag}", run, mutate=edit(lambda o, path=path, v=v: set_path(o, path, v), k=0),
             expect=(0, 1))
    # sweep and sensitivity values and statistics
    for path, v in [(["work", "sweep", "values"], ["NaN", "0.5", "0.9"]),
                    (["work", "sweep", "values"], ["1e308", "-1e308", "inf"]),
                    (["work", "sweep", "values"], ["0.1"] * 2000),
                    (["work", "sweep", "parameter"], "actors.a0.power"),
                    (["work", "sweep", "parameter"], "\x1b[2J" + "p" * 5000),
                    (["work", "sweep", "points", 0, "agreement_rate"], "NaN"),
                    (["work", "sweep", "points", 0, "agreement_rate"], "-1e308"),
                    (["work", "sweep", "points", 0, "agreements"], 2**64 - 1),
                    (["work", "sweep", "points", 0, "mean_utility"], ["inf", "NaN", "-inf"]),
                    (["work", "sweep", "points", 0, "issues", 0], {"continuous": ["NaN", "inf", "-inf"]}),
                    (["work", "sweep", "points", 0, "issues", 2], {"discrete": ["1e308", "NaN", "-5"]}),
                    (["work", "sweep", "points", 0, "proposals"], ["NaN", "2"])]:
        tag = "_".join(str(x) for x in path[2:])[:40] + "-" + hashlib.md5(json.dumps(v).encode()).hexdigest()[:4]
        needs_all = path[-1] in ("values", "parameter")
        def mut(d, p, path=path, v=v, needs_all=needs_all):
            for k in (range(len(p)) if needs_all else [0]):
                edit(lambda o: set_path(o, path, v), k)(d, p)
        case(f"sweep-{tag}", sweep, mutate=mut, expect=(0, 1))
    for path, v in [(["work", "sensitivity", "baseline", "agreement_rate"], "NaN"),
                    (["work", "sensitivity", "baseline", "issues", 0], {"continuous": ["inf", "NaN", "-inf"]}),
                    (["work", "sensitivity", "effects", 0, "at_low", "issues", 0], {"continuous": ["NaN", "NaN", "NaN"]}),
                    (["work", "sensitivity", "effects", 0, "at_high", "agreement_rate"], "inf"),
                    (["work", "sensitivity", "effects", 0, "at_high", "mean_utility"], ["1e308"] * 3),
                    (["work", "sensitivity", "baseline"], None)]:
        tag = "_".join(str(x) for x in path[2:])[:40] + "-" + hashlib.md5(json.dumps(v).encode()).hexdigest()[:4]
        case(f"sens-{tag}", sens, mutate=edit(lambda o, path=path, v=v: set_path(o, path, v), k=0), expect=(0, 1))
    # shards that do not belong together
    case("mixed-n", run[:2] + run_n2[1:], loc=None)
    case("mixed-seed", run[:2] + run_seed[2:], loc=None)
    case("mixed-scenario", run[:2] + run_t[2:], loc=None)
    case("mixed-kind", run[:2] + sweep[1:], loc=None)
    case("duplicate-copy", run + run[1:2], loc=None)
    case("missing", run[:2], loc=None)
    case("same-folder-twice", run, args=["merge", "shards/0", "shards/0", "shards/1", "shards/2", "--out", "merged",
                                         "--quiet"], loc=None)
    def links(d, p):
        os.symlink(f"{d}/shards/1", f"{d}/shards/3")
        os.symlink(f"{d}/shards", f"{d}/shards/loop")
    case("symlinked-copy", run, mutate=links, loc=None)
    case("dangling-link", run, mutate=lambda d, p: os.symlink(f"{d}/nowhere", f"{d}/shards/1/shard-sweep.json"), loc=None)
    case("fifo-shard", run, mutate=lambda d, p: (os.remove(p[2]), os.mkfifo(p[2])), loc=None)
    case("dev-zero", None, args=["merge", "/dev/zero", "--out", "merged", "--quiet"], loc=None)
    case("dev-zero-link", run, mutate=lambda d, p: (os.remove(p[2]), os.symlink("/dev/zero", p[2])), loc=None)
    case("dir-as-shard-file", run, mutate=lambda d, p: (os.remove(p[2]), os.mkdir(p[2])), loc=None)
    case("empty-folder", None, setup=lambda d, p: os.makedirs(f"{d}/shards/0"), loc=None)
    # size: deep nesting, 100 MB files, a huge scenario text, 10,000 shards
    case("deep-array", run, mutate=lambda d, p: write(p[1], '{"format_version":1,"x":' + "[" * 200000 + "]" * 200000 + "}"))
    case("deep-object", run, mutate=lambda d, p: write(p[1], '{"format_version":1,"kind":"run","x":' + '{"a":' * 200000 + "1" + "}" * 200001))
    case("elements-over", run, mutate=lambda d, p: write(p[1], "[" + "0," * 32_100_000 + "0]"))
    def pad(d, p):
        text = open(p[1]).read()
        write(p[1], text[:-2] + " " * 100_000_000 + text[-2:])
    case("100MB-whitespace", run, mutate=pad, expect=(0,))
    def huge_text(d, p, extra=100_000_000):
        for k in range(len(p)):
            obj = json.load(open(p[k]))
            obj["scenario_text"] = obj["scenario_text"] + "// " + "x" * extra + "\n"
            resha(obj)
            write(p[k], json.dumps(obj))
    case("100MB-scenario-comment", run, mutate=huge_text, expect=(1,))
    def many_actors(n, trials=1):
        def mutate(d, p):
            text = open(f"{base}/s.ron").read()
            actor = ('  Actor(id: "x{k}", name: "X", power: 1, reservation: 0, veto: false, stances: '
                     '{"c0": (position: 0.5, salience: 1), "c1": (position: 0.5, salience: 1), '
                     '"d0": (position: "o0", salience: 1)}),\n')
            cut = text.index(" ],\n proposals:") if " proposals:" in text else text.index(" ],\n model:")
            text = text[:cut] + "".join(actor.replace("{k}", str(k)) for k in range(n)) + text[cut:]
            obj = json.load(open(p[0]))
            obj["scenario_text"] = text
            resha(obj)
            for k in range(len(p)):
                o = json.load(open(p[k]))
                o["scenario_text"], o["scenario_sha256"] = obj["scenario_text"], obj["scenario_sha256"]
                write(p[k], json.dumps(o))
        return mutate
    if os.environ.get("ONLY") != "merge_big":
        case("scenario-150k-actors", run, mutate=many_actors(150_000), expect=(1,))
        case("scenario-250k-actors", run, mutate=many_actors(250_000), expect=(1,))
    else:
        case("scenario-150k-actors", run, mutate=many_actors(150_000), expect=(1,))
        case("scenario-250k-actors", run, mutate=many_actors(250_000), expect=(1,))
        return
    # 10,000 copies of one shard: refused at the second
    def copies(d, p):
        for k in range(3, 10_000):
            os.makedirs(f"{d}/shards/{k}")
            shutil.copy(p[1], f"{d}/shards/{k}/shard-run.json")
    case("10000-copies", run, mutate=copies, loc=None)
    # 10,000 real-looking shards of a 3-trial run (most of them empty blocks)
    if left() > 300:
        d = fresh("mg-10000-shards")
        shutil.copy(f"{base}/s.ron", f"{d}/s.ron")
        N = 10_000
        nonempty = [k for k in range(N) if (3 * k) // N != (3 * (k + 1)) // N]
        ok = True
        for k in nonempty + [0]:
            rc, _, _ = command("merge-prep", "mg-10000-shards",
                               ["run", "s.ron", "--trials", "3", "--shard", f"{k}/{N}", "--out", f"real/{k}", "--quiet"],
                               d, out=f"real/{k}")
            ok = ok and rc == 0
        if ok:
            empty = json.load(open(f"{d}/real/0/shard-run.json"))
            for k in range(N):
                dst = f"{d}/shards/{k:05d}/shard-run.json"
                os.makedirs(os.path.dirname(dst))
                if k in nonempty:
                    shutil.copy(f"{d}/real/{k}/shard-run.json", dst)
                else:
                    at = (3 * k) // N
                    empty["shard"], empty["range"] = f"{k}/{N}", [at, at]
                    write(dst, json.dumps(empty))
            shutil.rmtree(f"{d}/real")
            rc, _, _ = command("merge", "mg-10000-shards", ["merge", "shards", "--out", "merged", "--format", "svg",
                                                            "--quiet"], d, out="merged", expect={0})
            if rc == 0:
                command("merge-prep", "mg-10000-shards", ["run", "s.ron", "--trials", "3", "--out", "whole",
                                                          "--quiet", "--format", "svg"], d, out="whole")
                if summary_core(f"{d}/merged/summary.json") != summary_core(f"{d}/whole/summary.json"):
                    print("FLAG 10000-shard merge differs from the whole run", flush=True)
        cleanup(d)
    # --out hostile
    for nm, target, setup in [("file", "afile", lambda d, p: write(f"{d}/afile", "x")),
                              ("devnull", "/dev/null", None), ("shard-folder", "shards/0", None),
                              ("shards", "shards", None), ("store", "shards/0/.zopa/x", None),
                              ("deep-new-fail", "a/b/c/merged", None)]:
        files = run if nm != "deep-new-fail" else run[:2]
        case(f"out-{nm}", files, args=["merge", "shards/0", "shards/1"] + (["shards/2"] if nm != "deep-new-fail" else [])
             + ["--out", target, "--quiet", "--format", "svg"], setup=setup, loc=None, expect=(0, 1))
    cleanup(base)


def merge_big():
    """Only the scenario-size cases of merge_hostile (ONLY=merge_big), to rerun them alone."""
    if os.environ.get("ONLY") == "merge_big":
        merge_hostile()


# --------------------------------------------------------------------------- import

def genius_domain(issues, name="Dom", attrs=""):
    """issues: list of ("d", [values]) or ("r", lo, hi, integer)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<negotiation_template>",
           f'<utility_space number_of_issues="{len(issues)}">',
           f'<objective index="0" etype="objective" type="objective" description="" name="{name}"{attrs}>']
    for i, iss in enumerate(issues):
        nm = iss[-1] if isinstance(iss[-1], str) and iss[0] == "d" and len(iss) > 2 else f"Issue {i}"
        if iss[0] == "d":
            out.append(f'<issue index="{i + 1}" etype="discrete" type="discrete" vtype="discrete" name="{nm}">')
            for j, v in enumerate(iss[1]):
                out.append(f'<item index="{j + 1}" value="{v}"/>')
            out.append("</issue>")
        else:
            _, lo, hi, integer = iss
            t = "integer" if integer else "real"
            out.append(f'<issue index="{i + 1}" etype="{t}" type="{t}" vtype="{t}" name="{nm}" '
                       f'lowerbound="{lo}" upperbound="{hi}"/>')
    out += ["</objective>", "</utility_space>", "</negotiation_template>"]
    return "\n".join(out) + "\n"


def genius_profile(rng, issues, reservation=None, discount=None, bad=None):
    out = ["<utility_space>"]
    if reservation is not None:
        out.append(f'<reservation value="{reservation}"/>')
    out.append('<objective index="0" etype="objective" type="objective" description="" name="Dom">')
    ws = [rng.random() + 0.01 for _ in issues]
    s = sum(ws)
    for i, iss in enumerate(issues):
        nm = iss[-1] if isinstance(iss[-1], str) and iss[0] == "d" and len(iss) > 2 else f"Issue {i}"
        if iss[0] == "d":
            out.append(f'<issue index="{i + 1}" etype="discrete" type="discrete" vtype="discrete" name="{nm}">')
            for j, v in enumerate(iss[1]):
                ev = rng.choice([rng.randint(0, 10), round(rng.random(), 3)])
                if bad and rng.random() < 0.02:
                    ev = bad
                out.append(f'<item index="{j + 1}" value="{v}" evaluation="{ev}"/>')
            out.append("</issue>")
        else:
            _, lo, hi, integer = iss
            t = "integer" if integer else "real"
            out.append(f'<issue index="{i + 1}" etype="{t}" type="{t}" vtype="{t}" name="{nm}" '
                       f'lowerbound="{lo}" upperbound="{hi}">')
            out.append(f'<evaluator ftype="linear" parameter0="{rng.uniform(0, 1):.4f}" parameter1="{rng.uniform(-1, 1) / max(1.0, abs(hi - lo)):.6g}"/>')
            out.append("</issue>")
        out.append(f'<weight index="{i + 1}" value="{ws[i] / s:.6f}"/>')
    out.append("</objective>")
    if discount is not None:
        out.append(f'<discount_factor value="{discount}"/>')
    out.append("</utility_space>")
    return "\n".join(out) + "\n"


def import_then_check(surface, name, d, args, out_file, keep, loc="LOC", expect=(0, 1)):
    """Runs an import; if it succeeds, `zopa check` and `zopa run --trials 20` the result."""
    rc, err, _ = command(surface, name, args, d, out=out_file, loc=loc, expect=set(expect), keep=keep)
    if rc == 0 and out_file and os.path.isfile(f"{d}/{out_file}"):
        rc2, err2, _ = command(surface + "-check", name + "-check", ["check", out_file], d, keep=keep + (out_file,))
        if rc2 != 0:
            rec = dict(event="finding", surface=surface, case=name, args=args, rc=rc2, cpu=0, rss_mb=0,
                       flags=["import accepted but check rejects"], stderr=err2[-800:])
            LOG.write(json.dumps(rec) + "\n"); LOG.flush()
            STATS["flagged"] += 1
            STATS["flags"]["import accepted but check rejects"] = STATS["flags"].get("import accepted but check rejects", 0) + 1
            keep_repro(name, d, keep + (out_file,), rec)
            print(f"FLAG {name}: import accepted but check rejects: {err2.strip()[:200]!r}", flush=True)
        else:
            command(surface + "-run", name + "-run", ["run", out_file, "--trials", "20", "--out", "runout",
                                                      "--quiet", "--format", "svg"], d, out="runout",
                    expect={0}, keep=keep + (out_file,))
    return rc, err


def import_genius_random(idx):
    rng = random.Random(SEED * 3000017 + idx)
    name = f"ig-rand-{idx}"
    d = fresh(name)
    n = rng.choice([1, 2, 3, 5, 8, 10, 20, 50, 99, 100, 101])
    issues = []
    for i in range(n):
        k = rng.random()
        if k < 0.6:
            m = rng.choice([1, 2, 3, 5, 10, 50, 100, 999, 1000, 1001])
            if n > 10:
                m = min(m, rng.choice([2, 3, 5, 10]))
            issues.append(("d", [f"v{j}" for j in range(m)]))
        elif k < 0.8:
            lo = rng.choice([0, -5, 1])
            issues.append(("r", lo, lo + rng.choice([0, 1, 99, 100, 101, 1000]), True))
        else:
            lo = rng.uniform(-1e3, 1e3)
            issues.append(("r", lo, lo + rng.choice([0.0, 1e-9, 1.0, 1e6, 1e15]), False))
    write(f"{d}/domain.xml", genius_domain(issues))
    parties = rng.choice([2, 2, 2, 3, 5, 10])
    profs = []
    for p in range(parties):
        write(f"{d}/p{p}.xml", genius_profile(rng, issues, reservation=rng.choice([None, 0, 0.3, 0.9, 1.0]),
                                              discount=rng.choice([None, 1.0, 0.9, 0.5])))
        profs.append(f"p{p}.xml")
    import_then_check("import-genius", name, d, ["import", "genius", "domain.xml", *profs, "-o", "s.ron"],
                      "s.ron", keep=("domain.xml", *profs))
    cleanup(d)


def import_table_random(idx):
    rng = random.Random(SEED * 4000037 + idx)
    name = f"it-rand-{idx}"
    d = fresh(name)
    actors = rng.choice([1, 2, 3, 10, 100, 1000, 5000, 15000, 20000, 21000])
    issues = rng.choice([1, 1, 2, 5, 20, 100, 101])
    if actors * issues > 400_000:
        issues = max(1, 400_000 // actors)
    write(f"{d}/t.csv", table_csv(rng, actors, issues))
    extra = []
    if rng.random() < 0.3:
        extra += ["--position-error", str(rng.choice([0, 1, 10, 50]))]
    if rng.random() < 0.2:
        extra += ["--salience-error", str(rng.choice([0, 1, 10, 50]))]
    import_then_check("import-table", name, d, ["import", "table", "t.csv", "-o", "s.ron", *extra], "s.ron",
                      keep=("t.csv",))
    cleanup(d)


def import_hostile():
    rng = random.Random(SEED * 17)
    two = [("d", ["low", "mid", "high"]), ("r", 0, 10, False)]

    def gcase(name, domain, profiles, extra=(), loc="LOC", out="s.ron", setup=None, expect=(0, 1)):
        if left() < 45:
            return
        d = fresh(f"ig-{name}")
        write(f"{d}/domain.xml", domain)
        names = []
        for k, p in enumerate(profiles):
            if isinstance(p, tuple):  # (name, same file again)
                names.append(p[0])
                continue
            write(f"{d}/p{k}.xml", p)
            names.append(f"p{k}.xml")
        if setup:
            setup(d)
        import_then_check("import-genius", f"ig-{name}", d, ["import", "genius", "domain.xml", *names,
                                                            "-o", out, *extra],
                          out if not out.startswith("/") else None, keep=("domain.xml", *names[:4]), loc=loc,
                          expect=expect)
        cleanup(d)

    dom2 = genius_domain(two)
    p2 = [genius_profile(rng, two, 0.2, 0.9), genius_profile(rng, two, 0.1)]
    gcase("good", dom2, p2, loc=None, expect=(0,))
    gcase("bom-crlf", "\ufeff" + dom2.replace("\n", "\r\n"), [p.replace("\n", "\r\n") for p in p2], loc=None, expect=(0,))
    gcase("cr-only", dom2.replace("\n", "\r"), [p.replace("\n", "\r") for p in p2], loc=None)
    gcase("cr-only-error-line5", dom2.replace("\n", "\r").replace('name="Issue 1"', 'name="Issue 1" lowerbound="x"', 1),
          p2, loc=r":\d+:\d+")
    # limits: issues and options just under and over
    for n_iss, n_opt in [(100, 2), (101, 2), (1, 1000), (1, 1001), (2, 1000), (8, 1000), (100, 30), (20, 101),
                         (10, 1000)]:
        iss = [("d", [f"o{j}" for j in range(n_opt)]) for _ in range(n_iss)]
        gcase(f"limit-{n_iss}x{n_opt}", genius_domain(iss), [genius_profile(rng, iss, 0.1), genius_profile(rng, iss, 0.1)],
              loc=None)
    for lo, hi in [(0, 100), (0, 101), (1, 101), (-1e15, 1e15), (-1e16, 1e16), (0, 1e308), (5, 5), (7, 3)]:
        iss = [("r", lo, hi, True), ("r", lo, hi, False)]
        gcase(f"range-{lo}-{hi}", genius_domain(iss), [genius_profile(rng, iss, 0.1), genius_profile(rng, iss, 0.5)],
              loc=None)
    iss = [("r", 0, 100, True) for _ in range(8)]
    gcase("8-int-issues-101", genius_domain(iss), [genius_profile(rng, iss, 0.1), genius_profile(rng, iss, 0.1)],
          loc=None)
    iss = [("d", [f"o{j}" for j in range(10)]) for _ in range(8)]
    gcase("8x10-10-parties", genius_domain(iss), [genius_profile(rng, iss, 0.1) for _ in range(10)], loc=None)
    gcase("300-parties", dom2, [genius_profile(rng, two, 0.1) for _ in range(300)], loc=None)
    gcase("same-profile-5000", dom2, [p2[0]] + [("p0.xml",)] * 5000, loc=None)
    gcase("one-profile", dom2, p2[:1])
    # hostile XML
    dtd = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
    gcase("entities", dtd + dom2.split("\n", 1)[1].replace('name="Dom"', 'name="&lol2;"'), p2)
    gcase("external-entity", '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n' +
          dom2.split("\n", 1)[1].replace('name="Dom"', 'name="&e;"'), p2)
    gcase("deep-nesting", dom2.replace("</objective>", "<x>" * 200000 + "</x>" * 200000 + "</objective>"), p2)
    gcase("many-nodes", dom2.replace("</objective>", "<x/>" * 2_000_000 + "</objective>"), p2)
    gcase("huge-attr-name", dom2.replace('name="Issue 1"', 'name="' + "N" * 15_000_000 + '"'), p2)
    gcase("huge-attr-bad-number", dom2.replace('lowerbound="0"', 'lowerbound="' + "9" * 400 + "x" * 15_000_000 + '"'), p2)
    gcase("bad-number-c1", dom2.replace('lowerbound="0"', 'lowerbound="\u009b2J\u202eevil"'), p2)
    gcase("ctrl-char-ref", dom2.replace('value="low"', 'value="l&#x1b;[2Jow"'), p2)
    gcase("c1-and-bidi-names", dom2.replace('value="low"', 'value="\u009b31m\u202elow\u0085"').replace(
        'name="Issue 0"', 'name="Issue\u009b 0\u2066"'), [p.replace('value="low"', 'value="\u009b31m\u202elow\u0085"').replace(
            'name="Issue 0"', 'name="Issue\u009b 0\u2066"') for p in p2], loc=None)
    long_a, long_b = "A" * 300 + "1", "A" * 300 + "2"
    gcase("options-same-prefix", dom2.replace('value="low"', f'value="{long_a}"').replace('value="mid"', f'value="{long_b}"'),
          [p.replace('value="low"', f'value="{long_a}"').replace('value="mid"', f'value="{long_b}"') for p in p2], loc=None)
    gcase("issues-same-prefix", genius_domain([("d", ["a", "b"], "Q" * 300 + "1"), ("d", ["a", "b"], "Q" * 300 + "2")]),
          [genius_profile(rng, [("d", ["a", "b"], "Q" * 300 + "1"), ("d", ["a", "b"], "Q" * 300 + "2")], 0.1)] * 2, loc=None)
    dup = [("d", ["x", "y"], "\u009b2J" + "D" * 5000), ("d", ["x", "y"], "\u009b2J" + "D" * 5000)]
    gcase("duplicate-issue-c1-long", genius_domain(dup), [genius_profile(rng, dup, 0.1)] * 2)
    gcase("duplicate-values", dom2.replace('value="mid"', 'value="low"'), p2)
    gcase("unknown-value-in-profile", dom2, [p2[0].replace('value="mid"', 'value="\u202e' + "m" * 3000 + '"'), p2[1]])
    gcase("utf16", dom2.encode("utf-16"), p2)
    gcase("latin1", dom2.replace("Dom", "D\u00e9").encode("latin-1"), p2)
    gcase("not-xml", "id,outcome\n1,2\n", p2)
    gcase("empty", "", p2)
    gcase("root-only", "<a/>", p2)
    gcase("domain-as-profile", dom2, [dom2, dom2])
    for nm, val in [("nan", "NaN"), ("inf", "inf"), ("big", "1e308"), ("neg", "-5"), ("huge", "1e400"), ("empty", "")]:
        gcase(f"evaluation-{nm}", dom2, [p2[0].replace('evaluation="', f'evaluation="{val}" x="', 1), p2[1]])
        gcase(f"weight-{nm}", dom2, [re.sub(r'(<weight index="1" value=")[^"]*', r"\g<1>" + val, p2[0]), p2[1]])
        gcase(f"reservation-{nm}", dom2, [p2[0].replace('<reservation value="0.2"', f'<reservation value="{val}"'), p2[1]])
        gcase(f"discount-{nm}", dom2, [p2[0].replace('<discount_factor value="0.9"', f'<discount_factor value="{val}"'), p2[1]])
    zero_w = re.sub(r'(<weight index="\d" value=")[^"]*', r"\g<1>0", p2[0])
    gcase("weights-zero", dom2, [zero_w, p2[1]])
    gcase("over-16MiB-total", dom2, [p2[0] + "<!--" + "x" * 9_000_000 + "-->", p2[1] + "<!--" + "x" * 9_000_000 + "-->"])
    # outputs
    for nm, out, setup, extra in [("exists", "s.ron", lambda d: write(f"{d}/s.ron", "keep"), ()),
                                  ("exists-force", "s.ron", lambda d: write(f"{d}/s.ron", "keep"), ("--force",)),
                                  ("dir", "adir", lambda d: os.mkdir(f"{d}/adir"), ("--force",)),
                                  ("devnull", "/dev/null", None, ("--force",)),
                                  ("devfull", "/dev/full", None, ("--force",)),
                                  ("fifo", "fifo", lambda d: os.mkfifo(f"{d}/fifo"), ("--force",)),
                                  ("symlink", "link.ron", lambda d: (write(f"{d}/target.ron", "t"),
                                                                     os.symlink(f"{d}/target.ron", f"{d}/link.ron")), ("--force",)),
                                  ("dangling", "dang.ron", lambda d: os.symlink("/tmp/campaign_io_escape.ron", f"{d}/dang.ron"), ("--force",)),
                                  ("input", "domain.xml", None, ("--force",)),
                                  ("input-via-link", "dl.xml", lambda d: os.symlink(f"{d}/domain.xml", f"{d}/dl.xml"), ("--force",)),
                                  ("no-parent", "nodir/s.ron", None, ()),
                                  ("dot", ".", None, ("--force",)),
                                  ("trailing-slash", "s.ron/", None, ()),
                                  ("long-name", "n" * 300 + ".ron", None, ())]:
        gcase(f"out-{nm}", dom2, p2, extra=extra, out=out, setup=setup, loc=None)

    def tcase(name, text, extra=(), loc="LOC", out="s.ron", setup=None, expect=(0, 1)):
        if left() < 45:
            return
        d = fresh(f"it-{name}")
        write(f"{d}/t.csv", text)
        if setup:
            setup(d)
        import_then_check("import-table", f"it-{name}", d, ["import", "table", "t.csv", "-o", out, *extra], out,
                          keep=("t.csv",), loc=loc, expect=expect)
        cleanup(d)

    good = table_csv(rng, 5, 2)
    tcase("good", good, loc=None, expect=(0,))
    tcase("bom-crlf", "\ufeff" + good.replace("\n", "\r\n"), loc=None, expect=(0,))
    tcase("cr-only", good.replace("\n", "\r"), loc=None)
    tcase("quotes", good.replace("Actor 1,", '"Actor ""1"", with comma",', 1), loc=None)
    tcase("unbalanced-quote", good.replace("Actor 1,", '"Actor 1,', 1))
    tcase("formulas", good.replace("Actor 1,", "=HYPERLINK(\"http://x\"),", 1).replace("Actor 2,", "@SUM(A1),", 1)
          .replace("Actor 3,", "+cmd|' /C calc'!A0,", 1), loc=None)
    tcase("control-chars", good.replace("Actor 1,", "\x1b]0;pwn\x07\x1b[2J,", 1), loc=None)
    tcase("control-in-number", "N,D\nActor,Description,Power,X Position,X Salience\nA,,1,\x1b[31m50,50\nB,,1,5,5\n")
    tcase("huge-name-cell", good.replace("Actor 1,", "N" * 15_000_000 + ",", 1), loc=None)
    tcase("huge-number-cell", good.replace("Actor 1,,", "Actor 1,," + "9" * 15_000_000 + "x", 1))
    tcase("huge-quoted-cell", good.replace("Actor 1,,", 'Actor 1,"' + "\n" * 5_000_000 + '",', 1), loc=None)
    tcase("10000-columns", good.replace("\n", "," + ",".join(f"c{k}" for k in range(10000)) + "\n", 2), loc=None)
    hdr = ",".join(["Actor", "Description", "Power"] + [f"I{i} Position,I{i} Salience" for i in range(100)])
    tcase("100-issues", f"N,D\n{hdr}\n" + "\n".join("A%d,,1,%s" % (a, ",".join("50,50" for _ in range(100))) for a in range(3)) + "\n",
          loc=None)
    hdr = ",".join(["Actor", "Description", "Power"] + [f"I{i} Position,I{i} Salience" for i in range(101)])
    tcase("101-issues", f"N,D\n{hdr}\n" + "\n".join("A%d,,1,%s" % (a, ",".join("50,50" for _ in range(101))) for a in range(3)) + "\n")
    tcase("same-issue-names", "N,D\nActor,Description,Power,X Position,X Salience,X Position,X Salience\nA,,1,1,1,2,2\nB,,1,3,3,4,4\n")
    tcase("same-actor-names", "N,D\nActor,Description,Power,X Position,X Salience\nA,,1,1,1\nA,,1,3,3\n", loc=None)
    tcase("long-issue-names", "N,D\nActor,Description,Power," + ",".join(
        f"{'Z' * 300}{k} Position,{'Z' * 300}{k} Salience" for k in range(3)) + "\nA,,1,1,1,2,2,3,3\nB,,1,3,3,4,4,5,5\n", loc=None)
    for nm, v in [("nan", "NaN"), ("inf", "inf"), ("neg", "-1"), ("over", "100.0001"), ("e400", "1e400"),
                  ("comma-dec", "50,5"), ("pct", "50%"), ("hex", "0x10"), ("power-1e13", "1e13")]:
        t = "N,D\nActor,Description,Power,X Position,X Salience\nA,,1,@,50\nB,,@p,20,50\n"
        tcase(f"cell-{nm}", t.replace("@p", v if nm.startswith("power") else "1").replace("@", v if not nm.startswith("power") else "50"))
    tcase("rows-short-long", "N,D\nActor,Description,Power,X Position,X Salience\nA,,1\nB,,1,2,3,4,5,6\n")
    tcase("only-name-line", "N,D\n")
    tcase("empty", "")
    tcase("all-no-position", "N,D\nActor,Description,Power,X Position,X Salience\nA,,1,,\nB,,1,,\n")
    tcase("one-actor", "N,D\nActor,Description,Power,X Position,X Salience\nA,,1,50,50\n", loc=None)
    tcase("zero-power", "N,D\nActor,Description,Power,X Position,X Salience\nA,,0,50,50\nB,,0,10,50\n", loc=None)
    tcase("utf16", good.encode("utf-16"))
    tcase("nul-bytes", good.replace("Actor 1", "Act\x00or 1"), loc=None)
    # near the size limits: actors per byte, 16 MiB
    for n in [20000, 20971, 20972, 30000]:
        tcase(f"actors-{n}", table_csv(random.Random(n), n, 1), loc=None)
    tcase("actors-12000-EU", table_csv(random.Random(3), 12000, 1), loc=None)
    tcase("actors-6000-EU", table_csv(random.Random(5), 6000, 1), loc=None)
    tcase("actors-7000-EU", table_csv(random.Random(6), 7000, 1), loc=None)
    tcase("actors-3000-3-issues", table_csv(random.Random(4), 3000, 3), loc=None)
    tcase("over-16MiB", table_csv(rng, 5, 1) + "\n" * (16 * 1024 * 1024))
    for e in ["NaN", "inf", "-1", "1e308", "1000", "-0"]:
        tcase(f"position-error-{e}", good, extra=(f"--position-error={e}", f"--salience-error={e}"), loc=None)
    tcase("eu-council-nondeu", good, extra=("--capabilities", "eu-council"), loc=None)
    deu = open(f"{DATA}/d98325i2.csv").read()
    tcase("eu-council-deu", deu, extra=("--capabilities", "eu-council"), loc=None)
    first, rest = deu.split("\n", 1)
    tcase("eu-council-deu-weird-rule", first.rsplit(",", 1)[0] + ',"(\x1b[2J, ZZZ' + "q" * 1000 + ')"\n' + rest,
          extra=("--capabilities", "eu-council"))
    tcase("eu-council-deu-dup-state", deu + "\n".join(deu.split("\n")[2:4]) + "\nxx,xx,1,5,5\n", extra=("--capabilities", "eu-council"))
    for nm, out, setup, extra in [("dir", "adir", lambda d: os.mkdir(f"{d}/adir"), ("--force",)),
                                  ("devnull", "/dev/null", None, ("--force",)),
                                  ("input", "t.csv", None, ("--force",)),
                                  ("exists", "s.ron", lambda d: write(f"{d}/s.ron", "keep"), ()),
                                  ("dangling", "dang.ron", lambda d: os.symlink("/tmp/campaign_io_escape2.ron", f"{d}/dang.ron"), ("--force",))]:
        tcase(f"out-{nm}", good, extra=extra, out=out, setup=setup, loc=None)


# --------------------------------------------------------------------------- main

def main():
    print(f"zopa {ZOPA}, out {OUT}, seed {SEED}, budget {BUDGET:.0f} s", flush=True)
    phases = [("import_hostile", import_hostile), ("merge_hostile", merge_hostile), ("merge_big", merge_big),
              ("backtest_hostile", backtest_hostile), ("backtest_slow", backtest_slow)]
    only = os.environ.get("ONLY")
    for name, fn in phases:
        if only and name not in only.split(","):
            continue
        if left() < 60:
            break
        t = time.time()
        try:
            fn()
        except Exception as err:  # a bug in this script: note it and go on with the next phase
            import traceback
            traceback.print_exc()
            LOG.write(json.dumps(dict(event="script-error", phase=name, error=repr(err))) + "\n")
        print(json.dumps(dict(phase=name, seconds=round(time.time() - t), **STATS)), flush=True)
    idx = 0
    randoms = [("bt", lambda i: backtest_random(i, near_limit=i % 3 == 2)), ("mg", merge_random),
               ("ig", import_genius_random), ("it", import_table_random)]
    if only and "random" not in only.split(","):
        randoms = []
    while randoms and left() > 60:
        idx += 1
        for kind, fn in randoms:
            if left() < 60:
                break
            try:
                fn(idx)
            except Exception as err:
                import traceback
                traceback.print_exc()
                LOG.write(json.dumps(dict(event="script-error", phase=kind, idx=idx, error=repr(err))) + "\n")
        if idx % 5 == 0:
            print(json.dumps(dict(round=idx, elapsed=round(time.time() - T0), **STATS)), flush=True)
    STATS["elapsed"] = round(time.time() - T0)
    print("DONE", json.dumps(STATS), flush=True)
    json.dump(STATS, open(f"{OUT}/stats.json", "w"))


main()
