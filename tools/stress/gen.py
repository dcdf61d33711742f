#!/usr/bin/env python3
"""Random stress-scenario generator for zopa (campaign for issue 16).

cfg: dict with keys
  actors, veto, cont, disc, opts (list of option counts), shape (Linear|Quadratic|Mixed),
  red (prob. of a red line on a veto actor's stance), res (low|edge|one|mixed),
  unc (prob. an actor number is a distribution), model (RON text), seed, trials
"""
import random

def unc(rng, mean, lo, hi, p):
    """A plain number or a distribution with roughly that mean, kept inside [lo, hi]."""
    mean = min(max(mean, lo), hi)
    if rng.random() >= p:
        return f"{mean:.4f}"
    k = rng.randrange(4)
    w = (hi - lo) * rng.uniform(0.02, 0.3)
    if k == 0:
        return f"Normal(mean: {mean:.4f}, sd: {w:.4f})"
    a, b = max(lo, mean - w), min(hi, mean + w)
    if a >= b:
        return f"{mean:.4f}"
    if k == 1:
        return f"Uniform(min: {a:.4f}, max: {b:.4f})"
    if k == 2:
        return f"Triangular(min: {a:.4f}, mode: {mean:.4f}, max: {b:.4f})"
    al, be = rng.choice([(2, 2), (4, 4), (2, 5), (0.7, 1.3), (3, 1)])
    return f"Beta(alpha: {al}, beta: {be}, min: {a:.4f}, max: {b:.4f})"


def reservation(rng, kind):
    if kind == "mixed":
        kind = rng.choice(["low", "edge", "one", "low", "edge"])
    if kind == "low":
        return rng.uniform(0.0, 0.3)
    if kind == "edge":
        return rng.uniform(0.6, 0.95)
    return 1.0


def scenario(cfg):
    rng = random.Random(cfg["seed"])
    a, v, c, d = cfg["actors"], cfg["veto"], cfg["cont"], cfg["disc"]
    opts = cfg["opts"]
    pu = cfg.get("unc", 0.0)
    out = ['Scenario(', f' name: "stress {cfg["seed"]}",', ' issues: [']
    for i in range(c):
        out.append(f'  Issue(id: "c{i}", name: "C{i}", min: 0.0, max: 1.0),')
    for i in range(d):
        o = ", ".join(f'"o{j}"' for j in range(opts[i]))
        out.append(f'  Issue(id: "d{i}", name: "D{i}", options: [{o}]),')
    out.append(' ],')
    out.append(' actors: [')
    for k in range(a):
        veto = k < v
        st = []
        for i in range(c):
            sh = cfg["shape"]
            if sh == "Mixed":
                sh = rng.choice(["Linear", "Quadratic"])
            pos = rng.random()
            rl = ""
            if veto and rng.random() < cfg.get("red", 0.0):
                lo = pos * rng.random()
                hi = pos + (1 - pos) * rng.random()
                form = rng.randrange(3)
                if form == 0:
                    rl = f", red_line: (min: {lo:.4f})"
                elif form == 1:
                    rl = f", red_line: (max: {hi:.4f})"
                else:
                    rl = f", red_line: (min: {lo:.4f}, max: {hi:.4f})"
                # a red line must contain the position: keep the position plain
                pos_s = f"{pos:.4f}"
            else:
                pos_s = unc(rng, pos, 0.0, 1.0, pu)
            sal = unc(rng, rng.random() + 0.01, 0.0, 2.0, pu)
            st.append(f'"c{i}": (position: {pos_s}, salience: {sal}, shape: {sh}{rl})')
        for i in range(d):
            n = opts[i]
            p = rng.randrange(n)
            sal = unc(rng, rng.random() + 0.01, 0.0, 2.0, pu)
            rl = ""
            if veto and rng.random() < cfg.get("red", 0.0):
                allowed = sorted(set([p] + rng.sample(range(n), rng.randint(0, n - 1))))
                rl = ", red_line: (allowed: [" + ", ".join(f'"o{j}"' for j in allowed) + "])"
            if rng.random() < 0.3 and n <= 50:
                vals = ", ".join(f'"o{j}": {rng.random():.3f}' for j in range(n))
                # the red line's allowed options must include the best-valued one? keep simple:
                if rl:
                    st.append(f'"d{i}": (position: "o{p}", salience: {sal}{rl})')
                else:
                    st.append(f'"d{i}": (values: {{{vals}}}, salience: {sal})')
            else:
                st.append(f'"d{i}": (position: "o{p}", salience: {sal}{rl})')
        power = unc(rng, rng.random() + 0.1, 0.0, 5.0, pu)
        res = unc(rng, reservation(rng, cfg["res"]), 0.0, 1.0, pu)
        extra = ""
        if cfg.get("patience"):
            extra += f", patience: {unc(rng, rng.uniform(0.8, 1.0), 0.01, 1.0, pu)}"
        if cfg.get("concession") and rng.random() < 0.5:
            extra += f", concession: {rng.choice([0.01, 0.1, 0.2, 1.0, 2.0, 5.0])}"
        out.append(
            f'  Actor(id: "a{k}", name: "A{k}", power: {power}, reservation: {res}{extra}, '
            f'veto: {"true" if veto else "false"}, stances: {{' + ", ".join(st) + '}),')
    out.append(' ],')
    if cfg.get("proposals"):
        out.append(' proposals: [')
        for j in range(cfg["proposals"]):
            vals = [f'"c{i}": {rng.random():.3f}' for i in range(c)]
            vals += [f'"d{i}": "o{rng.randrange(opts[i])}"' for i in range(d)]
            out.append(f'  Proposal(name: "P{j}", values: {{{", ".join(vals)}}}),')
        out.append(' ],')
    out.append(f' model: {cfg["model"]},')
    out.append(f' trials: {cfg.get("trials", 10)},')
    out.append(' seed: 1,')
    out.append(')')
    return "\n".join(out) + "\n"


def random_model(rng):
    k = rng.choice(["Compromise", "DC", "Nash", "KS", "AO", "AO", "AO", "EU", "EU"])
    if k == "Compromise":
        return "Compromise"
    if k == "DC":
        return f"DiscreteCompromise(threshold: {rng.choice([0.0, 0.05, 0.15, 0.5, 1.0])})"
    if k == "Nash":
        return "Nash"
    if k == "KS":
        return "KalaiSmorodinsky"
    if k == "AO":
        beh = rng.choice(["Equilibrium", "TimeDependent", "Faratin"])
        if beh != "Equilibrium":
            beh = f"{beh}(e: {rng.choice([0.01, 0.05, 0.2, 0.5, 1.0, 2.0, 10.0])})"
        prop = rng.choice(["Rotating", "Random"])
        rounds = rng.choice([5, 20, 100, 300, 1000, 3000, 10000])
        br = rng.choice([0.0, 0.0, 0.02, 0.2])
        return (f"AlternatingOffers(proposer: {prop}, behaviour: {beh}, breakdown: {br}, "
                f"max_rounds: {rounds})")
    rules = rng.choice(["Paper", "Jmckib", "Masad"])
    rounds = rng.choice([10, 100, 1000, 10000, 100000])
    return f"ExpectedUtility(rounds: {rounds}, rules: {rules})"


def random_cfg(rng, seed):
    a = rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 8, 10, 15, 20, 30, 40, 60])
    vk = rng.random()
    if vk < 0.3:
        v = 1
    elif vk < 0.5:
        v = min(2, a)
    elif vk < 0.65:
        v = min(3, a)
    elif vk < 0.8:
        v = a
    else:
        v = rng.randint(0, a)
    c = rng.choice([0, 1, 2, 3, 5, 8, 10, 15, 20, 30, 50, 75, 100])
    d = rng.choice([0, 0, 0, 1, 2, 3, 4, 6, 8])
    if c + d == 0:
        c = 1
    c = min(c, 100 - d)
    opts = [rng.choice([2, 3, 5, 10, 20, 50, 100, 300]) for _ in range(d)]
    return dict(actors=a, veto=v, cont=c, disc=d, opts=opts,
                shape=rng.choice(["Linear", "Quadratic", "Mixed"]),
                red=rng.choice([0.0, 0.2, 0.5, 1.0]),
                res=rng.choice(["low", "edge", "one", "mixed", "edge"]),
                unc=rng.choice([0.0, 0.0, 0.2, 0.6]),
                patience=rng.random() < 0.5, concession=rng.random() < 0.3,
                proposals=rng.choice([0, 0, 1, 3]),
                model=random_model(rng), seed=seed, trials=10)
